//! Which language a request is in, as plain rules: the URL's first segment names it (`/pl/...`,
//! `/it/...`, `/id/...`; English has none), and a first visit may be sent to the language the
//! browser asks for.

use leptos_i18n::Locale as _;

use crate::i18n::Locale;

/// The shop's languages in the order the language switcher lists them.
pub fn languages() -> &'static [Locale] {
    Locale::get_all()
}

/// The language English pages have no prefix for.
pub fn default_language() -> Locale {
    Locale::default()
}

/// The language a path is in and the path without its language prefix:
/// `/pl/c/shoes` → (pl, `/c/shoes`), `/pl` → (pl, `/`), `/plates` → (en, `/plates`).
pub fn split_path(path: &str) -> (Locale, &str) {
    for &language in languages() {
        if language == default_language() {
            continue;
        }
        let Some(rest) = path
            .strip_prefix('/')
            .and_then(|p| p.strip_prefix(language.as_str()))
        else {
            continue;
        };
        if rest.is_empty() {
            return (language, "/");
        }
        if rest.starts_with('/') || rest.starts_with('?') {
            return (language, rest);
        }
    }
    (default_language(), path)
}

/// The same page in another language: `localized(pl, "/c/shoes?page=2")` →
/// `/pl/c/shoes?page=2`. A path that already has a prefix loses it first.
pub fn localized(language: Locale, path: &str) -> String {
    let (_, rest) = split_path(path);
    let rest = if rest.is_empty() { "/" } else { rest };
    if language == default_language() {
        return rest.to_string();
    }
    match rest.strip_prefix('/') {
        Some("") => format!("/{}", language.as_str()),
        Some(tail) if tail.starts_with('?') => format!("/{}{tail}", language.as_str()),
        _ => format!("/{}{rest}", language.as_str()),
    }
}

/// What the router strips before matching a route: `""` for English, `/pl` for Polish.
pub fn path_prefix(language: Locale) -> &'static str {
    match language {
        Locale::en => "",
        Locale::pl => "/pl",
        Locale::it => "/it",
        Locale::id => "/id",
    }
}

/// The language a browser's `Accept-Language` header prefers among the shop's, by quality
/// (`pl-PL,pl;q=0.9,en;q=0.8` → Polish). `None` when it names none of them.
pub fn preferred_language(accept_language: &str) -> Option<Locale> {
    let mut asked: Vec<(f32, usize, &str)> = accept_language
        .split(',')
        .enumerate()
        .filter_map(|(position, item)| {
            let mut parts = item.split(';');
            let tag = parts.next()?.trim();
            let quality = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .map(|q| q.trim().parse::<f32>().ok())
                .next()
                .unwrap_or(Some(1.0))?;
            (quality > 0.0 && !tag.is_empty()).then_some((quality, position, tag))
        })
        .collect();
    // Highest quality first; equal qualities keep the browser's order.
    asked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    asked.into_iter().find_map(|(_, _, tag)| {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        // "in" is Indonesian's code before ISO 639 changed it; old Android browsers still send it.
        let primary = if primary == "in" {
            "id".into()
        } else {
            primary
        };
        languages().iter().copied().find(|l| l.as_str() == primary)
    })
}

/// What a page request tells about the shopper's language choice.
#[derive(Debug, Clone, Copy)]
pub struct PageRequest<'a> {
    pub path_and_query: &'a str,
    /// The language the shopper last read the shop in (the `mercato_locale` cookie).
    pub chosen: Option<Locale>,
    /// Whether the request comes from one of the shop's own pages (a link or the switcher).
    pub from_the_shop: bool,
    pub accept_language: Option<&'a str>,
}

/// Where to send a request before rendering it, if anywhere:
/// - `/en/...` is the English page without a prefix (one address per page);
/// - a shopper arriving from outside at an English address goes to the language they chose
///   before, or else the one their browser asks for.
///
/// Never twice: the target has a prefix (or is the shopper's own choice), and a page in another
/// language is never sent on. Crawlers send no cookie and usually no `Accept-Language`, so they
/// get each address as it is.
pub fn redirect_for(request: PageRequest<'_>) -> Option<String> {
    let path = request.path_and_query;
    if let Some(rest) = path.strip_prefix("/en") {
        if rest.is_empty() || rest.starts_with('/') || rest.starts_with('?') {
            let rest = if rest.is_empty() || rest.starts_with('?') {
                format!("/{rest}")
            } else {
                rest.to_string()
            };
            return Some(rest);
        }
    }
    let (language, _) = split_path(path);
    if language != default_language() || request.from_the_shop {
        return None;
    }
    let wanted = match request.chosen {
        Some(chosen) => chosen,
        None => request.accept_language.and_then(preferred_language)?,
    };
    (wanted != default_language()).then(|| localized(wanted, path))
}

/// The addresses of one page in every language, as `(hreflang, absolute URL)`, and `x-default`
/// (the English address, for readers of any other language).
pub fn alternates(site_url: &str, path: &str) -> Vec<(&'static str, String)> {
    let site = site_url.trim_end_matches('/');
    let mut links: Vec<(&'static str, String)> = languages()
        .iter()
        .map(|&language| {
            (
                language.as_str(),
                format!("{site}{}", localized(language, path)),
            )
        })
        .collect();
    links.push((
        "x-default",
        format!("{site}{}", localized(default_language(), path)),
    ));
    links
}

/// A language by its code as stored with an order or account (`"pl"`); English for anything
/// else, so a row written by an older version still reads.
pub fn language_of_code(code: &str) -> Locale {
    named(code).unwrap_or_default()
}

/// The shop's language with this code, if it has one.
fn named(code: &str) -> Option<Locale> {
    languages().iter().copied().find(|l| l.as_str() == code)
}

/// The language a request is made in: a page's own address says it; a server function called
/// from a page (`/api/...`) is in that page's language, which its `Referer` names (browsers
/// send the whole address to the same site) or, failing that, the language cookie.
pub fn language_of_request(
    path: &str,
    referer: Option<&str>,
    cookie_header: Option<&str>,
) -> Locale {
    let (language, _) = split_path(path);
    if language != default_language() || !path.starts_with("/api/") {
        return language;
    }
    let referer_path = referer.and_then(|url| {
        let after_scheme = url.split_once("://")?.1;
        Some(after_scheme.find('/').map_or("/", |at| &after_scheme[at..]))
    });
    match referer_path {
        Some(path) => split_path(path).0,
        None => cookie_header.and_then(chosen_language).unwrap_or_default(),
    }
}

/// The cookie that remembers the language a shopper last read the shop in.
pub const LANGUAGE_COOKIE: &str = "mercato_locale";

/// The language a `Cookie` header remembers, if any.
pub fn chosen_language(cookie_header: &str) -> Option<Locale> {
    cookie_header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LANGUAGE_COOKIE)
        .and_then(|(_, value)| named(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_names_its_language_by_its_first_segment_only() {
        assert_eq!(split_path("/pl/c/shoes"), (Locale::pl, "/c/shoes"));
        assert_eq!(split_path("/pl"), (Locale::pl, "/"));
        assert_eq!(split_path("/id/"), (Locale::id, "/"));
        assert_eq!(split_path("/it?page=2"), (Locale::it, "?page=2"));
        assert_eq!(split_path("/c/shoes"), (Locale::en, "/c/shoes"));
        assert_eq!(split_path("/"), (Locale::en, "/"));
        // A word that merely starts like a language code is not one.
        assert_eq!(split_path("/plates"), (Locale::en, "/plates"));
        assert_eq!(split_path("/identity"), (Locale::en, "/identity"));
        assert_eq!(split_path("/en/c/shoes"), (Locale::en, "/en/c/shoes"));
    }

    #[test]
    fn the_same_page_in_another_language_keeps_its_path_and_query() {
        assert_eq!(
            localized(Locale::pl, "/c/shoes?page=2"),
            "/pl/c/shoes?page=2"
        );
        assert_eq!(localized(Locale::pl, "/"), "/pl");
        assert_eq!(localized(Locale::it, "/pl/p/mug"), "/it/p/mug");
        assert_eq!(localized(Locale::en, "/id/search?q=kaos"), "/search?q=kaos");
        assert_eq!(localized(Locale::en, "/pl"), "/");
        assert_eq!(localized(Locale::id, "/?q=1"), "/id?q=1");
        for &language in languages() {
            for path in ["/", "/c/a", "/p/b?x=1"] {
                let there = localized(language, path);
                assert_eq!(split_path(&there).0, language, "{there}");
                assert_eq!(localized(Locale::en, &there), path, "round trip of {path}");
                assert!(there.starts_with(path_prefix(language)));
            }
        }
    }

    #[test]
    fn the_browser_language_is_chosen_by_quality_then_order() {
        assert_eq!(
            preferred_language("pl-PL,pl;q=0.9,en;q=0.8"),
            Some(Locale::pl)
        );
        assert_eq!(
            preferred_language("de-DE,it;q=0.5,en;q=0.7"),
            Some(Locale::en)
        );
        assert_eq!(preferred_language("fr, it-IT;q=0.1"), Some(Locale::it));
        assert_eq!(preferred_language("in-ID"), Some(Locale::id));
        assert_eq!(preferred_language("id-ID,id;q=0.9"), Some(Locale::id));
        assert_eq!(preferred_language("PL"), Some(Locale::pl));
        assert_eq!(preferred_language("pl;q=0, it;q=0.2"), Some(Locale::it));
        assert_eq!(preferred_language("de, fr, *"), None);
        assert_eq!(preferred_language(""), None);
        assert_eq!(preferred_language("pl;q=oops,;;,"), None);
    }

    fn arriving<'a>(path: &'a str, accept: Option<&'a str>) -> PageRequest<'a> {
        PageRequest {
            path_and_query: path,
            chosen: None,
            from_the_shop: false,
            accept_language: accept,
        }
    }

    #[test]
    fn a_first_visit_follows_the_browser_language_once() {
        let polish = Some("pl-PL,pl;q=0.9");
        assert_eq!(
            redirect_for(arriving("/c/shoes?page=2", polish)).as_deref(),
            Some("/pl/c/shoes?page=2")
        );
        assert_eq!(redirect_for(arriving("/", polish)).as_deref(), Some("/pl"));
        // The target is never sent on, whatever the browser says.
        assert_eq!(redirect_for(arriving("/pl/c/shoes", Some("it"))), None);
        // English browsers and crawlers stay where they are.
        assert_eq!(redirect_for(arriving("/c/shoes", Some("en-GB"))), None);
        assert_eq!(redirect_for(arriving("/c/shoes", None)), None);
    }

    #[test]
    fn a_choice_the_shopper_made_wins_over_the_browser() {
        let chose = |chosen, from_the_shop| PageRequest {
            path_and_query: "/p/mug",
            chosen: Some(chosen),
            from_the_shop,
            accept_language: Some("pl"),
        };
        // Picked English in the switcher: stays English although the browser asks for Polish.
        assert_eq!(redirect_for(chose(Locale::en, false)), None);
        // Read the shop in Italian before, comes back through a bookmark.
        assert_eq!(
            redirect_for(chose(Locale::it, false)).as_deref(),
            Some("/it/p/mug")
        );
        // A link inside the shop is followed as it is.
        assert_eq!(redirect_for(chose(Locale::it, true)), None);
    }

    #[test]
    fn english_has_one_address_per_page() {
        assert_eq!(redirect_for(arriving("/en", None)).as_deref(), Some("/"));
        assert_eq!(
            redirect_for(arriving("/en/c/a?x=1", None)).as_deref(),
            Some("/c/a?x=1")
        );
        assert_eq!(
            redirect_for(arriving("/en?x=1", None)).as_deref(),
            Some("/?x=1")
        );
        assert_eq!(redirect_for(arriving("/entry", None)), None);
    }

    #[test]
    fn a_page_names_itself_in_every_language() {
        let links = alternates("https://shop.test/", "/pl/c/shoes?page=2");
        assert_eq!(
            links,
            vec![
                ("en", "https://shop.test/c/shoes?page=2".to_string()),
                ("pl", "https://shop.test/pl/c/shoes?page=2".to_string()),
                ("it", "https://shop.test/it/c/shoes?page=2".to_string()),
                ("id", "https://shop.test/id/c/shoes?page=2".to_string()),
                ("x-default", "https://shop.test/c/shoes?page=2".to_string()),
            ]
        );
        assert_eq!(
            alternates("https://shop.test", "/")[1].1,
            "https://shop.test/pl"
        );
    }

    #[test]
    fn a_request_is_in_its_page_language() {
        let cookie = Some("mercato_locale=it");
        assert_eq!(
            language_of_request("/pl/checkout", None, cookie),
            Locale::pl
        );
        assert_eq!(language_of_request("/checkout", None, cookie), Locale::en);
        // A server function: the page that called it, else the cookie.
        let polish_page = Some("https://shop.test/pl/checkout");
        assert_eq!(
            language_of_request("/api/checkout/place", polish_page, cookie),
            Locale::pl
        );
        let english_page = Some("https://shop.test/cart?x=1");
        assert_eq!(
            language_of_request("/api/checkout/place", english_page, cookie),
            Locale::en
        );
        assert_eq!(
            language_of_request("/api/checkout/place", None, cookie),
            Locale::it
        );
        assert_eq!(
            language_of_request("/api/checkout/place", None, None),
            Locale::en
        );
        assert_eq!(
            language_of_request("/api/x", Some("https://shop.test"), None),
            Locale::en
        );
        assert_eq!(
            language_of_request("/api/x", Some("garbage"), cookie),
            Locale::it
        );
    }

    #[test]
    fn a_stored_code_reads_back_as_its_language() {
        for &language in languages() {
            assert_eq!(language_of_code(language.as_str()), language);
        }
        assert_eq!(language_of_code("de"), Locale::en);
        assert_eq!(language_of_code(""), Locale::en);
    }

    #[test]
    fn the_cookie_names_a_language_only_if_the_shop_has_it() {
        assert_eq!(chosen_language("a=1; mercato_locale=pl"), Some(Locale::pl));
        assert_eq!(chosen_language("mercato_locale=de"), None);
        assert_eq!(chosen_language("other_mercato_locale=pl"), None);
        assert_eq!(chosen_language(""), None);
    }
}

//! The page's language in the app: read once from the address, given to every text (`td!` and
//! `td_string!` with `use_language()`), and offered in the other languages by the switcher.
//!
//! Not leptos_i18n's own context: it keeps the language in a signal that a server-side effect
//! reads, and that effect panics when a render ends early (a redirect disposes the signal
//! first; the fuzz tests caught it on `/admin`). A page never changes language in place, so a
//! plain value in the context is all the texts need.

use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_router::hooks::use_location;

use super::domain::{languages, localized, path_prefix, split_path};
use crate::i18n::{td_string, Locale};

/// The language of the page being rendered: on the server from the request's path, in the
/// browser from the address bar. A page never changes language in place (the switcher loads the
/// other page), so both sides agree for the page's whole life.
pub fn page_language() -> Locale {
    #[cfg(feature = "ssr")]
    let path = use_context::<http::request::Parts>().map(|parts| parts.uri.path().to_string());
    #[cfg(not(feature = "ssr"))]
    let path = window().location().pathname().ok();
    path.map(|p| split_path(&p).0).unwrap_or_default()
}

/// Makes `language` the one every text below renders in, and returns what the router strips
/// from addresses before matching them (`/pl`).
pub fn provide_language(language: Locale) -> &'static str {
    provide_context(PageLanguage(language));
    // Remembered for the next visit and for the server functions this page calls (mails and
    // messages in the shopper's language). Effects run only in the browser.
    Effect::new(move |_| remember(language));
    path_prefix(language)
}

#[derive(Debug, Clone, Copy)]
struct PageLanguage(Locale);

/// The language the page is shown in (English outside an app, e.g. in a unit test).
pub fn use_language() -> Locale {
    use_context::<PageLanguage>()
        .map(|PageLanguage(l)| l)
        .unwrap_or_default()
}

#[cfg(feature = "hydrate")]
fn remember(language: Locale) {
    use wasm_bindgen::JsCast;
    let secure = if window().location().protocol().ok().as_deref() == Some("https:") {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}",
        super::domain::LANGUAGE_COOKIE,
        language.as_str()
    );
    if let Ok(document) = document().dyn_into::<web_sys::HtmlDocument>() {
        let _ = document.set_cookie(&cookie);
    }
}

#[cfg(not(feature = "hydrate"))]
fn remember(_language: Locale) {}

/// The name each language has in itself, as the switcher shows it.
fn own_name(language: Locale) -> &'static str {
    match language {
        Locale::en => "English",
        Locale::pl => "Polski",
        Locale::it => "Italiano",
        Locale::id => "Bahasa Indonesia",
    }
}

/// Links to the page the shopper is on, in each of the shop's languages. They load the page
/// afresh (`rel="external"` keeps the router out): the whole page changes language, texts from
/// the server included.
#[component]
pub fn LanguageSwitcher(#[prop(into)] class: String) -> impl IntoView {
    let location = use_location();
    let current = use_language();
    let language = crate::language::use_language();
    let here = move || {
        let path = location.pathname.get();
        let search = location.search.get();
        if search.is_empty() {
            path
        } else {
            format!("{path}?{}", search.trim_start_matches('?'))
        }
    };
    view! {
        <nav class=class aria-label=td_string!(language, common.language)>
            <ul>
                {languages()
                    .iter()
                    .copied()
                    .map(|language| {
                        let href = move || localized(language, &here());
                        view! {
                            <li>
                                <a
                                    href=href
                                    hreflang=language.as_str()
                                    lang=language.as_str()
                                    rel="external"
                                    aria-current=(language == current).then_some("true")
                                    data-language=language.as_str()
                                >
                                    {own_name(language)}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

/// A shop path in the page's language, for a link (`<A>` or `<a>`; the router's `<A>` keeps an
/// absolute address as it is): `href("/cart")` is `/pl/cart` on a Polish page. Not for
/// `use_navigate`, which adds the router's prefix itself.
pub fn href(path: &str) -> String {
    localized(use_language(), path)
}

/// An absolute address of the shop in the page's language: the canonical address of a Polish
/// page is its Polish address.
pub fn url(absolute: &str) -> String {
    let path_start = absolute
        .find("://")
        .and_then(|scheme| absolute[scheme + 3..].find('/').map(|p| scheme + 3 + p));
    match path_start {
        Some(at) => format!("{}{}", &absolute[..at], href(&absolute[at..])),
        None => format!("{}{}", absolute.trim_end_matches('/'), href("/")),
    }
}

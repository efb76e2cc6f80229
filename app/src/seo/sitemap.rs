//! Sitemap XML (sitemaps.org protocol 0.9), written by hand: escaping five characters is all the
//! format asks for.

/// One `<url>` or `<sitemap>` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapEntry {
    pub location: String,
    /// W3C date ("2026-11-22"), if known.
    pub last_modified: Option<String>,
    /// The same page in each language, `(hreflang, URL)`, as `<xhtml:link rel="alternate">`.
    pub alternates: Vec<(&'static str, String)>,
}

/// At most 50,000 URLs may stand in one sitemap file: each product stands there once per
/// language (4), so 10,000 products make 40,000 URLs, well below it.
pub const PRODUCTS_PER_SITEMAP: u64 = 10_000;

/// One `<url>` per language for a shop path, each naming all the others (Google's way of
/// giving hreflang in a sitemap).
pub fn in_every_language(
    site_url: &str,
    path: &str,
    last_modified: Option<String>,
) -> Vec<SitemapEntry> {
    let alternates = crate::language::domain::alternates(site_url, path);
    alternates
        .iter()
        .filter(|(hreflang, _)| *hreflang != "x-default")
        .map(|(_, location)| SitemapEntry {
            location: location.clone(),
            last_modified: last_modified.clone(),
            alternates: alternates.clone(),
        })
        .collect()
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(ch),
        }
    }
    out
}

fn write(root: &str, item: &str, entries: &[SitemapEntry]) -> String {
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{root} xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
    );
    for entry in entries {
        xml.push_str(&format!("<{item}><loc>{}</loc>", escape(&entry.location)));
        if let Some(date) = &entry.last_modified {
            xml.push_str(&format!("<lastmod>{}</lastmod>", escape(date)));
        }
        for (hreflang, href) in &entry.alternates {
            xml.push_str(&format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                escape(hreflang),
                escape(href)
            ));
        }
        xml.push_str(&format!("</{item}>\n"));
    }
    xml.push_str(&format!("</{root}>\n"));
    xml
}

pub fn url_set(entries: &[SitemapEntry]) -> String {
    write("urlset", "url", entries)
}

pub fn sitemap_index(entries: &[SitemapEntry]) -> String {
    write("sitemapindex", "sitemap", entries)
}

pub fn robots_txt(site_url: &str) -> String {
    format!(
        "User-agent: *\nAllow: /\nDisallow: /admin\nDisallow: /api/\n\nSitemap: {}/sitemap.xml\n",
        site_url.trim_end_matches('/')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_escaped_url_sets() {
        let xml = url_set(&[SitemapEntry {
            location: "https://shop.test/c/a?page=2&sort=name".into(),
            last_modified: Some("2026-11-22".into()),
            alternates: Vec::new(),
        }]);
        assert!(xml.contains("<loc>https://shop.test/c/a?page=2&amp;sort=name</loc>"));
        assert!(xml.contains("<lastmod>2026-11-22</lastmod>"));
        assert!(xml.starts_with("<?xml") && xml.trim_end().ends_with("</urlset>"));
    }

    #[test]
    fn each_page_stands_once_per_language_naming_the_others() {
        let entries = in_every_language("https://shop.test", "/p/mug", Some("2026-12-04".into()));
        let locations: Vec<&str> = entries.iter().map(|e| e.location.as_str()).collect();
        assert_eq!(
            locations,
            [
                "https://shop.test/p/mug",
                "https://shop.test/pl/p/mug",
                "https://shop.test/it/p/mug",
                "https://shop.test/id/p/mug"
            ]
        );
        let xml = url_set(&entries);
        assert_eq!(xml.matches("<url>").count(), 4);
        assert_eq!(
            xml.matches(
                r#"<xhtml:link rel="alternate" hreflang="pl" href="https://shop.test/pl/p/mug"/>"#
            )
            .count(),
            4
        );
        assert!(xml.contains(r#"hreflang="x-default" href="https://shop.test/p/mug""#));
        assert!(xml.contains(r#"xmlns:xhtml="http://www.w3.org/1999/xhtml""#));
    }

    #[test]
    fn robots_points_at_the_sitemap() {
        let robots = robots_txt("https://shop.test/");
        assert!(robots.contains("Sitemap: https://shop.test/sitemap.xml"));
        assert!(robots.contains("Disallow: /admin"));
    }
}

//! Sitemap XML (sitemaps.org protocol 0.9), written by hand: escaping five characters is all the
//! format asks for.

/// One `<url>` or `<sitemap>` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapEntry {
    pub location: String,
    /// W3C date ("2026-11-22"), if known.
    pub last_modified: Option<String>,
}

/// At most 50,000 URLs may stand in one sitemap file; stay well below it.
pub const URLS_PER_SITEMAP: u64 = 40_000;

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
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{root} xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
    );
    for entry in entries {
        xml.push_str(&format!("<{item}><loc>{}</loc>", escape(&entry.location)));
        if let Some(date) = &entry.last_modified {
            xml.push_str(&format!("<lastmod>{}</lastmod>", escape(date)));
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
        }]);
        assert!(xml.contains("<loc>https://shop.test/c/a?page=2&amp;sort=name</loc>"));
        assert!(xml.contains("<lastmod>2026-11-22</lastmod>"));
        assert!(xml.starts_with("<?xml") && xml.trim_end().ends_with("</urlset>"));
    }

    #[test]
    fn robots_points_at_the_sitemap() {
        let robots = robots_txt("https://shop.test/");
        assert!(robots.contains("Sitemap: https://shop.test/sitemap.xml"));
        assert!(robots.contains("Disallow: /admin"));
    }
}

//! The text of a page's `<title>`.

/// "Clothing · Mercato", or the shop's name alone for a page without a title of its own.
///
/// On the server the result is also escaped for HTML: leptos_meta 0.8 writes whatever the
/// title formatter returns into `<title>…</title>` as it is, so a search query or a product's
/// SEO title such as `</title><meta http-equiv=refresh …>` would otherwise become markup in the
/// page's head. In the browser the same text is assigned to `document.title`, which is plain
/// text and must not be escaped.
pub fn page_title(title: &str, shop_name: &str) -> String {
    let text = if title.is_empty() {
        shop_name.to_string()
    } else {
        format!("{title} · {shop_name}")
    };
    if cfg!(feature = "ssr") {
        escape_html_text(&text)
    } else {
        text
    }
}

/// `<`, `>` and `&` as character references: text that can never open or close an element.
pub fn escape_html_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            other => escaped.push(other),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_shop_after_the_page() {
        assert_eq!(page_title("", "Mercato"), "Mercato");
        assert_eq!(page_title("Clothing", "Mercato"), "Clothing · Mercato");
    }

    #[test]
    #[cfg(feature = "ssr")]
    fn markup_in_a_title_stays_text_on_the_server() {
        let title = page_title(
            r#"</title><meta http-equiv="refresh" content="0;url=https://evil.example/">"#,
            "Mercato",
        );
        assert!(!title.contains('<') && !title.contains('>'), "{title}");
        assert_eq!(
            escape_html_text("Salt & pepper <b>"),
            "Salt &amp; pepper &lt;b&gt;"
        );
    }
}

//! Plain HTML form posts (the page before its WASM has loaded) need the server to say where to
//! go next; the WASM app decides that itself, after it has updated what the page shows.

/// Redirects with `303 See Other`-like behaviour, but only for a plain form post.
pub fn redirect_plain_form(path: &str) {
    let plain = leptos::prelude::use_context::<http::request::Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"))
    });
    if plain {
        leptos_axum::redirect(path);
    }
}

/// The name/value pairs of a URL query string that a list page passes on whole (its filters).
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect()
}

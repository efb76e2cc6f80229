//! Response headers every security review asks for, and the Content-Security-Policy of pages.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY,
    X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use http::HeaderValue;

use crate::backend::AppState;

/// For everything that is not a page (JSON, images, feeds): nothing may run or embed it.
const LOCKED_DOWN: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// The policy of an HTML page: scripts only from this shop and the page's own nonce (the
/// hydration script), WASM allowed to compile, no framing, forms post only here and to the
/// payment provider's hosted page (`payment_origin`, which a form's redirect may lead to), and
/// pictures from this shop or the media bucket (`media_origin`, empty when pictures are local).
pub fn page_policy(nonce: &str, payment_origin: &str, media_origin: &str) -> String {
    // `cargo leptos watch` reloads pages over a WebSocket on another port.
    let reload = if cfg!(debug_assertions) {
        " ws: wss:"
    } else {
        ""
    };
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data: {media_origin}; font-src 'self'; \
         connect-src 'self'{reload}; \
         object-src 'none'; base-uri 'self'; form-action 'self' {payment_origin}; \
         frame-ancestors 'none'"
    )
}

/// The nonce of the response being served: made here, before the request reaches Leptos, so
/// that the header and the page's `<script nonce>` cannot disagree.
#[derive(Debug, Clone)]
pub struct PageNonce(pub String);

/// Leptos renders with the nonce this layer put on the request (given to the router as
/// additional context; it runs after Leptos's own, random one is provided).
pub fn provide_request_nonce() {
    use leptos::prelude::{provide_context, use_context};
    let nonce = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<PageNonce>().cloned());
    if let Some(PageNonce(value)) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(value));
    }
}

/// Pages and answers about one person (their account, cart, checkout, orders) and everything
/// staff see: no browser cache or shared proxy may keep them, so the next person at a shared
/// computer, or behind the same proxy, cannot read them back.
pub fn is_personal(path: &str) -> bool {
    // `/pl/account` is as personal as `/account`.
    let (_, path) = crate::language::domain::split_path(path);
    const PERSONAL: [&str; 8] = [
        "/account",
        "/cart",
        "/checkout",
        "/order/",
        "/orders",
        "/admin",
        "/api/",
        "/webhooks/",
    ];
    // The catalog and search answer the same for everyone.
    const PUBLIC_API: [&str; 2] = ["/api/catalog/", "/api/search/"];
    PERSONAL.iter().any(|prefix| path.starts_with(prefix))
        && !PUBLIC_API.iter().any(|prefix| path.starts_with(prefix))
}

/// How long browsers may keep a file of the compiled site (`/pkg`). Built with `hash-files`,
/// each file's name carries a hash of its content, so a chunk or style sheet of one deploy can be
/// kept for a year: the next deploy names its own differently. The entry files (the main
/// bundle's JavaScript and WASM, and the chunk loader) are revalidated on every visit instead:
/// cargo-leptos hashes them before writing the loader's new name into them, so their name alone
/// does not prove their content, and an old entry must never be paired with new chunks.
pub fn site_file_caching(path: &str) -> Option<&'static str> {
    let name = path.strip_prefix("/pkg/")?;
    let mut parts = name.rsplitn(3, '.');
    let (extension, hash, stem) = (parts.next()?, parts.next(), parts.next());
    let hashed = hash.is_some_and(|h| {
        h.len() >= 16
            && h.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    });
    let entry = stem.is_some_and(|s| {
        s == "__wasm_split"
            || s == crate::backend::PACKAGE_NAME && matches!(extension, "js" | "wasm")
    });
    Some(if hashed && !entry {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    })
}

fn new_nonce() -> Option<String> {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine as _;
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).ok()?;
    Some(URL_SAFE_NO_PAD.encode(bytes))
}

pub async fn add(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let nonce = new_nonce();
    if let Some(nonce) = &nonce {
        request.extensions_mut().insert(PageNonce(nonce.clone()));
    }
    let personal = is_personal(request.uri().path());
    let site_file = site_file_caching(request.uri().path());
    let mut response = next.run(request).await;
    let found = response.status().is_success();
    let headers = response.headers_mut();
    if personal {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    } else if let Some(caching) = site_file.filter(|_| found) {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static(caching));
    }
    let is_page = headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let page_policy = nonce.filter(|_| is_page).and_then(|nonce| {
        HeaderValue::from_str(&page_policy(
            &nonce,
            &state.payments.hosted_page_origin(),
            &state.media.public_origin(),
        ))
        .ok()
    });
    if let Some(policy) = page_policy {
        headers.insert(CONTENT_SECURITY_POLICY, policy);
    }
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(
        REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=(self)"),
    );
    if state.security.https {
        headers.insert(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    if !headers.contains_key(CONTENT_SECURITY_POLICY) {
        headers.insert(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(LOCKED_DOWN),
        );
    }
    response
}

/// "http://127.0.0.1:3002/some/path" → "http://127.0.0.1:3002".
pub fn origin_of(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
            format!("{scheme}://{authority}")
        }
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::{is_personal, origin_of, site_file_caching};

    #[test]
    fn hashed_site_files_are_kept_and_entry_files_revalidated() {
        let year = Some("public, max-age=31536000, immutable");
        let each_visit = Some("no-cache");
        assert_eq!(
            site_file_caching("/pkg/chunk_3.Xk2mQ9vT1aB7cD4eF6gH8j.wasm"),
            year
        );
        assert_eq!(
            site_file_caching("/pkg/mercato.Xk2mQ9vT1aB7cD4eF6gH8j.css"),
            year
        );
        assert_eq!(
            site_file_caching("/pkg/mercato.Xk2mQ9vT1aB7cD4eF6gH8j.js"),
            each_visit
        );
        assert_eq!(
            site_file_caching("/pkg/mercato.Xk2mQ9vT1aB7cD4eF6gH8j.wasm"),
            each_visit
        );
        assert_eq!(
            site_file_caching("/pkg/__wasm_split.Xk2mQ9vT1aB7cD4eF6gH8j.js"),
            each_visit
        );
        assert_eq!(
            site_file_caching("/pkg/mercato.js"),
            each_visit,
            "a build without hashes"
        );
        assert_eq!(site_file_caching("/favicon.svg"), None);
        assert_eq!(site_file_caching("/admin/pkg/x.js"), None);
    }

    #[test]
    fn origins_keep_scheme_host_and_port() {
        assert_eq!(
            origin_of("http://127.0.0.1:3002/pay/x"),
            "http://127.0.0.1:3002"
        );
        assert_eq!(
            origin_of("https://checkout.stripe.com"),
            "https://checkout.stripe.com"
        );
    }

    #[test]
    fn personal_pages_and_answers_are_told_apart_from_public_ones() {
        for path in [
            "/account",
            "/account/sign-in",
            "/cart",
            "/checkout",
            "/order/M-1",
            "/orders/find",
            "/admin/orders",
            "/api/account/me",
            "/api/orders/mine",
            "/api/cart/view",
            "/api/pos/v1/stock",
            "/pl/account",
            "/id/checkout",
            "/it/order/M-1",
            "/pl/admin/orders",
        ] {
            assert!(is_personal(path), "{path}");
        }
        for path in [
            "/",
            "/c/clothing",
            "/p/mug",
            "/search",
            "/api/catalog/product",
            "/pkg/app.js",
            "/pl",
            "/it/c/clothing",
        ] {
            assert!(!is_personal(path), "{path}");
        }
    }
}

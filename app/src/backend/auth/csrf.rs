//! Cross-site request forgery protection for every state-changing request.
//!
//! Two checks, as OWASP recommends: the request must come from this shop's own pages (its
//! `Origin`, or failing that its `Referer`, names this host), and a plain HTML form post — the
//! kind that works before the WASM app has loaded — must also carry the token from the
//! `mercato_csrf` cookie in its `csrf_token` field (the double-submit pattern). Calls made by the
//! app itself are fetches, which browsers always send with `Origin`.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::header::{ACCEPT, CONTENT_TYPE, HOST, ORIGIN, REFERER, SET_COOKIE};
use http::{HeaderMap, HeaderValue, Method, StatusCode};

use leptos::server_fn::error::FromServerFnError;

use super::{cookie_value, secret};
use crate::backend::AppState;
use crate::error::AppError;

/// The form field that carries the token.
pub const FORM_FIELD: &str = "csrf_token";
/// Forms are small; anything bigger is not a form this shop serves.
const FORM_BODY_LIMIT: usize = 64 * 1024;
const TOKEN_MAX_AGE_SECS: i64 = 365 * 24 * 3600;

/// The token of the request being served, for pages to put into their forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsrfToken(pub String);

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// `https://shop.example:8443/path` → (`https`, `shop.example:8443`).
fn scheme_and_authority(url: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = url.split_once("://")?;
    Some((scheme, rest.split(['/', '?', '#']).next().unwrap_or(rest)))
}

/// Whether a browser says this request came from one of our own pages. Requests without any
/// of these headers do not come from a browser page, and carry no ambient credentials an
/// attacker could borrow.
fn from_our_pages(headers: &HeaderMap, site_url: &str) -> bool {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let site = scheme_and_authority(site_url);
    // The scheme must be the site's too: on an HTTPS shop, a page served over plain HTTP (which
    // anyone on the network can forge) is not one of ours.
    let ours = |url: &str| {
        scheme_and_authority(url).is_some_and(|(scheme, authority)| {
            site.is_some_and(|(site_scheme, site_authority)| {
                scheme.eq_ignore_ascii_case(site_scheme)
                    && (authority == site_authority || Some(authority) == header(HOST.as_str()))
            })
        })
    };
    match (header(ORIGIN.as_str()), header(REFERER.as_str())) {
        (Some(origin), _) => ours(origin),
        (None, Some(referer)) => ours(referer),
        (None, None) => header("sec-fetch-site").is_none_or(|site| site != "cross-site"),
    }
}

/// A form submitted by the browser itself (no WASM): it asks for HTML back.
fn is_plain_form_post(headers: &HeaderMap) -> bool {
    headers
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"))
}

fn refuse(status: StatusCode, message: &str) -> Response {
    let error = AppError::validation("csrf_token", message);
    (status, [(CONTENT_TYPE, "application/json")], error.ser()).into_response()
}

pub async fn guard(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let cookie_name = state.security.csrf_cookie();
    let cookie = cookie_value(request.headers(), cookie_name).filter(|t| t.len() == 43);

    if is_safe(request.method()) {
        let (token, fresh) = match cookie {
            Some(token) => (token, false),
            None => match secret::new_secret() {
                Ok(token) => (token, true),
                Err(err) => return AppError::internal(err).into_response(),
            },
        };
        request.extensions_mut().insert(CsrfToken(token.clone()));
        let mut response = next.run(request).await;
        // Only pages carry forms; scripts, pictures and JSON answers need no token, and a
        // cookie on each of them would only make them uncacheable.
        let is_page = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
        if fresh && is_page {
            let value = state
                .security
                .cookie(cookie_name, &token, false, TOKEN_MAX_AGE_SECS);
            if let Ok(value) = HeaderValue::from_str(&value) {
                response.headers_mut().append(SET_COOKIE, value);
            }
        }
        return response;
    }

    if !from_our_pages(request.headers(), &state.site.site_url) {
        tracing::warn!(path = %request.uri().path(), "refused a cross-site request");
        return refuse(
            StatusCode::FORBIDDEN,
            "This request did not come from the shop's own pages.",
        );
    }

    if is_plain_form_post(request.headers()) {
        let (parts, body) = request.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, FORM_BODY_LIMIT).await else {
            return refuse(StatusCode::PAYLOAD_TOO_LARGE, "This form is too large.");
        };
        let submitted = form_urlencoded::parse(&bytes)
            .find(|(key, _)| key == FORM_FIELD)
            .map(|(_, value)| value.into_owned());
        let valid = matches!(
            (&cookie, &submitted),
            (Some(expected), Some(given)) if secret::constant_time_eq(expected.as_bytes(), given.as_bytes())
        );
        if !valid {
            tracing::warn!(path = %parts.uri.path(), "refused a form post without a valid CSRF token");
            return refuse(
                StatusCode::FORBIDDEN,
                "This form has expired. Please reload the page and try again.",
            );
        }
        request = Request::from_parts(parts, Body::from(bytes));
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().expect("header value"));
        }
        map
    }

    const SITE: &str = "https://shop.example";

    #[test]
    fn accepts_our_own_origin_and_host() {
        assert!(from_our_pages(
            &headers(&[("origin", "https://shop.example")]),
            SITE
        ));
        assert!(from_our_pages(
            &headers(&[
                ("origin", "http://localhost:3000"),
                ("host", "localhost:3000")
            ]),
            // A shop run locally: served over HTTP, reached by another name than its site URL.
            "http://127.0.0.1:3000"
        ));
        assert!(from_our_pages(
            &headers(&[("referer", "https://shop.example/signin?x=1")]),
            SITE
        ));
    }

    #[test]
    fn refuses_other_origins() {
        assert!(!from_our_pages(
            &headers(&[("origin", "https://evil.example")]),
            SITE
        ));
        assert!(!from_our_pages(&headers(&[("origin", "null")]), SITE));
        assert!(!from_our_pages(
            &headers(&[("origin", "https://shop.example.evil.example")]),
            SITE
        ));
        assert!(!from_our_pages(
            &headers(&[("referer", "https://evil.example/https://shop.example/")]),
            SITE
        ));
        assert!(!from_our_pages(
            &headers(&[("sec-fetch-site", "cross-site")]),
            SITE
        ));
    }

    #[test]
    fn refuses_our_own_host_over_another_scheme() {
        assert!(!from_our_pages(
            &headers(&[("origin", "http://shop.example")]),
            SITE
        ));
        assert!(!from_our_pages(
            &headers(&[("origin", "http://shop.example"), ("host", "shop.example")]),
            SITE
        ));
        assert!(!from_our_pages(
            &headers(&[("referer", "http://shop.example/cart")]),
            SITE
        ));
        assert!(from_our_pages(
            &headers(&[("origin", "HTTPS://shop.example")]),
            SITE
        ));
    }

    #[test]
    fn only_navigations_are_plain_form_posts() {
        assert!(is_plain_form_post(&headers(&[(
            "accept",
            "text/html,application/xhtml+xml"
        )])));
        assert!(!is_plain_form_post(&headers(&[(
            "accept",
            "application/json"
        )])));
    }
}

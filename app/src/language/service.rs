//! The language seen from the server: the first-visit redirect, and the alternate addresses a
//! page announces to search engines.

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::prelude::use_context;

use super::domain::{alternates, chosen_language, language_of_request, redirect_for, PageRequest};
use crate::backend::auth::security_headers::is_personal;
use crate::backend::AppState;
use crate::i18n::Locale;

/// Paths that are never pages: files, server functions, feeds for machines.
fn is_page_path(path: &str) -> bool {
    const NOT_PAGES: [&str; 7] = [
        "/api/",
        "/pkg/",
        "/media/",
        "/webhooks/",
        "/sitemaps/",
        "/health",
        "/admin",
    ];
    !NOT_PAGES.iter().any(|p| path.starts_with(p))
        && !path.rsplit('/').next().unwrap_or("").contains('.')
}

/// Middleware: sends `/en/...` to the English address, and a shopper arriving from outside to
/// the page in their language (see `redirect_for`). Only a browser asking for a page (`GET`
/// with `Accept: text/html`) is ever redirected; a server function call never is.
pub async fn first_visit(
    state: axum::extract::State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let headers = request.headers();
    let wants_page = request.method() == axum::http::Method::GET
        && is_page_path(request.uri().path())
        && headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"));
    if !wants_page {
        return next.run(request).await;
    }
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let from_the_shop = text(header::REFERER).is_some_and(|referer| {
        let site = state.site.site_url.trim_end_matches('/');
        referer == site || referer.starts_with(&format!("{site}/"))
    });
    let path_and_query = request
        .uri()
        .path_and_query()
        .map(|pq| pq.as_str())
        .unwrap_or("/");
    let target = redirect_for(PageRequest {
        path_and_query,
        chosen: text(header::COOKIE).and_then(chosen_language),
        from_the_shop,
        accept_language: text(header::ACCEPT_LANGUAGE),
    });
    match target {
        Some(location) => (
            StatusCode::FOUND,
            [
                (header::LOCATION, location),
                (header::VARY, "Accept-Language, Cookie".to_string()),
                (header::CACHE_CONTROL, "no-store".to_string()),
            ],
        )
            .into_response(),
        None => next.run(request).await,
    }
}

/// The page being rendered in each language, for its `<link rel="alternate" hreflang=…>`s (see
/// `domain::alternates`); none outside a request or for a personal page.
pub fn alternates_of_this_page() -> Vec<(&'static str, String)> {
    let path = use_context::<http::request::Parts>()
        .and_then(|parts| parts.uri.path_and_query().map(|pq| pq.as_str().to_string()));
    match (path, AppState::current()) {
        (Some(path), Ok(state)) if !is_personal(&path) => alternates(&state.site.site_url, &path),
        _ => Vec::new(),
    }
}

/// The language of the request being answered (see `domain::language_of_request`): what a server
/// function passes on to the mails and records it writes. English outside a request.
pub fn request_language() -> Locale {
    use_context::<http::request::Parts>()
        .map(|parts| {
            let header = |name| {
                parts
                    .headers
                    .get(name)
                    .and_then(|v: &HeaderValue| v.to_str().ok())
            };
            language_of_request(
                parts.uri.path(),
                header(header::REFERER),
                header(header::COOKIE),
            )
        })
        .unwrap_or_default()
}

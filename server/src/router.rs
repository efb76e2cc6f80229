//! Every HTTP route of the shop in one place.

use std::path::Path;
use std::sync::OnceLock;

use axum::middleware::{self, from_fn_with_state};
use axum::routing::{get, post};
use axum::Router;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

use app::backend::auth::csrf;
use app::backend::auth::security_headers::{self, provide_request_nonce};
use app::backend::AppState;
use app::seo::routes as seo;
use app::{shell, App};

use crate::body_limit;

/// The shop's pages, listed once per process. Listing them renders the app with resource loading
/// switched off by a flag that is global to the process (leptos#4773): a page whose data starts
/// loading meanwhile, in any router, would wait forever. A node builds one router before it
/// serves; tests build many while others serve, so the list is made once and reused.
fn pages() -> Vec<AxumRouteListing> {
    static PAGES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    PAGES
        .get_or_init(|| in_every_language(generate_route_list(App)))
        .clone()
}

/// Each shop page also under each language's prefix: `/pl/c/{slug}` is `/c/{slug}` in Polish
/// (the app's router strips the prefix before matching).
fn in_every_language(pages: Vec<AxumRouteListing>) -> Vec<AxumRouteListing> {
    let mut all = pages.clone();
    for &language in app::language::domain::languages() {
        let prefix = app::language::domain::path_prefix(language);
        if prefix.is_empty() {
            continue;
        }
        // The back office stays at `/admin` whatever the language: its pages link to each other
        // by their plain addresses.
        let shop_pages = pages
            .iter()
            .filter(|page| !page.path().starts_with("/admin"));
        all.extend(shop_pages.map(|page| {
            let path = match page.path() {
                "/" => prefix.to_string(),
                path => format!("{prefix}{path}"),
            };
            AxumRouteListing::new(path, page.mode().clone(), page.methods(), Vec::new())
        }));
    }
    all
}

pub fn router(state: AppState, media_dir: &Path) -> Router {
    let pages = pages();
    let options = state.leptos_options.clone();
    Router::new()
        .route("/health", get(crate::health::health))
        .route("/robots.txt", get(seo::robots))
        .route("/sitemap.xml", get(seo::index))
        .route("/sitemaps/pages.xml", get(seo::pages))
        .route("/sitemaps/{file}", get(seo::products))
        .route("/webhooks/{provider}", post(app::orders::webhooks::receive))
        .route(
            "/api/admin/products/{id}/images",
            post(app::catalog::admin::media::upload::upload),
        )
        .route(
            "/api/admin/products/import",
            post(app::catalog::admin::products::transfer::import_route),
        )
        .route(
            "/admin/products/export.csv",
            get(app::catalog::admin::products::transfer::export_route),
        )
        .route("/api/pos/v1/sales", post(app::till::terminal::post_sale))
        .route("/api/pos/v1/stock", get(app::till::terminal::get_stock))
        .nest_service("/media", crate::media_files::service(media_dir))
        // Pages render with the CSP nonce the security-headers layer chose for the response.
        .leptos_routes_with_context(&state, pages, provide_request_nonce, move || {
            shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(provide_request_nonce, shell))
        .layer(from_fn_with_state(
            state.clone(),
            app::language::service::first_visit,
        ))
        .layer(from_fn_with_state(state.clone(), csrf::guard))
        .layer(middleware::from_fn(body_limit::refuse_oversized))
        .layer(RequestBodyLimitLayer::new(body_limit::LARGEST_BODY_BYTES))
        // A handler that panics still answers (a plain 500 with the security headers below).
        .layer(crate::panics::catch_panics())
        .layer(from_fn_with_state(state.clone(), security_headers::add))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

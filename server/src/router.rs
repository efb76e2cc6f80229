//! Every HTTP route of the shop in one place.

use std::path::Path;

use axum::routing::get;
use axum::Router;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;

use app::backend::AppState;
use app::seo::routes as seo;
use app::{shell, App};

pub fn router(state: AppState, media_dir: &Path) -> Router {
    let pages = generate_route_list(App);
    let options = state.leptos_options.clone();
    Router::new()
        .route("/health", get(crate::health::health))
        .route("/robots.txt", get(seo::robots))
        .route("/sitemap.xml", get(seo::index))
        .route("/sitemaps/pages.xml", get(seo::pages))
        .route("/sitemaps/{file}", get(seo::products))
        .nest_service("/media", ServeDir::new(media_dir))
        .leptos_routes(&state, pages, move || shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

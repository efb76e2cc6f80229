//! The catalog's server functions: thin, read-only, and plain GETs so that caches may keep them.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::{CategoryLink, CategoryView, HomeView, ProductView};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{backend::AppState, error::respond};

#[server(prefix = "/api", endpoint = "catalog/home", input = GetUrl)]
pub async fn home_page() -> Result<HomeView, AppError> {
    respond(async {
        let state = AppState::current()?;
        super::service::home(&state.db, &state.site).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "catalog/top-categories", input = GetUrl)]
pub async fn top_categories() -> Result<Vec<CategoryLink>, AppError> {
    respond(async {
        let state = AppState::current()?;
        super::service::top_categories(&state.db).await
    })
    .await
}

/// `page` and `sort` arrive as typed in the URL and are parsed here, so a bad value becomes a
/// clear message rather than a failed request.
#[server(prefix = "/api", endpoint = "catalog/category", input = GetUrl)]
pub async fn category_page(
    slug: String,
    page: Option<String>,
    sort: Option<String>,
) -> Result<CategoryView, AppError> {
    use crate::domain::ListingQuery;
    respond(async {
        let state = AppState::current()?;
        let query = ListingQuery::parse(page.as_deref(), sort.as_deref())?;
        super::service::category_page(&state.db, &state.site, &slug, query).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "catalog/product", input = GetUrl)]
pub async fn product_page(slug: String) -> Result<ProductView, AppError> {
    respond(async {
        let state = AppState::current()?;
        super::service::product_page(&state.db, &state.site, &slug).await
    })
    .await
}

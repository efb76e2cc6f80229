//! The catalog's server functions: thin, read-only, and plain GETs so that caches may keep them.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::{CategoryLink, CategoryView, HomeView, ProductView};
use crate::error::AppError;

#[server(prefix = "/api", endpoint = "catalog/home", input = GetUrl)]
pub async fn home_page() -> Result<HomeView, AppError> {
    let state = crate::backend::AppState::current()?;
    crate::error::with_status(super::service::home(&state.db, &state.site).await)
}

#[server(prefix = "/api", endpoint = "catalog/top-categories", input = GetUrl)]
pub async fn top_categories() -> Result<Vec<CategoryLink>, AppError> {
    let state = crate::backend::AppState::current()?;
    crate::error::with_status(super::service::top_categories(&state.db).await)
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
    let state = crate::backend::AppState::current()?;
    let result = match ListingQuery::parse(page.as_deref(), sort.as_deref()) {
        Ok(query) => super::service::category_page(&state.db, &state.site, &slug, query).await,
        Err(err) => Err(err.into()),
    };
    crate::error::with_status(result)
}

#[server(prefix = "/api", endpoint = "catalog/product", input = GetUrl)]
pub async fn product_page(slug: String) -> Result<ProductView, AppError> {
    let state = crate::backend::AppState::current()?;
    crate::error::with_status(super::service::product_page(&state.db, &state.site, &slug).await)
}

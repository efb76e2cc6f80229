//! Reading categories and brands needs `ViewCatalog`; changing them `EditProducts`.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::{BrandRow, CategoryNode};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{backend::auth, backend::AppState, domain::Permission, error::respond};

#[server(prefix = "/api", endpoint = "admin/categories", input = GetUrl)]
pub async fn category_tree() -> Result<Vec<CategoryNode>, AppError> {
    respond(async {
        let state = AppState::current()?;
        auth::require(Permission::ViewCatalog).await?;
        super::service::tree(&state).await
    })
    .await
}

/// Creates a category (`id` 0) or renames one; `parent` is a category's id, or 0 for the top.
#[server(prefix = "/api", endpoint = "admin/category/save")]
pub async fn save_category(
    id: i32,
    name: String,
    slug: String,
    parent: i32,
) -> Result<Vec<CategoryNode>, AppError> {
    respond(async {
        let state = AppState::current()?;
        let actor = auth::require(Permission::EditProducts).await?;
        super::service::save_category(&state, &actor, id, &name, &slug, parent).await
    })
    .await
}

/// Puts category `id` under `parent` (0: the top) at place `index` among its new siblings.
#[server(prefix = "/api", endpoint = "admin/category/move")]
pub async fn move_category(
    id: i32,
    parent: i32,
    index: u32,
) -> Result<Vec<CategoryNode>, AppError> {
    respond(async {
        let state = AppState::current()?;
        let actor = auth::require(Permission::EditProducts).await?;
        super::service::move_category(
            &state,
            &actor,
            id,
            (parent > 0).then_some(parent),
            index as usize,
        )
        .await
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin/category/delete")]
pub async fn delete_category(id: i32) -> Result<Vec<CategoryNode>, AppError> {
    respond(async {
        let state = AppState::current()?;
        let actor = auth::require(Permission::EditProducts).await?;
        super::service::delete_category(&state, &actor, id).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin/brands", input = GetUrl)]
pub async fn brand_list() -> Result<Vec<BrandRow>, AppError> {
    respond(async {
        let state = AppState::current()?;
        auth::require(Permission::ViewCatalog).await?;
        super::service::brands(&state).await
    })
    .await
}

/// Creates a brand (`id` 0) or renames one.
#[server(prefix = "/api", endpoint = "admin/brand/save")]
pub async fn save_brand(id: i32, name: String, slug: String) -> Result<Vec<BrandRow>, AppError> {
    respond(async {
        let state = AppState::current()?;
        let actor = auth::require(Permission::EditProducts).await?;
        super::service::save_brand(&state, &actor, id, &name, &slug).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin/brand/delete")]
pub async fn delete_brand(id: i32) -> Result<Vec<BrandRow>, AppError> {
    respond(async {
        let state = AppState::current()?;
        let actor = auth::require(Permission::EditProducts).await?;
        super::service::delete_brand(&state, &actor, id).await
    })
    .await
}

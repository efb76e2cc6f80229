//! Changing a product's pictures needs `EditProducts`, checked here on the server.

use leptos::prelude::*;

use super::model::MediaItem;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{backend::auth, backend::AppState, domain::Permission, error::respond};

/// Puts the pictures of `product` in the order of `ids` (comma-separated); returns the gallery.
#[server(prefix = "/api", endpoint = "admin/media/order")]
pub async fn order_media(product: i32, ids: String) -> Result<Vec<MediaItem>, AppError> {
    respond(async {
        let state = AppState::current()?;
        let actor = auth::require(Permission::EditProducts).await?;
        let ids: Vec<i32> = ids
            .split(',')
            .map(|id| id.trim().parse::<i32>())
            .collect::<Result<_, _>>()
            .map_err(|_| {
                AppError::validation("ids", "Name every picture of the product, in order.")
            })?;
        super::service::reorder(&state, &actor, product, &ids).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin/media/alt")]
pub async fn describe_media(id: i32, alt: String) -> Result<Vec<MediaItem>, AppError> {
    respond(async {
        let state = AppState::current()?;
        let actor = auth::require(Permission::EditProducts).await?;
        super::service::set_alt(&state, &actor, id, &alt).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin/media/delete")]
pub async fn delete_media(id: i32) -> Result<Vec<MediaItem>, AppError> {
    respond(async {
        let state = AppState::current()?;
        let actor = auth::require(Permission::EditProducts).await?;
        super::service::delete(&state, &actor, id).await
    })
    .await
}

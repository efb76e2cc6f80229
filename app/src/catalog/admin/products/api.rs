//! The catalog's back-office server functions. Reading needs `ViewCatalog`; saving a product
//! needs `EditProducts`, and also `EditPrices` when a price changes and `EditStock` when a stock
//! level does, so a role can be trusted with texts but not with money or counts.

use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};

use super::model::{ProductEditor, ProductListing, SavedProduct};
use crate::catalog::domain::ProductInput;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{backend::auth, backend::AppState, domain::Permission, error::respond};

/// The products list; `query` is the page's URL query (`text=…&category=…&stock=low…`).
#[server(prefix = "/api", endpoint = "admin/products", input = GetUrl)]
pub async fn admin_products(query: String) -> Result<ProductListing, AppError> {
    respond(async {
        let state = AppState::current()?;
        auth::require(Permission::ViewCatalog).await?;
        super::service::list(&state, &crate::backend::forms::query_pairs(&query)).await
    })
    .await
}

/// Publishes, unpublishes or moves to `category` the products `ids` (comma-separated).
#[server(prefix = "/api", endpoint = "admin/products/bulk")]
pub async fn bulk_edit_products(
    ids: String,
    action: String,
    category: Option<String>,
) -> Result<u64, AppError> {
    respond(async {
        let state = AppState::current()?;
        let actor = auth::require(Permission::EditProducts).await?;
        let ids: Vec<i32> = ids
            .split(',')
            .filter(|id| !id.trim().is_empty())
            .map(|id| id.trim().parse::<i32>())
            .collect::<Result<_, _>>()
            .map_err(|_| AppError::validation("ids", "Choose products from the list."))?;
        super::service::bulk(
            &state,
            &actor,
            &ids,
            &action,
            category.as_deref().unwrap_or(""),
        )
        .await
    })
    .await
}

/// The editor's form for product `id`, or an empty one for a new product (`id` 0).
#[server(prefix = "/api", endpoint = "admin/product", input = GetUrl)]
pub async fn open_product_editor(id: i32) -> Result<ProductEditor, AppError> {
    respond(async {
        let state = AppState::current()?;
        auth::require(Permission::ViewCatalog).await?;
        super::open::load(&state, (id > 0).then_some(id)).await
    })
    .await
}

/// Creates (`id` 0) or updates a product with all its variants, in one transaction.
#[server(prefix = "/api", endpoint = "admin/product/save", input = Json)]
pub async fn save_product(id: i32, form: ProductInput) -> Result<SavedProduct, AppError> {
    respond(async {
        let state = AppState::current()?;
        let actor = auth::require(Permission::EditProducts).await?;
        super::save::save(&state, &actor, (id > 0).then_some(id), &form).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin/price/set")]
pub async fn set_price(sku: String, price: String) -> Result<(), AppError> {
    respond(async {
        let state = AppState::current()?;
        let actor = auth::require(Permission::EditPrices).await?;
        super::prices::set_price(&state, &actor, &sku, &price).await
    })
    .await
}

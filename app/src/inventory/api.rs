//! Server functions for stock across locations: the location list needs `ViewCatalog`; the stock
//! history, moving stock and changing the online order need `EditStock`; checked on the server
//! first.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::{LocationRow, MovementRow, VariantAdmin};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    backend::auth, backend::AppState, domain::Permission, error::respond, inventory::domain::Units,
};

#[server(prefix = "/api", endpoint = "admin/stock/movements", input = GetUrl)]
pub async fn stock_movements(sku: String) -> Result<Vec<MovementRow>, AppError> {
    respond(async {
        let state = AppState::current()?;
        // The ledger names staff and orders: for who manages stock.
        auth::require(Permission::EditStock).await?;
        super::service::movements(&state.db, &sku).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin/stock/transfer")]
pub async fn transfer_stock(
    sku: String,
    from: String,
    to: String,
    units: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    respond(async {
        let state = AppState::current()?;
        let actor = auth::require(Permission::EditStock).await?;
        let units = Units::parse_moving(&units)
            .map_err(|e| AppError::validation("units", e.to_string()))?;
        super::service::transfer(&state, &actor, &sku, &from, &to, units, &reason).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin/locations", input = GetUrl)]
pub async fn list_locations() -> Result<Vec<LocationRow>, AppError> {
    respond(async {
        let state = AppState::current()?;
        auth::require(Permission::ViewCatalog).await?;
        super::service::locations(&state.db).await
    })
    .await
}

/// Sets whether a location serves online orders and where it comes in their reservation order.
#[server(prefix = "/api", endpoint = "admin/location/online")]
pub async fn set_location_online(
    code: String,
    #[server(default)] sells_online: Option<String>,
    online_rank: String,
) -> Result<(), AppError> {
    respond(async {
        let state = AppState::current()?;
        let actor = auth::require(Permission::EditStock).await?;
        let rank = online_rank.trim().parse::<i32>().map_err(|_| {
            AppError::validation(
                "online_rank",
                "The order is a number from 0 (first) to 1000.",
            )
        })?;
        super::service::set_online(&state, &actor, &code, sells_online.is_some(), rank).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin/variant", input = GetUrl)]
pub async fn variant_by_sku(sku: String) -> Result<VariantAdmin, AppError> {
    respond(async {
        let state = AppState::current()?;
        auth::require(Permission::ViewCatalog).await?;
        super::service::variant_by_sku(&state, &sku).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin/stock/set")]
pub async fn set_stock_level(
    sku: String,
    location: String,
    on_hand: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    respond(async {
        let state = AppState::current()?;
        let actor = auth::require(Permission::EditStock).await?;
        let on_hand = Units::parse_count(&on_hand)
            .map_err(|e| AppError::validation("on_hand", e.to_string()))?;
        super::service::set_stock_level(&state, &actor, &sku, &location, on_hand, &reason).await
    })
    .await
}

//! Server functions of the till page; all need the `Pos` permission, checked on the server first.

use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};

use super::model::{Receipt, SaleRequest, Store, TillItem};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    backend::auth, backend::AppState, domain::Permission, error::respond, inventory::Mover,
};

#[server(prefix = "/api", endpoint = "admin/pos/stores", input = GetUrl)]
pub async fn pos_stores() -> Result<Vec<Store>, AppError> {
    respond(async {
        let state = AppState::current()?;
        auth::require(Permission::Pos).await?;
        super::service::stores(&state.db).await
    })
    .await
}

/// A scanned SKU: its name, price and the units the store holds for sale.
#[server(prefix = "/api", endpoint = "admin/pos/item", input = GetUrl)]
pub async fn pos_item(store: String, sku: String) -> Result<TillItem, AppError> {
    respond(async {
        let state = AppState::current()?;
        auth::require(Permission::Pos).await?;
        super::service::till_item(&state.db, &store, &sku).await
    })
    .await
}

/// Completes a sale at `sale.location`; answers the receipt.
#[server(prefix = "/api", endpoint = "admin/pos/sell", input = Json)]
pub async fn pos_sell(sale: SaleRequest) -> Result<Receipt, AppError> {
    respond(async {
        let state = AppState::current()?;
        let actor = auth::require(Permission::Pos).await?;
        let store = sale.location.clone().unwrap_or_default();
        super::service::record_sale(&state, &Mover::Staff(actor.email.clone()), &store, &sale).await
    })
    .await
}

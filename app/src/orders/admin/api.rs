//! The back office's order server functions. Reading needs `ViewOrders`, changing an order
//! `ManageOrders`; both are checked here, on the server, before anything else.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::{OrderDetail, OrderList};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{backend::auth, backend::AppState, domain::Permission, error::respond};

/// The orders list; `query` is the page's URL query (`status=paid&from=2026-11-01…`).
#[server(prefix = "/api", endpoint = "admin/orders", input = GetUrl)]
pub async fn admin_orders(query: String) -> Result<OrderList, AppError> {
    respond(async {
        let state = AppState::current()?;
        auth::require(Permission::ViewOrders).await?;
        super::service::list(&state, &crate::backend::forms::query_pairs(&query)).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin/order", input = GetUrl)]
pub async fn admin_order(number: String) -> Result<OrderDetail, AppError> {
    respond(async {
        let state = AppState::current()?;
        auth::require(Permission::ViewOrders).await?;
        super::service::detail(&state, &number).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin/order/fulfil")]
pub async fn fulfil_order(
    number: String,
    carrier: String,
    tracking_number: String,
) -> Result<(), AppError> {
    respond(async {
        let state = AppState::current()?;
        let actor = auth::require(Permission::ManageOrders).await?;
        super::actions::fulfil(&state, &actor, &number, &carrier, &tracking_number).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin/order/deliver")]
pub async fn mark_order_delivered(number: String) -> Result<(), AppError> {
    respond(async {
        let state = AppState::current()?;
        let actor = auth::require(Permission::ManageOrders).await?;
        super::actions::mark_delivered(&state, &actor, &number).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin/order/cancel")]
pub async fn cancel_order(number: String) -> Result<(), AppError> {
    respond(async {
        let state = AppState::current()?;
        let actor = auth::require(Permission::ManageOrders).await?;
        super::actions::cancel(&state, &actor, &number).await
    })
    .await
}

/// Refunds `amount` (everything left when empty); `restock` maps an order line's id to the
/// units that go back on the shelf.
#[server(prefix = "/api", endpoint = "admin/order/refund")]
pub async fn refund_order(
    number: String,
    amount: String,
    restock: Option<HashMap<String, String>>,
) -> Result<(), AppError> {
    respond(async {
        let state = AppState::current()?;
        let actor = auth::require(Permission::ManageOrders).await?;
        let mut requests = Vec::new();
        for (line, units) in restock.unwrap_or_default() {
            let units = units.trim();
            if units.is_empty() {
                continue;
            }
            let parsed = (line.parse(), units.parse());
            let (Ok(line_id), Ok(units)) = parsed else {
                return Err(AppError::validation(
                    "restock",
                    format!("“{units}” is not a whole number of units."),
                ));
            };
            requests.push(super::actions::RestockRequest { line_id, units });
        }
        super::actions::refund(&state, &actor, &number, &amount, &requests).await
    })
    .await
}

//! Server functions for buying: all need `ManagePurchasing`, checked on the server first.

use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};
use serde::{Deserialize, Serialize};

use super::model::{
    PurchaseOrderDetail, PurchaseOrderRow, ReorderRuleRow, SupplierDetail, SupplierRow,
};
use crate::error::AppError;
use crate::purchasing::domain::PurchaseOrderStatus;

#[cfg(feature = "ssr")]
use crate::{backend::auth, backend::AppState, domain::Permission, error::respond};

#[cfg(feature = "ssr")]
async fn buyer() -> Result<(AppState, auth::Actor), AppError> {
    let state = AppState::current()?;
    let actor = auth::require(Permission::ManagePurchasing).await?;
    Ok((state, actor))
}

#[server(prefix = "/api", endpoint = "admin/suppliers", input = GetUrl)]
pub async fn list_suppliers() -> Result<Vec<SupplierRow>, AppError> {
    respond(async {
        let (state, _) = buyer().await?;
        super::service::suppliers(&state.db).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin/supplier", input = GetUrl)]
pub async fn get_supplier(id: i32) -> Result<SupplierDetail, AppError> {
    respond(async {
        let (state, _) = buyer().await?;
        super::service::supplier_detail(&state.db, id).await
    })
    .await
}

/// Creates a supplier (`id` empty) or changes one; answers its id.
#[server(prefix = "/api", endpoint = "admin/supplier/save")]
pub async fn save_supplier(
    #[server(default)] id: String,
    name: String,
    email: String,
    lead_time_days: String,
    auto_reorder: String,
) -> Result<i32, AppError> {
    respond(async {
        let (state, actor) = buyer().await?;
        let id = match id.trim() {
            "" => None,
            text => Some(
                text.parse::<i32>()
                    .map_err(|_| AppError::not_found("this supplier"))?,
            ),
        };
        let input = super::service::SupplierInput {
            name,
            email,
            lead_time_days,
            auto_reorder,
        };
        super::service::save_supplier(&state, &actor, id, &input).await
    })
    .await
}

/// Records that a supplier sells a variant, at what cost.
#[server(prefix = "/api", endpoint = "admin/supplier/item")]
pub async fn set_supplier_item(
    supplier_id: i32,
    sku: String,
    cost: String,
    #[server(default)] supplier_sku: String,
) -> Result<(), AppError> {
    respond(async {
        let (state, actor) = buyer().await?;
        super::service::set_supplier_item(&state, &actor, supplier_id, &sku, &cost, &supplier_sku)
            .await
    })
    .await
}

/// Orders a variant from a supplier by hand: the line joins the supplier's draft for that
/// location (or starts one); answers the purchase order's number.
#[server(prefix = "/api", endpoint = "admin/purchase-order/add")]
pub async fn order_by_hand(
    supplier_id: i32,
    location: String,
    sku: String,
    quantity: String,
) -> Result<String, AppError> {
    respond(async {
        let (state, actor) = buyer().await?;
        super::service::order_by_hand(&state, &actor, supplier_id, &location, &sku, &quantity).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin/reorder-rules", input = GetUrl)]
pub async fn list_reorder_rules(sku: String) -> Result<Vec<ReorderRuleRow>, AppError> {
    respond(async {
        let (state, _) = buyer().await?;
        super::service::reorder_rules(&state.db, &sku).await
    })
    .await
}

/// Sets a variant's reorder point and quantity (at `location`, or over all locations when it is
/// empty) and its preferred supplier (`supplier` empty for none).
#[server(prefix = "/api", endpoint = "admin/reorder-rule/set")]
pub async fn set_reorder_rule(
    sku: String,
    #[server(default)] location: String,
    reorder_point: String,
    reorder_quantity: String,
    #[server(default)] supplier: String,
) -> Result<(), AppError> {
    respond(async {
        let (state, actor) = buyer().await?;
        let levels =
            crate::inventory::domain::ReorderLevels::parse(&reorder_point, &reorder_quantity)?;
        let supplier = match supplier.trim() {
            "" => None,
            text => Some(text.parse::<i32>().map_err(|_| {
                AppError::validation("supplier", "That supplier no longer exists.")
            })?),
        };
        super::service::set_reorder_rule(&state, &actor, &sku, &location, levels, supplier).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin/purchase-orders", input = GetUrl)]
pub async fn list_purchase_orders() -> Result<Vec<PurchaseOrderRow>, AppError> {
    respond(async {
        let (state, _) = buyer().await?;
        super::service::purchase_orders(&state.db).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin/purchase-order", input = GetUrl)]
pub async fn get_purchase_order(number: String) -> Result<PurchaseOrderDetail, AppError> {
    respond(async {
        let (state, _) = buyer().await?;
        super::service::purchase_order_detail(&state.db, &number).await
    })
    .await
}

/// Sends a draft purchase order: the supplier gets it by e-mail shortly after.
#[server(prefix = "/api", endpoint = "admin/purchase-order/send")]
pub async fn send_purchase_order(number: String) -> Result<(), AppError> {
    respond(async {
        let (state, actor) = buyer().await?;
        super::service::send(&state, &actor, &number).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin/purchase-order/cancel")]
pub async fn cancel_purchase_order(number: String) -> Result<(), AppError> {
    respond(async {
        let (state, actor) = buyer().await?;
        super::service::cancel(&state, &actor, &number).await
    })
    .await
}

/// Units that arrived on one line of a purchase order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArrivedUnits {
    pub line_id: i32,
    pub units: i32,
    /// Units the page showed as received on this line, so a second click changes nothing.
    #[serde(default)]
    pub received_before: Option<i32>,
}

/// Receives goods (all or part): each unit is added to stock at the order's location.
#[server(prefix = "/api", endpoint = "admin/purchase-order/receive", input = Json)]
pub async fn receive_purchase_order(
    number: String,
    lines: Vec<ArrivedUnits>,
) -> Result<PurchaseOrderStatus, AppError> {
    respond(async {
        let (state, actor) = buyer().await?;
        let arrivals: Vec<super::service::Arrival> = lines
            .iter()
            .map(|l| super::service::Arrival {
                line_id: l.line_id,
                units: l.units,
                seen_received: l.received_before,
            })
            .collect();
        super::service::receive(&state, &actor, &number, &arrivals).await
    })
    .await
}

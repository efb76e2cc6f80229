//! Receiving goods on a purchase order: each unit goes on the shelf through the ledger at the
//! order's location, and the order closes when everything came.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Serialize;

use super::orders::{change_status, lines_of, lock_order, reorder_later};
use super::status_of;
use crate::audit;
use crate::backend::auth::Actor;
use crate::backend::entities::{purchase_order, purchase_order_line};
use crate::backend::AppState;
use crate::error::AppError;
use crate::inventory::domain::{MovementKind, StockChange};
use crate::inventory::{ledger, Movement, Mover};
use crate::purchasing::domain::check_receipt;
use crate::purchasing::domain::{PurchaseOrderNumber, PurchaseOrderStatus};

#[derive(Serialize)]
struct ReceiptRecord {
    lines: Vec<(String, i32)>,
}

/// Units that arrived on one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arrival {
    pub line_id: i32,
    pub units: i32,
    /// What the line showed as received when staff typed this: a second click of the same
    /// receipt (or another person's receipt in between) then changes nothing.
    pub seen_received: Option<i32>,
}

/// Receives goods (lines not named received nothing). Each unit goes on the shelf through the
/// ledger at the order's location.
pub async fn receive(
    state: &AppState,
    actor: &Actor,
    number: &str,
    arrivals: &[Arrival],
) -> Result<PurchaseOrderStatus, AppError> {
    let mut arriving: Vec<Arrival> = arrivals.iter().copied().filter(|a| a.units != 0).collect();
    if arriving.is_empty() {
        return Err(AppError::validation("units", "Say how many units arrived."));
    }
    let txn = crate::backend::db::begin_write(&state.db).await?;
    let order = lock_order(&txn, number).await?;
    let status = status_of(&order)?;
    status
        .receive(1)
        .map_err(|e| AppError::Conflict(e.to_string()))?;
    let mut lines = lines_of(&txn, order.id).await?;
    let by = Mover::Staff(actor.email.clone());
    let reference = PurchaseOrderNumber(order.id).to_string();
    let mut record = ReceiptRecord { lines: Vec::new() };
    // Stock levels are locked by variant, as every sale and checkout does: no deadlocks.
    arriving.sort_by_key(|a| {
        lines
            .iter()
            .find(|l| l.id == a.line_id)
            .and_then(|l| l.variant_id)
    });
    for arrival in &arriving {
        let line = line_arriving(&mut lines, arrival)?;
        receive_on_line(&txn, &order, line, arrival.units, &by, &reference).await?;
        record.lines.push((line.sku.clone(), arrival.units));
    }
    let after = close_when_complete(&txn, &order, status, &lines).await?;
    audit::record_after(&txn, actor, "purchase_order.receive", number, &record).await?;
    txn.commit().await?;
    Ok(after)
}

/// The line an arrival names, as long as nobody received on it since staff looked.
fn line_arriving<'a>(
    lines: &'a mut [purchase_order_line::Model],
    arrival: &Arrival,
) -> Result<&'a mut purchase_order_line::Model, AppError> {
    let Some(line) = lines.iter_mut().find(|l| l.id == arrival.line_id) else {
        return Err(AppError::validation(
            "units",
            "That line is not on this purchase order.",
        ));
    };
    if arrival
        .seen_received
        .is_some_and(|seen| seen != line.quantity_received)
    {
        return Err(AppError::Conflict(
            "These goods were received meanwhile; reload the order to see what is still to come."
                .into(),
        ));
    }
    Ok(line)
}

/// Counts `n` units received on `line` (a conditional update: never more than were ordered) and
/// puts them on the shelf through the ledger, in the receipt's transaction.
async fn receive_on_line<C: ConnectionTrait>(
    txn: &C,
    order: &purchase_order::Model,
    line: &mut purchase_order_line::Model,
    n: i32,
    by: &Mover,
    reference: &str,
) -> Result<(), AppError> {
    check_receipt(&line.sku, line.quantity_ordered, line.quantity_received, n)?;
    let changed = purchase_order_line::Entity::update_many()
        .col_expr(
            purchase_order_line::Column::QuantityReceived,
            Expr::col(purchase_order_line::Column::QuantityReceived).add(n),
        )
        .filter(purchase_order_line::Column::Id.eq(line.id))
        .filter(
            Expr::expr(Expr::col(purchase_order_line::Column::QuantityReceived).add(n))
                .lte(Expr::col(purchase_order_line::Column::QuantityOrdered)),
        )
        .exec(txn)
        .await?
        .rows_affected;
    if changed == 0 {
        return Err(AppError::Conflict(
            "Someone received goods on this order meanwhile; reload it and try again.".into(),
        ));
    }
    line.quantity_received += n;
    if let Some(variant_id) = line.variant_id {
        ledger::apply(
            txn,
            &Movement {
                variant_id,
                location_id: order.location_id,
                kind: MovementKind::Receipt,
                change: StockChange::add(n),
                reason: "",
                by,
                reference: Some(reference),
            },
        )
        .await?
        .map_err(|_| AppError::internal("received units could not be added to stock"))?;
        crate::backend::change_feed::record_variants(txn, &[variant_id]).await?;
    }
    Ok(())
}

/// The order's status after the receipt: partly or wholly received. A wholly received order
/// asks for a reorder run, in case its items are still at or below their point.
async fn close_when_complete<C: ConnectionTrait>(
    txn: &C,
    order: &purchase_order::Model,
    status: PurchaseOrderStatus,
    lines: &[purchase_order_line::Model],
) -> Result<PurchaseOrderStatus, AppError> {
    let outstanding: i64 = lines
        .iter()
        .map(|l| i64::from((l.quantity_ordered - l.quantity_received).max(0)))
        .sum();
    let after = status
        .receive(outstanding)
        .map_err(|e| AppError::Conflict(e.to_string()))?;
    if after != status {
        change_status(txn, order, after).await?;
    }
    if after == PurchaseOrderStatus::Received {
        // Still at or below the point after all of it came? Then it is due again.
        reorder_later(txn, order.supplier_id).await?;
    }
    Ok(after)
}

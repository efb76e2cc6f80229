//! Purchase orders: the list, one order, sending, cancelling, receiving goods, ordering by hand.

use std::collections::HashMap;

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;

use super::{currency, status_of};
use crate::audit;
use crate::backend::auth::{unix_now, Actor};
use crate::backend::entities::{
    location, product, purchase_order, purchase_order_line, supplier, supplier_item, variant,
};
use crate::backend::lookup::{location_with_code, variant_with_sku};
use crate::backend::AppState;
use crate::domain::{Currency, EmailAddress, Money};
use crate::error::AppError;
use crate::inventory::domain::{MovementKind, StockChange};
use crate::inventory::{ledger, Movement, Mover};
use crate::purchasing::domain::check_receipt;
use crate::purchasing::domain::{PurchaseOrderNumber, PurchaseOrderStatus};
use crate::purchasing::model::{PurchaseOrderDetail, PurchaseOrderLineRow, PurchaseOrderRow};

async fn lines_of<C: ConnectionTrait>(
    db: &C,
    order_id: i32,
) -> Result<Vec<purchase_order_line::Model>, AppError> {
    Ok(purchase_order_line::Entity::find()
        .filter(purchase_order_line::Column::PurchaseOrderId.eq(order_id))
        .order_by_asc(purchase_order_line::Column::Id)
        .all(db)
        .await?)
}

/// What a purchase order costs: each line's units at its cost price.
fn order_total(lines: &[purchase_order_line::Model], currency: Currency) -> Money {
    Money::from_minor(
        lines
            .iter()
            .map(|l| l.cost_minor * i64::from(l.quantity_ordered))
            .sum(),
        currency,
    )
}

pub async fn purchase_orders<C: ConnectionTrait>(
    db: &C,
) -> Result<Vec<PurchaseOrderRow>, AppError> {
    let orders = purchase_order::Entity::find()
        .order_by_desc(purchase_order::Column::Id)
        .all(db)
        .await?;
    let suppliers: HashMap<i32, String> = supplier::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    // Every order's lines in one query, not one per order.
    let mut lines_by_order: HashMap<i32, Vec<purchase_order_line::Model>> = HashMap::new();
    for line in purchase_order_line::Entity::find()
        .filter(purchase_order_line::Column::PurchaseOrderId.is_in(orders.iter().map(|o| o.id)))
        .all(db)
        .await?
    {
        lines_by_order
            .entry(line.purchase_order_id)
            .or_default()
            .push(line);
    }
    let mut out = Vec::with_capacity(orders.len());
    for order in orders {
        let lines = lines_by_order.remove(&order.id).unwrap_or_default();
        let currency = currency(&order.currency)?;
        out.push(PurchaseOrderRow {
            number: PurchaseOrderNumber(order.id).to_string(),
            supplier: suppliers
                .get(&order.supplier_id)
                .cloned()
                .unwrap_or_default(),
            status: status_of(&order)?,
            created_at: order.created_at,
            units: lines.iter().map(|l| i64::from(l.quantity_ordered)).sum(),
            total: order_total(&lines, currency),
        });
    }
    Ok(out)
}

async fn find_order<C: ConnectionTrait>(
    db: &C,
    number: &str,
) -> Result<purchase_order::Model, AppError> {
    let id = PurchaseOrderNumber::parse(number)
        .ok_or_else(|| AppError::not_found("this purchase order"))?
        .0;
    purchase_order::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("this purchase order"))
}

/// The order, with its row locked until the transaction ends (on PostgreSQL; SQLite's writer
/// lock already serialises): whatever staff do to one order happens one at a time, on its
/// current state.
async fn lock_order<C: ConnectionTrait>(
    txn: &C,
    number: &str,
) -> Result<purchase_order::Model, AppError> {
    let id = PurchaseOrderNumber::parse(number)
        .ok_or_else(|| AppError::not_found("this purchase order"))?
        .0;
    purchase_order::Entity::update_many()
        .col_expr(
            purchase_order::Column::Status,
            Expr::col(purchase_order::Column::Status).into(),
        )
        .filter(purchase_order::Column::Id.eq(id))
        .exec(txn)
        .await?;
    find_order(txn, number).await
}

/// The job that orders whatever is due from one supplier (after an order was cancelled or
/// received while its items are still at or below their reorder point).
pub const REORDER_JOB: &str = "reorder.supplier";

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct ReorderSupplier {
    pub supplier_id: i32,
}

async fn reorder_later<C: ConnectionTrait>(db: &C, supplier_id: i32) -> Result<(), AppError> {
    crate::backend::jobs::enqueue(
        db,
        REORDER_JOB,
        &ReorderSupplier { supplier_id },
        Some(format!("reorder:{supplier_id}")),
    )
    .await
}

pub async fn purchase_order_detail<C: ConnectionTrait>(
    db: &C,
    number: &str,
) -> Result<PurchaseOrderDetail, AppError> {
    let order = find_order(db, number).await?;
    let from = supplier::Entity::find_by_id(order.supplier_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal("purchase order without supplier"))?;
    let place = location::Entity::find_by_id(order.location_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal("purchase order without location"))?;
    let currency = currency(&order.currency)?;
    let lines = lines_of(db, order.id).await?;
    Ok(PurchaseOrderDetail {
        number: PurchaseOrderNumber(order.id).to_string(),
        supplier: from.name,
        supplier_email: from.email,
        deliver_to: format!("{}, {}, {}", place.name, place.address, place.city),
        status: status_of(&order)?,
        created_by: order.created_by.clone(),
        created_at: order.created_at,
        sent_at: order.sent_at,
        expected_by: order
            .sent_at
            .map(|at| at + i64::from(from.lead_time_days) * 86_400),
        total: order_total(&lines, currency),
        lines: lines
            .into_iter()
            .map(|l| PurchaseOrderLineRow {
                id: l.id,
                sku: l.sku,
                name: l.name,
                ordered: l.quantity_ordered,
                received: l.quantity_received,
                cost: Money::from_minor(l.cost_minor, currency),
            })
            .collect(),
    })
}

/// Moves an order from `from` to `to` only if nobody changed it meanwhile.
async fn change_status<C: ConnectionTrait>(
    db: &C,
    order: &purchase_order::Model,
    to: PurchaseOrderStatus,
) -> Result<(), AppError> {
    let now = unix_now();
    let mut update = purchase_order::Entity::update_many()
        .col_expr(purchase_order::Column::Status, Expr::value(to.code()));
    update = match to {
        PurchaseOrderStatus::Sent => {
            update.col_expr(purchase_order::Column::SentAt, Expr::value(now))
        }
        PurchaseOrderStatus::Received | PurchaseOrderStatus::Cancelled => {
            update.col_expr(purchase_order::Column::ClosedAt, Expr::value(now))
        }
        _ => update,
    };
    let changed = update
        .filter(purchase_order::Column::Id.eq(order.id))
        .filter(purchase_order::Column::Status.eq(order.status.as_str()))
        .exec(db)
        .await?
        .rows_affected;
    if changed == 0 {
        return Err(AppError::Conflict(
            "Someone changed this purchase order meanwhile; reload it and try again.".into(),
        ));
    }
    Ok(())
}

/// The job that e-mails a sent purchase order to its supplier.
pub const MAIL_JOB: &str = "purchase_order.mail";

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct MailPurchaseOrder {
    pub purchase_order_id: i32,
}

/// Marks an order sent and leaves the e-mail to the supplier to a background job (retried if
/// the supplier's mail server refuses it for a while).
pub async fn mark_sent<C: ConnectionTrait>(
    db: &C,
    order: &purchase_order::Model,
) -> Result<(), AppError> {
    status_of(order)?
        .send()
        .map_err(|e| AppError::Conflict(e.to_string()))?;
    change_status(db, order, PurchaseOrderStatus::Sent).await?;
    crate::backend::jobs::enqueue(
        db,
        MAIL_JOB,
        &MailPurchaseOrder {
            purchase_order_id: order.id,
        },
        Some(format!("purchase-order-mail:{}", order.id)),
    )
    .await
}

pub async fn send(state: &AppState, actor: &Actor, number: &str) -> Result<(), AppError> {
    let txn = crate::backend::db::begin_write(&state.db).await?;
    let order = lock_order(&txn, number).await?;
    mark_sent(&txn, &order).await?;
    audit::record(&txn, actor, "purchase_order.send", number).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn cancel(state: &AppState, actor: &Actor, number: &str) -> Result<(), AppError> {
    let txn = crate::backend::db::begin_write(&state.db).await?;
    let order = lock_order(&txn, number).await?;
    status_of(&order)?
        .cancel()
        .map_err(|e| AppError::Conflict(e.to_string()))?;
    change_status(&txn, &order, PurchaseOrderStatus::Cancelled).await?;
    audit::record(&txn, actor, "purchase_order.cancel", number).await?;
    // Items it would have brought are due again if they are still low.
    reorder_later(&txn, order.supplier_id).await?;
    txn.commit().await?;
    Ok(())
}

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
    let arriving: Vec<Arrival> = arrivals.iter().copied().filter(|a| a.units != 0).collect();
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
    let mut arriving = arriving;
    arriving.sort_by_key(|a| {
        lines
            .iter()
            .find(|l| l.id == a.line_id)
            .and_then(|l| l.variant_id)
    });
    for arrival in &arriving {
        let n = &arrival.units;
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
        check_receipt(&line.sku, line.quantity_ordered, line.quantity_received, *n)?;
        let changed = purchase_order_line::Entity::update_many()
            .col_expr(
                purchase_order_line::Column::QuantityReceived,
                Expr::col(purchase_order_line::Column::QuantityReceived).add(*n),
            )
            .filter(purchase_order_line::Column::Id.eq(line.id))
            .filter(
                Expr::expr(Expr::col(purchase_order_line::Column::QuantityReceived).add(*n))
                    .lte(Expr::col(purchase_order_line::Column::QuantityOrdered)),
            )
            .exec(&txn)
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
                &txn,
                &Movement {
                    variant_id,
                    location_id: order.location_id,
                    kind: MovementKind::Receipt,
                    change: StockChange::add(*n),
                    reason: "",
                    by: &by,
                    reference: Some(&reference),
                },
            )
            .await?
            .map_err(|_| AppError::internal("received units could not be added to stock"))?;
            crate::backend::change_feed::record_variants(&txn, &[variant_id]).await?;
        }
        record.lines.push((line.sku.clone(), *n));
    }
    let outstanding: i64 = lines
        .iter()
        .map(|l| i64::from((l.quantity_ordered - l.quantity_received).max(0)))
        .sum();
    let after = status
        .receive(outstanding)
        .map_err(|e| AppError::Conflict(e.to_string()))?;
    if after != status {
        change_status(&txn, &order, after).await?;
    }
    if after == PurchaseOrderStatus::Received {
        // Still at or below the point after all of it came? Then it is due again.
        reorder_later(&txn, order.supplier_id).await?;
    }
    audit::record_after(&txn, actor, "purchase_order.receive", number, &record).await?;
    txn.commit().await?;
    Ok(after)
}

#[derive(Serialize)]
struct ManualOrderRecord<'a> {
    sku: &'a str,
    quantity: i32,
    location: &'a str,
}

/// Orders `quantity` of a variant from a supplier by hand, for delivery to `location_code`: the
/// line joins the supplier's draft for that location, or starts a new draft. Returns its number.
pub async fn order_by_hand(
    state: &AppState,
    actor: &Actor,
    supplier_id: i32,
    location_code: &str,
    sku: &str,
    quantity: &str,
) -> Result<String, AppError> {
    let quantity = crate::inventory::domain::Units::parse_moving(quantity)
        .map_err(|e| AppError::validation("quantity", e.to_string()))?
        .get();
    let txn = crate::backend::db::begin_write(&state.db).await?;
    supplier::Entity::update_many()
        .col_expr(
            supplier::Column::ReorderRuns,
            Expr::col(supplier::Column::ReorderRuns).into(),
        )
        .filter(supplier::Column::Id.eq(supplier_id))
        .exec(&txn)
        .await?;
    supplier::Entity::find_by_id(supplier_id)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::not_found("this supplier"))?;
    let item = variant_with_sku(&txn, sku).await?;
    let place = location_with_code(&txn, "location", location_code).await?;
    let draft = match purchase_order::Entity::find()
        .filter(purchase_order::Column::SupplierId.eq(supplier_id))
        .filter(purchase_order::Column::LocationId.eq(place.id))
        .filter(purchase_order::Column::Status.eq(PurchaseOrderStatus::Draft.code()))
        .one(&txn)
        .await?
    {
        Some(draft) => draft,
        None => {
            purchase_order::ActiveModel {
                supplier_id: Set(supplier_id),
                location_id: Set(place.id),
                status: Set(PurchaseOrderStatus::Draft.code().to_string()),
                currency: Set(item.currency.clone()),
                note: Set(String::new()),
                created_by: Set(actor.email.clone()),
                created_at: Set(unix_now()),
                sent_at: Set(None),
                closed_at: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
    };
    add_line(&txn, &draft, supplier_id, item.id, quantity).await?;
    let number = PurchaseOrderNumber(draft.id).to_string();
    audit::record_after(
        &txn,
        actor,
        "purchase_order.line",
        &number,
        &ManualOrderRecord {
            sku: &item.sku,
            quantity,
            location: &place.code,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(number)
}

/// The e-mail addresses that get low-stock alerts: administrators, and staff who buy.
pub async fn merchant_addresses<C: ConnectionTrait>(db: &C) -> Result<Vec<EmailAddress>, AppError> {
    use crate::backend::entities::{staff_role, user};
    use crate::domain::Permission;

    let buying_roles: Vec<i32> = staff_role::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .filter(|r| {
            crate::domain::Permission::parse_list(&r.permissions)
                .contains(&Permission::ManagePurchasing)
        })
        .map(|r| r.id)
        .collect();
    let users = user::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(user::Column::Kind.eq("administrator"))
                .add(user::Column::StaffRoleId.is_in(buying_roles)),
        )
        .all(db)
        .await?;
    Ok(users
        .into_iter()
        .filter_map(|u| EmailAddress::parse(&u.email).ok())
        .collect())
}

/// Adds `quantity` of a variant to `order` at the supplier's cost; returns the cost's currency
/// (None when the variant was deleted meanwhile and nothing was added).
pub async fn add_line<C: ConnectionTrait>(
    db: &C,
    order: &purchase_order::Model,
    supplier_id: i32,
    variant_id: i32,
    quantity: i32,
) -> Result<Option<String>, AppError> {
    let Some(item_variant) = variant::Entity::find_by_id(variant_id).one(db).await? else {
        return Ok(None);
    };
    let name = product::Entity::find_by_id(item_variant.product_id)
        .one(db)
        .await?
        .map(|p| p.name)
        .unwrap_or_default();
    let price = supplier_item::Entity::find()
        .filter(supplier_item::Column::SupplierId.eq(supplier_id))
        .filter(supplier_item::Column::VariantId.eq(variant_id))
        .one(db)
        .await?;
    let sku = match price.as_ref().and_then(|p| p.supplier_sku.as_deref()) {
        Some(theirs) => format!("{} ({theirs})", item_variant.sku),
        None => item_variant.sku.clone(),
    };
    purchase_order_line::ActiveModel {
        purchase_order_id: Set(order.id),
        variant_id: Set(Some(variant_id)),
        sku: Set(sku.chars().take(64).collect()),
        name: Set(name.chars().take(300).collect()),
        quantity_ordered: Set(quantity),
        quantity_received: Set(0),
        cost_minor: Set(price.as_ref().map_or(0, |p| p.cost_minor)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(Some(price.map_or(item_variant.currency, |p| p.currency)))
}

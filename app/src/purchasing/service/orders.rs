//! Purchase orders: the list, one order, sending and cancelling (receiving goods is in
//! `receiving.rs`, adding lines in `ordering.rs`).

use std::collections::HashMap;

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;

use super::{currency, status_of};
use crate::audit;
use crate::backend::auth::{unix_now, Actor};
use crate::backend::entities::{location, purchase_order, purchase_order_line, supplier};
use crate::backend::AppState;
use crate::domain::{Currency, EmailAddress, Money};
use crate::error::AppError;
use crate::purchasing::domain::{PurchaseOrderNumber, PurchaseOrderStatus};
use crate::purchasing::model::{PurchaseOrderDetail, PurchaseOrderLineRow, PurchaseOrderRow};

pub(super) async fn lines_of<C: ConnectionTrait>(
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
pub(super) async fn lock_order<C: ConnectionTrait>(
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

pub(super) async fn reorder_later<C: ConnectionTrait>(
    db: &C,
    supplier_id: i32,
) -> Result<(), AppError> {
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
pub(super) async fn change_status<C: ConnectionTrait>(
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

//! Suppliers, reorder rules, alerts and purchase orders. Every change is one transaction with its
//! audit record; the permission was checked by the server function that calls in here.

use std::collections::HashMap;

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::Serialize;

use super::model::{
    PurchaseOrderDetail, PurchaseOrderLineRow, PurchaseOrderRow, ReorderAlert, ReorderRuleRow,
    SupplierDetail, SupplierItemRow, SupplierRow,
};
use crate::audit;
use crate::backend::auth::{unix_now, Actor};
use crate::backend::entities::{
    location, product, purchase_order, purchase_order_line, reorder_rule, supplier, supplier_item,
    variant,
};
use crate::backend::lookup::{location_with_code, variant_with_sku};
use crate::backend::AppState;
use crate::domain::{Currency, EmailAddress, Money};
use crate::error::AppError;
use crate::inventory::domain::{AutoReorder, MovementKind, ReorderLevels, StockChange};
use crate::inventory::{ledger, reorder_watch, Movement, Mover};
use crate::purchasing::domain::check_receipt;
use crate::purchasing::domain::{PurchaseOrderNumber, PurchaseOrderStatus};

fn currency(code: &str) -> Result<Currency, AppError> {
    Currency::parse(code).map_err(AppError::internal)
}

fn auto_reorder(code: &str) -> AutoReorder {
    AutoReorder::from_code(code).unwrap_or_default()
}

pub fn status_of(row: &purchase_order::Model) -> Result<PurchaseOrderStatus, AppError> {
    PurchaseOrderStatus::from_code(&row.status)
        .ok_or_else(|| AppError::internal(format!("unknown purchase order status {}", row.status)))
}

/// Product names of variants, for lists.
async fn product_names<C: ConnectionTrait>(
    db: &C,
    variants: &[variant::Model],
) -> Result<HashMap<i32, String>, AppError> {
    let ids: Vec<i32> = variants.iter().map(|v| v.product_id).collect();
    let products: HashMap<i32, String> = product::Entity::find()
        .filter(product::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    Ok(variants
        .iter()
        .map(|v| {
            let name = products.get(&v.product_id).cloned().unwrap_or_default();
            (v.id, name)
        })
        .collect())
}

fn supplier_row(row: supplier::Model, items: u64) -> SupplierRow {
    SupplierRow {
        id: row.id,
        auto_reorder: auto_reorder(&row.auto_reorder),
        name: row.name,
        email: row.email,
        lead_time_days: row.lead_time_days,
        items,
    }
}

pub async fn suppliers<C: ConnectionTrait>(db: &C) -> Result<Vec<SupplierRow>, AppError> {
    let rows = supplier::Entity::find()
        .order_by_asc(supplier::Column::Name)
        .all(db)
        .await?;
    // One query for every supplier's item count, not one per supplier.
    let mut items: HashMap<i32, u64> = HashMap::new();
    let owners: Vec<i32> = supplier_item::Entity::find()
        .select_only()
        .column(supplier_item::Column::SupplierId)
        .into_tuple()
        .all(db)
        .await?;
    for owner in owners {
        *items.entry(owner).or_default() += 1;
    }
    Ok(rows
        .into_iter()
        .map(|row| {
            let count = items.get(&row.id).copied().unwrap_or(0);
            supplier_row(row, count)
        })
        .collect())
}

pub async fn supplier_detail<C: ConnectionTrait>(
    db: &C,
    id: i32,
) -> Result<SupplierDetail, AppError> {
    let row = supplier::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("this supplier"))?;
    let items = supplier_item::Entity::find()
        .filter(supplier_item::Column::SupplierId.eq(id))
        .all(db)
        .await?;
    let variants = variant::Entity::find()
        .filter(variant::Column::Id.is_in(items.iter().map(|i| i.variant_id)))
        .all(db)
        .await?;
    let names = product_names(db, &variants).await?;
    let mut rows = Vec::new();
    for item in &items {
        let Some(v) = variants.iter().find(|v| v.id == item.variant_id) else {
            continue;
        };
        rows.push(SupplierItemRow {
            sku: v.sku.clone(),
            product_name: names.get(&v.id).cloned().unwrap_or_default(),
            supplier_sku: item.supplier_sku.clone(),
            cost: Money::from_minor(item.cost_minor, currency(&item.currency)?),
        });
    }
    rows.sort_by(|a, b| a.sku.cmp(&b.sku));
    Ok(SupplierDetail {
        supplier: supplier_row(row, items.len() as u64),
        items: rows,
    })
}

/// A supplier as staff type it in.
#[derive(Debug, Clone, Serialize)]
pub struct SupplierInput {
    pub name: String,
    pub email: String,
    pub lead_time_days: String,
    pub auto_reorder: String,
}

/// Creates (`id` None) or updates a supplier; returns its id.
pub async fn save_supplier(
    state: &AppState,
    actor: &Actor,
    id: Option<i32>,
    input: &SupplierInput,
) -> Result<i32, AppError> {
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(AppError::validation(
            "name",
            "Give the supplier a name of at most 200 characters.",
        ));
    }
    let email = EmailAddress::parse(&input.email)?;
    let lead_time: i32 = input
        .lead_time_days
        .trim()
        .parse()
        .ok()
        .filter(|d| (0..=365).contains(d))
        .ok_or_else(|| {
            AppError::validation(
                "lead_time_days",
                "Lead time is a number of days from 0 to 365.",
            )
        })?;
    let mode = AutoReorder::from_code(&input.auto_reorder).ok_or_else(|| {
        AppError::validation("auto_reorder", "Choose off, draft or send for reordering.")
    })?;
    let txn = crate::backend::db::begin_write(&state.db).await?;
    let mut row = supplier::ActiveModel {
        name: Set(name.to_string()),
        email: Set(email.as_str().to_string()),
        lead_time_days: Set(lead_time),
        auto_reorder: Set(mode.code().to_string()),
        ..Default::default()
    };
    let saved = match id {
        Some(id) => {
            supplier::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .ok_or_else(|| AppError::not_found("this supplier"))?;
            row.id = Set(id);
            row.update(&txn).await?
        }
        None => {
            row.created_at = Set(unix_now());
            row.reorder_runs = Set(0);
            row.insert(&txn).await?
        }
    };
    audit::record_after(
        &txn,
        actor,
        if id.is_some() {
            "supplier.update"
        } else {
            "supplier.create"
        },
        &saved.name,
        input,
    )
    .await?;
    txn.commit().await?;
    Ok(saved.id)
}

#[derive(Serialize)]
struct SupplierItemRecord<'a> {
    sku: &'a str,
    cost: String,
    supplier_sku: Option<&'a str>,
}

/// Records that `supplier_id` sells the variant `sku` at `cost` (replacing an earlier price).
pub async fn set_supplier_item(
    state: &AppState,
    actor: &Actor,
    supplier_id: i32,
    sku: &str,
    cost: &str,
    supplier_sku: &str,
) -> Result<(), AppError> {
    let shop_currency = state.site.currency;
    let cost = Money::parse(cost, shop_currency)
        .ok()
        .filter(|m| m.minor() >= 0)
        .ok_or_else(|| {
            AppError::validation("cost", "The cost price must be an amount such as 12.50.")
        })?;
    let supplier_sku = supplier_sku.trim();
    if supplier_sku.chars().count() > 64 {
        return Err(AppError::validation(
            "supplier_sku",
            "The supplier's own SKU has at most 64 characters.",
        ));
    }
    let txn = crate::backend::db::begin_write(&state.db).await?;
    supplier::Entity::find_by_id(supplier_id)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::not_found("this supplier"))?;
    let item_variant = variant_with_sku(&txn, sku).await?;
    let existing = supplier_item::Entity::find()
        .filter(supplier_item::Column::SupplierId.eq(supplier_id))
        .filter(supplier_item::Column::VariantId.eq(item_variant.id))
        .one(&txn)
        .await?;
    let mut row = supplier_item::ActiveModel {
        supplier_id: Set(supplier_id),
        variant_id: Set(item_variant.id),
        supplier_sku: Set((!supplier_sku.is_empty()).then(|| supplier_sku.to_string())),
        cost_minor: Set(cost.minor()),
        currency: Set(shop_currency.code().to_string()),
        ..Default::default()
    };
    match existing {
        Some(found) => {
            row.id = Set(found.id);
            row.update(&txn).await?;
        }
        None => {
            row.insert(&txn).await?;
        }
    }
    audit::record_after(
        &txn,
        actor,
        "supplier.item",
        &format!("{} from supplier {supplier_id}", item_variant.sku),
        &SupplierItemRecord {
            sku: &item_variant.sku,
            cost: cost.to_decimal_string(),
            supplier_sku: (!supplier_sku.is_empty()).then_some(supplier_sku),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn reorder_rules<C: ConnectionTrait>(
    db: &C,
    sku: &str,
) -> Result<Vec<ReorderRuleRow>, AppError> {
    let found = variant_with_sku(db, sku).await?;
    let rules = reorder_rule::Entity::find()
        .filter(reorder_rule::Column::VariantId.eq(found.id))
        .order_by_asc(reorder_rule::Column::Id)
        .all(db)
        .await?;
    let places: HashMap<i32, location::Model> = location::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|l| (l.id, l))
        .collect();
    let suppliers: HashMap<i32, String> = supplier::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    Ok(rules
        .into_iter()
        .map(|rule| {
            let place = rule.location_id.and_then(|id| places.get(&id));
            ReorderRuleRow {
                id: rule.id,
                location_code: place.map(|p| p.code.clone()),
                location_name: place.map(|p| p.name.clone()),
                reorder_point: rule.reorder_point,
                reorder_quantity: rule.reorder_quantity,
                supplier_id: rule.supplier_id,
                supplier_name: rule.supplier_id.and_then(|id| suppliers.get(&id).cloned()),
                low: rule.low,
            }
        })
        .collect())
}

#[derive(Serialize)]
struct RuleRecord {
    location: Option<String>,
    reorder_point: i32,
    reorder_quantity: i32,
    supplier_id: Option<i32>,
}

/// Sets the reorder point and quantity of a variant, at one location (`location_code`) or over
/// all of them (empty), with its preferred supplier. If stock is already at or below the new
/// point, the alert (and reorder) follows at once.
pub async fn set_reorder_rule(
    state: &AppState,
    actor: &Actor,
    sku: &str,
    location_code: &str,
    levels: ReorderLevels,
    supplier_id: Option<i32>,
) -> Result<(), AppError> {
    let txn = crate::backend::db::begin_write(&state.db).await?;
    let found = variant_with_sku(&txn, sku).await?;
    // One rule per variant and place: two saves at once take turns on the variant's row.
    variant::Entity::update_many()
        .col_expr(variant::Column::Sku, Expr::col(variant::Column::Sku).into())
        .filter(variant::Column::Id.eq(found.id))
        .exec(&txn)
        .await?;
    let location_id = match location_code.trim() {
        "" => None,
        code => Some(location_with_code(&txn, "location", code).await?.id),
    };
    if let Some(id) = supplier_id {
        supplier::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or_else(|| AppError::validation("supplier", "That supplier no longer exists."))?;
    }
    let mut existing =
        reorder_rule::Entity::find().filter(reorder_rule::Column::VariantId.eq(found.id));
    existing = match location_id {
        Some(id) => existing.filter(reorder_rule::Column::LocationId.eq(id)),
        None => existing.filter(reorder_rule::Column::LocationId.is_null()),
    };
    let mut row = reorder_rule::ActiveModel {
        variant_id: Set(found.id),
        location_id: Set(location_id),
        reorder_point: Set(levels.point),
        reorder_quantity: Set(levels.quantity),
        supplier_id: Set(supplier_id),
        ..Default::default()
    };
    match existing.one(&txn).await? {
        Some(rule) => {
            row.id = Set(rule.id);
            row.update(&txn).await?;
        }
        None => {
            row.low = Set(false);
            row.low_since = Set(None);
            row.insert(&txn).await?;
        }
    }
    reorder_watch::after_movement(&txn, found.id).await?;
    audit::record_after(
        &txn,
        actor,
        "reorder.rule",
        &found.sku,
        &RuleRecord {
            location: (!location_code.trim().is_empty()).then(|| location_code.trim().to_string()),
            reorder_point: levels.point,
            reorder_quantity: levels.quantity,
            supplier_id,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Variants at or below their reorder point, longest waiting first.
pub async fn alerts<C: ConnectionTrait>(db: &C) -> Result<Vec<ReorderAlert>, AppError> {
    let rules = reorder_rule::Entity::find()
        .filter(reorder_rule::Column::Low.eq(true))
        .order_by_asc(reorder_rule::Column::LowSince)
        .all(db)
        .await?;
    if rules.is_empty() {
        return Ok(Vec::new());
    }
    let variants = variant::Entity::find()
        .filter(variant::Column::Id.is_in(rules.iter().map(|r| r.variant_id)))
        .all(db)
        .await?;
    let names = product_names(db, &variants).await?;
    let places: HashMap<i32, String> = location::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|l| (l.id, l.name))
        .collect();
    let suppliers: HashMap<i32, String> = supplier::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let mut out = Vec::new();
    for rule in rules {
        let Some(v) = variants.iter().find(|v| v.id == rule.variant_id) else {
            continue;
        };
        out.push(ReorderAlert {
            sku: v.sku.clone(),
            product_name: names.get(&v.id).cloned().unwrap_or_default(),
            location: rule.location_id.and_then(|id| places.get(&id).cloned()),
            available: reorder_watch::available(db, v.id, rule.location_id).await?,
            reorder_point: rule.reorder_point,
            supplier: rule.supplier_id.and_then(|id| suppliers.get(&id).cloned()),
            since: rule.low_since,
        });
    }
    Ok(out)
}

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
    let quantity: i32 = quantity
        .trim()
        .parse()
        .ok()
        .filter(|q| (1..=1_000_000).contains(q))
        .ok_or_else(|| {
            AppError::validation(
                "quantity",
                "Order a whole number of units from 1 to 1,000,000.",
            )
        })?;
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
    super::reorder::add_line(&txn, &draft, supplier_id, item.id, quantity).await?;
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

//! The background side of buying: what runs when a reorder point is crossed (the alert mail and
//! the supplier's purchase order), and the purchase order's mail to the supplier. Each handler
//! can run again after a crash without ordering twice.

use std::collections::BTreeMap;

use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::service::{self, add_line, MailPurchaseOrder};
use crate::backend::auth::unix_now;
use crate::backend::entities::{
    location, product, purchase_order, purchase_order_line, reorder_rule, supplier, variant,
};
use crate::backend::mail::{Attachment, Mail};
use crate::backend::AppState;
use crate::error::AppError;
use crate::inventory::domain::AutoReorder;
use crate::inventory::online_locations_in_order;
use crate::inventory::reorder_watch::{self, StockLow};
use crate::purchasing::domain::{PurchaseOrderNumber, PurchaseOrderStatus};

/// A reorder point was crossed: order from the preferred supplier if it reorders automatically,
/// then tell the merchant (naming the purchase order, if one was made).
pub async fn stock_low(state: &AppState, job: &StockLow) -> Result<(), AppError> {
    let Some(rule) = reorder_rule::Entity::find_by_id(job.rule_id)
        .one(&state.db)
        .await?
    else {
        return Ok(()); // The rule was deleted since.
    };
    let Some(low_variant) = variant::Entity::find_by_id(rule.variant_id)
        .one(&state.db)
        .await?
    else {
        return Ok(());
    };
    if let Some(supplier_id) = rule.supplier_id {
        reorder_supplier(&state.db, supplier_id).await?;
    }
    // Read back rather than taken from the run above: a retry of this job finds the orders the
    // first try made.
    let orders = open_orders_for(&state.db, rule.supplier_id, low_variant.id).await?;
    let product_name = product::Entity::find_by_id(low_variant.product_id)
        .one(&state.db)
        .await?
        .map(|p| p.name)
        .unwrap_or_default();
    let place = match rule.location_id {
        Some(id) => location::Entity::find_by_id(id)
            .one(&state.db)
            .await?
            .map_or_else(|| "one location".to_string(), |l| l.name),
        None => "all locations".to_string(),
    };
    let available = reorder_watch::available(&state.db, rule.variant_id, rule.location_id).await?;
    let mut text = format!(
        "{product_name} ({sku}) is down to {available} available at {place}, at or below its \
         reorder point of {point}.\n",
        sku = low_variant.sku,
        point = rule.reorder_point,
    );
    if orders.is_empty() {
        text.push_str(
            "\nNo purchase order was made automatically: order more by hand if needed.\n",
        );
    }
    for (number, status) in &orders {
        text.push_str(&format!(
            "\nPurchase order {number} is {}: {}/admin/purchase-orders/{number}\n",
            match status {
                PurchaseOrderStatus::Sent => "on its way to the supplier",
                _ => "waiting for you to check and send it",
            },
            state.site.site_url
        ));
    }
    text.push_str(&format!(
        "\nThis alert is sent once; the next one comes if stock falls to the point again after \
         rising above it.\n{}/admin\n",
        state.site.site_url
    ));
    let crossing = rule.low_since.unwrap_or_default();
    let txn = crate::backend::db::begin_write(&state.db).await?;
    for to in service::merchant_addresses(&txn).await? {
        let dedupe = format!("low-stock:{}:{crossing}:{}", rule.id, to.as_str());
        let mail = Mail {
            to,
            subject: format!("Low stock: {} ({})", product_name, low_variant.sku),
            text: text.clone(),
        };
        crate::backend::mail::queue(&txn, &mail, Some(dedupe)).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The open purchase orders of `supplier_id` that bring `variant_id`, oldest first.
async fn open_orders_for<C: ConnectionTrait>(
    db: &C,
    supplier_id: Option<i32>,
    variant_id: i32,
) -> Result<Vec<(PurchaseOrderNumber, PurchaseOrderStatus)>, AppError> {
    use sea_orm::QueryOrder;

    let Some(supplier_id) = supplier_id else {
        return Ok(Vec::new());
    };
    let open = purchase_order::Entity::find()
        .filter(purchase_order::Column::SupplierId.eq(supplier_id))
        .filter(
            purchase_order::Column::Status
                .is_in(PurchaseOrderStatus::OPEN.iter().map(|s| s.code())),
        )
        .order_by_asc(purchase_order::Column::Id)
        .all(db)
        .await?;
    let mut found = Vec::new();
    for order in open {
        let brings = purchase_order_line::Entity::find()
            .filter(purchase_order_line::Column::PurchaseOrderId.eq(order.id))
            .filter(purchase_order_line::Column::VariantId.eq(variant_id))
            .one(db)
            .await?
            .is_some();
        if brings {
            found.push((PurchaseOrderNumber(order.id), service::status_of(&order)?));
        }
    }
    Ok(found)
}

/// Orders everything that is due from one supplier: each variant whose rule (naming this
/// supplier) is at or below its point and not already on an open purchase order, grouped into
/// one purchase order per receiving location. Returns the orders made.
///
/// Runs for one supplier at a time: the update of the supplier row at the start takes its row
/// lock on PostgreSQL (SQLite serialises writers anyway), so two runs on two nodes cannot both
/// order the same items.
pub async fn reorder_supplier(
    db: &sea_orm::DatabaseConnection,
    supplier_id: i32,
) -> Result<Vec<(PurchaseOrderNumber, PurchaseOrderStatus)>, AppError> {
    let txn = crate::backend::db::begin_write(db).await?;
    let Some(mode) = lock_supplier(&txn, supplier_id).await? else {
        return Ok(Vec::new());
    };
    let wanted = wanted_by_location(&txn, supplier_id).await?;
    let mut made = Vec::new();
    for (location_id, items) in wanted {
        // Items that come due while a draft waits for staff join that draft (a supplier whose
        // orders go out at once gets a new order each time).
        let waiting = purchase_order::Entity::find()
            .filter(purchase_order::Column::SupplierId.eq(supplier_id))
            .filter(purchase_order::Column::LocationId.eq(location_id))
            .filter(purchase_order::Column::Status.eq(PurchaseOrderStatus::Draft.code()))
            .one(&txn)
            .await?;
        if let Some(draft) = waiting.filter(|_| mode == AutoReorder::Draft) {
            for (variant_id, quantity) in items {
                add_line(&txn, &draft, supplier_id, variant_id, quantity).await?;
            }
            made.push((PurchaseOrderNumber(draft.id), PurchaseOrderStatus::Draft));
            continue;
        }
        if let Some(order) = new_order(&txn, supplier_id, mode, location_id, items).await? {
            made.push(order);
        }
    }
    txn.commit().await?;
    Ok(made)
}

/// Takes the supplier's row lock for the run (the update), and says how the supplier reorders;
/// None when it is gone or does not reorder automatically.
async fn lock_supplier<C: ConnectionTrait>(
    txn: &C,
    supplier_id: i32,
) -> Result<Option<AutoReorder>, AppError> {
    let locked = supplier::Entity::update_many()
        .col_expr(
            supplier::Column::ReorderRuns,
            Expr::col(supplier::Column::ReorderRuns).add(1),
        )
        .filter(supplier::Column::Id.eq(supplier_id))
        .exec(txn)
        .await?
        .rows_affected;
    let Some(from) = supplier::Entity::find_by_id(supplier_id).one(txn).await? else {
        return Ok(None);
    };
    let mode = AutoReorder::from_code(&from.auto_reorder).unwrap_or_default();
    if locked == 0 || mode == AutoReorder::Off {
        return Ok(None);
    }
    Ok(Some(mode))
}

/// What is due from the supplier and not already on its way: receiving location → (variant,
/// quantity), in a stable order.
async fn wanted_by_location<C: ConnectionTrait>(
    txn: &C,
    supplier_id: i32,
) -> Result<BTreeMap<i32, BTreeMap<i32, i32>>, AppError> {
    let due = reorder_rule::Entity::find()
        .filter(reorder_rule::Column::SupplierId.eq(supplier_id))
        .filter(reorder_rule::Column::Low.eq(true))
        .all(txn)
        .await?;
    let on_order = variants_on_open_orders(txn, supplier_id).await?;
    let default_location = online_locations_in_order(txn).await?.first().copied();
    let mut wanted: BTreeMap<i32, BTreeMap<i32, i32>> = BTreeMap::new();
    for rule in due {
        if on_order.contains(&rule.variant_id) {
            continue;
        }
        let Some(location_id) = rule.location_id.or(default_location) else {
            continue;
        };
        *wanted
            .entry(location_id)
            .or_default()
            .entry(rule.variant_id)
            .or_default() += rule.reorder_quantity;
    }
    Ok(wanted)
}

/// A new purchase order of `items` for one location, sent at once if the supplier's orders go
/// out automatically. None when every item was deleted meanwhile (nothing is ordered then).
async fn new_order<C: ConnectionTrait>(
    txn: &C,
    supplier_id: i32,
    mode: AutoReorder,
    location_id: i32,
    items: BTreeMap<i32, i32>,
) -> Result<Option<(PurchaseOrderNumber, PurchaseOrderStatus)>, AppError> {
    let order = purchase_order::ActiveModel {
        supplier_id: Set(supplier_id),
        location_id: Set(location_id),
        status: Set(PurchaseOrderStatus::Draft.code().to_string()),
        currency: Set(String::new()),
        note: Set("Made automatically at the reorder point".to_string()),
        created_by: Set("system (automatic reorder)".to_string()),
        created_at: Set(unix_now()),
        sent_at: Set(None),
        closed_at: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let mut currency = None;
    for (variant_id, quantity) in items {
        let line_currency = add_line(txn, &order, supplier_id, variant_id, quantity).await?;
        currency = currency.or(line_currency);
    }
    let Some(currency) = currency else {
        // Every item was deleted meanwhile: nothing to order.
        purchase_order::Entity::delete_by_id(order.id)
            .exec(txn)
            .await?;
        return Ok(None);
    };
    let mut row: purchase_order::ActiveModel = order.clone().into();
    row.currency = Set(currency);
    let order = row.update(txn).await?;
    let mut status = PurchaseOrderStatus::Draft;
    if mode == AutoReorder::Send {
        service::mark_sent(txn, &order).await?;
        status = PurchaseOrderStatus::Sent;
    }
    Ok(Some((PurchaseOrderNumber(order.id), status)))
}

/// Variants on this supplier's purchase orders that are still open with units to come.
async fn variants_on_open_orders<C: ConnectionTrait>(
    db: &C,
    supplier_id: i32,
) -> Result<Vec<i32>, AppError> {
    let open: Vec<i32> = purchase_order::Entity::find()
        .filter(purchase_order::Column::SupplierId.eq(supplier_id))
        .filter(
            purchase_order::Column::Status
                .is_in(PurchaseOrderStatus::OPEN.iter().map(|s| s.code())),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|o| o.id)
        .collect();
    if open.is_empty() {
        return Ok(Vec::new());
    }
    Ok(purchase_order_line::Entity::find()
        .filter(purchase_order_line::Column::PurchaseOrderId.is_in(open))
        .filter(
            Expr::col(purchase_order_line::Column::QuantityReceived)
                .lt(Expr::col(purchase_order_line::Column::QuantityOrdered)),
        )
        .all(db)
        .await?
        .into_iter()
        .filter_map(|l| l.variant_id)
        .collect())
}

/// E-mails a sent purchase order to its supplier, with the CSV attached.
pub async fn mail_purchase_order(
    state: &AppState,
    job: &MailPurchaseOrder,
) -> Result<(), AppError> {
    let number = PurchaseOrderNumber(job.purchase_order_id).to_string();
    let detail = service::purchase_order_detail(&state.db, &number).await?;
    if detail.status == PurchaseOrderStatus::Cancelled {
        return Ok(());
    }
    let to = crate::domain::EmailAddress::parse(&detail.supplier_email)
        .map_err(|e| AppError::internal(format!("supplier e-mail: {e}")))?;
    let text = super::document::text(&detail, crate::SHOP_NAME, &state.site.site_url);
    let csv = super::document::csv(&detail)?;
    state
        .mailer
        .send_with(
            Mail {
                to,
                subject: format!("Purchase order {} from {}", detail.number, crate::SHOP_NAME),
                text,
            },
            vec![Attachment {
                filename: format!("{}.csv", detail.number),
                content_type: "text/csv; charset=utf-8".to_string(),
                bytes: csv,
            }],
        )
        .await
}

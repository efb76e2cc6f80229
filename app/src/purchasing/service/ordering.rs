//! Putting items on purchase orders: by hand from the back office, and the line that automatic
//! reorders add too.

use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::Serialize;

use crate::audit;
use crate::backend::auth::{unix_now, Actor};
use crate::backend::entities::{
    product, purchase_order, purchase_order_line, supplier, supplier_item, variant,
};
use crate::backend::lookup::{location_with_code, variant_with_sku};
use crate::backend::AppState;
use crate::error::AppError;
use crate::purchasing::domain::{PurchaseOrderNumber, PurchaseOrderStatus};

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

//! Reorder rules and the low-stock alerts they raise.

use std::collections::HashMap;

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;

use super::product_names;
use crate::audit;
use crate::backend::auth::Actor;
use crate::backend::entities::{location, reorder_rule, supplier, variant};
use crate::backend::lookup::{location_with_code, variant_with_sku};
use crate::backend::AppState;
use crate::error::AppError;
use crate::inventory::domain::ReorderLevels;
use crate::inventory::reorder_watch;
use crate::purchasing::model::{ReorderAlert, ReorderRuleRow};

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

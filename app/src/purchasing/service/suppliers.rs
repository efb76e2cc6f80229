//! Suppliers and what they sell at what cost.

use std::collections::HashMap;

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::Serialize;

use super::{auto_reorder, currency, product_names};
use crate::audit;
use crate::backend::auth::{unix_now, Actor};
use crate::backend::entities::{supplier, supplier_item, variant};
use crate::backend::lookup::variant_with_sku;
use crate::backend::AppState;
use crate::domain::{EmailAddress, Money};
use crate::error::AppError;
use crate::inventory::domain::AutoReorder;
use crate::purchasing::model::{SupplierDetail, SupplierItemRow, SupplierRow};

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

//! Suppliers, reorder rules, alerts and purchase orders. Every change is one transaction with its
//! audit record; the permission was checked by the server function that calls in here.

mod ordering;
mod orders;
mod receiving;
mod rules;
mod suppliers;

pub use ordering::*;
pub use orders::*;
pub use receiving::*;
pub use rules::*;
pub use suppliers::*;

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::backend::entities::{product, purchase_order, variant};
use crate::domain::Currency;
use crate::error::AppError;
use crate::inventory::domain::AutoReorder;
use crate::purchasing::domain::PurchaseOrderStatus;

pub(super) fn currency(code: &str) -> Result<Currency, AppError> {
    Currency::parse(code).map_err(AppError::internal)
}

pub(super) fn auto_reorder(code: &str) -> AutoReorder {
    AutoReorder::from_code(code).unwrap_or_default()
}

pub fn status_of(row: &purchase_order::Model) -> Result<PurchaseOrderStatus, AppError> {
    PurchaseOrderStatus::from_code(&row.status)
        .ok_or_else(|| AppError::internal(format!("unknown purchase order status {}", row.status)))
}

/// Product names of variants, for lists.
pub(super) async fn product_names<C: ConnectionTrait>(
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

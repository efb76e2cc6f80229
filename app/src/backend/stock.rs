//! Stock queries more than one area needs (the catalog shows availability, the cart checks it).

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::backend::entities::{location, stock_level};
use crate::domain::available_units;
use crate::error::AppError;

/// Units that can still be sold online, per variant, over the locations that sell online.
/// Variants without stock records are missing from the map (none available).
pub async fn available_online<C: ConnectionTrait>(
    db: &C,
    variant_ids: &[i32],
) -> Result<HashMap<i32, i64>, AppError> {
    let online: Vec<i32> = location::Entity::find()
        .filter(location::Column::SellsOnline.eq(true))
        .select_only()
        .column(location::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let levels = stock_level::Entity::find()
        .filter(stock_level::Column::VariantId.is_in(variant_ids.to_vec()))
        .filter(stock_level::Column::LocationId.is_in(online))
        .all(db)
        .await?;
    let mut by_variant: HashMap<i32, Vec<(i32, i32)>> = HashMap::new();
    for level in levels {
        by_variant
            .entry(level.variant_id)
            .or_default()
            .push((level.on_hand, level.reserved));
    }
    Ok(by_variant
        .into_iter()
        .map(|(variant, levels)| (variant, available_units(levels)))
        .collect())
}

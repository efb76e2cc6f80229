//! The feed of catalog changes: whatever changes a product's searchable facts (name, price,
//! stock) records the product here, in its own transaction; every node's index reads the feed
//! and re-indexes those products, so a change made on one node is found on all of them.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set,
};

use crate::backend::auth::unix_now;
use crate::backend::entities::{search_change, variant};
use crate::error::AppError;

pub async fn record_products<C: ConnectionTrait>(
    db: &C,
    product_ids: &[i32],
) -> Result<(), AppError> {
    if product_ids.is_empty() {
        return Ok(());
    }
    let now = unix_now();
    search_change::Entity::insert_many(product_ids.iter().map(|id| search_change::ActiveModel {
        product_id: Set(Some(*id)),
        changed_at: Set(now),
        ..Default::default()
    }))
    .exec(db)
    .await?;
    Ok(())
}

pub async fn record_variants<C: ConnectionTrait>(
    db: &C,
    variant_ids: &[i32],
) -> Result<(), AppError> {
    if variant_ids.is_empty() {
        return Ok(());
    }
    let mut products: Vec<i32> = variant::Entity::find()
        .filter(variant::Column::Id.is_in(variant_ids.to_vec()))
        .select_only()
        .column(variant::Column::ProductId)
        .into_tuple()
        .all(db)
        .await?;
    products.sort_unstable();
    products.dedup();
    record_products(db, &products).await
}

/// Asks every node to rebuild its whole index.
pub async fn record_rebuild<C: ConnectionTrait>(db: &C) -> Result<(), AppError> {
    search_change::ActiveModel {
        product_id: Set(None),
        changed_at: Set(unix_now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Forgets changes older than `before` (every node has long applied them).
pub async fn prune<C: ConnectionTrait>(db: &C, before: i64) -> Result<(), AppError> {
    search_change::Entity::delete_many()
        .filter(search_change::Column::ChangedAt.lt(before))
        .exec(db)
        .await?;
    Ok(())
}

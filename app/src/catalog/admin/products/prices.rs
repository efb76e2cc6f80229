//! Changing a variant's price from the back office's price page.

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use serde::Serialize;

use crate::audit;
use crate::backend::auth::Actor;
use crate::backend::entities::{product, variant};
use crate::backend::lookup::{find_variant, sku};
use crate::backend::AppState;
use crate::domain::{Currency, Money};
use crate::error::AppError;

#[derive(Serialize)]
struct PriceRecord {
    price: String,
}

/// Changes a variant's price and keeps its product's "from" price in step.
pub async fn set_price(
    state: &AppState,
    actor: &Actor,
    sku_text: &str,
    price_text: &str,
) -> Result<(), AppError> {
    let sku = sku(sku_text)?;
    let txn = crate::backend::db::begin_write(&state.db).await?;
    let found = find_variant(&txn, &sku).await?;
    let currency = Currency::parse(&found.currency).map_err(AppError::internal)?;
    let price = Money::parse(price_text, currency)
        .map_err(|e| AppError::validation("price", e.to_string()))?;
    if price.minor() <= 0 {
        return Err(AppError::validation(
            "price",
            "A price must be more than zero.",
        ));
    }
    let before = Money::from_minor(found.price_minor, currency);
    variant::ActiveModel {
        id: Set(found.id),
        price_minor: Set(price.minor()),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    let lowest: Option<i64> = variant::Entity::find()
        .select_only()
        .column_as(variant::Column::PriceMinor.min(), "lowest")
        .filter(variant::Column::ProductId.eq(found.product_id))
        .into_tuple()
        .one(&txn)
        .await?
        .flatten();
    product::ActiveModel {
        id: Set(found.product_id),
        min_price_minor: Set(lowest.unwrap_or(price.minor())),
        updated_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    crate::backend::change_feed::record_products(&txn, &[found.product_id]).await?;
    audit::record_change(
        &txn,
        actor,
        "price.set",
        &format!("{sku}"),
        &PriceRecord {
            price: before.to_decimal_string(),
        },
        &PriceRecord {
            price: price.to_decimal_string(),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

//! In-store sales, shared by the admin till page and the JSON endpoint for external tills: the
//! stores, what a scan shows, stock for tills; recording a sale is in `sale.rs`.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::model::{StockReading, Store, TillItem};
use crate::backend::entities::{location, product, variant};
use crate::backend::lookup::variant_with_sku;
use crate::domain::{Currency, Money, Sku};
use crate::error::AppError;
use crate::inventory::ledger;
use crate::till::domain::PosError;

pub use super::sale::{receipt, record_sale};

const STORE: &str = "store";

pub(super) fn basket_problem(error: PosError) -> AppError {
    let field = match error {
        PosError::NotEnoughCash { .. } | PosError::BadTendered => "tendered",
        PosError::BadCardReference => "reference",
        PosError::BadPaymentMethod => "method",
        _ => "lines",
    };
    AppError::validation(field, error.to_string())
}

pub async fn stores<C: ConnectionTrait>(db: &C) -> Result<Vec<Store>, AppError> {
    Ok(location::Entity::find()
        .filter(location::Column::Kind.eq(STORE))
        .order_by_asc(location::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|l| Store {
            code: l.code,
            name: l.name,
        })
        .collect())
}

/// The store a sale is made in: a physical store, by code.
pub async fn store_by_code<C: ConnectionTrait>(
    db: &C,
    code: &str,
) -> Result<location::Model, AppError> {
    location::Entity::find()
        .filter(location::Column::Code.eq(code.trim()))
        .filter(location::Column::Kind.eq(STORE))
        .one(db)
        .await?
        .ok_or_else(|| {
            AppError::validation("location", format!("There is no store “{}”.", code.trim()))
        })
}

pub(super) async fn product_name<C: ConnectionTrait>(
    db: &C,
    item: &variant::Model,
) -> Result<String, AppError> {
    Ok(product::Entity::find_by_id(item.product_id)
        .one(db)
        .await?
        .map(|p| p.name)
        .unwrap_or_default())
}

/// What the till shows after a scan.
pub async fn till_item<C: ConnectionTrait>(
    db: &C,
    store_code: &str,
    sku_text: &str,
) -> Result<TillItem, AppError> {
    let store = store_by_code(db, store_code).await?;
    let sku = Sku::parse(sku_text)?;
    let item = variant_with_sku(db, sku.as_str()).await?;
    let level = ledger::level(db, item.id, store.id)
        .await?
        .unwrap_or_default();
    Ok(TillItem {
        name: product_name(db, &item).await?,
        price: Money::from_minor(
            item.price_minor,
            Currency::parse(&item.currency).map_err(AppError::internal)?,
        ),
        sku: item.sku,
        available_here: level.available(),
    })
}

/// Stock of the given SKUs at one store, for tills.
pub async fn stock_at<C: ConnectionTrait>(
    db: &C,
    store_code: &str,
    skus: &[String],
) -> Result<Vec<StockReading>, AppError> {
    if skus.is_empty() || skus.len() > 200 {
        return Err(AppError::validation(
            "sku",
            "Ask for between 1 and 200 SKUs, separated by commas.",
        ));
    }
    let store = store_by_code(db, store_code).await?;
    let mut out = Vec::with_capacity(skus.len());
    for text in skus {
        let sku = Sku::parse(text)?;
        let item = variant_with_sku(db, sku.as_str()).await?;
        let level = ledger::level(db, item.id, store.id)
            .await?
            .unwrap_or_default();
        out.push(StockReading {
            sku: item.sku,
            location: store.code.clone(),
            on_hand: level.on_hand,
            reserved: level.reserved,
            available: level.available(),
        });
    }
    Ok(out)
}

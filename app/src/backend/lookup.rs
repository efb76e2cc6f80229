//! Finding what staff and tills name by its code (a SKU, a location code), with the message a
//! person understands when nothing has it. Shared by the back office's stock, price, buying and
//! till services.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::backend::entities::{location, variant};
use crate::domain::Sku;
use crate::error::AppError;

/// The SKU staff typed: a 400 on the `sku` field when it is not one.
pub fn sku(text: &str) -> Result<Sku, AppError> {
    Ok(Sku::parse(text)?)
}

/// The location with the code staff chose: a 400 on `field` when there is none.
pub async fn location_with_code<C: sea_orm::ConnectionTrait>(
    db: &C,
    field: &str,
    code: &str,
) -> Result<location::Model, AppError> {
    location::Entity::find()
        .filter(location::Column::Code.eq(code.trim()))
        .one(db)
        .await?
        .ok_or_else(|| {
            AppError::validation(field, format!("There is no location “{}”.", code.trim()))
        })
}

/// The variant with the SKU staff typed (or a till sent): a 400 on the `sku` field when the
/// text is not a SKU or no variant has it.
pub async fn variant_with_sku<C: sea_orm::ConnectionTrait>(
    db: &C,
    text: &str,
) -> Result<variant::Model, AppError> {
    let sku = sku(text)?;
    variant::Entity::find()
        .filter(variant::Column::Sku.eq(sku.as_str()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::validation("sku", format!("No item has the SKU {sku}.")))
}

/// The variant with `sku`: a 404 when no variant has it.
pub async fn find_variant<C: sea_orm::ConnectionTrait>(
    db: &C,
    sku: &Sku,
) -> Result<variant::Model, AppError> {
    variant::Entity::find()
        .filter(variant::Column::Sku.eq(sku.as_str()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found(format!("a variant with SKU {sku}")))
}

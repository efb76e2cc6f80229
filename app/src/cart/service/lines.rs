//! The shopper's changes to their cart, one line at a time; each checks the stock available now.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, Set,
};

use super::{find, find_or_create, touch, view_of, CartOwner};
use crate::backend::auth::unix_now;
use crate::backend::entities::{cart_line, product, variant};
use crate::cart::domain::{CartError, Quantity, CART_LINE_LIMIT};
use crate::cart::model::CartView;
use crate::domain::Sku;
use crate::error::AppError;
use crate::inventory::available_online;

fn invalid(err: CartError) -> AppError {
    AppError::validation("quantity", err.to_string())
}

async fn variant_by_sku<C: ConnectionTrait>(
    db: &C,
    sku_text: &str,
) -> Result<(variant::Model, product::Model), AppError> {
    let not_found = || AppError::not_found("this item");
    let sku = Sku::parse(sku_text).map_err(|_| not_found())?;
    let found = variant::Entity::find()
        .filter(variant::Column::Sku.eq(sku.as_str()))
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    let owner = product::Entity::find_by_id(found.product_id)
        .filter(product::Column::Published.eq(true))
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    Ok((found, owner))
}

async fn available<C: ConnectionTrait>(db: &C, variant_id: i32) -> Result<i64, AppError> {
    Ok(available_online(db, &[variant_id])
        .await?
        .get(&variant_id)
        .copied()
        .unwrap_or(0))
}

/// Adds `quantity` of the variant with `sku`. The whole line must fit the stock available now;
/// re-adding takes the current price as the one the shopper agreed to.
/// Returns the cart and, for a new guest cart, the cookie secret.
pub async fn add(
    db: &DatabaseConnection,
    owner: CartOwner<'_>,
    sku: &str,
    quantity: &str,
) -> Result<(CartView, Option<String>), AppError> {
    let quantity = Quantity::parse(quantity).map_err(invalid)?;
    let txn = crate::backend::db::begin_write(db).await?;
    let (item, owner_product) = variant_by_sku(&txn, sku).await?;
    let (cart, new_token) = find_or_create(&txn, owner).await?;
    let existing = cart_line::Entity::find()
        .filter(cart_line::Column::CartId.eq(cart.id))
        .filter(cart_line::Column::VariantId.eq(item.id))
        .one(&txn)
        .await?;
    let wanted = match &existing {
        Some(line) => Quantity::new(u32::try_from(line.quantity).unwrap_or(0))
            .and_then(|had| had.plus(quantity))
            .map_err(invalid)?,
        None => {
            let lines = cart_line::Entity::find()
                .filter(cart_line::Column::CartId.eq(cart.id))
                .count(&txn)
                .await?;
            if lines >= CART_LINE_LIMIT as u64 {
                return Err(invalid(CartError::TooManyLines));
            }
            quantity
        }
    };
    wanted
        .check_stock(&owner_product.name, available(&txn, item.id).await?)
        .map_err(invalid)?;
    let units = i32::try_from(wanted.get()).map_err(AppError::internal)?;
    match existing {
        Some(line) => {
            cart_line::ActiveModel {
                id: Set(line.id),
                quantity: Set(units),
                unit_price_minor_at_add: Set(item.price_minor),
                ..Default::default()
            }
            .update(&txn)
            .await?;
        }
        None => {
            cart_line::ActiveModel {
                cart_id: Set(cart.id),
                variant_id: Set(item.id),
                quantity: Set(units),
                unit_price_minor_at_add: Set(item.price_minor),
                added_at: Set(unix_now()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }
    touch(&txn, cart.id).await?;
    txn.commit().await?;
    Ok((view_of(db, Some(cart)).await?, new_token))
}

/// Sets a line's quantity (what the shopper typed on the cart page).
pub async fn set_quantity(
    db: &DatabaseConnection,
    owner: CartOwner<'_>,
    sku: &str,
    quantity: &str,
) -> Result<CartView, AppError> {
    let quantity = Quantity::parse(quantity).map_err(invalid)?;
    let txn = crate::backend::db::begin_write(db).await?;
    let (item, owner_product) = variant_by_sku(&txn, sku).await?;
    let cart = find(&txn, owner)
        .await?
        .ok_or_else(|| AppError::not_found("this item in your cart"))?;
    let line = cart_line::Entity::find()
        .filter(cart_line::Column::CartId.eq(cart.id))
        .filter(cart_line::Column::VariantId.eq(item.id))
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::not_found("this item in your cart"))?;
    quantity
        .check_stock(&owner_product.name, available(&txn, item.id).await?)
        .map_err(invalid)?;
    cart_line::ActiveModel {
        id: Set(line.id),
        quantity: Set(i32::try_from(quantity.get()).map_err(AppError::internal)?),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    touch(&txn, cart.id).await?;
    txn.commit().await?;
    view_of(db, Some(cart)).await
}

pub async fn remove(
    db: &DatabaseConnection,
    owner: CartOwner<'_>,
    sku: &str,
) -> Result<CartView, AppError> {
    let cart = find(db, owner).await?;
    if let (Some(cart), Ok(sku)) = (&cart, Sku::parse(sku)) {
        let ids: Vec<i32> = variant::Entity::find()
            .filter(variant::Column::Sku.eq(sku.as_str()))
            .all(db)
            .await?
            .into_iter()
            .map(|v| v.id)
            .collect();
        cart_line::Entity::delete_many()
            .filter(cart_line::Column::CartId.eq(cart.id))
            .filter(cart_line::Column::VariantId.is_in(ids))
            .exec(db)
            .await?;
        touch(db, cart.id).await?;
    }
    view_of(db, cart).await
}

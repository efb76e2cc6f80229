//! Carts in the database: found by the guest's cookie or by the signed-in account, changed one
//! line at a time in a transaction that checks stock, and read with a fixed number of queries
//! whatever their length.

use std::collections::HashMap;

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use super::model::{CartLineView, CartView};
use crate::backend::auth::{secret, unix_now};
use crate::backend::entities::{cart, cart_line, media, product, variant, variant_option_value};
use crate::cart::domain::{line_total, subtotal, CART_LINE_LIMIT};
use crate::cart::domain::{CartError, PriceChange, Quantity};
use crate::catalog::model::Image;
use crate::domain::{Currency, Money, Sku};
use crate::error::AppError;
use crate::inventory::available_online;
use crate::inventory::domain::Availability;

/// Whose cart: the signed-in account's, else the one named by the browser's cart cookie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CartOwner<'a> {
    pub user_id: Option<i32>,
    pub guest_token: Option<&'a str>,
}

fn invalid(err: CartError) -> AppError {
    AppError::validation("quantity", err.to_string())
}

async fn find<C: ConnectionTrait>(
    db: &C,
    owner: CartOwner<'_>,
) -> Result<Option<cart::Model>, AppError> {
    let query = match (owner.user_id, owner.guest_token) {
        (Some(user_id), _) => cart::Entity::find().filter(cart::Column::UserId.eq(user_id)),
        (None, Some(token)) => cart::Entity::find()
            .filter(cart::Column::TokenHash.eq(secret::digest(token)))
            .filter(cart::Column::UserId.is_null()),
        (None, None) => return Ok(None),
    };
    Ok(query.one(db).await?)
}

/// The owner's cart, created when there is none yet. For a new guest cart, also the secret the
/// browser must keep in its cart cookie.
async fn find_or_create<C: ConnectionTrait>(
    db: &C,
    owner: CartOwner<'_>,
) -> Result<(cart::Model, Option<String>), AppError> {
    if let Some(found) = find(db, owner).await? {
        return Ok((found, None));
    }
    let token = secret::new_secret().map_err(AppError::internal)?;
    let now = unix_now();
    let created = cart::ActiveModel {
        token_hash: Set(secret::digest(&token)),
        user_id: Set(owner.user_id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok((created, owner.user_id.is_none().then_some(token)))
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

async fn touch<C: ConnectionTrait>(db: &C, cart_id: i32) -> Result<(), AppError> {
    cart::Entity::update_many()
        .col_expr(cart::Column::UpdatedAt, Expr::value(unix_now()))
        .filter(cart::Column::Id.eq(cart_id))
        .exec(db)
        .await?;
    Ok(())
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

/// The id of the owner's cart, if they have one.
pub async fn id_of(db: &DatabaseConnection, owner: CartOwner<'_>) -> Result<Option<i32>, AppError> {
    Ok(find(db, owner).await?.map(|cart| cart.id))
}

pub async fn view(db: &DatabaseConnection, owner: CartOwner<'_>) -> Result<CartView, AppError> {
    let cart = find(db, owner).await?;
    view_of(db, cart).await
}

/// At sign-in: the guest cart of this browser becomes the account's, or, when the account
/// already has one, its lines move there (quantities of the same item add up).
pub async fn adopt_guest_cart(
    db: &DatabaseConnection,
    guest_token: &str,
    user_id: i32,
) -> Result<(), AppError> {
    let txn = crate::backend::db::begin_write(db).await?;
    let guest_owner = CartOwner {
        user_id: None,
        guest_token: Some(guest_token),
    };
    let Some(guest) = find(&txn, guest_owner).await? else {
        return Ok(());
    };
    let account_owner = CartOwner {
        user_id: Some(user_id),
        guest_token: None,
    };
    match find(&txn, account_owner).await? {
        None => {
            cart::ActiveModel {
                id: Set(guest.id),
                user_id: Set(Some(user_id)),
                ..Default::default()
            }
            .update(&txn)
            .await?;
        }
        Some(account) => {
            let theirs: HashMap<i32, cart_line::Model> = cart_line::Entity::find()
                .filter(cart_line::Column::CartId.eq(account.id))
                .all(&txn)
                .await?
                .into_iter()
                .map(|line| (line.variant_id, line))
                .collect();
            for line in cart_line::Entity::find()
                .filter(cart_line::Column::CartId.eq(guest.id))
                .all(&txn)
                .await?
            {
                match theirs.get(&line.variant_id) {
                    Some(same) => {
                        let units = (same.quantity + line.quantity).min(Quantity::MAX as i32);
                        cart_line::ActiveModel {
                            id: Set(same.id),
                            quantity: Set(units),
                            ..Default::default()
                        }
                        .update(&txn)
                        .await?;
                    }
                    None if theirs.len() < CART_LINE_LIMIT => {
                        cart_line::ActiveModel {
                            id: Set(line.id),
                            cart_id: Set(account.id),
                            ..Default::default()
                        }
                        .update(&txn)
                        .await?;
                    }
                    None => {}
                }
            }
            cart::Entity::delete_by_id(guest.id).exec(&txn).await?;
            touch(&txn, account.id).await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

/// Reads a cart with current prices and stock: seven queries (after the one that found the
/// cart) whatever the number of lines.
async fn view_of(db: &DatabaseConnection, cart: Option<cart::Model>) -> Result<CartView, AppError> {
    let Some(cart) = cart else {
        return Ok(CartView::default());
    };
    let lines = cart_line::Entity::find()
        .filter(cart_line::Column::CartId.eq(cart.id))
        .order_by_asc(cart_line::Column::AddedAt)
        .order_by_asc(cart_line::Column::Id)
        .all(db)
        .await?;
    if lines.is_empty() {
        return Ok(CartView::default());
    }
    let variant_ids: Vec<i32> = lines.iter().map(|l| l.variant_id).collect();
    let variants: HashMap<i32, variant::Model> = variant::Entity::find()
        .filter(variant::Column::Id.is_in(variant_ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    let product_ids: Vec<i32> = variants.values().map(|v| v.product_id).collect();
    let products: HashMap<i32, product::Model> = product::Entity::find()
        .filter(product::Column::Id.is_in(product_ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut labels: HashMap<i32, Vec<String>> = HashMap::new();
    for option in variant_option_value::Entity::find()
        .filter(variant_option_value::Column::VariantId.is_in(variant_ids.clone()))
        .order_by_asc(variant_option_value::Column::Position)
        .all(db)
        .await?
    {
        labels
            .entry(option.variant_id)
            .or_default()
            .push(format!("{}: {}", option.name, option.value));
    }
    let mut images: HashMap<i32, Image> = HashMap::new();
    for m in media::Entity::find()
        .filter(media::Column::ProductId.is_in(product_ids))
        .filter(media::Column::Position.eq(0))
        .all(db)
        .await?
    {
        images.insert(m.product_id, crate::catalog::service::image(m));
    }
    let stock = available_online(db, &variant_ids).await?;

    let mut views = Vec::with_capacity(lines.len());
    let mut currency = None;
    for line in lines {
        let (Some(item), Some(owner)) = (
            variants.get(&line.variant_id),
            variants
                .get(&line.variant_id)
                .and_then(|v| products.get(&v.product_id)),
        ) else {
            continue;
        };
        let line_currency = Currency::parse(&item.currency).map_err(AppError::internal)?;
        currency.get_or_insert(line_currency);
        let quantity =
            Quantity::new(u32::try_from(line.quantity).unwrap_or(0)).map_err(AppError::internal)?;
        let unit_price = Money::from_minor(item.price_minor, line_currency);
        let left = stock.get(&item.id).copied().unwrap_or(0);
        let problem = if !owner.published {
            Some("This item is no longer sold.".to_string())
        } else {
            quantity
                .check_stock(&owner.name, left)
                .err()
                .map(|e| e.to_string())
        };
        views.push(CartLineView {
            sku: item.sku.clone(),
            product_href: format!("/p/{}", owner.slug),
            product_name: owner.name.clone(),
            variant_label: labels.remove(&item.id).unwrap_or_default().join(", "),
            image: images.get(&owner.id).cloned(),
            quantity: quantity.get(),
            price_change: PriceChange::between(
                Money::from_minor(line.unit_price_minor_at_add, line_currency),
                unit_price,
            ),
            line_total: line_total(unit_price, quantity)
                .map_err(|e| AppError::validation("quantity", e.to_string()))?,
            unit_price,
            availability: Availability::from_available(left),
            problem,
        });
    }
    let subtotal = match currency {
        Some(currency) => Some(
            subtotal(
                views.iter().map(|l| l.line_total),
                Money::from_minor(0, currency),
            )
            .map_err(|e| AppError::validation("cart", e.to_string()))?,
        ),
        None => None,
    };
    Ok(CartView {
        item_count: views.iter().map(|l| l.quantity).sum(),
        lines: views,
        subtotal,
    })
}

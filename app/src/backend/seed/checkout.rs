//! What checkout needs before the first order: shipping methods (every shop), and two coupons
//! for the demo shop to try.

use sea_orm::{ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, Set};

use crate::backend::entities::{coupon, shipping_method};
use crate::domain::Currency;

/// Prices in the shop's currency, in minor units: (standard, free from, express).
fn shipping_prices(currency: Currency) -> (i64, i64, i64) {
    match currency {
        Currency::Eur => (499, 5000, 1499),
        Currency::Usd => (599, 5000, 1999),
        Currency::Pln => (1499, 20000, 3999),
        Currency::Idr => (2_500_000, 50_000_000, 6_000_000),
    }
}

/// Gives a shop without shipping methods a standard (free above a threshold) and an express
/// one, so checkout works from the first start; merchants change them later.
pub async fn ensure_shipping_methods<C: ConnectionTrait>(
    db: &C,
    currency: Currency,
) -> Result<(), DbErr> {
    if shipping_method::Entity::find().count(db).await? > 0 {
        return Ok(());
    }
    let (standard, free_from, express) = shipping_prices(currency);
    let method = |code: &str, name: &str, price: i64, free: Option<i64>, position: i32| {
        shipping_method::ActiveModel {
            code: Set(code.to_string()),
            name: Set(name.to_string()),
            price_minor: Set(price),
            free_from_minor: Set(free),
            currency: Set(currency.code().to_string()),
            position: Set(position),
            active: Set(true),
            ..Default::default()
        }
    };
    shipping_method::Entity::insert_many([
        method(
            "standard",
            "Standard delivery (2–4 days)",
            standard,
            Some(free_from),
            1,
        ),
        method("express", "Express delivery (next day)", express, None, 2),
    ])
    .exec(db)
    .await?;
    Ok(())
}

/// WELCOME10 (10 % off) and SAVE5 (5 off orders of 30 or more, in the shop's currency).
pub async fn insert_demo_coupons<C: ConnectionTrait>(
    db: &C,
    currency: Currency,
) -> Result<(), DbErr> {
    let unit = 10_i64.pow(currency.exponent());
    let scale = if currency == Currency::Idr { 10_000 } else { 1 };
    coupon::Entity::insert_many([
        coupon::ActiveModel {
            code: Set("WELCOME10".to_string()),
            percent_bp: Set(Some(1_000)),
            active: Set(true),
            times_used: Set(0),
            ..Default::default()
        },
        coupon::ActiveModel {
            code: Set("SAVE5".to_string()),
            amount_minor: Set(Some(5 * unit * scale)),
            currency: Set(Some(currency.code().to_string())),
            minimum_minor: Set(Some(30 * unit * scale)),
            active: Set(true),
            times_used: Set(0),
            ..Default::default()
        },
    ])
    .exec(db)
    .await?;
    Ok(())
}

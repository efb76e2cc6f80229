//! Orders as their pages show them: found by number for whoever may see them (the key in the
//! confirmation link, the signed-in customer, a guest's e-mail address), listed in an account,
//! and turned into the wire's view.

use std::collections::HashMap;

use chrono::{TimeZone, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::{check_payment, status_of};
use crate::backend::auth::secret;
use crate::backend::entities::{order, order_line, order_tax};
use crate::backend::AppState;
use crate::domain::{Currency, EmailAddress, Money, TaxRate};
use crate::error::AppError;
use crate::orders::domain::OrderStatus;
use crate::orders::model::{OrderLineView, OrderSummary, OrderView, TaxLineView};

/// An order by number, for whoever holds its access key (the link in the confirmation).
pub async fn find_with_key(
    db: &DatabaseConnection,
    number: &str,
    key: &str,
) -> Result<order::Model, AppError> {
    let not_found = || AppError::not_found("this order");
    let found = order::Entity::find()
        .filter(order::Column::Number.eq(number))
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    if secret::constant_time_eq(
        secret::digest(key).as_bytes(),
        found.access_key_hash.as_bytes(),
    ) {
        Ok(found)
    } else {
        Err(not_found())
    }
}

/// An order by number, if it belongs to the signed-in customer.
pub async fn find_for_customer(
    db: &DatabaseConnection,
    number: &str,
    user_id: i32,
) -> Result<order::Model, AppError> {
    order::Entity::find()
        .filter(order::Column::Number.eq(number))
        .filter(order::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("this order"))
}

/// A guest's order by the e-mail address it was placed with and its number.
pub async fn find_by_email(
    db: &DatabaseConnection,
    email: &str,
    number: &str,
) -> Result<order::Model, AppError> {
    let not_found = || AppError::not_found("an order with this number and e-mail address");
    let email = EmailAddress::parse(email).map_err(|_| not_found())?;
    let number = number.trim().to_uppercase();
    order::Entity::find()
        .filter(order::Column::Number.eq(number))
        .filter(order::Column::Email.eq(email.as_str()))
        .one(db)
        .await?
        .ok_or_else(not_found)
}

pub(crate) fn when(unix: i64) -> String {
    Utc.timestamp_opt(unix, 0)
        .single()
        .map(|t| t.format("%-d %B %Y, %H:%M UTC").to_string())
        .unwrap_or_default()
}

pub async fn list_for_customer(
    db: &DatabaseConnection,
    user_id: i32,
) -> Result<Vec<OrderSummary>, AppError> {
    let orders = order::Entity::find()
        .filter(order::Column::UserId.eq(user_id))
        .order_by_desc(order::Column::PlacedAt)
        .order_by_desc(order::Column::Id)
        .limit(100)
        .all(db)
        .await?;
    let ids: Vec<i32> = orders.iter().map(|o| o.id).collect();
    let mut units: HashMap<i32, u32> = HashMap::new();
    for line in order_line::Entity::find()
        .filter(order_line::Column::OrderId.is_in(ids))
        .all(db)
        .await?
    {
        *units.entry(line.order_id).or_default() += u32::try_from(line.quantity).unwrap_or(0);
    }
    orders
        .into_iter()
        .map(|o| {
            let currency = Currency::parse(&o.currency).map_err(AppError::internal)?;
            Ok(OrderSummary {
                placed_at: o.placed_at,
                status: status_of(&o)?,
                total: Money::from_minor(o.total_minor, currency),
                item_count: units.get(&o.id).copied().unwrap_or(0),
                number: o.number,
            })
        })
        .collect()
}

pub(crate) fn card_label(brand: &str, last4: &str) -> String {
    let brand = match brand {
        "visa" => "Visa",
        "mastercard" => "Mastercard",
        "amex" => "American Express",
        other => other,
    };
    format!("{brand} ending in {last4}")
}

/// The order as its page shows it, after asking the payment provider about a payment still
/// pending (the shopper may be back before the webhook), so it reads what that check changed.
pub async fn view_after_payment_check(
    state: &AppState,
    found: &order::Model,
) -> Result<OrderView, AppError> {
    check_payment(state, found).await?;
    let found = order::Entity::find_by_id(found.id)
        .one(&state.db)
        .await?
        .ok_or_else(|| AppError::not_found("this order"))?;
    view(&state.db, &found).await
}

pub async fn view<C: ConnectionTrait>(db: &C, order: &order::Model) -> Result<OrderView, AppError> {
    let currency = Currency::parse(&order.currency).map_err(AppError::internal)?;
    let money = |minor: i64| Money::from_minor(minor, currency);
    let lines = order_line::Entity::find()
        .filter(order_line::Column::OrderId.eq(order.id))
        .order_by_asc(order_line::Column::Id)
        .all(db)
        .await?;
    let taxes = order_tax::Entity::find()
        .filter(order_tax::Column::OrderId.eq(order.id))
        .order_by_asc(order_tax::Column::RatePpm)
        .all(db)
        .await?;
    let status = status_of(order)?;
    Ok(OrderView {
        number: order.number.clone(),
        status,
        placed_at: order.placed_at,
        email: order.email.clone(),
        lines: lines
            .into_iter()
            .map(|line| OrderLineView {
                sku: line.sku,
                product_name: line.product_name,
                variant_label: line.variant_label,
                quantity: u32::try_from(line.quantity).unwrap_or(0),
                unit_price: money(line.unit_price_minor),
                line_total: money(line.line_total_minor),
            })
            .collect(),
        goods: money(order.goods_minor),
        discount: order
            .coupon_code
            .clone()
            .filter(|_| order.discount_minor > 0)
            .map(|code| (code, money(order.discount_minor))),
        shipping_method: order.shipping_method_name.clone(),
        shipping: money(order.shipping_minor),
        taxes: taxes
            .into_iter()
            .filter(|t| t.tax_minor != 0)
            .map(|t| TaxLineView {
                label: TaxRate::from_ppm(u32::try_from(t.rate_ppm).unwrap_or(0))
                    .unwrap_or(TaxRate::ZERO)
                    .label_in(&order.ship_country),
                tax: money(t.tax_minor),
            })
            .collect(),
        prices_include_tax: order.prices_include_tax,
        total: money(order.total_minor),
        refunded: (order.refunded_minor > 0).then(|| money(order.refunded_minor)),
        ship_to: [
            order.ship_name.as_str(),
            order.ship_line1.as_str(),
            order.ship_line2.as_str(),
            &format!("{} {}", order.ship_postal_code, order.ship_city),
            order.ship_region.as_str(),
            order.ship_country.as_str(),
        ]
        .into_iter()
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(str::to_string)
        .collect(),
        paid_with: match (&order.card_brand, &order.card_last4) {
            (Some(brand), Some(last4)) => Some(card_label(brand, last4)),
            _ => None,
        },
        payment_url: order
            .payment_url
            .clone()
            .filter(|_| status == OrderStatus::PendingPayment),
    })
}

//! A new order as checkout places it: the order row, its lines and its tax lines, written in the
//! caller's transaction (which also reserves the stock). It starts waiting for payment.

use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set, SqlErr};

use crate::backend::entities::{order, order_line, order_tax};
use crate::domain::{Currency, EmailAddress, Money, PostalAddress, TaxBreakdown, TaxRate};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::orders::domain::OrderStatus;

/// Everything an order copies at the moment it is placed, so that later price, tax or address
/// changes never alter it.
pub struct NewOrder<'a> {
    pub number: &'a str,
    /// The SHA-256 of the key in the confirmation link.
    pub access_key_hash: String,
    pub user_id: Option<i32>,
    pub cart_id: i32,
    /// Unique among unpaid orders: one order per checkout attempt.
    pub checkout_key: &'a str,
    pub email: &'a EmailAddress,
    pub currency: Currency,
    pub prices_include_tax: bool,
    pub goods: Money,
    pub discount: Money,
    pub shipping: Money,
    pub taxes: &'a TaxBreakdown,
    pub total: Money,
    pub coupon_code: Option<String>,
    pub shipping_method_code: &'a str,
    pub shipping_method_name: &'a str,
    pub ship_to: &'a PostalAddress,
    pub payment_provider: &'a str,
    pub reserved_until: i64,
    pub placed_at: i64,
    /// The language the shopper placed it in: its mails are written in it.
    pub language: Locale,
    pub lines: Vec<NewOrderLine>,
}

pub struct NewOrderLine {
    pub variant_id: i32,
    pub sku: String,
    pub product_name: String,
    pub variant_label: String,
    pub quantity: i32,
    pub unit_price: Money,
    pub line_total: Money,
    pub tax_rate: TaxRate,
}

/// Writes the order with its lines and tax lines. `None` when this checkout attempt was placed
/// a moment ago by a concurrent request (its key is taken): the caller shows that order instead.
pub async fn create_pending<C: ConnectionTrait>(
    txn: &C,
    new: &NewOrder<'_>,
) -> Result<Option<order::Model>, AppError> {
    let placed = match order_row(new).insert(txn).await {
        Ok(placed) => placed,
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Ok(None)
        }
        Err(err) => return Err(err.into()),
    };
    order_line::Entity::insert_many(new.lines.iter().map(|line| order_line::ActiveModel {
        order_id: Set(placed.id),
        variant_id: Set(Some(line.variant_id)),
        sku: Set(line.sku.clone()),
        product_name: Set(line.product_name.chars().take(200).collect()),
        variant_label: Set(line.variant_label.chars().take(200).collect()),
        quantity: Set(line.quantity),
        unit_price_minor: Set(line.unit_price.minor()),
        line_total_minor: Set(line.line_total.minor()),
        tax_rate_ppm: Set(i32::try_from(line.tax_rate.ppm()).unwrap_or(0)),
        ..Default::default()
    }))
    .exec(txn)
    .await?;
    order_tax::Entity::insert_many(new.taxes.lines.iter().map(|t| order_tax::ActiveModel {
        order_id: Set(placed.id),
        rate_ppm: Set(i32::try_from(t.rate.ppm()).unwrap_or(0)),
        net_minor: Set(t.net.minor()),
        tax_minor: Set(t.tax.minor()),
        gross_minor: Set(t.gross.minor()),
        ..Default::default()
    }))
    .exec(txn)
    .await?;
    Ok(Some(placed))
}

fn order_row(new: &NewOrder<'_>) -> order::ActiveModel {
    let parts = new.ship_to.parts();
    order::ActiveModel {
        number: Set(new.number.to_string()),
        language: Set(new.language.to_string()),
        access_key_hash: Set(new.access_key_hash.clone()),
        user_id: Set(new.user_id),
        cart_id: Set(Some(new.cart_id)),
        checkout_key: Set(Some(new.checkout_key.to_string())),
        email: Set(new.email.as_str().to_string()),
        status: Set(OrderStatus::PendingPayment.code().to_string()),
        currency: Set(new.currency.code().to_string()),
        prices_include_tax: Set(new.prices_include_tax),
        goods_minor: Set(new.goods.minor()),
        discount_minor: Set(new.discount.minor()),
        shipping_minor: Set(new.shipping.minor()),
        tax_minor: Set(new.taxes.tax.minor()),
        total_minor: Set(new.total.minor()),
        refunded_minor: Set(0),
        coupon_code: Set(new.coupon_code.clone()),
        shipping_method_code: Set(new.shipping_method_code.to_string()),
        shipping_method_name: Set(new.shipping_method_name.to_string()),
        ship_name: Set(parts.full_name.clone()),
        ship_line1: Set(parts.line1.clone()),
        ship_line2: Set(parts.line2.clone()),
        ship_postal_code: Set(parts.postal_code.clone()),
        ship_city: Set(parts.city.clone()),
        ship_region: Set(parts.region.clone()),
        ship_country: Set(parts.country.clone()),
        ship_phone: Set(parts.phone.clone()),
        payment_provider: Set(new.payment_provider.to_string()),
        payment_id: Set(None),
        payment_url: Set(None),
        card_brand: Set(None),
        card_last4: Set(None),
        reserved_until: Set(new.reserved_until),
        placed_at: Set(new.placed_at),
        paid_at: Set(None),
        updated_at: Set(new.placed_at),
        ..Default::default()
    }
}

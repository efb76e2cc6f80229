//! The checkout form checked against the cart and priced from the database: the cart's
//! current prices, the destination's tax rates, the chosen shipping method and the coupon.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::{field_error, shipping_methods, shipping_rate};
use crate::backend::auth::unix_now;
use crate::backend::entities::{coupon, product, tax_rate, variant};
use crate::backend::{AppState, CheckoutSettings};
use crate::cart::domain::Quantity;
use crate::cart::model::CartView;
use crate::cart::service::CartOwner;
use crate::checkout::domain::CheckoutError;
use crate::checkout::domain::{
    quote, Coupon, CouponCode, CouponValue, Quote, QuoteInput, QuoteLine, ShippingRate,
};
use crate::checkout::model::CheckoutForm;
use crate::domain::{Currency, EmailAddress, Money, PostalAddress, PriceMode, TaxRate};
use crate::error::AppError;

/// One cart line with what the order needs to copy.
pub(super) struct PricedLine {
    pub(super) variant_id: i32,
    pub(super) sku: String,
    pub(super) product_name: String,
    pub(super) variant_label: String,
    pub(super) unit_price: Money,
    pub(super) quantity: Quantity,
    pub(super) tax_rate: TaxRate,
}

/// The checked form with its exact amounts.
pub(super) struct Prepared {
    pub(super) currency: Currency,
    pub(super) email: EmailAddress,
    pub(super) address: PostalAddress,
    pub(super) method: ShippingRate,
    pub(super) coupon: Option<Coupon>,
    pub(super) lines: Vec<PricedLine>,
    pub(super) quote: Quote,
    pub(super) mode: PriceMode,
}

/// Checks the form against the cart and prices everything from the database.
pub(super) async fn prepare(
    state: &AppState,
    owner: CartOwner<'_>,
    form: &CheckoutForm,
) -> Result<Prepared, AppError> {
    let db = &state.db;
    let email =
        EmailAddress::parse(&form.email).map_err(|e| field_error("email", e.to_string()))?;
    let address =
        PostalAddress::parse(form.address.clone()).map_err(|e| field_error(e.field, e.message))?;
    let cart = cart_to_buy(db, owner).await?;
    let currency = cart
        .subtotal
        .map(|s| s.currency())
        .unwrap_or(state.site.currency);
    let method = chosen_method(db, &form.shipping_method).await?;
    let rates = tax_rates(db, &address).await?;
    let lines = price_lines(db, &cart, &rates).await?;
    let coupon = find_coupon(db, &form.coupon, currency).await?;
    let mode = price_mode(state.checkout);
    let quote_lines: Vec<QuoteLine> = lines.iter().map(PricedLine::quote_line).collect();
    let quote = quote(&QuoteInput {
        currency,
        lines: &quote_lines,
        shipping: Some(&method),
        shipping_tax_rate: rates.of("standard"),
        coupon: coupon.as_ref(),
        mode,
    })?;
    Ok(Prepared {
        currency,
        email,
        address,
        method,
        coupon,
        lines,
        quote,
        mode,
    })
}

/// The owner's cart, if it has lines and none of them has a problem (sold out, too many).
async fn cart_to_buy(db: &DatabaseConnection, owner: CartOwner<'_>) -> Result<CartView, AppError> {
    let cart: CartView = crate::cart::service::view(db, owner).await?;
    if cart.is_empty() {
        return Err(CheckoutError::EmptyCart.into());
    }
    if let Some(problem) = cart.lines.iter().find_map(|line| line.problem.clone()) {
        return Err(field_error("cart", problem));
    }
    Ok(cart)
}

/// The active shipping method the form names.
async fn chosen_method(db: &DatabaseConnection, code: &str) -> Result<ShippingRate, AppError> {
    let methods = shipping_methods(db).await?;
    let method = methods
        .iter()
        .find(|m| m.code == code)
        .ok_or_else(|| field_error("shipping_method", "Please choose how to ship your order."))?;
    shipping_rate(method)
}

/// Each cart line with its variant and its tax rate at the destination.
async fn price_lines(
    db: &DatabaseConnection,
    cart: &CartView,
    rates: &TaxRates,
) -> Result<Vec<PricedLine>, AppError> {
    let variants = variants_by_sku(db, cart).await?;
    let classes = tax_classes(db, &variants).await?;
    cart.lines
        .iter()
        .map(|line| {
            let item = variants.get(&line.sku).ok_or_else(|| {
                field_error(
                    "cart",
                    format!("“{}” is no longer sold.", line.product_name),
                )
            })?;
            let class = classes
                .get(&item.product_id)
                .map(String::as_str)
                .unwrap_or("standard");
            let quantity =
                Quantity::new(line.quantity).map_err(|e| field_error("cart", e.to_string()))?;
            Ok(PricedLine {
                variant_id: item.id,
                sku: line.sku.clone(),
                product_name: line.product_name.clone(),
                variant_label: line.variant_label.clone(),
                unit_price: line.unit_price,
                quantity,
                tax_rate: rates.of(class),
            })
        })
        .collect()
}

/// The cart's variants, by SKU.
async fn variants_by_sku(
    db: &DatabaseConnection,
    cart: &CartView,
) -> Result<HashMap<String, variant::Model>, AppError> {
    let skus: Vec<String> = cart.lines.iter().map(|l| l.sku.clone()).collect();
    Ok(variant::Entity::find()
        .filter(variant::Column::Sku.is_in(skus))
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.sku.clone(), v))
        .collect())
}

/// The tax class of each of these variants' products, by product id.
async fn tax_classes(
    db: &DatabaseConnection,
    variants: &HashMap<String, variant::Model>,
) -> Result<HashMap<i32, String>, AppError> {
    let product_ids: Vec<i32> = variants.values().map(|v| v.product_id).collect();
    Ok(product::Entity::find()
        .filter(product::Column::Id.is_in(product_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.tax_class))
        .collect())
}

impl PricedLine {
    fn quote_line(&self) -> QuoteLine {
        QuoteLine {
            unit_price: self.unit_price,
            quantity: self.quantity,
            tax_rate: self.tax_rate,
        }
    }
}

fn price_mode(settings: CheckoutSettings) -> PriceMode {
    if settings.prices_include_tax {
        PriceMode::TaxInclusive
    } else {
        PriceMode::TaxExclusive
    }
}
/// The destination's rates by tax class.
struct TaxRates(HashMap<String, TaxRate>);

impl TaxRates {
    /// The class's rate, else the standard rate, else none.
    fn of(&self, class: &str) -> TaxRate {
        self.0
            .get(class)
            .or_else(|| self.0.get("standard"))
            .copied()
            .unwrap_or(TaxRate::ZERO)
    }
}

/// The destination's standard and reduced rates: the region's own if it has them (US states),
/// else the country's, else none (the shop does not collect tax there).
async fn tax_rates(db: &DatabaseConnection, address: &PostalAddress) -> Result<TaxRates, AppError> {
    let parts = address.parts();
    let region = parts.region.trim().to_uppercase();
    let rows = tax_rate::Entity::find()
        .filter(tax_rate::Column::Country.eq(parts.country.as_str()))
        .filter(tax_rate::Column::Region.is_in([String::new(), region.clone()]))
        .all(db)
        .await?;
    let mut rates = HashMap::new();
    // Whole-country rates first, so a region's own rate replaces them.
    for row in rows
        .iter()
        .filter(|r| r.region.is_empty())
        .chain(rows.iter().filter(|r| !r.region.is_empty()))
    {
        let rate = TaxRate::from_ppm(u32::try_from(row.rate_ppm).unwrap_or(0))
            .map_err(AppError::internal)?;
        rates.insert(row.tax_class.clone(), rate);
    }
    Ok(TaxRates(rates))
}

async fn find_coupon(
    db: &DatabaseConnection,
    text: &str,
    currency: Currency,
) -> Result<Option<Coupon>, AppError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let code = CouponCode::parse(text)?;
    let unknown = || AppError::from(CheckoutError::UnknownCoupon(code.as_str().to_string()));
    let row = coupon::Entity::find()
        .filter(coupon::Column::Code.eq(code.as_str()))
        .filter(coupon::Column::Active.eq(true))
        .one(db)
        .await?
        .ok_or_else(unknown)?;
    if row.expires_at.is_some_and(|at| at <= unix_now()) {
        return Err(unknown());
    }
    let value = match (row.percent_bp, row.amount_minor, &row.currency) {
        (Some(bp), _, _) => CouponValue::Percent(u32::try_from(bp).unwrap_or(0)),
        (None, Some(amount), Some(coupon_currency)) if *coupon_currency == currency.code() => {
            CouponValue::Fixed(Money::from_minor(amount, currency))
        }
        _ => return Err(unknown()),
    };
    Ok(Some(Coupon {
        code,
        value,
        minimum: row.minimum_minor.map(|m| Money::from_minor(m, currency)),
    }))
}

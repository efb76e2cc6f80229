//! Checkout on the server: the form checked and priced from the database's current prices,
//! tax rates, shipping methods and coupons (the browser's numbers are never used), and the
//! order placed in one transaction with its stock reservation.
//!
//! `prepare` checks and prices the form, `place` writes the order and reserves its stock, and
//! `payment` asks the provider for the page where the shopper pays.

mod payment;
mod place;
mod prepare;

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::model::{CheckoutForm, CheckoutReview, CheckoutStart, ReviewLine, ShippingChoice};
use crate::backend::auth::{secret, Actor};
use crate::backend::entities::shipping_method;
use crate::backend::AppState;
use crate::cart::service::CartOwner;
use crate::checkout::domain::ShippingRate;
use crate::domain::{Currency, Money, PriceMode};
use crate::error::AppError;
use crate::orders::model::TaxLineView;

pub(super) use payment::{open_payment, page_or_refusal, payment_page_of, Waited};
pub use place::place;
use prepare::prepare;

fn currency_of(code: &str) -> Result<Currency, AppError> {
    Currency::parse(code).map_err(AppError::internal)
}

async fn shipping_methods(
    db: &DatabaseConnection,
) -> Result<Vec<shipping_method::Model>, AppError> {
    Ok(shipping_method::Entity::find()
        .filter(shipping_method::Column::Active.eq(true))
        .order_by_asc(shipping_method::Column::Position)
        .order_by_asc(shipping_method::Column::Id)
        .all(db)
        .await?)
}

fn shipping_rate(method: &shipping_method::Model) -> Result<ShippingRate, AppError> {
    let currency = currency_of(&method.currency)?;
    Ok(ShippingRate {
        code: method.code.clone(),
        name: method.name.clone(),
        price: Money::from_minor(method.price_minor, currency),
        free_from: method
            .free_from_minor
            .map(|m| Money::from_minor(m, currency)),
    })
}

pub async fn start(
    state: &AppState,
    owner: CartOwner<'_>,
    actor: Option<&Actor>,
) -> Result<CheckoutStart, AppError> {
    let cart = crate::cart::service::view(&state.db, owner).await?;
    let saved_addresses = match actor {
        Some(actor) => {
            crate::account::service::overview(state, actor)
                .await?
                .addresses
        }
        None => Vec::new(),
    };
    let shipping_methods = shipping_methods(&state.db)
        .await?
        .iter()
        .map(|method| {
            let rate = shipping_rate(method)?;
            Ok(ShippingChoice {
                code: rate.code,
                name: rate.name,
                price: rate.price,
                free_from: rate.free_from,
            })
        })
        .collect::<Result<_, AppError>>()?;
    Ok(CheckoutStart {
        cart,
        email: actor.map(|a| a.email.clone()).unwrap_or_default(),
        saved_addresses,
        shipping_methods,
        attempt: secret::new_secret().map_err(AppError::internal)?,
    })
}

fn field_error(field: &str, message: impl Into<String>) -> AppError {
    AppError::validation(field, message)
}

pub async fn review(
    state: &AppState,
    owner: CartOwner<'_>,
    form: &CheckoutForm,
) -> Result<CheckoutReview, AppError> {
    let prepared = prepare(state, owner, form).await?;
    let quote = &prepared.quote;
    let country = prepared.address.parts().country.clone();
    Ok(CheckoutReview {
        lines: prepared
            .lines
            .iter()
            .zip(&quote.line_totals)
            .map(|(line, total)| ReviewLine {
                product_name: line.product_name.clone(),
                variant_label: line.variant_label.clone(),
                quantity: line.quantity.get(),
                line_total: *total,
            })
            .collect(),
        goods: quote.goods,
        discount: prepared
            .coupon
            .as_ref()
            .filter(|_| quote.discount.minor() > 0)
            .map(|c| {
                (
                    format!("{} · {}", c.code.as_str(), c.label()),
                    quote.discount,
                )
            }),
        shipping_method: prepared.method.name.clone(),
        shipping: quote.shipping,
        taxes: quote
            .taxes
            .lines
            .iter()
            .filter(|t| t.tax.minor() != 0)
            .map(|t| TaxLineView {
                label: t.rate.label_in(&country),
                tax: t.tax,
            })
            .collect(),
        prices_include_tax: prepared.mode == PriceMode::TaxInclusive,
        total: quote.total,
    })
}

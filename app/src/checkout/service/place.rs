//! The order placed, once per checkout attempt: written with its stock reserved in one
//! transaction, then sent to the payment provider.

use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::prepare::{prepare, Prepared, PricedLine};
use super::{field_error, open_payment, page_or_refusal};
use crate::backend::auth::{secret, unix_now};
use crate::backend::entities::order;
use crate::backend::AppState;
use crate::cart::domain::CartError;
use crate::cart::service::CartOwner;
use crate::checkout::domain::CheckoutError;
use crate::checkout::model::{CheckoutForm, PlacedOrder};
use crate::domain::PriceMode;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::inventory;
use crate::orders::domain::{OrderEvent, OrderStatus};
use crate::orders::placing::{NewOrder, NewOrderLine};

/// Places the order (once per checkout attempt), reserves its stock and asks the payment
/// provider for a payment page. The attempt sent again answers with the same order, finishing
/// it first if the request that placed it never got its payment page (`resume`).
pub async fn place(
    state: &AppState,
    owner: CartOwner<'_>,
    user_id: Option<i32>,
    form: &CheckoutForm,
    language: Locale,
) -> Result<PlacedOrder, AppError> {
    let attempt = form.attempt.trim();
    if attempt.is_empty() || attempt.len() > 64 {
        return Err(field_error(
            "attempt",
            "Please reload the checkout page and try again.",
        ));
    }
    let db = &state.db;
    let cart_id = crate::cart::service::id_of(db, owner)
        .await?
        .ok_or(CheckoutError::EmptyCart)?;
    let checkout_key = secret::digest(&format!("{cart_id}:{attempt}"));
    if let Some(existing) = pending_order(db, &checkout_key).await? {
        if let Some(placed) =
            crate::checkout::resume::resume(state, cart_id, user_id, form, existing).await?
        {
            return Ok(placed);
        }
    }
    let prepared = prepare(state, owner, form).await?;
    let access_key = secret::new_secret().map_err(AppError::internal)?;
    let number = crate::orders::service::new_order_number()?;
    let new_order = NewOrder {
        number: &number,
        access_key_hash: secret::digest(&access_key),
        user_id,
        cart_id,
        checkout_key: &checkout_key,
        language,
        ..prepared.new_order(state)
    };

    // Everything read; the transaction only writes, so it holds the write lock briefly.
    let txn = crate::backend::db::begin_write(db).await?;
    replace_earlier_attempts(&txn, cart_id).await?;
    let Some(placed) = crate::orders::placing::create_pending(&txn, &new_order).await? else {
        // The same attempt, placed a moment ago by a concurrent request.
        drop(txn);
        let existing = pending_order(db, &checkout_key)
            .await?
            .ok_or_else(still_placing)?;
        return page_or_refusal(state, existing).await;
    };
    // Dropping the transaction on a shortfall rolls back the order and its reservations.
    reserve_stock(&txn, &placed, &prepared.lines).await?;
    txn.commit().await?;
    tracing::info!(order = %number, total = %prepared.quote.total, "order placed, waiting for payment");

    open_payment(state, &placed, &access_key).await
}

/// A new attempt replaces this cart's earlier unpaid orders: their stock goes back.
async fn replace_earlier_attempts<C: ConnectionTrait>(
    txn: &C,
    cart_id: i32,
) -> Result<(), AppError> {
    for earlier in order::Entity::find()
        .filter(order::Column::CartId.eq(cart_id))
        .filter(order::Column::Status.eq(OrderStatus::PendingPayment.code()))
        .all(txn)
        .await?
    {
        crate::orders::service::cancel_unpaid(txn, &earlier, OrderEvent::Cancel).await?;
    }
    Ok(())
}

/// Reserves every line's units. Rows are locked in one order (by variant) by every checkout, so
/// no two checkouts deadlock.
async fn reserve_stock<C: ConnectionTrait>(
    txn: &C,
    placed: &order::Model,
    lines: &[PricedLine],
) -> Result<(), AppError> {
    let mut by_variant: Vec<&PricedLine> = lines.iter().collect();
    by_variant.sort_by_key(|line| line.variant_id);
    for line in by_variant {
        let wanted = i64::from(line.quantity.get());
        if let Err(available) =
            inventory::reserve(txn, placed.id, &placed.number, line.variant_id, wanted).await?
        {
            let problem = if available == 0 {
                CartError::SoldOut(line.product_name.clone())
            } else {
                CartError::NotEnoughStock {
                    name: line.product_name.clone(),
                    available,
                }
            };
            return Err(field_error(
                "cart",
                format!("{problem} Someone bought it a moment ago; please change your cart."),
            ));
        }
    }
    Ok(())
}

impl Prepared {
    /// The order as this checkout would place it, but for what identifies it (number, keys,
    /// customer, cart), which the caller fills in.
    fn new_order(&self, state: &AppState) -> NewOrder<'_> {
        let now = unix_now();
        let quote = &self.quote;
        NewOrder {
            number: "",
            access_key_hash: String::new(),
            user_id: None,
            cart_id: 0,
            checkout_key: "",
            email: &self.email,
            currency: self.currency,
            prices_include_tax: self.mode == PriceMode::TaxInclusive,
            goods: quote.goods,
            discount: quote.discount,
            shipping: quote.shipping,
            taxes: &quote.taxes,
            total: quote.total,
            coupon_code: self.coupon.as_ref().map(|c| c.code.as_str().to_string()),
            shipping_method_code: &self.method.code,
            shipping_method_name: &self.method.name,
            ship_to: &self.address,
            payment_provider: state.payments.name(),
            reserved_until: now + state.checkout.reservation_secs,
            placed_at: now,
            language: Locale::default(),
            lines: self
                .lines
                .iter()
                .zip(&quote.line_totals)
                .map(|(line, total)| NewOrderLine {
                    variant_id: line.variant_id,
                    sku: line.sku.clone(),
                    product_name: line.product_name.clone(),
                    variant_label: line.variant_label.clone(),
                    quantity: i32::try_from(line.quantity.get()).unwrap_or(i32::MAX),
                    unit_price: line.unit_price,
                    line_total: *total,
                    tax_rate: line.tax_rate,
                })
                .collect(),
        }
    }
}

async fn pending_order(
    db: &DatabaseConnection,
    checkout_key: &str,
) -> Result<Option<order::Model>, AppError> {
    Ok(order::Entity::find()
        .filter(order::Column::CheckoutKey.eq(checkout_key))
        .filter(order::Column::Status.eq(OrderStatus::PendingPayment.code()))
        .one(db)
        .await?)
}

pub(super) fn still_placing() -> AppError {
    AppError::Conflict("Your order is still being placed. Please try again in a moment.".into())
}

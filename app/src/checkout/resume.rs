//! A checkout attempt sent again after its order was placed but before the order got its
//! payment page: the request that placed it crashed, or lost its connection to the payment
//! provider mid-call. Without this, the order would sit unpaid with its stock reserved until its
//! reservation ran out, and every retry would be refused.
//!
//! The retry finishes that order (a payment page for it, under a new confirmation key, since the
//! first one never reached the shopper) when the shopper still wants the same order and it still
//! holds its stock; otherwise it gives the stock back and the order is placed again. Either way
//! the attempt ends with one order waiting for payment.

use std::collections::BTreeMap;

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::model::{CheckoutForm, PlacedOrder};
use super::service::{open_payment, page_or_refusal, payment_page_of, Waited};
use crate::backend::auth::{secret, unix_now};
use crate::backend::entities::{cart_line, order, order_line, stock_reservation};
use crate::backend::AppState;
use crate::checkout::domain::CouponCode;
use crate::domain::{AddressInput, EmailAddress, PostalAddress};
use crate::error::AppError;
use crate::orders::domain::OrderEvent;

/// Longer than any payment provider call may take (their clients time out sooner): an order
/// without a payment page that was touched longer ago than this has no request working on it.
const IN_FLIGHT_SECS: i64 = 30;

/// Carries on with `order`, the unpaid order of this checkout attempt. `Some`: its payment
/// page. `None`: the order was let go (its stock given back), and the attempt places a new one.
pub(super) async fn resume(
    state: &AppState,
    cart_id: i32,
    user_id: Option<i32>,
    form: &CheckoutForm,
    order: order::Model,
) -> Result<Option<PlacedOrder>, AppError> {
    let db = &state.db;
    // A double click: the first request may still be asking the provider.
    let in_flight = unix_now() - order.updated_at < IN_FLIGHT_SECS;
    let order = match payment_page_of(state, order, in_flight).await? {
        Waited::Page(placed) => return Ok(Some(placed)),
        Waited::Gone => return Ok(None),
        Waited::Stalled(order) => *order,
    };
    let now = unix_now();
    let lines = order_line::Entity::find()
        .filter(order_line::Column::OrderId.eq(order.id))
        .all(db)
        .await?;
    let resumable = match (
        Terms::of_order(&order, &lines),
        Terms::asked(state, cart_id, user_id, form).await?,
    ) {
        (Some(placed), Some(asked)) => {
            order.reserved_until > now
                && !placed.units.is_empty()
                && placed == asked
                && held_by(db, &order).await? == placed.units
        }
        _ => false,
    };
    if !resumable {
        let txn = crate::backend::db::begin_write(db).await?;
        let event = if order.reserved_until > now {
            OrderEvent::Cancel
        } else {
            OrderEvent::ReservationExpired
        };
        crate::orders::service::cancel_unpaid(&txn, &order, event).await?;
        txn.commit().await?;
        tracing::info!(order = %order.number, "checkout retried for another order or too late: unpaid order cancelled, placing again");
        return Ok(None);
    }

    // Taken over only if no other request got its page meanwhile; the reservation starts again,
    // as it would for an order placed now.
    let access_key = secret::new_secret().map_err(AppError::internal)?;
    let resumed = order::Model {
        access_key_hash: secret::digest(&access_key),
        reserved_until: now + state.checkout.reservation_secs,
        updated_at: now,
        ..order.clone()
    };
    let taken = order::Entity::update_many()
        .col_expr(
            order::Column::AccessKeyHash,
            Expr::value(resumed.access_key_hash.clone()),
        )
        .col_expr(
            order::Column::ReservedUntil,
            Expr::value(resumed.reserved_until),
        )
        .col_expr(order::Column::UpdatedAt, Expr::value(now))
        .filter(order::Column::Id.eq(order.id))
        .filter(order::Column::Status.eq(order.status.as_str()))
        .filter(order::Column::AccessKeyHash.eq(order.access_key_hash.as_str()))
        .filter(order::Column::PaymentUrl.is_null())
        .exec(db)
        .await?
        .rows_affected
        == 1;
    if !taken {
        return page_or_refusal(state, order).await.map(Some);
    }
    tracing::info!(order = %resumed.number, "checkout retried: resuming the unpaid order's payment");
    open_payment(state, &resumed, &access_key).await.map(Some)
}

/// What the shopper asked for. The order keeps the prices and coupon it was placed with, as any
/// retry of an attempt always did; a different cart, address, e-mail, shipping method, coupon,
/// account or payment provider makes it another order.
#[derive(Debug, PartialEq, Eq)]
struct Terms {
    user_id: Option<i32>,
    email: String,
    address: AddressInput,
    shipping_method: String,
    coupon: Option<String>,
    payment_provider: String,
    /// Units by variant.
    units: BTreeMap<i32, i64>,
}

impl Terms {
    /// `None` when a line's variant was deleted since: no cart can ask for it again.
    fn of_order(order: &order::Model, lines: &[order_line::Model]) -> Option<Terms> {
        let mut units = BTreeMap::new();
        for line in lines {
            *units.entry(line.variant_id?).or_insert(0) += i64::from(line.quantity);
        }
        Some(Terms {
            user_id: order.user_id,
            email: order.email.clone(),
            address: AddressInput {
                full_name: order.ship_name.clone(),
                line1: order.ship_line1.clone(),
                line2: order.ship_line2.clone(),
                postal_code: order.ship_postal_code.clone(),
                city: order.ship_city.clone(),
                region: order.ship_region.clone(),
                country: order.ship_country.clone(),
                phone: order.ship_phone.clone(),
            },
            shipping_method: order.shipping_method_code.clone(),
            coupon: order.coupon_code.clone(),
            payment_provider: order.payment_provider.clone(),
            units,
        })
    }

    /// The terms of the form and cart, read the way placing the order reads them; `None` when
    /// the form would not place an order at all.
    async fn asked(
        state: &AppState,
        cart_id: i32,
        user_id: Option<i32>,
        form: &CheckoutForm,
    ) -> Result<Option<Terms>, AppError> {
        let (Ok(email), Ok(address)) = (
            EmailAddress::parse(&form.email),
            PostalAddress::parse(form.address.clone()),
        ) else {
            return Ok(None);
        };
        let coupon = match form.coupon.trim() {
            "" => None,
            text => match CouponCode::parse(text) {
                Ok(code) => Some(code.as_str().to_string()),
                Err(_) => return Ok(None),
            },
        };
        let mut units = BTreeMap::new();
        for line in cart_line::Entity::find()
            .filter(cart_line::Column::CartId.eq(cart_id))
            .all(&state.db)
            .await?
        {
            *units.entry(line.variant_id).or_insert(0) += i64::from(line.quantity);
        }
        Ok(Some(Terms {
            user_id,
            email: email.as_str().to_string(),
            address: address.parts().clone(),
            shipping_method: form.shipping_method.clone(),
            coupon,
            payment_provider: state.payments.name().to_string(),
            units,
        }))
    }
}

/// Units by variant that the order's reservations hold.
async fn held_by(
    db: &DatabaseConnection,
    order: &order::Model,
) -> Result<BTreeMap<i32, i64>, AppError> {
    let mut held = BTreeMap::new();
    for reservation in stock_reservation::Entity::find()
        .filter(stock_reservation::Column::OrderId.eq(order.id))
        .all(db)
        .await?
    {
        *held.entry(reservation.variant_id).or_insert(0) += i64::from(reservation.quantity);
    }
    Ok(held)
}

//! Orders in the database: reading them for their pages, applying what the payment provider
//! reports, and giving back the stock of orders nobody paid for.
//!
//! Every status change is a conditional update from the status the state machine started from,
//! inside the transaction that moves the stock: a webhook delivered twice, a confirmation page
//! that checks the payment at the same moment, or two app nodes expiring the same order all
//! find that only one of them changed anything.

use std::collections::HashMap;

use chrono::{TimeZone, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, SqlErr,
};

use super::model::{OrderLineView, OrderSummary, OrderView, TaxLineView};
use crate::backend::auth::{secret, unix_now};
use crate::backend::entities::{cart_line, coupon, order, order_line, order_tax, payment_event};
use crate::backend::AppState;
use crate::domain::{Currency, EmailAddress, Money, TaxRate};
use crate::error::AppError;
use crate::inventory::{end_reservations, ReservationEnd};
use crate::orders::domain::{OrderEvent, OrderStatus};
use crate::payments::{EventKind, PaymentEvent, PaymentFacts, PaymentStatus};

/// Letters and digits that cannot be mistaken for each other when read out on the phone.
const NUMBER_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A new order number: "M" and eight characters, e.g. "M7K2QX9HD" (30⁸ ≈ 6.6 × 10¹¹ numbers,
/// so they cannot be enumerated; the unique index catches the rare repeat).
pub fn new_order_number() -> Result<String, AppError> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(AppError::internal)?;
    let mut number = String::from("M");
    for byte in bytes {
        number.push(char::from(
            NUMBER_ALPHABET[usize::from(byte) % NUMBER_ALPHABET.len()],
        ));
    }
    Ok(number)
}

pub fn status_of(order: &order::Model) -> Result<OrderStatus, AppError> {
    OrderStatus::from_code(&order.status).ok_or_else(|| {
        AppError::internal(format!("order {} has status {}", order.id, order.status))
    })
}

/// Moves `order` by `event` if it is still in the status it was read in. Returns false when
/// someone else changed it first (then nothing was written).
pub(crate) async fn transition<C: ConnectionTrait>(
    db: &C,
    order: &order::Model,
    event: OrderEvent,
    also: impl FnOnce(sea_orm::UpdateMany<order::Entity>) -> sea_orm::UpdateMany<order::Entity>,
) -> Result<Result<bool, crate::orders::domain::TransitionError>, AppError> {
    let from = status_of(order)?;
    let to = match from.apply(event) {
        Ok(to) => to,
        Err(refused) => return Ok(Err(refused)),
    };
    let mut update = order::Entity::update_many()
        .col_expr(order::Column::Status, Expr::value(to.code()))
        .col_expr(order::Column::UpdatedAt, Expr::value(unix_now()));
    if !to.holds_reservation() {
        // The checkout attempt may be used again for a new order.
        update = update.col_expr(
            order::Column::CheckoutKey,
            Expr::value(Option::<String>::None),
        );
    }
    let changed = also(update)
        .filter(order::Column::Id.eq(order.id))
        .filter(order::Column::Status.eq(from.code()))
        .exec(db)
        .await?
        .rows_affected;
    Ok(Ok(changed == 1))
}

/// Cancels an unpaid order and gives its stock back. False when it was no longer unpaid.
pub async fn cancel_unpaid<C: ConnectionTrait>(
    db: &C,
    order: &order::Model,
    event: OrderEvent,
) -> Result<bool, AppError> {
    // A paid order may be cancelled too, but only with its money back (`admin::orders`).
    if status_of(order)? != OrderStatus::PendingPayment {
        return Ok(false);
    }
    match transition(db, order, event, |u| u).await? {
        Ok(true) => {
            end_reservations(db, order.id, &order.number, ReservationEnd::Released).await?;
            Ok(true)
        }
        Ok(false) | Err(_) => Ok(false),
    }
}

/// Gives back the stock of every order whose reservation ended before `now`. Safe to run on
/// several nodes at once. Returns how many orders it cancelled.
pub async fn expire_reservations(db: &DatabaseConnection, now: i64) -> Result<usize, AppError> {
    let due = order::Entity::find()
        .filter(order::Column::Status.eq(OrderStatus::PendingPayment.code()))
        .filter(order::Column::ReservedUntil.lt(now))
        .limit(200)
        .all(db)
        .await?;
    let mut expired = 0;
    for order in due {
        let txn = crate::backend::db::begin_write(db).await?;
        if cancel_unpaid(&txn, &order, OrderEvent::ReservationExpired).await? {
            expired += 1;
            tracing::info!(order = %order.number, "reservation expired: stock returned");
        }
        txn.commit().await?;
    }
    Ok(expired)
}

/// What applying a payment did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentOutcome {
    /// The order is paid now: send the confirmation.
    Paid(Box<order::Model>),
    AlreadyPaid,
    /// The money came after the order was cancelled (its reservation expired): it goes back.
    PaidTooLate(Box<order::Model>),
    /// The payment is for another amount or currency than the order: nothing changes.
    Mismatch,
    UnknownOrder,
    NotPaid,
}

impl PaymentOutcome {
    pub fn describe(&self) -> &'static str {
        match self {
            PaymentOutcome::Paid(_) => "order paid",
            PaymentOutcome::AlreadyPaid => "ignored: order already paid",
            PaymentOutcome::PaidTooLate(_) => "order was cancelled: payment refunded",
            PaymentOutcome::Mismatch => "ignored: amount or currency differs from the order",
            PaymentOutcome::UnknownOrder => "ignored: no order for this payment",
            PaymentOutcome::NotPaid => "ignored: payment not succeeded",
        }
    }
}

async fn order_for_payment<C: ConnectionTrait>(
    db: &C,
    facts: &PaymentFacts,
) -> Result<Option<order::Model>, AppError> {
    Ok(order::Entity::find()
        .filter(order::Column::PaymentId.eq(facts.payment_id.as_str()))
        .one(db)
        .await?)
}

/// Marks the order of a succeeded payment as paid, in one transaction with selling its reserved
/// stock, emptying those items from the cart and counting the coupon's use.
async fn apply_payment<C: ConnectionTrait>(
    db: &C,
    facts: &PaymentFacts,
) -> Result<PaymentOutcome, AppError> {
    if facts.status != PaymentStatus::Succeeded {
        return Ok(PaymentOutcome::NotPaid);
    }
    let Some(order) = order_for_payment(db, facts).await? else {
        return Ok(PaymentOutcome::UnknownOrder);
    };
    if facts.amount_minor != order.total_minor
        || facts.currency != order.currency
        || facts.reference != order.number
    {
        tracing::warn!(order = %order.number, payment = %facts.payment_id, "payment does not match its order");
        return Ok(PaymentOutcome::Mismatch);
    }
    let now = unix_now();
    let brand = facts.card_brand.clone();
    let last4 = facts.card_last4.clone();
    let paid = transition(db, &order, OrderEvent::PaymentSucceeded, move |update| {
        update
            .col_expr(order::Column::PaidAt, Expr::value(Some(now)))
            .col_expr(order::Column::CardBrand, Expr::value(brand))
            .col_expr(order::Column::CardLast4, Expr::value(last4))
            .col_expr(
                order::Column::PaymentUrl,
                Expr::value(Option::<String>::None),
            )
    })
    .await?;
    match paid {
        Ok(true) => {}
        Ok(false) => return Ok(PaymentOutcome::AlreadyPaid),
        Err(_) if status_of(&order)? == OrderStatus::Cancelled => {
            return Ok(PaymentOutcome::PaidTooLate(Box::new(order)))
        }
        Err(_) => return Ok(PaymentOutcome::AlreadyPaid),
    }
    end_reservations(db, order.id, &order.number, ReservationEnd::Sold).await?;
    if let Some(cart_id) = order.cart_id {
        let bought: Vec<i32> = order_line::Entity::find()
            .filter(order_line::Column::OrderId.eq(order.id))
            .all(db)
            .await?
            .into_iter()
            .filter_map(|line| line.variant_id)
            .collect();
        cart_line::Entity::delete_many()
            .filter(cart_line::Column::CartId.eq(cart_id))
            .filter(cart_line::Column::VariantId.is_in(bought))
            .exec(db)
            .await?;
    }
    if let Some(code) = &order.coupon_code {
        coupon::Entity::update_many()
            .col_expr(
                coupon::Column::TimesUsed,
                Expr::col(coupon::Column::TimesUsed).add(1),
            )
            .filter(coupon::Column::Code.eq(code.as_str()))
            .exec(db)
            .await?;
    }
    Ok(PaymentOutcome::Paid(Box::new(order)))
}

/// Applies a refund the provider reports (the amount refunded so far, in total).
async fn apply_refund<C: ConnectionTrait>(
    db: &C,
    facts: &PaymentFacts,
) -> Result<&'static str, AppError> {
    let Some(order) = order_for_payment(db, facts).await? else {
        return Ok("ignored: no order for this payment");
    };
    if facts.amount_refunded_minor <= order.refunded_minor {
        return Ok("ignored: refund already recorded");
    }
    let refunded = facts.amount_refunded_minor.min(order.total_minor);
    let event = if refunded >= order.total_minor {
        OrderEvent::RefundRest
    } else {
        OrderEvent::RefundPart
    };
    match transition(db, &order, event, |update| {
        update.col_expr(order::Column::RefundedMinor, Expr::value(refunded))
    })
    .await?
    {
        Ok(true) => Ok("refund recorded"),
        Ok(false) => Ok("ignored: order changed meanwhile"),
        Err(_) => Ok("ignored: order cannot be refunded in its status"),
    }
}

/// Records a verified webhook and applies it, once: a second delivery of the same event id
/// finds the first one's record and changes nothing. Returns what was done, for the log.
pub async fn receive_event(state: &AppState, event: &PaymentEvent) -> Result<String, AppError> {
    let provider = state.payments.name();
    // Some providers (Stripe) leave the card out of the event: ask for it.
    let mut event = event.clone();
    if event.kind == EventKind::PaymentSucceeded && event.payment.card_last4.is_none() {
        match state.payments.retrieve(&event.payment.payment_id).await {
            Ok(facts) => {
                event.payment.card_brand = facts.card_brand;
                event.payment.card_last4 = facts.card_last4;
            }
            Err(err) => tracing::warn!(error = %err, "card details of a payment unavailable"),
        }
    }
    let event = &event;
    let txn = crate::backend::db::begin_write(&state.db).await?;
    let seen = payment_event::Entity::find()
        .filter(payment_event::Column::Provider.eq(provider))
        .filter(payment_event::Column::EventId.eq(event.event_id.as_str()))
        .one(&txn)
        .await?;
    if seen.is_some() {
        return Ok("ignored: event already received".to_string());
    }
    let (outcome, paid) = match event.kind {
        EventKind::PaymentSucceeded => {
            let outcome = apply_payment(&txn, &event.payment).await?;
            (outcome.describe().to_string(), Some(outcome))
        }
        EventKind::Refunded => (apply_refund(&txn, &event.payment).await?.to_string(), None),
        EventKind::PaymentDeclined => ("noted: card declined, the shopper may retry".into(), None),
        EventKind::Other => ("ignored: event type not used".to_string(), None),
    };
    let recorded = payment_event::ActiveModel {
        provider: Set(provider.to_string()),
        event_id: Set(event.event_id.clone()),
        event_type: Set(event.event_type.chars().take(64).collect()),
        payment_id: Set(event.payment.payment_id.chars().take(128).collect()),
        outcome: Set(outcome.clone()),
        received_at: Set(unix_now()),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    match recorded {
        Ok(_) => txn.commit().await?,
        // Another node recorded the same delivery at the same moment; its work stands.
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Ok("ignored: event already received".to_string());
        }
        Err(err) => return Err(err.into()),
    }
    if let Some(outcome) = paid {
        after_payment(state, outcome).await;
    }
    Ok(outcome)
}

/// Asks the provider about an unpaid order's payment (the shopper is back on the confirmation
/// page, perhaps before the webhook) and applies the answer as a webhook would.
pub async fn check_payment(state: &AppState, order: &order::Model) -> Result<(), AppError> {
    let Some(payment_id) = &order.payment_id else {
        return Ok(());
    };
    if status_of(order)? != OrderStatus::PendingPayment {
        return Ok(());
    }
    let facts = match state.payments.retrieve(payment_id).await {
        Ok(facts) => facts,
        Err(err) => {
            tracing::warn!(order = %order.number, error = %err, "could not ask the provider about a payment");
            return Ok(());
        }
    };
    let txn = crate::backend::db::begin_write(&state.db).await?;
    let outcome = apply_payment(&txn, &facts).await?;
    txn.commit().await?;
    after_payment(state, outcome).await;
    Ok(())
}

/// The confirmation mail for a paid order; the money back for one paid too late.
async fn after_payment(state: &AppState, outcome: PaymentOutcome) {
    match outcome {
        PaymentOutcome::Paid(order) => {
            tracing::info!(order = %order.number, "order paid");
            // As it is now: paid, with the card it was paid with.
            let order = match order::Entity::find_by_id(order.id).one(&state.db).await {
                Ok(Some(current)) => current,
                _ => *order,
            };
            match (
                EmailAddress::parse(&order.email),
                view(&state.db, &order).await,
            ) {
                (Ok(to), Ok(view)) => {
                    // A customer opens it in their account; a guest looks it up with this
                    // address (the confirmation link's key is never stored).
                    let path = match order.user_id {
                        Some(_) => format!("/order/{}", order.number),
                        None => format!("/orders/find?number={}", order.number),
                    };
                    let link = state.site.absolute(&path);
                    state
                        .mailer
                        .send_later(super::mails::confirmation(to, &view, &link));
                }
                (Err(err), _) => {
                    tracing::warn!(order = %order.number, error = %err, "no confirmation mail")
                }
                (_, Err(err)) => {
                    tracing::warn!(order = %order.number, error = %err, "no confirmation mail")
                }
            }
        }
        PaymentOutcome::PaidTooLate(order) => {
            tracing::warn!(order = %order.number, "payment arrived after the order was cancelled: refunding");
            if let Some(payment_id) = &order.payment_id {
                if let Err(err) = state.payments.refund(payment_id, None).await {
                    tracing::error!(order = %order.number, error = %err, "refund of a late payment failed: refund it by hand");
                }
            }
        }
        _ => {}
    }
}

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
                placed_at: when(o.placed_at),
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
        placed_at: when(order.placed_at),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_numbers_are_unambiguous_and_different() {
        let a = new_order_number().expect("random");
        let b = new_order_number().expect("random");
        assert_eq!(a.len(), 9);
        assert!(a.starts_with('M'));
        assert!(a[1..].bytes().all(|c| NUMBER_ALPHABET.contains(&c)));
        assert_ne!(a, b);
    }

    #[test]
    fn cards_are_named_by_brand_and_last_digits() {
        assert_eq!(card_label("visa", "4242"), "Visa ending in 4242");
    }
}

//! What the payment provider reports: a webhook recorded once and applied once, or the answer
//! to asking about a payment, turns an order paid (selling its reserved stock) or records a
//! refund; a payment that came too late goes back.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, SqlErr,
};

use super::{status_of, transition, view};
use crate::backend::auth::unix_now;
use crate::backend::entities::{cart_line, coupon, order, order_line, payment_event};
use crate::backend::AppState;
use crate::domain::EmailAddress;
use crate::error::AppError;
use crate::inventory::{end_reservations, ReservationEnd};
use crate::orders::domain::{OrderEvent, OrderStatus};
use crate::payments::{EventKind, PaymentEvent, PaymentFacts, PaymentStatus};

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
                    let link = super::customer_link(&state.site, &order);
                    let mail = crate::orders::mails::confirmation(
                        to,
                        &view,
                        &link,
                        super::language_of(&order),
                    );
                    state.mailer.send_later(mail);
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

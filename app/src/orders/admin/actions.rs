//! What staff do to an order: hand it to a carrier, mark it delivered, cancel it, refund it.
//!
//! Each is a state-machine event applied with a conditional update (from the status it was read
//! in), in one transaction with its stock movement, its timeline entry and its audit record, so
//! a double click or two members of staff at once change nothing twice. Money goes back through
//! the payment provider first: if the provider refuses, nothing in the shop changes.

use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::Serialize;

use crate::audit;
use crate::backend::auth::{unix_now, Actor};
use crate::backend::entities::{order, order_event, order_line, shipment};
use crate::backend::AppState;
use crate::domain::{Currency, EmailAddress, Money};
use crate::error::AppError;
use crate::inventory::{return_to_shelf, Mover};
use crate::orders::domain::{
    refund_amount, Carrier, OrderEvent, OrderStatus, Restock, TrackingNumber,
};
use crate::orders::service::{cancel_unpaid, status_of, transition};

pub async fn find_order<C: ConnectionTrait>(
    db: &C,
    number: &str,
) -> Result<order::Model, AppError> {
    order::Entity::find()
        .filter(order::Column::Number.eq(number.trim().to_uppercase()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found(format!("order {}", number.trim())))
}

fn currency_of(order: &order::Model) -> Result<Currency, AppError> {
    Currency::parse(&order.currency).map_err(AppError::internal)
}

#[derive(Serialize)]
struct StatusRecord<'a> {
    status: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<&'a str>,
}

/// Writes what staff did twice over, in the change's transaction: on the order's timeline (for
/// whoever handles the order next) and in the audit log (before and after, for the owner).
async fn record_change<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    order: &order::Model,
    (kind, action): (&str, &str),
    to: OrderStatus,
    message: &str,
) -> Result<(), AppError> {
    order_event::ActiveModel {
        order_id: Set(order.id),
        at: Set(unix_now()),
        kind: Set(kind.to_string()),
        message: Set(message.chars().take(500).collect()),
        actor_email: Set(Some(actor.email.clone())),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record_change(
        db,
        actor,
        action,
        &order.number,
        &StatusRecord {
            status: &order.status,
            detail: None,
        },
        &StatusRecord {
            status: to.code(),
            detail: Some(message),
        },
    )
    .await
}

/// The refusal when someone else moved the order between our read and our write.
fn changed_meanwhile() -> AppError {
    AppError::Conflict(
        "Someone else changed this order a moment ago. Reload it and try again.".into(),
    )
}

fn refused(err: crate::orders::domain::TransitionError) -> AppError {
    AppError::Conflict(err.to_string())
}

/// Hands a paid order to a carrier and tells the customer how to follow it.
pub async fn fulfil(
    state: &AppState,
    actor: &Actor,
    number: &str,
    carrier: &str,
    tracking_number: &str,
) -> Result<(), AppError> {
    let carrier = Carrier::parse(carrier)?;
    let tracking = TrackingNumber::parse(tracking_number)?;
    let tracking_url = carrier.tracking_url(&tracking);
    let txn = crate::backend::db::begin_write(&state.db).await?;
    let order = find_order(&txn, number).await?;
    let now = unix_now();
    match transition(&txn, &order, OrderEvent::Fulfil, |u| u).await? {
        Ok(true) => {}
        Ok(false) => return Err(changed_meanwhile()),
        Err(err) => return Err(refused(err)),
    }
    shipment::ActiveModel {
        order_id: Set(order.id),
        carrier: Set(carrier.code().to_string()),
        tracking_number: Set(tracking.as_str().to_string()),
        tracking_url: Set(tracking_url.clone()),
        shipped_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let shipped = format!(
        "Shipped with {}, tracking number {tracking}",
        carrier.name()
    );
    record_change(
        &txn,
        actor,
        &order,
        ("fulfilled", "order.fulfil"),
        OrderStatus::Fulfilled,
        &shipped,
    )
    .await?;
    txn.commit().await?;

    match EmailAddress::parse(&order.email) {
        Ok(to) => {
            let path = match order.user_id {
                Some(_) => format!("/order/{}", order.number),
                None => format!("/orders/find?number={}", order.number),
            };
            state.mailer.send_later(crate::orders::mails::shipped(
                to,
                &order.number,
                carrier.name(),
                tracking.as_str(),
                tracking_url.as_deref(),
                &state.site.absolute(&path),
            ));
        }
        Err(err) => tracing::warn!(order = %order.number, error = %err, "no shipping mail"),
    }
    Ok(())
}

pub async fn mark_delivered(state: &AppState, actor: &Actor, number: &str) -> Result<(), AppError> {
    let txn = crate::backend::db::begin_write(&state.db).await?;
    let order = find_order(&txn, number).await?;
    match transition(&txn, &order, OrderEvent::Deliver, |u| u).await? {
        Ok(true) => {}
        Ok(false) => return Err(changed_meanwhile()),
        Err(err) => return Err(refused(err)),
    }
    record_change(
        &txn,
        actor,
        &order,
        ("delivered", "order.deliver"),
        OrderStatus::Delivered,
        "Marked as delivered",
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Returns `units` of an order line to the shelf, at most once per unit sold: the conditional
/// update on `restocked_quantity` is the check.
async fn restock_line<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    order: &order::Model,
    line: &order_line::Model,
    units: i32,
) -> Result<(), AppError> {
    if units <= 0 {
        return Ok(());
    }
    let changed = order_line::Entity::update_many()
        .col_expr(
            order_line::Column::RestockedQuantity,
            Expr::col(order_line::Column::RestockedQuantity).add(units),
        )
        .filter(order_line::Column::Id.eq(line.id))
        .filter(
            Expr::expr(Expr::col(order_line::Column::RestockedQuantity).add(units))
                .lte(Expr::col(order_line::Column::Quantity)),
        )
        .exec(db)
        .await?
        .rows_affected;
    if changed == 0 {
        return Err(changed_meanwhile());
    }
    // A line whose product was deleted since has no shelf to go back to.
    if let Some(variant_id) = line.variant_id {
        return_to_shelf(
            db,
            variant_id,
            units,
            &format!("order {}", order.number),
            &Mover::Staff(actor.email.clone()),
        )
        .await?;
    }
    Ok(())
}

async fn lines_of<C: ConnectionTrait>(
    db: &C,
    order: &order::Model,
) -> Result<Vec<order_line::Model>, AppError> {
    Ok(order_line::Entity::find()
        .filter(order_line::Column::OrderId.eq(order.id))
        .all(db)
        .await?)
}

/// Cancels an order that has not shipped. An unpaid one gives its reservation back; a paid one
/// gets all its money back through the provider and all its units go back on the shelf.
pub async fn cancel(state: &AppState, actor: &Actor, number: &str) -> Result<(), AppError> {
    let order = find_order(&state.db, number).await?;
    let from = status_of(&order)?;
    from.apply(OrderEvent::Cancel).map_err(refused)?;
    if from == OrderStatus::PendingPayment {
        let txn = crate::backend::db::begin_write(&state.db).await?;
        if !cancel_unpaid(&txn, &order, OrderEvent::Cancel).await? {
            return Err(changed_meanwhile());
        }
        record_change(
            &txn,
            actor,
            &order,
            ("cancelled", "order.cancel"),
            OrderStatus::Cancelled,
            "Cancelled before payment; reserved stock released",
        )
        .await?;
        txn.commit().await?;
        return Ok(());
    }
    let currency = currency_of(&order)?;
    let left = order.total_minor - order.refunded_minor;
    if left > 0 {
        refund_through_provider(state, &order, left).await?;
    }
    let txn = crate::backend::db::begin_write(&state.db).await?;
    let total = order.total_minor;
    let read_refunded = order.refunded_minor;
    let cancelled = transition(&txn, &order, OrderEvent::Cancel, move |u| {
        u.col_expr(order::Column::RefundedMinor, Expr::value(total))
            .filter(order::Column::RefundedMinor.eq(read_refunded))
    })
    .await?;
    match cancelled {
        Ok(true) => {}
        // The refund's webhook may have been applied first; the money is back either way.
        Ok(false) | Err(_) => return Err(changed_meanwhile()),
    }
    for line in lines_of(&txn, &order).await? {
        restock_line(
            &txn,
            actor,
            &order,
            &line,
            line.quantity - line.restocked_quantity,
        )
        .await?;
    }
    let message = format!(
        "Cancelled; {} refunded and all items returned to stock",
        Money::from_minor(left, currency)
    );
    record_change(
        &txn,
        actor,
        &order,
        ("cancelled", "order.cancel"),
        OrderStatus::Cancelled,
        &message,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

async fn refund_through_provider(
    state: &AppState,
    order: &order::Model,
    amount_minor: i64,
) -> Result<(), AppError> {
    let payment_id = order
        .payment_id
        .as_deref()
        .ok_or_else(|| AppError::Conflict("This order has no payment to refund.".into()))?;
    state
        .payments
        .refund(payment_id, Some(amount_minor))
        .await
        .map_err(|err| {
            tracing::warn!(order = %order.number, error = %err, "refund refused");
            AppError::Unavailable(format!(
                "The payment provider did not refund the money ({err}). Nothing was changed; try again."
            ))
        })
}

/// One order line's units to put back on the shelf with a refund.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestockRequest {
    pub line_id: i32,
    pub units: u32,
}

/// Refunds `amount` (all that is left when empty) through the payment provider, and puts the
/// chosen units back on the shelf.
pub async fn refund(
    state: &AppState,
    actor: &Actor,
    number: &str,
    amount: &str,
    restock: &[RestockRequest],
) -> Result<(), AppError> {
    let order = find_order(&state.db, number).await?;
    let currency = currency_of(&order)?;
    let money = |minor| Money::from_minor(minor, currency);
    let amount = refund_amount(
        amount,
        money(order.total_minor),
        money(order.refunded_minor),
    )?;
    let refunded_after = order.refunded_minor + amount.minor();
    let event = if refunded_after >= order.total_minor {
        OrderEvent::RefundRest
    } else {
        OrderEvent::RefundPart
    };
    let to = status_of(&order)?.apply(event).map_err(refused)?;
    let lines = lines_of(&state.db, &order).await?;
    let mut returning = Vec::new();
    for request in restock.iter().filter(|r| r.units > 0) {
        let line = lines
            .iter()
            .find(|l| l.id == request.line_id)
            .ok_or_else(|| {
                AppError::validation("restock", "That line is not part of this order.")
            })?;
        Restock {
            sku: line.sku.clone(),
            sold: u32::try_from(line.quantity).unwrap_or(0),
            already_returned: u32::try_from(line.restocked_quantity).unwrap_or(0),
            returning: request.units,
        }
        .check()?;
        returning.push((line, i32::try_from(request.units).unwrap_or(0)));
    }

    refund_through_provider(state, &order, amount.minor()).await?;

    let txn = crate::backend::db::begin_write(&state.db).await?;
    let read_refunded = order.refunded_minor;
    let applied = transition(&txn, &order, event, move |u| {
        u.col_expr(order::Column::RefundedMinor, Expr::value(refunded_after))
            .filter(order::Column::RefundedMinor.eq(read_refunded))
    })
    .await?;
    match applied {
        Ok(true) => {}
        // The provider's webhook for this very refund got here first: the money is recorded.
        Ok(false) | Err(_) => {
            tracing::info!(order = %order.number, "refund already recorded by its webhook")
        }
    }
    let units: i32 = returning.iter().map(|(_, n)| n).sum();
    for (line, n) in &returning {
        restock_line(&txn, actor, &order, line, *n).await?;
    }
    let message = if units > 0 {
        format!("Refunded {amount}; {units} item(s) returned to stock")
    } else {
        format!("Refunded {amount}")
    };
    record_change(
        &txn,
        actor,
        &order,
        ("refunded", "order.refund"),
        to,
        &message,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

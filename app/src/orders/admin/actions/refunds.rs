//! Money back: cancelling an order (all of it refunded when it was paid) and refunding part or
//! all of one, with the units staff choose going back on the shelf.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::{changed_meanwhile, currency_of, find_order, lines_of, record_change, refused};
use crate::backend::auth::Actor;
use crate::backend::entities::{order, order_line};
use crate::backend::AppState;
use crate::domain::Money;
use crate::error::AppError;
use crate::inventory::{return_to_shelf, Mover};
use crate::orders::domain::{refund_amount, OrderEvent, OrderStatus, Restock};
use crate::orders::service::{cancel_unpaid, status_of, transition};

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

//! What staff do to an order: hand it to a carrier, mark it delivered, cancel it, refund it.
//!
//! Each is a state-machine event applied with a conditional update (from the status it was read
//! in), in one transaction with its stock movement, its timeline entry and its audit record, so
//! a double click or two members of staff at once change nothing twice. Money goes back through
//! the payment provider first: if the provider refuses, nothing in the shop changes.

mod refunds;
mod shipping;

pub use refunds::{cancel, refund, RestockRequest};
pub use shipping::{fulfil, mark_delivered};

use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::Serialize;

use crate::audit;
use crate::backend::auth::{unix_now, Actor};
use crate::backend::entities::{order, order_event, order_line};
use crate::domain::Currency;
use crate::error::AppError;
use crate::orders::domain::OrderStatus;

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

async fn lines_of<C: ConnectionTrait>(
    db: &C,
    order: &order::Model,
) -> Result<Vec<order_line::Model>, AppError> {
    Ok(order_line::Entity::find()
        .filter(order_line::Column::OrderId.eq(order.id))
        .all(db)
        .await?)
}

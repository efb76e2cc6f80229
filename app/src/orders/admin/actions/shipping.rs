//! Shipping: a paid order handed to a carrier (the customer gets the tracking link), then
//! marked delivered.

use sea_orm::{ActiveModelTrait, Set};

use super::{changed_meanwhile, find_order, record_change, refused};
use crate::backend::auth::{unix_now, Actor};
use crate::backend::entities::shipment;
use crate::backend::AppState;
use crate::domain::EmailAddress;
use crate::error::AppError;
use crate::orders::domain::{Carrier, OrderEvent, OrderStatus, TrackingNumber};
use crate::orders::service::transition;

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
            let link = crate::orders::service::customer_link(&state.site, &order);
            let parcel = crate::orders::mails::Shipped {
                number: &order.number,
                carrier: carrier.name(),
                tracking_number: tracking.as_str(),
                tracking_url: tracking_url.as_deref(),
                order_link: &link,
            };
            let language = crate::orders::service::language_of(&order);
            state
                .mailer
                .send_later(crate::orders::mails::shipped(to, parcel, language));
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

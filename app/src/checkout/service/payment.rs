//! The payment provider's page for a placed order, and waiting for the page another request of
//! the same checkout attempt is opening.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::place::still_placing;
use crate::backend::entities::order;
use crate::backend::AppState;
use crate::checkout::model::PlacedOrder;
use crate::error::AppError;
use crate::orders::domain::{OrderEvent, OrderStatus};
use crate::payments::PaymentRequest;

/// How long a second request for the same attempt waits for the first to get its payment page.
const PAYMENT_WAIT_STEPS: u32 = 50;

/// Asks the payment provider for the page where the shopper pays `order` (placed, its stock
/// reserved), and comes back there with `access_key`. When the provider cannot be reached the
/// order is cancelled and its stock given back, so nothing waits for a payment that cannot come.
pub(in crate::checkout) async fn open_payment(
    state: &AppState,
    order: &order::Model,
    access_key: &str,
) -> Result<PlacedOrder, AppError> {
    let number = &order.number;
    let site = &state.site;
    // The shopper comes back to the page in the language they ordered in.
    let language = crate::orders::service::language_of(order);
    let page = |path: &str| site.absolute_in(language, path);
    let request = PaymentRequest {
        reference: number.clone(),
        amount_minor: order.total_minor,
        currency: order.currency.clone(),
        description: format!("Order {number} at {}", crate::SHOP_NAME),
        success_url: page(&format!("/order/{number}?key={access_key}")),
        cancel_url: page("/checkout"),
        webhook_url: site.absolute(&format!("/webhooks/{}", state.payments.name())),
        expires_at: order.reserved_until,
    };
    match state.payments.create_payment(&request).await {
        Ok(payment) => {
            // Only while the order is still this request's: a retry of the attempt that took it
            // over (see `resume`) hands out its own page, and this request answers with that one.
            let attached = order::Entity::update_many()
                .col_expr(
                    order::Column::PaymentId,
                    Expr::value(Some(payment.payment_id)),
                )
                .col_expr(
                    order::Column::PaymentUrl,
                    Expr::value(Some(payment.url.clone())),
                )
                .filter(order::Column::Id.eq(order.id))
                .filter(order::Column::Status.eq(OrderStatus::PendingPayment.code()))
                .filter(order::Column::AccessKeyHash.eq(order.access_key_hash.as_str()))
                .filter(order::Column::PaymentUrl.is_null())
                .exec(&state.db)
                .await?
                .rows_affected
                == 1;
            if !attached {
                return page_or_refusal(state, order.clone()).await;
            }
            Ok(PlacedOrder {
                number: number.clone(),
                payment_url: payment.url,
            })
        }
        Err(err) => {
            tracing::error!(order = %number, error = %err, "payment provider unavailable: order cancelled");
            let txn = crate::backend::db::begin_write(&state.db).await?;
            crate::orders::service::cancel_unpaid(&txn, order, OrderEvent::Cancel).await?;
            txn.commit().await?;
            Err(AppError::Unavailable(
                "We couldn't reach the payment service, so nothing was charged and your cart is unchanged. Please try again in a moment.".into(),
            ))
        }
    }
}

/// Where waiting for an order's payment page ended.
pub(in crate::checkout) enum Waited {
    Page(PlacedOrder),
    /// Still waiting for payment, and still without a page.
    Stalled(Box<order::Model>),
    /// No longer waiting for payment (cancelled or paid meanwhile).
    Gone,
}

/// The payment page of an order placed by another request of the same attempt, once that
/// request has it; with `wait`, for a few seconds while it may still be asking the provider.
pub(in crate::checkout) async fn payment_page_of(
    state: &AppState,
    order: order::Model,
    wait: bool,
) -> Result<Waited, AppError> {
    let steps = if wait { PAYMENT_WAIT_STEPS } else { 1 };
    let mut current = order;
    for step in 0..steps {
        if step > 0 {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        current = order::Entity::find_by_id(current.id)
            .one(&state.db)
            .await?
            .ok_or_else(|| AppError::not_found("this order"))?;
        if current.status != OrderStatus::PendingPayment.code() {
            return Ok(Waited::Gone);
        }
        if let Some(url) = current.payment_url.clone() {
            return Ok(Waited::Page(PlacedOrder {
                number: current.number,
                payment_url: url,
            }));
        }
    }
    Ok(Waited::Stalled(Box::new(current)))
}

/// The payment page another request of this attempt opened, or why there is none.
pub(in crate::checkout) async fn page_or_refusal(
    state: &AppState,
    order: order::Model,
) -> Result<PlacedOrder, AppError> {
    match payment_page_of(state, order, true).await? {
        Waited::Page(placed) => Ok(placed),
        Waited::Stalled(_) => Err(still_placing()),
        Waited::Gone => Err(AppError::Conflict(
            "This checkout was already used. Please reload the page and try again.".into(),
        )),
    }
}

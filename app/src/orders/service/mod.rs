//! Orders in the database: reading them for their pages, applying what the payment provider
//! reports, and giving back the stock of orders nobody paid for.
//!
//! Every status change is a conditional update from the status the state machine started from,
//! inside the transaction that moves the stock: a webhook delivered twice, a confirmation page
//! that checks the payment at the same moment, or two app nodes expiring the same order all
//! find that only one of them changed anything.

mod payments;
mod reading;

pub use payments::{check_payment, receive_event, PaymentOutcome};
pub(crate) use reading::{card_label, when};
pub use reading::{
    find_by_email, find_for_customer, find_with_key, list_for_customer, view,
    view_after_payment_check,
};

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect,
};

use crate::backend::auth::unix_now;
use crate::backend::entities::order;
use crate::error::AppError;
use crate::inventory::{end_reservations, ReservationEnd};
use crate::orders::domain::{OrderEvent, OrderStatus};

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

/// Where the customer sees an order, in the language they placed it in: the order's page for an
/// account, the page that finds it by number and e-mail for a guest (the confirmation link's key
/// is never stored).
pub fn customer_link(site: &crate::backend::SiteConfig, order: &order::Model) -> String {
    let path = match order.user_id {
        Some(_) => format!("/order/{}", order.number),
        None => format!("/orders/find?number={}", order.number),
    };
    site.absolute_in(language_of(order), &path)
}

/// The language an order was placed in, for its mails.
pub fn language_of(order: &order::Model) -> crate::i18n::Locale {
    crate::language::domain::language_of_code(&order.language)
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

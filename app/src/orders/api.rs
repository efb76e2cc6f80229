//! The order server functions: one order for whoever may see it (its customer, or anyone with
//! the key from the confirmation link), a customer's history, and the guest lookup.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::{OrderSummary, OrderView};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{backend::auth, backend::AppState, error::respond};

/// `key` comes from the confirmation link; a signed-in customer needs none for their own orders.
/// An order still waiting for payment is checked with the provider first, so a shopper who is
/// back from the payment page before the webhook sees it paid.
#[server(prefix = "/api", endpoint = "order/view", input = GetUrl)]
pub async fn order_details(number: String, key: Option<String>) -> Result<OrderView, AppError> {
    respond(async {
        let state = AppState::current()?;
        let found = match key.filter(|k| !k.is_empty()) {
            Some(key) => super::service::find_with_key(&state.db, &number, &key).await?,
            None => {
                let actor = auth::require_signed_in().await?;
                super::service::find_for_customer(&state.db, &number, actor.user_id).await?
            }
        };
        super::service::view_after_payment_check(&state, &found).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "orders/mine", input = GetUrl)]
pub async fn my_orders() -> Result<Vec<OrderSummary>, AppError> {
    respond(async {
        let state = AppState::current()?;
        let actor = auth::require_signed_in().await?;
        super::service::list_for_customer(&state.db, actor.user_id).await
    })
    .await
}

/// For guests: the order placed with this e-mail address under this number. Attempts are
/// limited per address, so numbers cannot be guessed.
#[server(prefix = "/api", endpoint = "order/find")]
pub async fn find_order(email: String, number: String) -> Result<OrderView, AppError> {
    respond(async {
        let state = AppState::current()?;
        let ip = auth::client_ip()?;
        auth::rate_limiter::enforce(
            &state.db,
            crate::domain::RateLimit::ORDER_LOOKUP_PER_IP,
            &ip,
        )
        .await?;
        let found = super::service::find_by_email(&state.db, &email, &number).await?;
        super::service::view(&state.db, &found).await
    })
    .await
}

//! The checkout server functions. Anyone with a cart may check out (guests too); the server
//! prices everything again on every call.

use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};

use super::model::{CheckoutForm, CheckoutReview, CheckoutStart, PlacedOrder};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{backend::auth, cart::api::Caller, error::respond};

#[server(prefix = "/api", endpoint = "checkout/start", input = GetUrl)]
pub async fn begin_checkout() -> Result<CheckoutStart, AppError> {
    respond(async {
        let caller = Caller::current().await?;
        let actor = auth::current_actor().await?;
        super::service::start(&caller.state, caller.owner(), actor.as_ref()).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "checkout/review", input = Json)]
pub async fn review_checkout(form: CheckoutForm) -> Result<CheckoutReview, AppError> {
    respond(async {
        let caller = Caller::current().await?;
        super::service::review(&caller.state, caller.owner(), &form).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "checkout/place", input = Json)]
pub async fn place_order(form: CheckoutForm) -> Result<PlacedOrder, AppError> {
    respond(async {
        let caller = Caller::current().await?;
        let language = crate::language::service::request_language();
        super::service::place(
            &caller.state,
            caller.owner(),
            caller.user_id,
            &form,
            language,
        )
        .await
    })
    .await
}

//! The account server functions. Each is thin: who is asking (and from where, for attempt
//! limits) → one service call → the status for the answer.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::{AccountOverview, AccountSummary, Notice};
use crate::domain::AddressInput;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{backend::auth, backend::AppState, error::respond};

/// The signed-in person, or nothing for a visitor. Public: it only ever describes the caller.
#[server(prefix = "/api", endpoint = "account/me", input = GetUrl)]
pub async fn current_account() -> Result<Option<AccountSummary>, AppError> {
    let actor = respond(auth::current_actor()).await?;
    Ok(actor.as_ref().map(super::service::summary))
}

#[server(prefix = "/api", endpoint = "account/sign-up")]
pub async fn sign_up(name: String, email: String, password: String) -> Result<Notice, AppError> {
    respond(async {
        let state = AppState::current()?;
        let ip = auth::client_ip()?;
        let language = crate::language::service::request_language();
        let email =
            super::service::sign_up(&state, &ip, &name, &email, &password, language).await?;
        Ok(Notice(format!(
            "Almost done: we have sent a link to {email}. Open it to confirm your address, then sign in."
        )))
    })
    .await
}

#[server(prefix = "/api", endpoint = "account/sign-in")]
pub async fn sign_in(email: String, password: String) -> Result<AccountSummary, AppError> {
    let summary = respond(async {
        let state = AppState::current()?;
        let ip = auth::client_ip()?;
        let actor = super::service::sign_in(&state, &ip, &email, &password).await?;
        auth::start_session(actor.user_id).await?;
        if let Some(guest_cart) = auth::request_cookie(state.security.cart_cookie()) {
            crate::cart::service::adopt_guest_cart(&state.db, &guest_cart, actor.user_id).await?;
        }
        Ok(super::service::summary(&actor))
    })
    .await?;
    crate::backend::forms::redirect_plain_form("/account");
    Ok(summary)
}

#[server(prefix = "/api", endpoint = "account/sign-out")]
pub async fn sign_out() -> Result<(), AppError> {
    respond(auth::end_session()).await?;
    crate::backend::forms::redirect_plain_form("/");
    Ok(())
}

/// Ends every session of the caller's account, on every device, this one included.
#[server(prefix = "/api", endpoint = "account/sign-out-everywhere")]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    respond(async {
        let state = AppState::current()?;
        let actor = auth::require_signed_in().await?;
        crate::backend::auth::sessions::end_all_for_user(&state.db, actor.user_id).await?;
        auth::end_session().await
    })
    .await?;
    crate::backend::forms::redirect_plain_form("/account/sign-in");
    Ok(())
}

/// Confirms an e-mail address. A POST (the page shows a button) because mail scanners open
/// links in mails, and merely opening one must not use it up.
#[server(prefix = "/api", endpoint = "account/verify")]
pub async fn verify_email(token: String) -> Result<Notice, AppError> {
    respond(async {
        let state = AppState::current()?;
        super::service::verify_email(&state, &token).await
    })
    .await?;
    Ok(Notice(
        "Thank you: your e-mail address is confirmed. You can sign in now.".into(),
    ))
}

#[server(prefix = "/api", endpoint = "account/forgot")]
pub async fn request_password_reset(email: String) -> Result<Notice, AppError> {
    respond(async {
        let state = AppState::current()?;
        let ip = auth::client_ip()?;
        super::service::request_password_reset(&state, &ip, &email).await
    })
    .await?;
    Ok(Notice(
        "If an account uses that address, we have sent it a link to choose a new password. \
         The link expires in one hour."
            .into(),
    ))
}

#[server(prefix = "/api", endpoint = "account/reset")]
pub async fn reset_password(token: String, password: String) -> Result<Notice, AppError> {
    respond(async {
        let state = AppState::current()?;
        super::service::reset_password(&state, &token, &password).await
    })
    .await?;
    Ok(Notice(
        "Your password has been changed. Please sign in with the new one.".into(),
    ))
}

#[server(prefix = "/api", endpoint = "account/overview", input = GetUrl)]
pub async fn my_account() -> Result<AccountOverview, AppError> {
    respond(async {
        let state = AppState::current()?;
        let actor = auth::require_signed_in().await?;
        super::service::overview(&state, &actor).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "account/name")]
pub async fn update_name(name: String) -> Result<Notice, AppError> {
    respond(async {
        let state = AppState::current()?;
        let actor = auth::require_signed_in().await?;
        super::service::update_name(&state, &actor, &name).await
    })
    .await?;
    Ok(Notice("Your name has been saved.".into()))
}

/// `make_default` is a checkbox: present ("on") when ticked, absent otherwise.
#[server(prefix = "/api", endpoint = "account/address/add")]
pub async fn add_address(
    address: AddressInput,
    make_default: Option<String>,
) -> Result<Notice, AppError> {
    respond(async {
        let state = AppState::current()?;
        let actor = auth::require_signed_in().await?;
        super::service::add_address(&state, &actor, address, make_default.is_some()).await
    })
    .await?;
    Ok(Notice("The address has been saved.".into()))
}

#[server(prefix = "/api", endpoint = "account/address/delete")]
pub async fn delete_address(id: i32) -> Result<(), AppError> {
    respond(async {
        let state = AppState::current()?;
        let actor = auth::require_signed_in().await?;
        super::service::delete_address(&state, &actor, id).await
    })
    .await
}

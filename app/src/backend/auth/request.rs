//! The request being served, as server functions see it: who is signed in, from where, and the
//! session cookie to set or clear. Every server function that is not public starts with
//! `require_signed_in`, `require_staff` or `require(permission)`.

use http::header::SET_COOKIE;
use http::request::Parts;
use http::HeaderValue;
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

use super::{cookie_value, sessions, unix_now, Actor};
use crate::backend::AppState;
use crate::domain::Permission;
use crate::error::AppError;

fn request_parts() -> Result<Parts, AppError> {
    use_context::<Parts>().ok_or_else(|| AppError::internal("request parts missing from context"))
}

/// Adds a `Set-Cookie` header to the response being built.
pub fn set_cookie(value: String) {
    if let (Some(response), Ok(value)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(&value),
    ) {
        response.append_header(SET_COOKIE, value);
    }
}

/// The value of cookie `name` on the request being served.
pub fn request_cookie(name: &str) -> Option<String> {
    use_context::<Parts>().and_then(|parts| cookie_value(&parts.headers, name))
}

/// The signed-in person, if any. A cookie for a session that has ended is removed.
pub async fn current_actor() -> Result<Option<Actor>, AppError> {
    let state = AppState::current()?;
    let parts = request_parts()?;
    let Some(secret) = cookie_value(&parts.headers, state.security.session_cookie()) else {
        return Ok(None);
    };
    let actor = sessions::find_actor(
        &state.db,
        &state.security.session_policy,
        &secret,
        unix_now(),
    )
    .await?;
    if actor.is_none() {
        set_cookie(
            state
                .security
                .cookie(state.security.session_cookie(), "", true, 0),
        );
    }
    Ok(actor)
}

pub async fn require_signed_in() -> Result<Actor, AppError> {
    current_actor().await?.ok_or(AppError::Unauthorized)
}

/// Any member of staff: the back office opens, each page then asks for its own permission.
pub async fn require_staff() -> Result<Actor, AppError> {
    let actor = require_signed_in().await?;
    if actor.role.is_staff() {
        Ok(actor)
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn require(permission: Permission) -> Result<Actor, AppError> {
    let actor = require_signed_in().await?;
    if actor.role.allows(permission) {
        Ok(actor)
    } else {
        tracing::warn!(
            user = actor.user_id,
            permission = permission.code(),
            "permission refused"
        );
        Err(AppError::Forbidden)
    }
}

/// Starts a fresh session for `user_id`: any session the browser already had is ended first,
/// so an id planted before sign-in (session fixation) is worth nothing after it.
pub async fn start_session(user_id: i32) -> Result<(), AppError> {
    let state = AppState::current()?;
    let parts = request_parts()?;
    if let Some(old) = cookie_value(&parts.headers, state.security.session_cookie()) {
        sessions::end(&state.db, &old).await?;
    }
    let secret = sessions::start(&state.db, user_id, unix_now()).await?;
    let max_age = state.security.session_policy.absolute_secs;
    set_cookie(
        state
            .security
            .cookie(state.security.session_cookie(), &secret, true, max_age),
    );
    Ok(())
}

/// Ends this browser's session and removes its cookie.
pub async fn end_session() -> Result<(), AppError> {
    let state = AppState::current()?;
    let parts = request_parts()?;
    if let Some(secret) = cookie_value(&parts.headers, state.security.session_cookie()) {
        sessions::end(&state.db, &secret).await?;
    }
    set_cookie(
        state
            .security
            .cookie(state.security.session_cookie(), "", true, 0),
    );
    Ok(())
}

/// The client's address, for attempt limits: the entry our proxy appended to
/// `X-Forwarded-For` (the last one; earlier ones are whatever the client sent) when configured,
/// else the connection's peer.
pub fn client_ip() -> Result<String, AppError> {
    let state = AppState::current()?;
    let parts = request_parts()?;
    if state.security.trust_proxy {
        let forwarded = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty());
        if let Some(ip) = forwarded {
            return Ok(ip.to_string());
        }
    }
    Ok(parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip().to_string())
        .unwrap_or_else(|| "unknown".to_string()))
}

/// For plain axum routes (uploads, downloads): the signed-in person from the request's cookie,
/// if they have `permission`. The same rules as `require`, without the server-function context.
pub async fn require_in_headers(
    state: &AppState,
    headers: &http::HeaderMap,
    permission: Permission,
) -> Result<Actor, AppError> {
    let actor = match cookie_value(headers, state.security.session_cookie()) {
        Some(secret) => {
            sessions::find_actor(
                &state.db,
                &state.security.session_policy,
                &secret,
                unix_now(),
            )
            .await?
        }
        None => None,
    };
    match actor {
        Some(actor) if actor.role.allows(permission) => Ok(actor),
        Some(_) => Err(AppError::Forbidden),
        None => Err(AppError::Unauthorized),
    }
}

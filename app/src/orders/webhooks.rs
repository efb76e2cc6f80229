//! `POST /webhooks/<provider>`: where payment providers report payments. Not a server function:
//! the provider signs the raw body, so it must be checked byte for byte before anything parses
//! it. Bad signatures, replays and unknown providers are refused and logged; a delivery that
//! arrives twice or out of order is answered 200 (so the provider stops retrying) and changes
//! nothing.

use axum::body::Bytes;
use axum::extract::{Path, State};
use http::{HeaderMap, StatusCode};

use crate::backend::auth::unix_now;
use crate::backend::AppState;

pub async fn receive(
    State(state): State<AppState>,
    Path(provider): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, &'static str) {
    if provider != state.payments.name() {
        tracing::warn!(%provider, "webhook for a payment provider this shop does not use");
        return (StatusCode::NOT_FOUND, "unknown provider");
    }
    let event = match state.payments.verify_webhook(&headers, &body, unix_now()) {
        Ok(event) => event,
        Err(err) => {
            tracing::warn!(%provider, error = %err, "webhook refused");
            return (StatusCode::BAD_REQUEST, "refused");
        }
    };
    match super::service::receive_event(&state, &event).await {
        Ok(outcome) => {
            tracing::info!(
                %provider,
                event = %event.event_id,
                kind = %event.event_type,
                payment = %event.payment.payment_id,
                %outcome,
                "webhook received"
            );
            (StatusCode::OK, "ok")
        }
        // The provider retries later; nothing was committed.
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "try again"),
    }
}

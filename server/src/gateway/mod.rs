//! The sandbox payment gateway: a stand-in for a third-party card gateway in test mode, on its
//! own listener with its own memory. The shop creates a payment over a small JSON API, sends
//! the shopper to the hosted card page, and learns the result from the redirect back and a
//! signed webhook. Card numbers stay here: the shop only ever sees brand and last four.
//!
//! - `card`: what a valid card is, and what each test card does (pure).
//! - `store`: payments in memory and their state changes.
//! - `api`: the shop-facing JSON API (`/v1/...`), behind the API key.
//! - `hosted`: the shopper-facing card form and confirmation step (`/pay/...`).
//! - `pages`: the HTML of those pages (pure).
//! - `webhooks`: signed event delivery with retries.

pub mod api;
pub mod card;
pub mod hosted;
pub mod pages;
pub mod store;
pub mod webhooks;

#[cfg(test)]
mod tests;

use std::sync::Arc;

use anyhow::Context;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use tower_http::trace::TraceLayer;

use store::Payments;
use webhooks::Webhooks;

#[derive(Debug, Clone)]
pub struct GatewayConfig {
    /// How browsers and the shop reach the gateway, e.g. "http://127.0.0.1:3002", no trailing slash.
    pub public_url: String,
    /// The shop's secret API key (sent as a Bearer token).
    pub api_key: String,
    /// Signs webhooks.
    pub webhook_secret: String,
    /// Shown on the hosted page, e.g. "Mercato".
    pub merchant_name: String,
}

/// What every handler shares.
#[derive(Debug, Clone)]
pub struct GatewayState {
    pub config: Arc<GatewayConfig>,
    pub payments: Payments,
    pub webhooks: Webhooks,
}

/// Neither the API nor the card form needs large bodies.
const BODY_LIMIT_BYTES: usize = 64 * 1024;

/// All routes, with a fresh, empty memory.
pub fn router(config: GatewayConfig) -> Router {
    let state = GatewayState {
        webhooks: Webhooks::new(&config.webhook_secret),
        config: Arc::new(config),
        payments: Payments::default(),
    };
    let api = Router::new()
        .route("/v1/payments", post(api::create_payment))
        .route("/v1/payments/{id}", get(api::get_payment))
        .route("/v1/refunds", post(api::create_refund))
        .route_layer(from_fn_with_state(state.clone(), api::require_api_key));
    let hosted = Router::new()
        .route("/pay/{id}", get(hosted::show).post(hosted::submit))
        .route(
            "/pay/{id}/confirm",
            get(hosted::show_confirmation).post(hosted::confirm),
        );
    Router::new()
        .merge(api)
        .merge(hosted)
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// JSON for API paths, a page for everything else.
async fn not_found(State(state): State<GatewayState>, request: Request) -> Response {
    if request.uri().path().starts_with("/v1/") {
        api::ApiError::not_found("No such route.").into_response()
    } else {
        hosted::not_found_page(&state)
    }
}

/// Serves the gateway on `listener` until the future is dropped or the process ends.
pub async fn serve(listener: tokio::net::TcpListener, config: GatewayConfig) -> anyhow::Result<()> {
    let address = listener
        .local_addr()
        .context("reading the gateway's address")?;
    tracing::debug!(
        "sandbox payment gateway at {} (listening on {address})",
        config.public_url
    );
    axum::serve(listener, router(config))
        .await
        .context("serving the sandbox payment gateway")
}

//! The shop-facing JSON API: create and read payments, refund them. Every route needs the
//! shop's API key as a Bearer token; every error is `{"error":{"message":"..."}}`.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Request, State};
use axum::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::json;

use app::backend::auth::secret::constant_time_eq;
use app::backend::auth::unix_now;

use super::store::{new_id, Payment, PaymentObject};
use super::webhooks::EventType;
use super::GatewayState;

pub const REFERENCE_MAX_CHARS: usize = 64;

#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }

    /// Logged in full, shown as a plain 500.
    fn internal(err: &anyhow::Error) -> ApiError {
        tracing::error!(error = %err, "gateway API error");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "Internal error.")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Json(json!({ "error": { "message": self.message } }));
        if self.status == StatusCode::UNAUTHORIZED {
            (self.status, [(WWW_AUTHENTICATE, "Bearer")], body).into_response()
        } else {
            (self.status, body).into_response()
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> ApiError {
        ApiError::bad_request(rejection.body_text())
    }
}

/// Lets a request through only with `Authorization: Bearer <api_key>`.
pub async fn require_api_key(
    State(state): State<GatewayState>,
    request: Request,
    next: Next,
) -> Response {
    let token = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    match token {
        Some(token)
            if !token.is_empty()
                && constant_time_eq(token.as_bytes(), state.config.api_key.as_bytes()) =>
        {
            next.run(request).await
        }
        Some(_) => ApiError::new(StatusCode::UNAUTHORIZED, "Invalid API key.").into_response(),
        None => ApiError::new(
            StatusCode::UNAUTHORIZED,
            "Missing API key: send it as \"Authorization: Bearer <key>\".",
        )
        .into_response(),
    }
}

#[derive(Debug, Deserialize)]
pub struct CreatePayment {
    pub amount: i64,
    pub currency: String,
    pub reference: String,
    pub description: String,
    pub success_url: String,
    pub cancel_url: String,
    pub webhook_url: String,
    pub expires_at: i64,
}

impl CreatePayment {
    fn check(&self, now: i64) -> Result<(), String> {
        if self.amount <= 0 {
            return Err("amount must be a positive number of minor units.".to_string());
        }
        if self.currency.len() != 3 || !self.currency.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err("currency must be three uppercase letters, such as \"EUR\".".to_string());
        }
        let reference = self.reference.trim();
        if reference.is_empty() || self.reference.chars().count() > REFERENCE_MAX_CHARS {
            return Err(format!(
                "reference must be 1 to {REFERENCE_MAX_CHARS} characters."
            ));
        }
        for (field, url) in [
            ("success_url", &self.success_url),
            ("cancel_url", &self.cancel_url),
            ("webhook_url", &self.webhook_url),
        ] {
            check_url(url).map_err(|why| format!("{field} {why}."))?;
        }
        if self.expires_at <= now {
            return Err("expires_at must be in the future.".to_string());
        }
        Ok(())
    }
}

/// Only absolute http(s) URLs: the hosted page links to them and redirects to them.
fn check_url(url: &str) -> Result<(), &'static str> {
    let parsed = reqwest::Url::parse(url).map_err(|_| "must be an absolute URL")?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err("must be an http or https URL");
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err("must name a host");
    }
    Ok(())
}

/// `POST /v1/payments`
pub async fn create_payment(
    State(state): State<GatewayState>,
    payload: Result<Json<CreatePayment>, JsonRejection>,
) -> Result<Json<PaymentObject>, ApiError> {
    let Json(request) = payload?;
    let now = unix_now();
    request.check(now).map_err(ApiError::bad_request)?;
    let payment = Payment {
        id: new_id("pay_").map_err(|err| ApiError::internal(&err))?,
        amount: request.amount,
        amount_refunded: 0,
        currency: request.currency,
        reference: request.reference,
        description: request.description,
        success_url: request.success_url,
        cancel_url: request.cancel_url,
        webhook_url: request.webhook_url,
        created: now,
        expires_at: request.expires_at,
        card: None,
        pending: None,
    };
    let object = payment.object(&state.config.public_url, now);
    tracing::info!(
        payment = %payment.id,
        amount = payment.amount,
        currency = %payment.currency,
        "payment created"
    );
    state.payments.insert(payment);
    Ok(Json(object))
}

/// `GET /v1/payments/{id}`
pub async fn get_payment(
    State(state): State<GatewayState>,
    Path(id): Path<String>,
) -> Result<Json<PaymentObject>, ApiError> {
    let payment = state
        .payments
        .get(&id)
        .ok_or_else(|| ApiError::not_found("No such payment."))?;
    Ok(Json(payment.object(&state.config.public_url, unix_now())))
}

#[derive(Debug, Deserialize)]
pub struct CreateRefund {
    pub payment: String,
    pub amount: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundObject {
    pub id: String,
    pub payment: String,
    pub amount: i64,
    pub status: String,
}

/// `POST /v1/refunds`
pub async fn create_refund(
    State(state): State<GatewayState>,
    payload: Result<Json<CreateRefund>, JsonRejection>,
) -> Result<Json<RefundObject>, ApiError> {
    let Json(request) = payload?;
    let refund_id = new_id("re_").map_err(|err| ApiError::internal(&err))?;
    let now = unix_now();
    let (result, payment) = state
        .payments
        .update(&request.payment, |payment| {
            payment.refund(request.amount, now)
        })
        .ok_or_else(|| ApiError::not_found("No such payment."))?;
    let amount = result.map_err(|err| ApiError::bad_request(err.message()))?;
    tracing::info!(
        payment = %payment.id,
        refund = %refund_id,
        amount,
        amount_refunded = payment.amount_refunded,
        "refund succeeded"
    );
    let object = payment.object(&state.config.public_url, now);
    state
        .webhooks
        .send(EventType::RefundSucceeded, &payment.webhook_url, &object);
    Ok(Json(RefundObject {
        id: refund_id,
        payment: payment.id,
        amount,
        status: "succeeded".to_string(),
    }))
}

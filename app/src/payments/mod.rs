//! The payment boundary. A provider creates a payment for an order and names the hosted page
//! where the shopper types their card (never into the shop), tells the shop through a signed
//! webhook that a payment succeeded, answers what a payment's status is, and refunds.
//!
//! The shop only ever learns a payment id, its status, the amount, the card brand and the last
//! four digits.

pub mod sandbox;
pub mod signature;
pub mod stripe;
#[cfg(test)]
mod webhook_bodies;

use http::HeaderMap;

pub use sandbox::SandboxGateway;
pub use stripe::StripeGateway;

/// What the shop asks a provider for when an order is placed.
#[derive(Debug, Clone)]
pub struct PaymentRequest {
    /// The order number, sent as the provider's reference.
    pub reference: String,
    pub amount_minor: i64,
    pub currency: String,
    pub description: String,
    pub success_url: String,
    pub cancel_url: String,
    pub webhook_url: String,
    /// The order's stock reservation ends then; paying later is refused by the provider.
    pub expires_at: i64,
}

/// A payment waiting on the provider's hosted page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostedPayment {
    pub payment_id: String,
    pub url: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentStatus {
    /// Not paid yet (the shopper may still be typing, or a card was declined).
    Open,
    Succeeded,
    /// Not paid, and it can no longer be.
    Expired,
}

/// All the shop learns about a payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentFacts {
    pub payment_id: String,
    pub reference: String,
    pub status: PaymentStatus,
    pub amount_minor: i64,
    pub currency: String,
    pub amount_refunded_minor: i64,
    pub card_brand: Option<String>,
    pub card_last4: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    PaymentSucceeded,
    PaymentDeclined,
    Refunded,
    /// Anything else the provider reports; recorded and ignored.
    Other,
}

/// A verified webhook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentEvent {
    pub event_id: String,
    pub event_type: String,
    pub kind: EventKind,
    pub payment: PaymentFacts,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    #[error("the payment provider could not be reached: {0}")]
    Unreachable(String),
    #[error("the payment provider refused the request: {0}")]
    Refused(String),
    #[error("webhook signature: {0}")]
    BadSignature(#[from] signature::SignatureError),
    #[error("the payment provider sent something unexpected: {0}")]
    BadPayload(String),
}

/// The configured provider. An enum rather than a trait object: the set is closed, and each
/// arm is tested against its provider's own wire protocol.
#[derive(Debug, Clone)]
pub enum PaymentProvider {
    Sandbox(SandboxGateway),
    Stripe(StripeGateway),
}

impl PaymentProvider {
    /// The name stored with orders and used in the webhook path (`/webhooks/<name>`).
    pub fn name(&self) -> &'static str {
        match self {
            PaymentProvider::Sandbox(_) => "sandbox",
            PaymentProvider::Stripe(_) => "stripe",
        }
    }

    /// Scheme, host and port of the hosted payment pages: the shop's pages may send the
    /// browser there (Content-Security-Policy `form-action`).
    pub fn hosted_page_origin(&self) -> String {
        match self {
            PaymentProvider::Sandbox(gateway) => {
                crate::backend::auth::security_headers::origin_of(gateway.base_url())
            }
            PaymentProvider::Stripe(gateway) => gateway.hosted_origin(),
        }
    }

    pub async fn create_payment(
        &self,
        request: &PaymentRequest,
    ) -> Result<HostedPayment, PaymentError> {
        match self {
            PaymentProvider::Sandbox(gateway) => gateway.create_payment(request).await,
            PaymentProvider::Stripe(gateway) => gateway.create_payment(request).await,
        }
    }

    pub async fn retrieve(&self, payment_id: &str) -> Result<PaymentFacts, PaymentError> {
        match self {
            PaymentProvider::Sandbox(gateway) => gateway.retrieve(payment_id).await,
            PaymentProvider::Stripe(gateway) => gateway.retrieve(payment_id).await,
        }
    }

    /// Refunds `amount_minor` (all that is left when None).
    pub async fn refund(
        &self,
        payment_id: &str,
        amount_minor: Option<i64>,
    ) -> Result<(), PaymentError> {
        match self {
            PaymentProvider::Sandbox(gateway) => gateway.refund(payment_id, amount_minor).await,
            PaymentProvider::Stripe(gateway) => gateway.refund(payment_id, amount_minor).await,
        }
    }

    /// Checks the signature and reads the event; `now` is the shop's clock in unix seconds.
    pub fn verify_webhook(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: i64,
    ) -> Result<PaymentEvent, PaymentError> {
        match self {
            PaymentProvider::Sandbox(gateway) => gateway.verify_webhook(headers, body, now),
            PaymentProvider::Stripe(gateway) => gateway.verify_webhook(headers, body, now),
        }
    }
}

/// How both providers answer an error.
#[derive(serde::Deserialize)]
struct ErrorBody {
    error: ErrorMessage,
}

#[derive(serde::Deserialize)]
struct ErrorMessage {
    message: String,
}

/// Sends a provider API request with the secret key and reads its JSON answer.
async fn call_json<T: serde::de::DeserializeOwned>(
    request: reqwest::RequestBuilder,
    secret_key: &str,
) -> Result<T, PaymentError> {
    let response = request
        .bearer_auth(secret_key)
        .send()
        .await
        .map_err(|e| PaymentError::Unreachable(e.to_string()))?;
    let status = response.status();
    let body = response
        .bytes()
        .await
        .map_err(|e| PaymentError::Unreachable(e.to_string()))?;
    if !status.is_success() {
        let message = serde_json::from_slice::<ErrorBody>(&body)
            .map(|e| e.error.message)
            .unwrap_or_else(|_| format!("HTTP {status}"));
        return Err(PaymentError::Refused(message));
    }
    serde_json::from_slice(&body).map_err(|e| PaymentError::BadPayload(e.to_string()))
}

/// A webhook's body, once the signature in `header_name` proves `secret`'s holder sent it.
fn verified_json<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    header_name: &str,
    secret: &str,
    body: &[u8],
    now: i64,
) -> Result<T, PaymentError> {
    let header = headers
        .get(header_name)
        .and_then(|v| v.to_str().ok())
        .ok_or(signature::SignatureError::Malformed)?;
    signature::verify(secret, header, body, now)?;
    serde_json::from_slice(body).map_err(|e| PaymentError::BadPayload(e.to_string()))
}

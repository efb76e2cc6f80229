//! The client side of the sandbox gateway (`mercato gateway`, or the one `mercato` starts next
//! to the shop): a JSON API with a bearer key, and webhooks signed like Stripe's.

use http::HeaderMap;
use serde::{Deserialize, Serialize};

use super::{
    EventKind, HostedPayment, PaymentError, PaymentEvent, PaymentFacts, PaymentRequest,
    PaymentStatus,
};

/// The header the sandbox signs its webhooks in.
pub const SIGNATURE_HEADER: &str = "mercato-signature";

#[derive(Clone)]
pub struct SandboxGateway {
    base_url: String,
    api_key: String,
    webhook_secret: String,
    http: reqwest::Client,
}

impl std::fmt::Debug for SandboxGateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The keys stay out of logs.
        f.debug_struct("SandboxGateway")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

#[derive(Serialize)]
struct CreatePayment<'a> {
    amount: i64,
    currency: &'a str,
    reference: &'a str,
    description: &'a str,
    success_url: &'a str,
    cancel_url: &'a str,
    webhook_url: &'a str,
    expires_at: i64,
}

#[derive(Deserialize)]
struct Payment {
    id: String,
    status: String,
    amount: i64,
    amount_refunded: i64,
    currency: String,
    reference: String,
    url: String,
    card_brand: Option<String>,
    card_last4: Option<String>,
}

#[derive(Deserialize)]
struct Event {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    data: EventData,
}

#[derive(Deserialize)]
struct EventData {
    object: Payment,
}

impl Payment {
    fn facts(self) -> PaymentFacts {
        PaymentFacts {
            status: match self.status.as_str() {
                "succeeded" => PaymentStatus::Succeeded,
                "expired" => PaymentStatus::Expired,
                _ => PaymentStatus::Open,
            },
            payment_id: self.id,
            reference: self.reference,
            amount_minor: self.amount,
            currency: self.currency,
            amount_refunded_minor: self.amount_refunded,
            card_brand: self.card_brand,
            card_last4: self.card_last4,
        }
    }
}

impl SandboxGateway {
    pub fn new(base_url: &str, api_key: &str, webhook_secret: &str) -> SandboxGateway {
        SandboxGateway {
            base_url: base_url.trim_end_matches('/').to_string(),
            api_key: api_key.to_string(),
            webhook_secret: webhook_secret.to_string(),
            http: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(10))
                .build()
                .unwrap_or_default(),
        }
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn api_key(&self) -> &str {
        &self.api_key
    }

    pub fn webhook_secret(&self) -> &str {
        &self.webhook_secret
    }

    async fn call<T: serde::de::DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<T, PaymentError> {
        super::call_json(request, &self.api_key).await
    }

    pub async fn create_payment(
        &self,
        request: &PaymentRequest,
    ) -> Result<HostedPayment, PaymentError> {
        let payment: Payment = self
            .call(
                self.http
                    .post(format!("{}/v1/payments", self.base_url))
                    .json(&CreatePayment {
                        amount: request.amount_minor,
                        currency: &request.currency,
                        reference: &request.reference,
                        description: &request.description,
                        success_url: &request.success_url,
                        cancel_url: &request.cancel_url,
                        webhook_url: &request.webhook_url,
                        expires_at: request.expires_at,
                    }),
            )
            .await?;
        Ok(HostedPayment {
            payment_id: payment.id,
            url: payment.url,
        })
    }

    pub async fn retrieve(&self, payment_id: &str) -> Result<PaymentFacts, PaymentError> {
        let payment: Payment = self
            .call(
                self.http
                    .get(format!("{}/v1/payments/{payment_id}", self.base_url)),
            )
            .await?;
        Ok(payment.facts())
    }

    pub async fn refund(
        &self,
        payment_id: &str,
        amount_minor: Option<i64>,
    ) -> Result<(), PaymentError> {
        let mut body = serde_json::json!({ "payment": payment_id });
        if let Some(amount) = amount_minor {
            body["amount"] = amount.into();
        }
        let _: serde_json::Value = self
            .call(
                self.http
                    .post(format!("{}/v1/refunds", self.base_url))
                    .json(&body),
            )
            .await?;
        Ok(())
    }

    pub fn verify_webhook(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: i64,
    ) -> Result<PaymentEvent, PaymentError> {
        let event: Event =
            super::verified_json(headers, SIGNATURE_HEADER, &self.webhook_secret, body, now)?;
        Ok(PaymentEvent {
            kind: match event.kind.as_str() {
                "payment.succeeded" => EventKind::PaymentSucceeded,
                "payment.declined" => EventKind::PaymentDeclined,
                "refund.succeeded" => EventKind::Refunded,
                _ => EventKind::Other,
            },
            event_id: event.id,
            event_type: event.kind,
            payment: event.data.object.facts(),
        })
    }
}

#[cfg(test)]
mod properties;

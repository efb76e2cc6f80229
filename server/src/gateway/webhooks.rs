//! Telling the shop what happened: a signed JSON event POSTed to the payment's `webhook_url`,
//! retried with back-off until the shop answers 2xx. A retry sends the same event (same id,
//! same body) with a fresh signature timestamp.

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use app::backend::auth::unix_now;
use app::payments::signature::sign;

use super::store::{new_id, PaymentObject};

pub const SIGNATURE_HEADER: &str = "Mercato-Signature";

/// Waits before the 2nd … 6th attempt.
const BACKOFF: [Duration; 5] = [
    Duration::from_secs(1),
    Duration::from_secs(2),
    Duration::from_secs(4),
    Duration::from_secs(8),
    Duration::from_secs(16),
];

const TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventType {
    PaymentSucceeded,
    PaymentDeclined,
    RefundSucceeded,
}

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::PaymentSucceeded => "payment.succeeded",
            EventType::PaymentDeclined => "payment.declined",
            EventType::RefundSucceeded => "refund.succeeded",
        }
    }
}

#[derive(Serialize)]
struct Event<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    created: i64,
    data: EventData<'a>,
}

#[derive(Serialize)]
struct EventData<'a> {
    object: &'a PaymentObject,
}

/// Sends webhooks; cheap to clone.
#[derive(Debug, Clone)]
pub struct Webhooks {
    client: reqwest::Client,
    secret: Arc<str>,
}

impl Webhooks {
    pub fn new(secret: &str) -> Webhooks {
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .build()
            .expect("an HTTP client with rustls and a timeout builds on every supported platform");
        Webhooks {
            client,
            secret: secret.into(),
        }
    }

    /// Queues the event and returns at once; delivery runs in its own task.
    pub fn send(&self, kind: EventType, url: &str, object: &PaymentObject) {
        let event_id = match new_id("evt_") {
            Ok(id) => id,
            Err(err) => {
                tracing::error!(payment = %object.id, event = kind.as_str(), error = %err, "webhook not sent: no event id");
                return;
            }
        };
        let event = Event {
            id: &event_id,
            kind: kind.as_str(),
            created: unix_now(),
            data: EventData { object },
        };
        let body = match serde_json::to_vec(&event) {
            Ok(body) => body,
            Err(err) => {
                tracing::error!(payment = %object.id, event = kind.as_str(), error = %err, "webhook not sent: cannot serialise");
                return;
            }
        };
        let delivery = Delivery {
            client: self.client.clone(),
            secret: self.secret.clone(),
            url: url.to_string(),
            event_id,
            kind,
            payment_id: object.id.clone(),
            body,
        };
        tokio::spawn(delivery.run());
    }
}

struct Delivery {
    client: reqwest::Client,
    secret: Arc<str>,
    url: String,
    event_id: String,
    kind: EventType,
    payment_id: String,
    body: Vec<u8>,
}

impl Delivery {
    async fn run(self) {
        let attempts = BACKOFF.len() + 1;
        for attempt in 1..=attempts {
            match self.attempt().await {
                Ok(()) => {
                    tracing::info!(
                        event = %self.event_id,
                        kind = self.kind.as_str(),
                        payment = %self.payment_id,
                        attempt,
                        "webhook delivered"
                    );
                    return;
                }
                Err(reason) => {
                    tracing::warn!(
                        event = %self.event_id,
                        kind = self.kind.as_str(),
                        payment = %self.payment_id,
                        url = %self.url,
                        attempt,
                        %reason,
                        "webhook delivery failed"
                    );
                }
            }
            if let Some(wait) = BACKOFF.get(attempt - 1) {
                tokio::time::sleep(*wait).await;
            }
        }
        tracing::error!(
            event = %self.event_id,
            kind = self.kind.as_str(),
            payment = %self.payment_id,
            url = %self.url,
            attempts,
            "webhook given up"
        );
    }

    async fn attempt(&self) -> Result<(), String> {
        let signature = sign(&self.secret, unix_now(), &self.body);
        let response = self
            .client
            .post(&self.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(SIGNATURE_HEADER, signature)
            .body(self.body.clone())
            .send()
            .await
            .map_err(|err| err.to_string())?;
        let status = response.status();
        if status.is_success() {
            Ok(())
        } else {
            Err(format!("the endpoint answered {status}"))
        }
    }
}

//! Stripe, through Checkout Sessions: the shopper pays on Stripe's hosted page, Stripe tells
//! the shop with a `checkout.session.completed` webhook signed in its `Stripe-Signature`
//! scheme, and refunds go through the session's PaymentIntent. Requests are form-encoded with
//! Stripe's bracket notation and carry an `Idempotency-Key`, so a retried creation makes one
//! session. Everything here follows Stripe's API reference (API version 2024-06-20 shapes).

use http::HeaderMap;
use serde::Deserialize;

use super::{
    EventKind, HostedPayment, PaymentError, PaymentEvent, PaymentFacts, PaymentRequest,
    PaymentStatus,
};

pub const SIGNATURE_HEADER: &str = "stripe-signature";
pub const API_URL: &str = "https://api.stripe.com";
/// Stripe refuses sessions that expire sooner than 30 minutes after they are created.
const MIN_SESSION_SECS: i64 = 30 * 60 + 60;

#[derive(Clone)]
pub struct StripeGateway {
    api_url: String,
    secret_key: String,
    webhook_secret: String,
    http: reqwest::Client,
}

impl std::fmt::Debug for StripeGateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StripeGateway")
            .field("api_url", &self.api_url)
            .finish_non_exhaustive()
    }
}

/// A field Stripe returns either as an id or, when asked to `expand` it, as the object.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Expandable<T> {
    Id(String),
    Object(Box<T>),
}

#[derive(Debug, Deserialize)]
struct Session {
    id: String,
    url: Option<String>,
    status: Option<String>,
    payment_status: String,
    amount_total: Option<i64>,
    currency: Option<String>,
    client_reference_id: Option<String>,
    payment_intent: Option<Expandable<PaymentIntent>>,
}

#[derive(Debug, Deserialize)]
struct PaymentIntent {
    id: String,
    latest_charge: Option<Expandable<Charge>>,
}

#[derive(Debug, Deserialize)]
struct Charge {
    amount_refunded: i64,
    payment_method_details: Option<PaymentMethodDetails>,
}

#[derive(Debug, Deserialize)]
struct PaymentMethodDetails {
    card: Option<Card>,
}

#[derive(Debug, Deserialize)]
struct Card {
    brand: String,
    last4: String,
}

#[derive(Debug, Deserialize)]
struct Event {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    data: EventData,
}

#[derive(Debug, Deserialize)]
struct EventData {
    object: serde_json::Value,
}

impl Session {
    fn facts(self) -> PaymentFacts {
        let status = match (self.payment_status.as_str(), self.status.as_deref()) {
            ("paid", _) => PaymentStatus::Succeeded,
            (_, Some("expired")) => PaymentStatus::Expired,
            _ => PaymentStatus::Open,
        };
        let charge = match self.payment_intent {
            Some(Expandable::Object(intent)) => match intent.latest_charge {
                Some(Expandable::Object(charge)) => Some(charge),
                _ => None,
            },
            _ => None,
        };
        let card = charge
            .as_ref()
            .and_then(|c| c.payment_method_details.as_ref())
            .and_then(|d| d.card.as_ref());
        PaymentFacts {
            payment_id: self.id,
            reference: self.client_reference_id.unwrap_or_default(),
            status,
            amount_minor: self.amount_total.unwrap_or(0),
            currency: self.currency.unwrap_or_default().to_uppercase(),
            amount_refunded_minor: charge.as_ref().map(|c| c.amount_refunded).unwrap_or(0),
            card_brand: card.map(|c| c.brand.clone()),
            card_last4: card.map(|c| c.last4.clone()),
        }
    }
}

/// One session per order and confirmation link. Stripe answers a key it has seen with the first
/// session only if every parameter is the same, and refuses it otherwise; an order whose payment is
/// opened again after a crash (`checkout::resume`) gets a new link, so it needs a new key.
fn idempotency_key(request: &PaymentRequest) -> String {
    let link = crate::backend::auth::secret::digest(&request.success_url);
    format!(
        "checkout-{}-{}",
        request.reference,
        &link[..link.len().min(16)]
    )
}

impl StripeGateway {
    pub fn new(api_url: &str, secret_key: &str, webhook_secret: &str) -> StripeGateway {
        StripeGateway {
            api_url: api_url.trim_end_matches('/').to_string(),
            secret_key: secret_key.to_string(),
            webhook_secret: webhook_secret.to_string(),
            http: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(20))
                .build()
                .unwrap_or_default(),
        }
    }

    /// Where Stripe's hosted pages live (for a stand-in API in tests: the stand-in itself).
    pub fn hosted_origin(&self) -> String {
        if self.api_url == API_URL {
            "https://checkout.stripe.com".to_string()
        } else {
            crate::backend::auth::security_headers::origin_of(&self.api_url)
        }
    }

    async fn call<T: serde::de::DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<T, PaymentError> {
        super::call_json(request, &self.secret_key).await
    }

    pub async fn create_payment(
        &self,
        request: &PaymentRequest,
    ) -> Result<HostedPayment, PaymentError> {
        let now = crate::backend::auth::unix_now();
        let expires_at = request.expires_at.max(now + MIN_SESSION_SECS);
        let form: Vec<(&str, String)> = vec![
            ("mode", "payment".into()),
            ("success_url", request.success_url.clone()),
            ("cancel_url", request.cancel_url.clone()),
            ("client_reference_id", request.reference.clone()),
            ("expires_at", expires_at.to_string()),
            (
                "line_items[0][price_data][currency]",
                request.currency.to_lowercase(),
            ),
            (
                "line_items[0][price_data][unit_amount]",
                request.amount_minor.to_string(),
            ),
            (
                "line_items[0][price_data][product_data][name]",
                request.description.clone(),
            ),
            ("line_items[0][quantity]", "1".into()),
            ("metadata[order_number]", request.reference.clone()),
            (
                "payment_intent_data[metadata][order_number]",
                request.reference.clone(),
            ),
        ];
        let session: Session = self
            .call(
                self.http
                    .post(format!("{}/v1/checkout/sessions", self.api_url))
                    .header("Idempotency-Key", idempotency_key(request))
                    .form(&form),
            )
            .await?;
        let url = session
            .url
            .ok_or_else(|| PaymentError::BadPayload("the session has no url".into()))?;
        Ok(HostedPayment {
            payment_id: session.id,
            url,
        })
    }

    async fn session(&self, session_id: &str) -> Result<Session, PaymentError> {
        self.call(
            self.http
                .get(format!(
                    "{}/v1/checkout/sessions/{session_id}",
                    self.api_url
                ))
                .query(&[("expand[]", "payment_intent.latest_charge")]),
        )
        .await
    }

    pub async fn retrieve(&self, session_id: &str) -> Result<PaymentFacts, PaymentError> {
        Ok(self.session(session_id).await?.facts())
    }

    pub async fn refund(
        &self,
        session_id: &str,
        amount_minor: Option<i64>,
    ) -> Result<(), PaymentError> {
        let intent = match self.session(session_id).await?.payment_intent {
            Some(Expandable::Id(id)) => id,
            Some(Expandable::Object(intent)) => intent.id,
            None => return Err(PaymentError::Refused("the session was not paid".into())),
        };
        let mut form = vec![("payment_intent", intent)];
        if let Some(amount) = amount_minor {
            form.push(("amount", amount.to_string()));
        }
        let _: serde_json::Value = self
            .call(
                self.http
                    .post(format!("{}/v1/refunds", self.api_url))
                    .form(&form),
            )
            .await?;
        Ok(())
    }

    /// Checkout Session events carry the session; anything else is recorded and ignored.
    pub fn verify_webhook(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: i64,
    ) -> Result<PaymentEvent, PaymentError> {
        let event: Event =
            super::verified_json(headers, SIGNATURE_HEADER, &self.webhook_secret, body, now)?;
        let kind = match event.kind.as_str() {
            "checkout.session.completed" | "checkout.session.async_payment_succeeded" => {
                EventKind::PaymentSucceeded
            }
            "checkout.session.async_payment_failed" => EventKind::PaymentDeclined,
            _ => EventKind::Other,
        };
        let payment = match serde_json::from_value::<Session>(event.data.object) {
            Ok(session) => session.facts(),
            Err(_) if kind == EventKind::Other => PaymentFacts {
                payment_id: String::new(),
                reference: String::new(),
                status: PaymentStatus::Open,
                amount_minor: 0,
                currency: String::new(),
                amount_refunded_minor: 0,
                card_brand: None,
                card_last4: None,
            },
            Err(err) => return Err(PaymentError::BadPayload(err.to_string())),
        };
        Ok(PaymentEvent {
            event_id: event.id,
            event_type: event.kind,
            kind,
            payment,
        })
    }
}

#[cfg(test)]
mod properties;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payments::signature;

    /// A `checkout.session.completed` object as Stripe's API reference shows it (trimmed).
    const COMPLETED: &str = r#"{
      "id": "cs_test_a1b2c3",
      "object": "checkout.session",
      "amount_subtotal": 2198,
      "amount_total": 2198,
      "client_reference_id": "M7K2QX9HD",
      "currency": "eur",
      "customer_details": {"email": "ada@example.com"},
      "livemode": false,
      "metadata": {"order_number": "M7K2QX9HD"},
      "mode": "payment",
      "payment_intent": "pi_3MtwBwLkdIwHu7ix28a3tqPa",
      "payment_status": "paid",
      "status": "complete",
      "url": null
    }"#;

    #[test]
    fn reads_a_completed_session() {
        let session: Session = serde_json::from_str(COMPLETED).expect("session");
        let facts = session.facts();
        assert_eq!(facts.status, PaymentStatus::Succeeded);
        assert_eq!(facts.amount_minor, 2198);
        assert_eq!(facts.currency, "EUR");
        assert_eq!(facts.reference, "M7K2QX9HD");
        assert_eq!(facts.card_brand, None, "not expanded in webhooks");
    }

    #[test]
    fn reads_card_details_from_the_expanded_charge() {
        let json = COMPLETED.replace(
            r#""payment_intent": "pi_3MtwBwLkdIwHu7ix28a3tqPa""#,
            r#""payment_intent": {"id": "pi_1", "object": "payment_intent",
                "latest_charge": {"id": "ch_1", "object": "charge", "amount_refunded": 500,
                  "payment_method_details": {"type": "card",
                    "card": {"brand": "mastercard", "last4": "4444", "exp_month": 12}}}}"#,
        );
        let facts = serde_json::from_str::<Session>(&json)
            .expect("session")
            .facts();
        assert_eq!(facts.card_brand.as_deref(), Some("mastercard"));
        assert_eq!(facts.card_last4.as_deref(), Some("4444"));
        assert_eq!(facts.amount_refunded_minor, 500);
    }

    #[test]
    fn verifies_stripe_signatures_and_maps_event_types() {
        let gateway = StripeGateway::new(API_URL, "sk_test_x", "whsec_test");
        let body = format!(
            r#"{{"id":"evt_1","object":"event","type":"checkout.session.completed","data":{{"object":{COMPLETED}}}}}"#
        );
        let mut headers = HeaderMap::new();
        let header = signature::sign("whsec_test", 1_000, body.as_bytes());
        headers.insert(SIGNATURE_HEADER, header.parse().expect("header"));
        let event = gateway
            .verify_webhook(&headers, body.as_bytes(), 1_030)
            .expect("valid");
        assert_eq!(event.kind, EventKind::PaymentSucceeded);
        assert_eq!(event.payment.payment_id, "cs_test_a1b2c3");
        assert!(matches!(
            gateway.verify_webhook(&headers, body.as_bytes(), 5_000),
            Err(PaymentError::BadSignature(_))
        ));
        assert!(matches!(
            gateway.verify_webhook(&HeaderMap::new(), body.as_bytes(), 1_030),
            Err(PaymentError::BadSignature(_))
        ));
    }
}

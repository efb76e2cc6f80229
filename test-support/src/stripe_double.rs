//! A stand-in for Stripe's API, for tests: it answers the endpoints the shop uses
//! (`POST /v1/checkout/sessions`, `GET /v1/checkout/sessions/{id}`, `POST /v1/refunds`) with the
//! request and response shapes of Stripe's API reference, checks the secret key and honours
//! `Idempotency-Key` (refusing a key reused with other parameters), and can play the shopper
//! paying on the hosted page.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use serde_json::{json, Value};

pub const SECRET_KEY: &str = "sk_test_double";
pub const WEBHOOK_SECRET: &str = "whsec_double";

#[derive(Debug, Clone)]
pub struct Session {
    pub id: String,
    pub form: HashMap<String, String>,
    pub paid: bool,
    pub refunded: i64,
}

impl Session {
    fn amount(&self) -> i64 {
        self.form["line_items[0][price_data][unit_amount]"]
            .parse()
            .unwrap_or(0)
    }

    fn intent_id(&self) -> String {
        format!("pi_{}", &self.id[8..])
    }

    /// The Checkout Session object, with its PaymentIntent expanded when asked.
    fn object(&self, base: &str, expand: bool) -> Value {
        let intent = if !self.paid {
            Value::Null
        } else if expand {
            json!({
                "id": self.intent_id(),
                "object": "payment_intent",
                "amount": self.amount(),
                "status": "succeeded",
                "latest_charge": {
                    "id": format!("ch_{}", &self.id[8..]),
                    "object": "charge",
                    "amount": self.amount(),
                    "amount_refunded": self.refunded,
                    "paid": true,
                    "payment_method_details": {
                        "type": "card",
                        "card": { "brand": "visa", "last4": "4242", "exp_month": 12, "exp_year": 2034 }
                    }
                }
            })
        } else {
            json!(self.intent_id())
        };
        json!({
            "id": self.id,
            "object": "checkout.session",
            "amount_subtotal": self.amount(),
            "amount_total": self.amount(),
            "cancel_url": self.form["cancel_url"],
            "client_reference_id": self.form["client_reference_id"],
            "currency": self.form["line_items[0][price_data][currency]"],
            "expires_at": self.form["expires_at"].parse::<i64>().unwrap_or(0),
            "livemode": false,
            "metadata": { "order_number": self.form.get("metadata[order_number]") },
            "mode": "payment",
            "payment_intent": intent,
            "payment_status": if self.paid { "paid" } else { "unpaid" },
            "status": if self.paid { "complete" } else { "open" },
            "success_url": self.form["success_url"],
            "url": if self.paid { Value::Null } else { json!(format!("{base}/c/pay/{}", self.id)) }
        })
    }
}

#[derive(Default)]
struct Memory {
    sessions: HashMap<String, Session>,
    idempotency: HashMap<String, String>,
    refunds: Vec<HashMap<String, String>>,
}

#[derive(Clone)]
pub struct StripeDouble {
    pub url: String,
    memory: Arc<Mutex<Memory>>,
}

fn stripe_error(status: StatusCode, message: &str) -> Response {
    (
        status,
        Json(json!({ "error": { "type": "invalid_request_error", "message": message } })),
    )
        .into_response()
}

fn authorised(headers: &HeaderMap) -> bool {
    headers.get("authorization").and_then(|v| v.to_str().ok())
        == Some(&format!("Bearer {SECRET_KEY}"))
}

async fn create_session(
    State(double): State<StripeDouble>,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    if !authorised(&headers) {
        return stripe_error(StatusCode::UNAUTHORIZED, "Invalid API Key provided");
    }
    let form: HashMap<String, String> = form.into_iter().collect();
    for required in [
        "mode",
        "success_url",
        "cancel_url",
        "line_items[0][price_data][currency]",
        "line_items[0][price_data][unit_amount]",
        "line_items[0][price_data][product_data][name]",
        "line_items[0][quantity]",
        "expires_at",
    ] {
        if !form.contains_key(required) {
            return stripe_error(
                StatusCode::BAD_REQUEST,
                &format!("Missing required param: {required}."),
            );
        }
    }
    let expires_at: i64 = form["expires_at"].parse().unwrap_or(0);
    if expires_at < app::backend::auth::unix_now() + 30 * 60 {
        return stripe_error(
            StatusCode::BAD_REQUEST,
            "The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.",
        );
    }
    let mut memory = double.memory.lock().expect("memory");
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    if let Some(id) = key
        .as_ref()
        .and_then(|k| memory.idempotency.get(k))
        .cloned()
    {
        // As Stripe does: the first answer again, but only for the very same request.
        let first = &memory.sessions[&id];
        if first.form != form {
            return stripe_error(
                StatusCode::BAD_REQUEST,
                "Keys for idempotent requests can only be used with the same parameters they were first used with.",
            );
        }
        return Json(first.object(&double.url, false)).into_response();
    }
    let id = format!("cs_test_{:024}", memory.sessions.len() + 1);
    let session = Session {
        id: id.clone(),
        form,
        paid: false,
        refunded: 0,
    };
    let object = session.object(&double.url, false);
    memory.sessions.insert(id.clone(), session);
    if let Some(key) = key {
        memory.idempotency.insert(key, id);
    }
    Json(object).into_response()
}

async fn get_session(
    State(double): State<StripeDouble>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    if !authorised(&headers) {
        return stripe_error(StatusCode::UNAUTHORIZED, "Invalid API Key provided");
    }
    let expand = query
        .iter()
        .any(|(k, v)| k == "expand[]" && v == "payment_intent.latest_charge");
    let memory = double.memory.lock().expect("memory");
    match memory.sessions.get(&id) {
        Some(session) => Json(session.object(&double.url, expand)).into_response(),
        None => stripe_error(
            StatusCode::NOT_FOUND,
            &format!("No such checkout.session: '{id}'"),
        ),
    }
}

async fn create_refund(
    State(double): State<StripeDouble>,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    if !authorised(&headers) {
        return stripe_error(StatusCode::UNAUTHORIZED, "Invalid API Key provided");
    }
    let form: HashMap<String, String> = form.into_iter().collect();
    let mut memory = double.memory.lock().expect("memory");
    let refund_id = format!("re_{}", memory.refunds.len() + 1);
    let Some(intent) = form.get("payment_intent").cloned() else {
        return stripe_error(
            StatusCode::BAD_REQUEST,
            "Missing required param: payment_intent.",
        );
    };
    let Some(session) = memory
        .sessions
        .values_mut()
        .find(|s| s.paid && s.intent_id() == intent)
    else {
        return stripe_error(
            StatusCode::NOT_FOUND,
            &format!("No such payment_intent: '{intent}'"),
        );
    };
    let left = session.amount() - session.refunded;
    let amount = form
        .get("amount")
        .and_then(|a| a.parse::<i64>().ok())
        .unwrap_or(left);
    if amount <= 0 || amount > left {
        return stripe_error(
            StatusCode::BAD_REQUEST,
            &format!(
                "Refund amount ({amount}) is greater than unrefunded amount on charge ({left})"
            ),
        );
    }
    session.refunded += amount;
    let refund = json!({
        "id": refund_id,
        "object": "refund",
        "amount": amount,
        "currency": session.form["line_items[0][price_data][currency]"],
        "payment_intent": intent,
        "status": "succeeded"
    });
    memory.refunds.push(form);
    Json(refund).into_response()
}

impl StripeDouble {
    pub async fn start() -> StripeDouble {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let double = StripeDouble {
            url: format!("http://{}", listener.local_addr().expect("address")),
            memory: Arc::default(),
        };
        let router = Router::new()
            .route("/v1/checkout/sessions", post(create_session))
            .route("/v1/checkout/sessions/{id}", get(get_session))
            .route("/v1/refunds", post(create_refund))
            .with_state(double.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        double
    }

    /// The shop's settings for talking to this stand-in.
    pub fn settings(&self) -> Vec<String> {
        [
            "--payments",
            "stripe",
            "--stripe-api-url",
            &self.url,
            "--stripe-secret-key",
            SECRET_KEY,
            "--stripe-webhook-secret",
            WEBHOOK_SECRET,
        ]
        .map(str::to_string)
        .to_vec()
    }

    pub fn session(&self, id: &str) -> Session {
        self.memory.lock().expect("memory").sessions[id].clone()
    }

    pub fn sessions(&self) -> usize {
        self.memory.lock().expect("memory").sessions.len()
    }

    pub fn refunds(&self) -> Vec<HashMap<String, String>> {
        self.memory.lock().expect("memory").refunds.clone()
    }

    /// The shopper pays on the hosted page; returns the `checkout.session.completed` event
    /// Stripe would send (unexpanded, as webhooks are).
    pub fn complete(&self, id: &str) -> String {
        let mut memory = self.memory.lock().expect("memory");
        let session = memory.sessions.get_mut(id).expect("session");
        session.paid = true;
        json!({
            "id": format!("evt_{}", &id[8..]),
            "object": "event",
            "api_version": "2024-06-20",
            "created": app::backend::auth::unix_now(),
            "livemode": false,
            "type": "checkout.session.completed",
            "data": { "object": session.object(&self.url, false) }
        })
        .to_string()
    }
}

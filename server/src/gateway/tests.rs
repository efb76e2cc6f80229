//! The gateway over HTTP, request by request through `router(...)`, and webhooks received by a
//! real listener.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::routing::post;
use axum::Router;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tokio::sync::{mpsc, Mutex};
use tower::ServiceExt;

use app::backend::auth::unix_now;
use app::payments::signature::verify;

use super::{router, GatewayConfig};

const KEY: &str = "sk_test_key";
const SECRET: &str = "whsec_test_secret";
/// Nothing listens on the discard port: deliveries fail fast and retry in the background.
const NOWHERE: &str = "http://127.0.0.1:9/webhooks/payments";

fn config() -> GatewayConfig {
    GatewayConfig {
        public_url: "http://gw.test".to_string(),
        api_key: KEY.to_string(),
        webhook_secret: SECRET.to_string(),
        merchant_name: "Mercato".to_string(),
    }
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).expect("a JSON body")
    }

    fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .expect("a Location header")
    }
}

async fn send(gateway: &Router, request: Request<Body>) -> Reply {
    let response = gateway
        .clone()
        .oneshot(request)
        .await
        .expect("routers do not fail");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("a body")
        .to_bytes();
    Reply {
        status,
        headers,
        body: String::from_utf8(bytes.to_vec()).expect("UTF-8"),
    }
}

fn api(method: &str, uri: &str, key: Option<&str>, body: Option<Value>) -> Request<Body> {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(key) = key {
        request = request.header(header::AUTHORIZATION, format!("Bearer {key}"));
    }
    match body {
        Some(body) => request
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string())),
        None => request.body(Body::empty()),
    }
    .expect("a request")
}

fn form(uri: &str, pairs: &[(&str, &str)]) -> Request<Body> {
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    Request::post(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .expect("a request")
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).expect("a request")
}

fn card<'a>(number: &'a str, cvc: &'a str) -> [(&'static str, &'a str); 4] {
    [
        ("card_number", number),
        ("expiry", "12/49"),
        ("cvc", cvc),
        ("name", "Ada Lovelace"),
    ]
}

fn new_payment(webhook_url: &str) -> Value {
    json!({
        "amount": 1234,
        "currency": "EUR",
        "reference": "M-1001",
        "description": "Order M-1001 at Mercato",
        "success_url": "https://shop.test/checkout/done?order=M-1001",
        "cancel_url": "https://shop.test/checkout",
        "webhook_url": webhook_url,
        "expires_at": unix_now() + 3600,
    })
}

async fn create(gateway: &Router, body: Value) -> Value {
    let reply = send(gateway, api("POST", "/v1/payments", Some(KEY), Some(body))).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json()
}

async fn fetch(gateway: &Router, id: &str) -> Value {
    let reply = send(
        gateway,
        api("GET", &format!("/v1/payments/{id}"), Some(KEY), None),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json()
}

fn id(payment: &Value) -> String {
    payment["id"].as_str().expect("an id").to_string()
}

#[tokio::test]
async fn the_api_needs_the_key() {
    let gateway = router(config());
    for key in [None, Some("sk_test_other"), Some("")] {
        let reply = send(
            &gateway,
            api("POST", "/v1/payments", key, Some(new_payment(NOWHERE))),
        )
        .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{key:?}");
        assert!(
            reply.json()["error"]["message"].is_string(),
            "{}",
            reply.body
        );
    }
    let reply = send(&gateway, api("GET", "/v1/payments/pay_x", None, None)).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    let reply = send(
        &gateway,
        api(
            "POST",
            "/v1/refunds",
            None,
            Some(json!({ "payment": "pay_x" })),
        ),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn creates_and_reads_payments() {
    let gateway = router(config());
    let payment = create(&gateway, new_payment(NOWHERE)).await;
    let id = id(&payment);
    assert!(id.starts_with("pay_") && id.len() == 28, "{id}");
    assert_eq!(payment["status"], "open");
    assert_eq!(payment["amount"], 1234);
    assert_eq!(payment["amount_refunded"], 0);
    assert_eq!(payment["currency"], "EUR");
    assert_eq!(payment["reference"], "M-1001");
    assert_eq!(payment["url"], format!("http://gw.test/pay/{id}"));
    assert_eq!(payment["card_brand"], Value::Null);
    assert_eq!(payment["card_last4"], Value::Null);
    assert!(payment["created"].as_i64().is_some());
    assert_eq!(fetch(&gateway, &id).await, payment);

    let reply = send(
        &gateway,
        api("GET", "/v1/payments/pay_nope", Some(KEY), None),
    )
    .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.json()["error"]["message"].is_string());
}

#[tokio::test]
async fn refuses_bad_payment_requests() {
    let gateway = router(config());
    let changes = [
        ("amount", json!(0)),
        ("amount", json!(-5)),
        ("currency", json!("eur")),
        ("currency", json!("EURO")),
        ("reference", json!("")),
        ("reference", json!("M".repeat(65))),
        ("success_url", json!("javascript:alert(1)")),
        ("cancel_url", json!("/relative")),
        ("webhook_url", json!("not a url")),
        ("expires_at", json!(unix_now() - 1)),
        ("amount", json!("12.34")),
    ];
    for (field, value) in changes {
        let mut body = new_payment(NOWHERE);
        body[field] = value.clone();
        let reply = send(&gateway, api("POST", "/v1/payments", Some(KEY), Some(body))).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{field} = {value}");
        assert!(
            reply.json()["error"]["message"].is_string(),
            "{field}: {}",
            reply.body
        );
    }
    let request = Request::post("/v1/payments")
        .header(header::AUTHORIZATION, format!("Bearer {KEY}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{not json"))
        .expect("a request");
    let reply = send(&gateway, request).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.json()["error"]["message"].is_string());
}

#[tokio::test]
async fn the_hosted_page_takes_cards_and_never_echoes_them() {
    let gateway = router(config());
    let id = id(&create(&gateway, new_payment(NOWHERE)).await);
    let page = format!("/pay/{id}");

    let reply = send(&gateway, get(&page)).await;
    assert_eq!(reply.status, StatusCode::OK);
    let html = reply.body;
    assert!(html.contains("€12.34"), "the amount");
    assert!(html.contains("Pay €12.34"), "the button");
    assert!(html.contains("Mercato"));
    assert!(html.contains("Order M-1001 at Mercato"));
    for field in ["card_number", "expiry", "cvc", "name"] {
        assert!(html.contains(&format!("<label for=\"{field}\"")), "{field}");
        assert!(html.contains(&format!("name=\"{field}\"")), "{field}");
    }
    assert!(html.contains("href=\"https://shop.test/checkout\">Back to the shop"));
    assert!(html.contains("4242 4242 4242 4242"), "the test cards");
    assert!(!html.contains("<script"));

    let typed = "4242 4242 4242 4241";
    let reply = send(
        &gateway,
        form(
            &page,
            &[
                ("card_number", typed),
                ("expiry", "12/49"),
                ("cvc", "735"),
                ("name", "Ada Lovelace"),
            ],
        ),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("This card number is not valid"));
    assert!(!reply.body.contains(typed));
    assert!(!reply.body.contains("4242424242424241"));
    assert!(!reply.body.contains("735"), "the CVC is not echoed");
    assert!(
        reply.body.contains("value=\"Ada Lovelace\""),
        "the name is kept"
    );
    assert!(reply.body.contains("value=\"12/49\""), "the expiry is kept");

    let reply = send(&gateway, form(&page, &card("4000000000000002", "123"))).await;
    assert_eq!(reply.status, StatusCode::PAYMENT_REQUIRED);
    assert!(reply.body.contains("Your card was declined."));
    assert!(!reply.body.contains("4000000000000002"));
    assert_eq!(
        fetch(&gateway, &id).await["status"],
        "open",
        "retry allowed"
    );

    let reply = send(&gateway, form(&page, &card("4111 1111 1111 1111", "123"))).await;
    assert_eq!(reply.status, StatusCode::PAYMENT_REQUIRED);
    assert!(reply
        .body
        .contains("This is a test gateway: use one of the test cards listed below."));

    let reply = send(&gateway, get("/pay/pay_unknown")).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.body.contains("Payment not found"));
}

#[tokio::test]
async fn a_good_card_pays_once_and_returns_to_the_shop() {
    let gateway = router(config());
    let id = id(&create(&gateway, new_payment(NOWHERE)).await);
    let page = format!("/pay/{id}");

    let reply = send(&gateway, form(&page, &card("5555-5555-5555-4444", "123"))).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(
        reply.location(),
        "https://shop.test/checkout/done?order=M-1001"
    );
    let paid = fetch(&gateway, &id).await;
    assert_eq!(paid["status"], "succeeded");
    assert_eq!(paid["card_brand"], "mastercard");
    assert_eq!(paid["card_last4"], "4444");

    let reply = send(&gateway, get(&page)).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body.contains("This payment is complete"));
    assert!(reply
        .body
        .contains("href=\"https://shop.test/checkout/done?order=M-1001\""));

    // A second card changes nothing.
    let reply = send(&gateway, form(&page, &card("4242424242424242", "123"))).await;
    assert!(reply.body.contains("This payment is complete"));
    assert_eq!(fetch(&gateway, &id).await, paid);
}

#[tokio::test]
async fn the_confirmation_step_can_fail_and_then_complete() {
    let gateway = router(config());
    let id = id(&create(&gateway, new_payment(NOWHERE)).await);
    let page = format!("/pay/{id}");
    let confirm = format!("/pay/{id}/confirm");

    let reply = send(&gateway, get(&confirm)).await;
    assert_eq!(
        reply.status,
        StatusCode::SEE_OTHER,
        "nothing to confirm yet"
    );
    assert_eq!(reply.location(), page);

    let reply = send(&gateway, form(&page, &card("4000 0000 0000 3220", "123"))).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), confirm);
    let reply = send(&gateway, get(&confirm)).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body.contains("Confirm your payment"));
    assert!(reply.body.contains("ending in 3220"));
    assert!(!reply.body.contains("4000000000003220"));
    assert!(reply.body.contains("value=\"complete\""));
    assert!(reply.body.contains("value=\"fail\""));

    let reply = send(&gateway, form(&confirm, &[("decision", "fail")])).await;
    assert_eq!(reply.status, StatusCode::PAYMENT_REQUIRED);
    assert!(reply
        .body
        .contains("We could not confirm this payment with your bank. Try another card."));
    assert_eq!(fetch(&gateway, &id).await["status"], "open");

    send(&gateway, form(&page, &card("4000000000003220", "123"))).await;
    let reply = send(&gateway, form(&confirm, &[("decision", "complete")])).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(
        reply.location(),
        "https://shop.test/checkout/done?order=M-1001"
    );
    let paid = fetch(&gateway, &id).await;
    assert_eq!(paid["status"], "succeeded");
    assert_eq!(paid["card_brand"], "visa");
    assert_eq!(paid["card_last4"], "3220");
}

#[tokio::test]
async fn expired_links_take_no_payment() {
    let gateway = router(config());
    let mut body = new_payment(NOWHERE);
    body["expires_at"] = json!(unix_now() + 1);
    let id = id(&create(&gateway, body).await);
    tokio::time::sleep(Duration::from_millis(2_100)).await;

    assert_eq!(fetch(&gateway, &id).await["status"], "expired");
    let page = format!("/pay/{id}");
    let reply = send(&gateway, get(&page)).await;
    assert!(reply.body.contains("This payment link has expired"));
    assert!(reply.body.contains("href=\"https://shop.test/checkout\""));
    let reply = send(&gateway, form(&page, &card("4242424242424242", "123"))).await;
    assert!(reply.body.contains("This payment link has expired"));
    assert_eq!(fetch(&gateway, &id).await["status"], "expired");
}

#[tokio::test]
async fn refunds_need_a_paid_payment_and_stay_within_it() {
    let gateway = router(config());
    let id = id(&create(&gateway, new_payment(NOWHERE)).await);
    let refund = |body: Value| api("POST", "/v1/refunds", Some(KEY), Some(body));

    let reply = send(&gateway, refund(json!({ "payment": id }))).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "not paid yet");
    let reply = send(&gateway, refund(json!({ "payment": "pay_nope" }))).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);

    send(
        &gateway,
        form(&format!("/pay/{id}"), &card("4242424242424242", "123")),
    )
    .await;
    for amount in [0, 1235] {
        let reply = send(&gateway, refund(json!({ "payment": id, "amount": amount }))).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{amount}");
        assert!(reply.json()["error"]["message"].is_string());
    }
    let reply = send(&gateway, refund(json!({ "payment": id, "amount": 300 }))).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let first = reply.json();
    assert!(first["id"].as_str().is_some_and(|r| r.starts_with("re_")));
    assert_eq!(first["payment"], id.as_str());
    assert_eq!(first["amount"], 300);
    assert_eq!(first["status"], "succeeded");
    assert_eq!(fetch(&gateway, &id).await["amount_refunded"], 300);

    let reply = send(&gateway, refund(json!({ "payment": id }))).await;
    assert_eq!(reply.json()["amount"], 934, "the rest by default");
    assert_eq!(fetch(&gateway, &id).await["amount_refunded"], 1234);
    let reply = send(&gateway, refund(json!({ "payment": id }))).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "nothing left");
}

/// A shop's webhook endpoint on 127.0.0.1:0 that answers with `statuses` in turn (then 200)
/// and hands over what it received.
async fn webhook_endpoint(
    statuses: Vec<StatusCode>,
) -> (String, mpsc::UnboundedReceiver<(HeaderMap, Bytes)>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let statuses = Arc::new(Mutex::new(statuses.into_iter()));
    let app = Router::new().route(
        "/hook",
        post(move |headers: HeaderMap, body: Bytes| {
            let tx = tx.clone();
            let statuses = statuses.clone();
            async move {
                let _ = tx.send((headers, body));
                statuses.lock().await.next().unwrap_or(StatusCode::OK)
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let address = listener.local_addr().expect("an address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{address}/hook"), rx)
}

async fn next_delivery(rx: &mut mpsc::UnboundedReceiver<(HeaderMap, Bytes)>) -> (HeaderMap, Bytes) {
    tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .expect("a webhook within 10 s")
        .expect("the endpoint is up")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paid_payment_sends_a_signed_webhook() {
    let (url, mut rx) = webhook_endpoint(Vec::new()).await;
    let gateway = router(config());
    let id = id(&create(&gateway, new_payment(&url)).await);
    send(
        &gateway,
        form(&format!("/pay/{id}"), &card("4242424242424242", "123")),
    )
    .await;

    let (headers, body) = next_delivery(&mut rx).await;
    let signature = headers
        .get("Mercato-Signature")
        .and_then(|v| v.to_str().ok())
        .expect("a signature");
    assert_eq!(verify(SECRET, signature, &body, unix_now()), Ok(()));
    assert!(verify("whsec_other", signature, &body, unix_now()).is_err());
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");

    let text = String::from_utf8(body.to_vec()).expect("UTF-8");
    assert!(!text.contains("4242424242424242"), "no card number");
    let event: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(event["type"], "payment.succeeded");
    let event_id = event["id"].as_str().expect("an event id");
    assert!(
        event_id.starts_with("evt_") && event_id.len() == 28,
        "{event_id}"
    );
    assert!(event["created"].as_i64().is_some());
    let object = &event["data"]["object"];
    assert_eq!(object["id"], id.as_str());
    assert_eq!(object["status"], "succeeded");
    assert_eq!(object["card_brand"], "visa");
    assert_eq!(object["card_last4"], "4242");
    assert_eq!(object["reference"], "M-1001");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_deliveries_are_retried_with_the_same_event() {
    let (url, mut rx) = webhook_endpoint(vec![StatusCode::INTERNAL_SERVER_ERROR]).await;
    let gateway = router(config());
    let id = id(&create(&gateway, new_payment(&url)).await);
    send(
        &gateway,
        form(&format!("/pay/{id}"), &card("4000000000000002", "123")),
    )
    .await;

    let (_, first) = next_delivery(&mut rx).await;
    let (headers, second) = next_delivery(&mut rx).await;
    assert_eq!(first, second, "the same event, byte for byte");
    let event: Value = serde_json::from_slice(&second).expect("JSON");
    assert_eq!(event["type"], "payment.declined");
    assert_eq!(event["data"]["object"]["status"], "open");
    let signature = headers["Mercato-Signature"].to_str().expect("ASCII");
    assert_eq!(verify(SECRET, signature, &second, unix_now()), Ok(()));
    assert!(
        tokio::time::timeout(Duration::from_millis(1_500), rx.recv())
            .await
            .is_err(),
        "no delivery after a 2xx"
    );
}

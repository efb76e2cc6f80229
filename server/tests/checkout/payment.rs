//! Payment: webhooks verified and applied exactly once, and the sandbox gateway paying and
//! refunding over HTTP.

use axum::http::StatusCode;
use sea_orm::{EntityTrait, QueryOrder};
use serde_json::json;
use test_support as support;
use test_support::on_both_databases;

use app::backend::entities::{order, payment_event};
use app::payments::{signature, PaymentProvider};
use test_support::Shop;

use test_support::shopping::{
    buyer_with, checkout_form, json_of, order_by_number, pay, stock_of, variant_with_stock, BUYER,
    GOOD_CARD,
};

/// A webhook as the sandbox sends it, signed with `secret` at `timestamp`.
fn webhook(
    event_id: &str,
    kind: &str,
    order: &order::Model,
    amount: i64,
    secret: &str,
    timestamp: i64,
) -> (String, String) {
    let body = json!({
        "id": event_id,
        "type": kind,
        "created": timestamp,
        "data": { "object": {
            "id": order.payment_id.clone().expect("payment id"),
            "status": if kind == "payment.declined" { "open" } else { "succeeded" },
            "amount": amount,
            "amount_refunded": 0,
            "currency": order.currency,
            "reference": order.number,
            "url": "http://sandbox/pay/x",
            "card_brand": "visa",
            "card_last4": "4242",
            "created": timestamp,
            "expires_at": timestamp + 1800
        }}
    })
    .to_string();
    let header = signature::sign(secret, timestamp, body.as_bytes());
    (body, header)
}

async fn deliver(shop: &Shop, body: &str, header: &str) -> StatusCode {
    let request = axum::http::Request::post("/webhooks/sandbox")
        .header("content-type", "application/json")
        .header("mercato-signature", header)
        .body(axum::body::Body::from(body.to_string()))
        .expect("request");
    shop.client().send(request).await.status
}

on_both_databases!(
    webhooks_are_verified_and_applied_exactly_once,
    async |shop: &Shop| {
        shop.seed(5).await;
        let item = variant_with_stock(shop, 5).await;
        let mut buyer = buyer_with(shop, &item.sku, 1).await;
        let placed = json_of(
            &buyer
                .post_json("/api/checkout/place", &checkout_form("w", ""))
                .await,
        );
        let placed = order_by_number(shop, placed["number"].as_str().expect("n")).await;
        let PaymentProvider::Sandbox(gateway) = &shop.state.payments else {
            panic!("the tests' shop uses the sandbox");
        };
        let secret = gateway.webhook_secret().to_string();
        let now = app::backend::auth::unix_now();

        // Wrong secret, tampered amount, stale timestamp: refused, nothing changes.
        let (body, header) = webhook(
            "evt_1",
            "payment.succeeded",
            &placed,
            placed.total_minor,
            "whsec_wrong",
            now,
        );
        assert_eq!(deliver(shop, &body, &header).await, StatusCode::BAD_REQUEST);
        let (body, header) = webhook(
            "evt_1",
            "payment.succeeded",
            &placed,
            placed.total_minor,
            &secret,
            now,
        );
        let tampered = body.replace(
            &format!("\"amount\":{}", placed.total_minor),
            "\"amount\":1",
        );
        assert_eq!(
            deliver(shop, &tampered, &header).await,
            StatusCode::BAD_REQUEST
        );
        let (old_body, old_header) = webhook(
            "evt_1",
            "payment.succeeded",
            &placed,
            placed.total_minor,
            &secret,
            now - 3600,
        );
        assert_eq!(
            deliver(shop, &old_body, &old_header).await,
            StatusCode::BAD_REQUEST,
            "replay"
        );
        // A correctly signed payment of another amount does not pay the order.
        let (body_other, header_other) = webhook(
            "evt_0",
            "payment.succeeded",
            &placed,
            placed.total_minor - 1,
            &secret,
            now,
        );
        assert_eq!(
            deliver(shop, &body_other, &header_other).await,
            StatusCode::OK
        );
        assert_eq!(
            order_by_number(shop, &placed.number).await.status,
            "pending_payment"
        );
        assert_eq!(stock_of(shop, item.id).await, (5, 1));

        // The real one, twice: applied once.
        assert_eq!(deliver(shop, &body, &header).await, StatusCode::OK);
        assert_eq!(deliver(shop, &body, &header).await, StatusCode::OK);
        assert_eq!(order_by_number(shop, &placed.number).await.status, "paid");
        assert_eq!(stock_of(shop, item.id).await, (4, 0));
        // Out of order: a decline reported after the success changes nothing.
        let (late, late_header) = webhook(
            "evt_2",
            "payment.declined",
            &placed,
            placed.total_minor,
            &secret,
            now,
        );
        assert_eq!(deliver(shop, &late, &late_header).await, StatusCode::OK);
        assert_eq!(order_by_number(shop, &placed.number).await.status, "paid");
        assert_eq!(stock_of(shop, item.id).await, (4, 0));

        let events = payment_event::Entity::find()
            .order_by_asc(payment_event::Column::Id)
            .all(shop.db())
            .await
            .expect("events");
        let outcomes: Vec<(&str, &str)> = events
            .iter()
            .map(|e| (e.event_id.as_str(), e.outcome.as_str()))
            .collect();
        assert_eq!(
            outcomes,
            [
                (
                    "evt_0",
                    "ignored: amount or currency differs from the order"
                ),
                ("evt_1", "order paid"),
                ("evt_2", "noted: card declined, the shopper may retry"),
            ]
        );
        assert_eq!(shop.mails_to(BUYER, 1).await.len(), 1);
    }
);

/// Polls the order until `check` holds (webhooks arrive in the background), up to 10 s.
async fn order_when(
    shop: &Shop,
    number: &str,
    check: impl Fn(&order::Model) -> bool,
) -> order::Model {
    let mut current = order_by_number(shop, number).await;
    for _ in 0..200 {
        if check(&current) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        current = order_by_number(shop, number).await;
    }
    current
}

/// Nothing simulated: the shop listens on a real port, the sandbox gateway's own signed
/// webhooks pay the order and then record the refunds made through the provider.
async fn the_gateway_pays_and_refunds_over_http(engine: support::Engine) {
    let shop = Shop::open_served(engine, &[]).await;
    shop.seed(5).await;
    let item = variant_with_stock(&shop, 5).await;
    let mut buyer = buyer_with(&shop, &item.sku, 1).await;
    let placed = json_of(
        &buyer
            .post_json("/api/checkout/place", &checkout_form("served", ""))
            .await,
    );
    let number = placed["number"].as_str().expect("number").to_string();
    assert_eq!(
        pay(placed["payment_url"].as_str().expect("url"), GOOD_CARD)
            .await
            .status(),
        303
    );

    let paid = order_when(&shop, &number, |o| o.status == "paid").await;
    assert_eq!(paid.status, "paid", "the webhook arrived");
    assert_eq!(paid.card_last4.as_deref(), Some("4242"));
    assert_eq!(stock_of(&shop, item.id).await, (4, 0));

    let payment = paid.payment_id.clone().expect("payment id");
    shop.state
        .payments
        .refund(&payment, Some(100))
        .await
        .expect("refund part");
    let partly = order_when(&shop, &number, |o| o.status == "partly_refunded").await;
    assert_eq!(
        (partly.status.as_str(), partly.refunded_minor),
        ("partly_refunded", 100)
    );
    assert!(
        shop.state
            .payments
            .refund(&payment, Some(paid.total_minor))
            .await
            .is_err(),
        "more than is left"
    );
    shop.state
        .payments
        .refund(&payment, None)
        .await
        .expect("refund the rest");
    let refunded = order_when(&shop, &number, |o| o.status == "refunded").await;
    assert_eq!(
        (refunded.status.as_str(), refunded.refunded_minor),
        ("refunded", paid.total_minor)
    );
    shop.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_gateway_pays_and_refunds_over_http_on_sqlite() {
    the_gateway_pays_and_refunds_over_http(support::Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_gateway_pays_and_refunds_over_http_on_postgres() {
    the_gateway_pays_and_refunds_over_http(support::Engine::Postgres).await;
}

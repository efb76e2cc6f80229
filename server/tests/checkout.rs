//! Checkout, orders and payments against the real router, the real sandbox gateway (over HTTP)
//! and both databases: one order per attempt, stock reserved and sold exactly once, webhooks
//! verified and applied once, and reservations that expire.

mod support;

use axum::http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;

use app::backend::entities::{order, payment_event};
use app::payments::{signature, PaymentProvider};
use support::Shop;

use support::shopping::{
    buyer_with, checkout_form, json_of, order_by_number, pay, stock_of, variant_with_stock, BUYER,
    DECLINED_CARD, GOOD_CARD,
};

on_both_databases!(
    one_attempt_places_one_order_and_payment_sells_the_stock_once,
    async |shop: &Shop| {
        shop.seed(5).await;
        let item = variant_with_stock(shop, 10).await;
        let mut buyer = buyer_with(shop, &item.sku, 2).await;

        let review = buyer
            .post_json("/api/checkout/review", &checkout_form("attempt-1", ""))
            .await;
        assert_eq!(review.status, StatusCode::OK, "{review:?}");
        let review = json_of(&review);
        let total = review["total"]["minor"].as_i64().expect("total");
        assert_eq!(
            total,
            2 * item.price_minor
                + if 2 * item.price_minor >= 50_00 {
                    0
                } else {
                    4_99
                },
            "PLN shop prices include VAT; standard shipping is free from 50.00: {review}"
        );

        // A double click: the same attempt twice is one order with one payment page.
        let first = buyer
            .post_json("/api/checkout/place", &checkout_form("attempt-1", ""))
            .await;
        let second = buyer
            .post_json("/api/checkout/place", &checkout_form("attempt-1", ""))
            .await;
        assert_eq!(first.status, StatusCode::OK, "{first:?}");
        assert_eq!(json_of(&first), json_of(&second));
        let placed = json_of(&first);
        let number = placed["number"].as_str().expect("number").to_string();
        assert_eq!(
            order::Entity::find()
                .all(shop.db())
                .await
                .expect("orders")
                .len(),
            1
        );
        assert_eq!(stock_of(shop, item.id).await, (10, 2), "reserved, not sold");

        // A declined card changes nothing: the order waits, the cart keeps its items.
        let payment_url = placed["payment_url"].as_str().expect("url");
        let declined = pay(payment_url, DECLINED_CARD).await;
        assert_eq!(declined.status(), 402);
        assert!(declined.text().await.expect("page").contains("declined"));
        assert_eq!(
            order_by_number(shop, &number).await.status,
            "pending_payment"
        );

        let paid = pay(payment_url, GOOD_CARD).await;
        assert_eq!(paid.status(), 303);
        let back_to = paid
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .expect("redirect back to the shop")
            .to_string();
        let path = back_to
            .strip_prefix(support::SITE)
            .expect("back to this shop");
        let (_, key) = path.split_once("?key=").expect("the order's key");

        // Back on the confirmation page (the webhook cannot reach https://shop.test here, so
        // the page asks the gateway itself).
        let page = buyer
            .get(&format!("/api/order/view?number={number}&key={key}"))
            .await;
        assert_eq!(page.status, StatusCode::OK, "{page:?}");
        let view = json_of(&page);
        assert_eq!(view["status"], "Paid", "{view}");
        assert_eq!(view["paid_with"], "Visa ending in 4242");
        assert_eq!(stock_of(shop, item.id).await, (8, 0), "sold exactly once");
        let cart = json_of(&buyer.get("/api/cart/view").await);
        assert_eq!(cart["item_count"], 0, "bought items leave the cart");

        // Asking again changes nothing.
        buyer
            .get(&format!("/api/order/view?number={number}&key={key}"))
            .await;
        assert_eq!(stock_of(shop, item.id).await, (8, 0));

        let mails = shop.mails_to(BUYER, 1).await;
        assert_eq!(mails.len(), 1, "one confirmation");
        assert!(mails[0].contains(&number));
        assert!(
            mails[0].contains("Paid with Visa ending in 4242"),
            "{}",
            mails[0]
        );
        assert!(
            mails[0].contains("/orders/find?number=3D"),
            "a guest's link: {}",
            mails[0]
        );

        // Without the key, a visitor learns nothing.
        let other = shop
            .client()
            .get(&format!("/api/order/view?number={number}&key=wrong"))
            .await;
        assert_eq!(other.status, StatusCode::NOT_FOUND);
        // The guest lookup by e-mail and number finds it.
        let found = shop
            .client()
            .post(
                "/api/order/find",
                &[("email", BUYER), ("number", &number.to_lowercase())],
            )
            .await;
        assert_eq!(found.status, StatusCode::OK, "{found:?}");
    }
);

on_both_databases!(
    bad_checkout_input_is_refused_with_a_message,
    async |shop: &Shop| {
        shop.seed(5).await;
        let item = variant_with_stock(shop, 3).await;
        let mut buyer = buyer_with(shop, &item.sku, 1).await;
        let mut form = checkout_form("a", "");
        form["form"]["address"]["postal_code"] = json!("12345");
        let reply = buyer.post_json("/api/checkout/review", &form).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert!(
            reply.body.contains("not a postal code in Poland"),
            "{reply:?}"
        );

        let reply = buyer
            .post_json("/api/checkout/review", &checkout_form("a", "NOPE-CODE"))
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert!(reply.body.contains("does not exist"), "{reply:?}");

        let reply = buyer
            .post_json("/api/checkout/review", &checkout_form("a", "WELCOME10"))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
        assert!(reply.body.contains("WELCOME10"), "{reply:?}");

        let mut form = checkout_form("a", "");
        form["form"]["shipping_method"] = json!("teleport");
        let reply = buyer.post_json("/api/checkout/place", &form).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert!(order::Entity::find()
            .all(shop.db())
            .await
            .expect("orders")
            .is_empty());

        // A body that is not the form at all: a 400 that says so, not a 500.
        let reply = buyer
            .post("/api/checkout/review", &[("nonsense", "1")])
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{reply:?}");
        assert!(reply.body.contains("malformed"), "{reply:?}");

        let mut empty = shop.client();
        let reply = empty
            .post_json("/api/checkout/place", &checkout_form("a", ""))
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert!(reply.body.contains("Your cart is empty"), "{reply:?}");
    }
);

on_both_databases!(
    unpaid_orders_give_their_stock_back_when_the_reservation_ends,
    async |shop: &Shop| {
        shop.seed(5).await;
        let item = variant_with_stock(shop, 1).await;
        let mut buyer = buyer_with(shop, &item.sku, 1).await;
        let placed = buyer
            .post_json("/api/checkout/place", &checkout_form("first", ""))
            .await;
        assert_eq!(placed.status, StatusCode::OK, "{placed:?}");
        assert_eq!(stock_of(shop, item.id).await, (1, 1));
        let later = app::backend::auth::unix_now() + 31 * 60;
        let expired = app::orders::service::expire_reservations(shop.db(), later)
            .await
            .expect("expiry");
        assert_eq!(expired, 1);
        assert_eq!(stock_of(shop, item.id).await, (1, 0), "back on sale");
        let number = json_of(&placed)["number"].as_str().expect("n").to_string();
        assert_eq!(order_by_number(shop, &number).await.status, "cancelled");
        // Running again (another node) changes nothing more.
        let again = app::orders::service::expire_reservations(shop.db(), later)
            .await
            .expect("expiry");
        assert_eq!(again, 0);
        assert_eq!(stock_of(shop, item.id).await, (1, 0));
    }
);

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

on_both_databases!(
    fifty_buyers_for_five_units_make_exactly_five_orders,
    async |shop: &Shop| {
        shop.seed(5).await;
        let item = variant_with_stock(shop, 5).await;
        let mut buyers = Vec::new();
        for _ in 0..50 {
            buyers.push(buyer_with(shop, &item.sku, 1).await);
        }
        let attempts = buyers
            .into_iter()
            .enumerate()
            .map(|(i, mut buyer)| async move {
                buyer
                    .post_json(
                        "/api/checkout/place",
                        &checkout_form(&format!("race-{i}"), ""),
                    )
                    .await
            });
        let replies = futures::future::join_all(attempts).await;
        let placed: Vec<_> = replies
            .iter()
            .filter(|r| r.status == StatusCode::OK)
            .collect();
        let refused: Vec<_> = replies
            .iter()
            .filter(|r| r.status != StatusCode::OK)
            .collect();
        assert_eq!(placed.len(), 5, "exactly the units there were");
        for reply in &refused {
            assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{reply:?}");
            assert!(reply.body.contains("sold out"), "{reply:?}");
        }
        assert_eq!(stock_of(shop, item.id).await, (5, 5));

        for reply in placed {
            let payment_url = json_of(reply)["payment_url"]
                .as_str()
                .expect("url")
                .to_string();
            assert_eq!(pay(&payment_url, GOOD_CARD).await.status(), 303);
            let number = json_of(reply)["number"].as_str().expect("n").to_string();
            let order = order_by_number(shop, &number).await;
            app::orders::service::check_payment(&shop.state, &order)
                .await
                .expect("check");
        }
        let paid = order::Entity::find()
            .filter(order::Column::Status.eq("paid"))
            .all(shop.db())
            .await
            .expect("orders");
        assert_eq!(paid.len(), 5);
        assert_eq!(
            stock_of(shop, item.id).await,
            (0, 0),
            "sold out, never negative"
        );
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

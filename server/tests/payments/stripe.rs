//! The Stripe adapter against a stand-in that speaks Stripe's API: Checkout Sessions created
//! with the documented parameters, `Stripe-Signature` webhooks, card details read from the
//! expanded charge, and refunds through the PaymentIntent.

use axum::http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use app::backend::entities::order;
use app::payments::signature;
use test_support::shopping::{buyer_with, variant_with_stock};
use test_support::stripe_double::{StripeDouble, WEBHOOK_SECRET};
use test_support::{Engine, Shop};

async fn scenario(engine: Engine) {
    let stripe = StripeDouble::start().await;
    let settings = stripe.settings();
    let settings: Vec<&str> = settings.iter().map(String::as_str).collect();
    let shop = Shop::open_with(engine, &settings).await;
    shop.seed(5).await;
    let item = variant_with_stock(&shop, 10).await;
    let mut buyer = buyer_with(&shop, &item.sku, 1).await;
    let form = json!({ "form": {
        "email": "stripe-buyer@example.com",
        "address": { "full_name": "Ada Buyer", "line1": "Hauptstraße 1", "postal_code": "10115", "city": "Berlin", "country": "DE" },
        "shipping_method": "standard",
        "attempt": "stripe-1"
    }});
    let placed = buyer.post_json("/api/checkout/place", &form).await;
    assert_eq!(placed.status, StatusCode::OK, "{placed:?}");
    // A retry of the same attempt reuses the order and, through Idempotency-Key, the session.
    let again = buyer.post_json("/api/checkout/place", &form).await;
    assert_eq!(placed.body, again.body);
    assert_eq!(stripe.sessions(), 1);

    let placed: serde_json::Value = serde_json::from_str(&placed.body).expect("json");
    let number = placed["number"].as_str().expect("number");
    let url = placed["payment_url"].as_str().expect("url");
    assert!(
        url.starts_with(&format!("{}/c/pay/cs_test_", stripe.url)),
        "{url}"
    );
    let order = order::Entity::find()
        .filter(order::Column::Number.eq(number))
        .one(shop.db())
        .await
        .expect("query")
        .expect("order");
    let session_id = order.payment_id.clone().expect("session id");
    let session = stripe.session(&session_id);
    assert_eq!(session.form["client_reference_id"], number);
    assert_eq!(session.form["mode"], "payment");
    assert_eq!(session.form["line_items[0][price_data][currency]"], "eur");
    assert_eq!(
        session.form["line_items[0][price_data][unit_amount]"],
        order.total_minor.to_string()
    );

    // Stripe's webhook: a bad signature is refused, the good one pays the order once.
    let event = stripe.complete(&session_id);
    let facts = shop
        .state
        .payments
        .retrieve(&session_id)
        .await
        .expect("the session");
    assert_eq!(facts.card_last4.as_deref(), Some("4242"), "{facts:?}");
    let deliver = |header: String| {
        let request = axum::http::Request::post("/webhooks/stripe")
            .header("content-type", "application/json")
            .header("stripe-signature", header)
            .body(axum::body::Body::from(event.clone()))
            .expect("request");
        let mut client = shop.client();
        async move { client.send(request).await.status }
    };
    let now = app::backend::auth::unix_now();
    assert_eq!(
        deliver(signature::sign("whsec_other", now, event.as_bytes())).await,
        StatusCode::BAD_REQUEST
    );
    let header = signature::sign(WEBHOOK_SECRET, now, event.as_bytes());
    assert_eq!(deliver(header.clone()).await, StatusCode::OK);
    assert_eq!(deliver(header).await, StatusCode::OK);
    let paid = order::Entity::find_by_id(order.id)
        .one(shop.db())
        .await
        .expect("query")
        .expect("order");
    assert_eq!(paid.status, "paid");
    assert_eq!(
        paid.card_brand.as_deref(),
        Some("visa"),
        "read from the expanded charge"
    );
    assert_eq!(paid.card_last4.as_deref(), Some("4242"));
    assert_eq!(shop.mails_to("stripe-buyer@example.com", 1).await.len(), 1);

    // Refunds: part, then the rest; more than was paid is refused by Stripe.
    shop.state
        .payments
        .refund(&session_id, Some(100))
        .await
        .expect("partial refund");
    assert!(shop
        .state
        .payments
        .refund(&session_id, Some(paid.total_minor))
        .await
        .is_err());
    shop.state
        .payments
        .refund(&session_id, None)
        .await
        .expect("refund of the rest");
    let refunds = stripe.refunds();
    assert_eq!(refunds.len(), 2);
    assert_eq!(
        refunds[0]["payment_intent"],
        format!("pi_{}", &session_id[8..])
    );
    assert_eq!(refunds[0]["amount"], "100");
    assert!(!refunds[1].contains_key("amount"));
    shop.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stripe_checkout_on_sqlite() {
    scenario(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stripe_checkout_on_postgres() {
    scenario(Engine::Postgres).await;
}

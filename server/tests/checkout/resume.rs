//! A checkout attempt sent again after a crash left its order placed (stock reserved) but
//! without a payment page: the retry finishes that order when the shopper still wants it and it
//! still holds its stock, and otherwise gives the stock back and places the order again. Never
//! two orders waiting for one attempt, never a reservation left behind.
//!
//! The crash is written into the database the way it leaves an order: placed through the shop,
//! then without the payment id and page the crashed request never stored.

use test_support::on_both_databases;

use axum::http::StatusCode;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use app::backend::entities::{order, product};
use test_support::shopping::{
    buyer_with, checkout_form, json_of, order_by_number, pay, stock_of, variant_with_stock,
    GOOD_CARD,
};
use test_support::stripe_double::StripeDouble;
use test_support::{Client, Engine, Shop};

/// Places `attempt` and returns the order's number.
async fn place(buyer: &mut Client, form: &serde_json::Value) -> String {
    let placed = buyer.post_json("/api/checkout/place", form).await;
    assert_eq!(placed.status, StatusCode::OK, "{placed:?}");
    json_of(&placed)["number"]
        .as_str()
        .expect("number")
        .to_string()
}

/// The process placing `number` died before it stored the payment: no payment id, no page.
/// `seconds_ago`: how long ago that was.
async fn crash_before_payment(shop: &Shop, number: &str, seconds_ago: i64) {
    order::Entity::update_many()
        .col_expr(
            order::Column::PaymentId,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            order::Column::PaymentUrl,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            order::Column::PlacedAt,
            Expr::col(order::Column::PlacedAt).sub(seconds_ago),
        )
        .col_expr(
            order::Column::UpdatedAt,
            Expr::col(order::Column::UpdatedAt).sub(seconds_ago),
        )
        .filter(order::Column::Number.eq(number))
        .exec(shop.db())
        .await
        .expect("crash");
}

/// The time of `number`'s reservation is up, though the background job has not expired it yet.
async fn reservation_ended(shop: &Shop, number: &str) {
    order::Entity::update_many()
        .col_expr(
            order::Column::ReservedUntil,
            Expr::value(app::backend::auth::unix_now() - 60),
        )
        .filter(order::Column::Number.eq(number))
        .exec(shop.db())
        .await
        .expect("expired");
}

/// (number, status) of every order, oldest first.
async fn orders(shop: &Shop) -> Vec<(String, String)> {
    let mut all = order::Entity::find().all(shop.db()).await.expect("orders");
    all.sort_by_key(|o| o.id);
    all.into_iter().map(|o| (o.number, o.status)).collect()
}

/// The confirmation key in a payment's way back to the shop.
fn key_in(back_to: &str) -> String {
    back_to
        .split_once("?key=")
        .expect("the order's key")
        .1
        .to_string()
}

on_both_databases!(
    a_retry_after_a_crash_gets_the_payment_page_of_the_same_order,
    async |shop: &Shop| {
        shop.seed(3).await;
        // The order holds the last units: resuming it must not count them as gone.
        let item = variant_with_stock(shop, 2).await;
        let mut buyer = buyer_with(shop, &item.sku, 2).await;
        let form = checkout_form("attempt-1", "");
        let number = place(&mut buyer, &form).await;
        crash_before_payment(shop, &number, 60).await;

        let retry = buyer.post_json("/api/checkout/place", &form).await;
        assert_eq!(retry.status, StatusCode::OK, "{retry:?}");
        let resumed = json_of(&retry);
        assert_eq!(resumed["number"], number.as_str(), "the same order");
        let payment_url = resumed["payment_url"].as_str().expect("a payment page");
        assert_eq!(
            orders(shop).await,
            [(number.clone(), "pending_payment".into())]
        );
        assert_eq!(stock_of(shop, item.id).await, (2, 2), "reserved once");
        let stored = order_by_number(shop, &number).await;
        assert_eq!(stored.payment_url.as_deref(), Some(payment_url));
        assert!(stored.payment_id.is_some());

        // Sent once more, the attempt answers the same page.
        let again = buyer.post_json("/api/checkout/place", &form).await;
        assert_eq!(json_of(&again), resumed);

        // The page takes the payment, and the way back opens the order.
        let paid = pay(payment_url, GOOD_CARD).await;
        assert_eq!(paid.status(), 303);
        let back_to = paid
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .expect("redirect back to the shop")
            .to_string();
        let key = key_in(&back_to);
        let page = buyer
            .get(&format!("/api/order/view?number={number}&key={key}"))
            .await;
        assert_eq!(page.status, StatusCode::OK, "{page:?}");
        assert_eq!(json_of(&page)["status"], "Paid");
        assert_eq!(stock_of(shop, item.id).await, (0, 0), "sold once");
    }
);

on_both_databases!(
    a_retry_moments_after_a_crash_waits_for_the_first_request_then_resumes,
    async |shop: &Shop| {
        shop.seed(3).await;
        let item = variant_with_stock(shop, 10).await;
        let mut buyer = buyer_with(shop, &item.sku, 2).await;
        let form = checkout_form("attempt-1", "");
        let number = place(&mut buyer, &form).await;
        // Just now: for all the retry knows, the first request may still be asking the provider.
        crash_before_payment(shop, &number, 0).await;

        let retry = buyer.post_json("/api/checkout/place", &form).await;
        assert_eq!(retry.status, StatusCode::OK, "{retry:?}");
        assert_eq!(json_of(&retry)["number"], number.as_str());
        assert_eq!(orders(shop).await.len(), 1);
        assert_eq!(stock_of(shop, item.id).await, (10, 2));
    }
);

on_both_databases!(
    a_retry_with_another_cart_gives_the_stock_back_and_places_again,
    async |shop: &Shop| {
        shop.seed(3).await;
        let item = variant_with_stock(shop, 10).await;
        let mut buyer = buyer_with(shop, &item.sku, 2).await;
        let form = checkout_form("attempt-1", "");
        let first = place(&mut buyer, &form).await;
        crash_before_payment(shop, &first, 60).await;
        let added = buyer
            .post(
                "/api/cart/add",
                &[("sku", item.sku.as_str()), ("quantity", "1")],
            )
            .await;
        assert_eq!(added.status, StatusCode::OK, "{added:?}");

        let retry = buyer.post_json("/api/checkout/place", &form).await;
        assert_eq!(retry.status, StatusCode::OK, "{retry:?}");
        let second = json_of(&retry)["number"]
            .as_str()
            .expect("number")
            .to_string();
        assert_ne!(second, first, "the cart changed: another order");
        assert_eq!(
            orders(shop).await,
            [
                (first, "cancelled".into()),
                (second, "pending_payment".into())
            ]
        );
        assert_eq!(
            stock_of(shop, item.id).await,
            (10, 3),
            "only the new order's"
        );
    }
);

on_both_databases!(
    a_retry_after_the_reservation_ended_places_again,
    async |shop: &Shop| {
        shop.seed(3).await;
        let item = variant_with_stock(shop, 2).await;
        let mut buyer = buyer_with(shop, &item.sku, 2).await;
        let form = checkout_form("attempt-1", "");
        let first = place(&mut buyer, &form).await;
        crash_before_payment(shop, &first, 31 * 60).await;
        reservation_ended(shop, &first).await;

        let retry = buyer.post_json("/api/checkout/place", &form).await;
        assert_eq!(retry.status, StatusCode::OK, "{retry:?}");
        let second = json_of(&retry)["number"]
            .as_str()
            .expect("number")
            .to_string();
        assert_ne!(second, first);
        assert_eq!(
            orders(shop).await,
            [
                (first, "cancelled".into()),
                (second, "pending_payment".into())
            ]
        );
        assert_eq!(stock_of(shop, item.id).await, (2, 2));
    }
);

on_both_databases!(
    a_retry_that_cannot_place_again_gives_the_stock_back_and_says_why,
    async |shop: &Shop| {
        shop.seed(3).await;
        let item = variant_with_stock(shop, 10).await;
        let mut buyer = buyer_with(shop, &item.sku, 2).await;
        let form = checkout_form("attempt-1", "");
        let first = place(&mut buyer, &form).await;
        crash_before_payment(shop, &first, 31 * 60).await;
        reservation_ended(shop, &first).await;
        // Meanwhile the product was withdrawn.
        product::Entity::update_many()
            .col_expr(product::Column::Published, Expr::value(false))
            .filter(product::Column::Id.eq(item.product_id))
            .exec(shop.db())
            .await
            .expect("withdrawn");

        let retry = buyer.post_json("/api/checkout/place", &form).await;
        assert!(retry.status.is_client_error(), "{retry:?}");
        assert!(retry.body.contains("no longer sold"), "{retry:?}");
        assert_eq!(orders(shop).await, [(first, "cancelled".into())]);
        assert_eq!(
            stock_of(shop, item.id).await,
            (10, 0),
            "nothing left reserved"
        );
    }
);

/// With Stripe, the crash may come after the Checkout Session was created: the retry must not
/// be refused for reusing its idempotency key with a new confirmation link.
async fn stripe_scenario(engine: Engine) {
    let stripe = StripeDouble::start().await;
    let settings = stripe.settings();
    let settings: Vec<&str> = settings.iter().map(String::as_str).collect();
    let shop = Shop::open_with(engine, &settings).await;
    shop.seed(3).await;
    let item = variant_with_stock(&shop, 2).await;
    let mut buyer = buyer_with(&shop, &item.sku, 2).await;
    let form = json!({ "form": {
        "email": "stripe-buyer@example.com",
        "address": { "full_name": "Ada Buyer", "line1": "Hauptstraße 1", "postal_code": "10115", "city": "Berlin", "country": "DE" },
        "shipping_method": "standard",
        "attempt": "stripe-1"
    }});
    let number = place(&mut buyer, &form).await;
    assert_eq!(stripe.sessions(), 1);
    crash_before_payment(&shop, &number, 60).await;

    let retry = buyer.post_json("/api/checkout/place", &form).await;
    assert_eq!(retry.status, StatusCode::OK, "{retry:?}");
    assert_eq!(json_of(&retry)["number"], number.as_str());
    assert_eq!(orders(&shop).await.len(), 1);
    assert_eq!(stock_of(&shop, item.id).await, (2, 2));
    assert_eq!(stripe.sessions(), 2, "a session for the new link");

    let session_id = order_by_number(&shop, &number)
        .await
        .payment_id
        .expect("the new session");
    let key = key_in(&stripe.session(&session_id).form["success_url"]);
    stripe.complete(&session_id);
    let page = buyer
        .get(&format!("/api/order/view?number={number}&key={key}"))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{page:?}");
    assert_eq!(json_of(&page)["status"], "Paid");
    assert_eq!(stock_of(&shop, item.id).await, (0, 0));
    shop.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stripe_retry_after_a_crash_on_sqlite() {
    stripe_scenario(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stripe_retry_after_a_crash_on_postgres() {
    stripe_scenario(Engine::Postgres).await;
}

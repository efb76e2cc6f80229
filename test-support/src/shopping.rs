//! Shopping as a test: a variant with known stock, a buyer with it in their cart, the checkout
//! form, and paying on the sandbox gateway's hosted page over HTTP.

use axum::http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;

use app::backend::entities::{order, product, stock_level, variant};

use crate::{Client, Reply, Shop};

pub const BUYER: &str = "buyer@example.com";
pub const GOOD_CARD: &str = "4242 4242 4242 4242";
pub const DECLINED_CARD: &str = "4000 0000 0000 0002";

pub fn checkout_form(attempt: &str, coupon: &str) -> serde_json::Value {
    json!({ "form": {
        "email": BUYER,
        "address": {
            "full_name": "Ada Buyer",
            "line1": "ul. Prosta 1",
            "postal_code": "00-001",
            "city": "Warszawa",
            "country": "PL"
        },
        "shipping_method": "standard",
        "coupon": coupon,
        "attempt": attempt
    }})
}

/// The `nth` (from 0) variant of the published products, in id order.
pub async fn published_variant(shop: &Shop, nth: usize) -> variant::Model {
    let published: Vec<i32> = product::Entity::find()
        .filter(product::Column::Published.eq(true))
        .all(shop.db())
        .await
        .expect("products")
        .into_iter()
        .map(|p| p.id)
        .collect();
    variant::Entity::find()
        .filter(variant::Column::ProductId.is_in(published))
        .order_by_asc(variant::Column::Id)
        .all(shop.db())
        .await
        .expect("variants")
        .into_iter()
        .nth(nth)
        .expect("enough demo variants")
}

/// A variant of a published product, with exactly `units` on hand at one online location.
pub async fn variant_with_stock(shop: &Shop, units: i32) -> variant::Model {
    let item = published_variant(shop, 0).await;
    let levels = stock_level::Entity::find()
        .filter(stock_level::Column::VariantId.eq(item.id))
        .order_by_asc(stock_level::Column::Id)
        .all(shop.db())
        .await
        .expect("levels");
    assert!(!levels.is_empty(), "the demo variant has stock records");
    for (index, level) in levels.iter().enumerate() {
        let on_hand = if index == 0 { units } else { 0 };
        set_on_hand(shop, item.id, level.location_id, on_hand).await;
    }
    item
}

/// Counts `units` on hand of a variant at a location, through the stock ledger as the shop
/// itself would (so every level still equals the sum of its movements). Panics if orders hold
/// more than `units` there.
pub async fn set_on_hand(shop: &Shop, variant_id: i32, location_id: i32, units: i32) {
    let txn = app::backend::db::begin_write(shop.db())
        .await
        .expect("transaction");
    app::inventory::ledger::count(
        &txn,
        variant_id,
        location_id,
        units,
        "test setup",
        &app::inventory::Mover::System,
    )
    .await
    .expect("count")
    .unwrap_or_else(|level| panic!("cannot count {units} units: {level:?} are reserved"));
    txn.commit().await.expect("commit");
}

/// Sets every stock level of a variant to `units` on hand (reservations stay).
pub async fn set_on_hand_everywhere(shop: &Shop, variant_id: i32, units: i32) {
    for level in stock_level::Entity::find()
        .filter(stock_level::Column::VariantId.eq(variant_id))
        .all(shop.db())
        .await
        .expect("levels")
    {
        set_on_hand(shop, variant_id, level.location_id, units).await;
    }
}

/// (on hand, reserved) of a variant over all locations.
pub async fn stock_of(shop: &Shop, variant_id: i32) -> (i32, i32) {
    stock_level::Entity::find()
        .filter(stock_level::Column::VariantId.eq(variant_id))
        .all(shop.db())
        .await
        .expect("levels")
        .iter()
        .fold((0, 0), |(h, r), l| (h + l.on_hand, r + l.reserved))
}

pub async fn buyer_with(shop: &Shop, sku: &str, quantity: u32) -> Client {
    let mut buyer = shop.client();
    let reply = buyer
        .post(
            "/api/cart/add",
            &[("sku", sku), ("quantity", &quantity.to_string())],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    buyer
}

pub fn json_of(reply: &Reply) -> serde_json::Value {
    serde_json::from_str(&reply.body).unwrap_or_else(|_| panic!("JSON: {reply:?}"))
}

/// Types a card into the sandbox's hosted page, as the shopper's browser would.
pub async fn pay(payment_url: &str, card: &str) -> reqwest::Response {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .post(payment_url)
        .form(&[
            ("card_number", card),
            ("expiry", "12/34"),
            ("cvc", "123"),
            ("name", "Ada Buyer"),
        ])
        .send()
        .await
        .expect("the sandbox answers")
}

pub async fn order_by_number(shop: &Shop, number: &str) -> order::Model {
    order::Entity::find()
        .filter(order::Column::Number.eq(number))
        .one(shop.db())
        .await
        .expect("query")
        .expect("the order")
}

/// A guest's order of `quantity` units of `sku`, placed and not paid; returns its number and
/// the sandbox's payment page.
pub async fn placed_order(
    shop: &Shop,
    sku: &str,
    quantity: u32,
    attempt: &str,
) -> (String, String) {
    let mut buyer = buyer_with(shop, sku, quantity).await;
    let placed = buyer
        .post_json("/api/checkout/place", &checkout_form(attempt, ""))
        .await;
    assert_eq!(placed.status, StatusCode::OK, "{placed:?}");
    let placed = json_of(&placed);
    (
        placed["number"].as_str().expect("number").to_string(),
        placed["payment_url"].as_str().expect("url").to_string(),
    )
}

/// Pays on the sandbox's page with a good card; the address the gateway sends the shopper back
/// to (the shop's confirmation page, with the order's key).
pub async fn paid_and_sent_back(payment_url: &str) -> String {
    let paid = pay(payment_url, GOOD_CARD).await;
    assert_eq!(paid.status(), 303);
    paid.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("redirect back to the shop")
        .to_string()
}

/// A guest's order of `quantity` units of `sku`, placed and paid with a good card. The
/// confirmation page is opened, which asks the gateway (webhooks cannot reach a shop that
/// does not listen on a port).
pub async fn paid_order(shop: &Shop, sku: &str, quantity: u32, attempt: &str) -> String {
    let (number, payment_url) = placed_order(shop, sku, quantity, attempt).await;
    let back_to = paid_and_sent_back(&payment_url).await;
    let (_, key) = back_to.split_once("?key=").expect("the order's key");
    let page = shop
        .client()
        .get(&format!("/api/order/view?number={number}&key={key}"))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{page:?}");
    assert_eq!(order_by_number(shop, &number).await.status, "paid");
    number
}

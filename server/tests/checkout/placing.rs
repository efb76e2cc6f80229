//! Placing orders: one order per attempt, stock reserved and sold exactly once, bad input
//! refused, reservations that expire, and fifty buyers for five units.

use axum::http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use test_support as support;
use test_support::on_both_databases;

use app::backend::entities::order;
use test_support::Shop;

use test_support::shopping::{
    buyer_with, checkout_form, json_of, order_by_number, paid_and_sent_back, pay, stock_of,
    variant_with_stock, BUYER, DECLINED_CARD, GOOD_CARD,
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
    an_order_placed_on_a_polish_page_is_confirmed_in_polish,
    async |shop: &Shop| {
        shop.seed(5).await;
        let item = variant_with_stock(shop, 10).await;
        let mut buyer = buyer_with(shop, &item.sku, 1).await;
        // The checkout's server functions are called from the Polish checkout page.
        buyer
            .headers
            .push(("referer", format!("{}/pl/checkout", support::SITE)));
        let placed = buyer
            .post_json("/api/checkout/place", &checkout_form("polish-1", ""))
            .await;
        assert_eq!(placed.status, StatusCode::OK, "{placed:?}");
        let placed = json_of(&placed);
        let number = placed["number"].as_str().expect("number").to_string();
        assert_eq!(order_by_number(shop, &number).await.language, "pl");

        let back_to = paid_and_sent_back(placed["payment_url"].as_str().expect("url")).await;
        assert!(
            back_to.starts_with(&format!("{}/pl/order/{number}?key=", support::SITE)),
            "back to the Polish order page: {back_to}"
        );
        let (_, key) = back_to.split_once("?key=").expect("the order's key");
        let view = buyer
            .get(&format!("/api/order/view?number={number}&key={key}"))
            .await;
        assert_eq!(json_of(&view)["status"], "Paid", "{view:?}");

        let mails = shop.mails_to(BUYER, 1).await;
        let mail = support::decoded(mails.first().expect("a confirmation"));
        assert!(mail.contains("Dziękujemy za zamówienie!"), "{mail}");
        assert!(
            mail.contains(&format!("Zamówienie {number}, złożone ")),
            "{mail}"
        );
        assert!(mail.contains("Zapłacono razem: "), "{mail}");
        assert!(
            mail.contains(&format!("/pl/orders/find?number={number}")),
            "the link opens the Polish page: {mail}"
        );
        assert!(!mail.contains("Thank you"), "{mail}");
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

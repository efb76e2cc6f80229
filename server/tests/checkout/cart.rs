//! The cart over real HTTP on both databases: guest carts that survive a restart, stock and
//! quantity limits, price changes shown, carts merged at sign-in, and a cart of 200 lines.

use test_support as support;
use test_support::on_both_databases;

use axum::http::StatusCode;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Statement};
use serde_json::Value;
use test_support::shopping::{set_on_hand, set_on_hand_everywhere};
use test_support::{Client, Shop};

/// (variant id, SKU, price in minor units) of the first `n` variants of published products.
async fn variants(shop: &Shop, n: usize) -> Vec<(i32, String, i64)> {
    let rows = shop
        .db()
        .query_all(Statement::from_string(
            shop.db().get_database_backend(),
            format!(
                "SELECT v.id, v.sku, v.price_minor FROM variants v JOIN products p ON p.id = v.product_id \
                 WHERE p.published ORDER BY v.id LIMIT {n}"
            ),
        ))
        .await
        .expect("variants");
    rows.iter()
        .map(|row| {
            (
                row.try_get("", "id").expect("id"),
                row.try_get("", "sku").expect("sku"),
                row.try_get("", "price_minor").expect("price"),
            )
        })
        .collect()
}

/// Leaves exactly `units` of the variant available online (at the main warehouse).
async fn stock(shop: &Shop, variant_id: i32, units: i32) {
    set_on_hand_everywhere(shop, variant_id, 0).await;
    let warehouse = app::backend::entities::location::Entity::find()
        .filter(app::backend::entities::location::Column::Code.eq("WH-MAIN"))
        .one(shop.db())
        .await
        .expect("query")
        .expect("the main warehouse");
    set_on_hand(shop, variant_id, warehouse.id, units).await;
}

async fn cart(client: &mut Client) -> Value {
    let reply = client.get("/api/cart/view").await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    serde_json::from_str(&reply.body).expect("cart JSON")
}

async fn add(client: &mut Client, sku: &str, quantity: &str) -> support::Reply {
    client
        .post("/api/cart/add", &[("sku", sku), ("quantity", quantity)])
        .await
}

on_both_databases!(
    a_guest_cart_checks_stock_and_survives_a_restart,
    async |shop: &Shop| {
        shop.seed(5).await;
        let (id, sku, price) = variants(shop, 1).await.remove(0);
        stock(shop, id, 3).await;

        let mut browser = shop.client();
        assert_eq!(cart(&mut browser).await["item_count"], 0);
        let reply = add(&mut browser, &sku, "2").await;
        assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
        assert!(
            browser.cookies.contains_key("__Host-mercato_cart"),
            "a guest cart cookie"
        );
        let reply = add(&mut browser, &sku, "2").await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "4 of 3 in stock");
        assert!(reply.body.contains("Only 3 of"), "{}", reply.body);
        assert_eq!(add(&mut browser, &sku, "1").await.status, StatusCode::OK);

        for (quantity, expected) in [
            ("0", "at least 1"),
            ("4", "Only 3 of"),
            ("lots", "is not a quantity"),
            ("1000", "at most 999"),
        ] {
            let reply = browser
                .post("/api/cart/set", &[("sku", &sku), ("quantity", quantity)])
                .await;
            assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{quantity}");
            assert!(reply.body.contains(expected), "{quantity}: {}", reply.body);
        }
        let reply = add(&mut browser, "NO-SUCH-SKU", "1").await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);

        // Another tab, and the shop after a restart, see the same cart.
        let mut after_restart = shop.client_of(shop.restarted().await);
        after_restart.cookies = browser.cookies.clone();
        let seen = cart(&mut after_restart).await;
        assert_eq!(seen["item_count"], 3);
        assert_eq!(seen["lines"][0]["sku"], sku.as_str());
        assert_eq!(
            seen["subtotal"]["minor"],
            price * 3,
            "the server prices the cart"
        );

        let reply = after_restart
            .post("/api/cart/set", &[("sku", &sku), ("quantity", "1")])
            .await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(
            cart(&mut browser).await["lines"][0]["line_total"]["minor"],
            price
        );
        let reply = browser.post("/api/cart/remove", &[("sku", &sku)]).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(cart(&mut browser).await["item_count"], 0);

        // A stranger's browser has its own, empty cart.
        assert_eq!(cart(&mut shop.client()).await["item_count"], 0);
    }
);

on_both_databases!(
    price_changes_and_sell_outs_are_shown,
    async |shop: &Shop| {
        shop.seed(5).await;
        let (id, sku, price) = variants(shop, 1).await.remove(0);
        stock(shop, id, 5).await;
        let mut browser = shop.client();
        assert_eq!(add(&mut browser, &sku, "2").await.status, StatusCode::OK);
        shop.execute(&format!(
            "UPDATE variants SET price_minor = {} WHERE id = {id}",
            price + 500
        ))
        .await;
        let seen = cart(&mut browser).await;
        let line = &seen["lines"][0];
        assert_eq!(line["price_change"]["Up"]["was"]["minor"], price, "{line}");
        assert_eq!(
            line["line_total"]["minor"],
            (price + 500) * 2,
            "the new price counts"
        );

        stock(shop, id, 1).await;
        let seen = cart(&mut browser).await;
        assert!(
            seen["lines"][0]["problem"]
                .as_str()
                .is_some_and(|p| p.contains("Only 1 of")),
            "{seen}"
        );
    }
);

on_both_databases!(signing_in_merges_the_guest_cart, async |shop: &Shop| {
    shop.seed(5).await;
    let found = variants(shop, 2).await;
    for (id, _, _) in &found {
        stock(shop, *id, 10).await;
    }
    let (a, b) = (found[0].1.clone(), found[1].1.clone());
    shop.account("buyer@example.com", "Customer").await;

    let mut laptop = shop.signed_in("buyer@example.com").await;
    assert_eq!(add(&mut laptop, &a, "1").await.status, StatusCode::OK);

    let mut phone = shop.client();
    assert_eq!(add(&mut phone, &a, "2").await.status, StatusCode::OK);
    assert_eq!(add(&mut phone, &b, "1").await.status, StatusCode::OK);
    let reply = phone
        .post(
            "/api/account/sign-in",
            &[
                ("email", "buyer@example.com"),
                ("password", support::PASSWORD),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);

    for device in [&mut phone, &mut laptop] {
        let seen = cart(device).await;
        assert_eq!(seen["item_count"], 4, "{seen}");
        assert_eq!(seen["lines"].as_array().map(Vec::len), Some(2));
    }
    // Signed out, the phone starts a new guest cart: the merged one belongs to the account.
    phone.post("/api/account/sign-out", &[]).await;
    assert_eq!(cart(&mut phone).await["item_count"], 0);
});

on_both_databases!(a_cart_holds_two_hundred_lines, async |shop: &Shop| {
    shop.seed(80).await;
    let found = variants(shop, 201).await;
    assert_eq!(found.len(), 201, "the demo has enough variants");
    for (id, _, _) in &found {
        set_on_hand_everywhere(shop, *id, 50).await;
    }
    let mut browser = shop.client();
    for (_, sku, _) in &found[..200] {
        let reply = add(&mut browser, sku, "1").await;
        assert_eq!(reply.status, StatusCode::OK, "{sku}: {reply:?}");
    }
    let reply = add(&mut browser, &found[200].1, "1").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(
        reply.body.contains("at most 200 different items"),
        "{}",
        reply.body
    );
    let seen = cart(&mut browser).await;
    assert_eq!(seen["lines"].as_array().map(Vec::len), Some(200));
    assert_eq!(seen["item_count"], 200);
    let expected: i64 = found[..200].iter().map(|(_, _, price)| price).sum();
    assert_eq!(seen["subtotal"]["minor"], expected);
});

on_both_databases!(concurrent_cart_changes_never_fail, async |shop: &Shop| {
    shop.seed(5).await;
    let (id, sku, _) = variants(shop, 1).await.remove(0);
    stock(shop, id, 1000).await;
    // Twenty shoppers change their carts at the same moment; on SQLite a transaction that read
    // before another one committed used to be refused outright (a 500).
    let mut shoppers: Vec<Client> = (0..20).map(|_| shop.client()).collect();
    let replies = futures::future::join_all(shoppers.iter_mut().map(|c| {
        let sku = sku.clone();
        async move {
            let first = add(c, &sku, "1").await.status;
            let second = c
                .post("/api/cart/set", &[("sku", &sku), ("quantity", "3")])
                .await
                .status;
            (first, second)
        }
    }))
    .await;
    for (first, second) in replies {
        assert_eq!((first, second), (StatusCode::OK, StatusCode::OK));
    }
});

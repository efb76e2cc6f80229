//! The till API with its keys, a store clerk's sale that the shop online knows at once, and
//! staff making and revoking till keys.

use test_support::on_both_databases;

use axum::http::{Request, StatusCode};
use sea_orm::EntityTrait;
use serde_json::json;

use crate::{card_sale, key, level, movements, online_units, pos_sales, stocked, till, till_sale};
use app::backend::auth::api_keys;
use app::backend::entities::product;
use app::domain::Permission;
use test_support::shopping::{json_of, placed_order};
use test_support::{Reply, Shop};

async fn till_stock(shop: &Shop, key: Option<&str>, query: &str) -> Reply {
    till(
        shop,
        key,
        Request::get(format!("/api/pos/v1/stock?{query}")),
        "",
    )
    .await
}

on_both_databases!(
    the_till_api_takes_a_pos_key_for_its_own_store,
    async |shop: &Shop| {
        shop.seed(5).await;
        let item = stocked(shop, 0, 2, 5).await;
        let krk = key(shop, "Kraków till 1", &[Permission::Pos], Some("ST-KRK")).await;
        let roaming = key(shop, "Roaming till", &[Permission::Pos], None).await;
        let reader = key(shop, "Catalog reader", &[Permission::ViewCatalog], None).await;
        let old = key(shop, "Old till", &[Permission::Pos], Some("ST-KRK")).await;
        assert!(api_keys::revoke(shop.db(), "Old till")
            .await
            .expect("revoke"));
        let sale = card_sale("ST-KRK", &item.sku, 1, None);

        // Who may sell.
        for (key, expected) in [
            (None, StatusCode::UNAUTHORIZED),
            (Some("mk_not-a-key"), StatusCode::UNAUTHORIZED),
            (Some("not even the prefix"), StatusCode::UNAUTHORIZED),
            (Some(old.as_str()), StatusCode::UNAUTHORIZED),
            (Some(reader.as_str()), StatusCode::FORBIDDEN),
        ] {
            let reply = till_sale(shop, key, &sale).await;
            assert_eq!(reply.status, expected, "{key:?}: {reply:?}");
        }
        let elsewhere =
            till_sale(shop, Some(&krk), &card_sale("WH-MAIN", &item.sku, 1, None)).await;
        assert_eq!(elsewhere.status, StatusCode::FORBIDDEN, "{elsewhere:?}");
        // A member of staff's session is no key.
        let mut admin = shop.signed_in_admin().await;
        let session = admin.post_json("/api/pos/v1/sales", &sale).await;
        assert_eq!(session.status, StatusCode::UNAUTHORIZED, "{session:?}");
        assert_eq!(pos_sales(shop).await, 0);
        assert_eq!(level(shop, item.id, "ST-KRK").await, (5, 0));

        // What is refused as bad input.
        let cash = |tendered: &str| {
            json!({
                "location": "ST-KRK",
                "lines": [{ "sku": item.sku, "quantity": 1 }],
                "payment": { "method": "cash", "tendered": tendered },
            })
        };
        let unknown = card_sale("ST-KRK", "NO-SUCH-SKU", 1, None);
        let empty = json!({ "location": "ST-KRK", "lines": [], "payment": { "method": "cash" } });
        let zero = card_sale("ST-KRK", &item.sku, 0, None);
        let pan = json!({
            "location": "ST-KRK",
            "lines": [{ "sku": item.sku, "quantity": 1 }],
            "payment": { "method": "card_present", "reference": "4242424242424242" },
        });
        for body in [
            "{not json".to_string(),
            json!({ "lines": "none" }).to_string(),
            unknown.to_string(),
            empty.to_string(),
            zero.to_string(),
            cash("0.01").to_string(),
            cash("lots").to_string(),
            pan.to_string(),
        ] {
            let reply = till(shop, Some(&krk), Request::post("/api/pos/v1/sales"), &body).await;
            assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}: {reply:?}");
        }
        let warehouse = till_sale(
            shop,
            Some(&roaming),
            &card_sale("WH-MAIN", &item.sku, 1, None),
        )
        .await;
        assert_eq!(
            warehouse.status,
            StatusCode::BAD_REQUEST,
            "a warehouse has no till"
        );

        // More than the store has: refused whole, nothing written.
        let before = movements(shop, item.id).await.len();
        let short = till_sale(shop, Some(&krk), &card_sale("ST-KRK", &item.sku, 6, None)).await;
        assert_eq!(short.status, StatusCode::CONFLICT, "{short:?}");
        assert!(short.body.contains("only 5 left"), "{}", short.body);
        assert_eq!(pos_sales(shop).await, 0);
        assert_eq!(movements(shop, item.id).await.len(), before);
        assert_eq!(level(shop, item.id, "ST-KRK").await, (5, 0));
        assert_eq!(pos_sales(shop).await, 0, "nothing was recorded");

        // A sale: a receipt, and the units leave this store only.
        let sold = till_sale(shop, Some(&krk), &cash("10000.00")).await;
        assert_eq!(sold.status, StatusCode::CREATED, "{sold:?}");
        let receipt = json_of(&sold);
        assert_eq!(receipt["lines"][0]["sku"], item.sku.as_str());
        assert_eq!(receipt["lines"][0]["quantity"], 1);
        assert_eq!(receipt["total"]["minor"], item.price_minor);
        assert_eq!(receipt["change"]["minor"], 1_000_000 - item.price_minor);
        assert_eq!(receipt["sold_by"], "till: Kraków till 1");
        let number = receipt["number"].as_str().expect("number").to_string();
        assert_eq!(level(shop, item.id, "ST-KRK").await, (4, 0));
        assert_eq!(level(shop, item.id, "WH-MAIN").await, (2, 0));
        let last = movements(shop, item.id).await.pop().expect("movement");
        assert_eq!(
            (
                last.kind.as_str(),
                last.on_hand_change,
                last.actor.as_str(),
                last.reference
            ),
            (
                "in_store_sale",
                -1,
                "till: Kraków till 1",
                Some(format!("sale {number}"))
            )
        );
        // A key that is not tied to a store names it.
        let roamed = till_sale(
            shop,
            Some(&roaming),
            &card_sale("ST-KRK", &item.sku, 1, None),
        )
        .await;
        assert_eq!(roamed.status, StatusCode::CREATED, "{roamed:?}");
        assert_eq!(level(shop, item.id, "ST-KRK").await, (3, 0));

        // A till that retries (even while its first try is still running) gets the same sale.
        let retried = card_sale("ST-KRK", &item.sku, 1, Some("till1-000042"));
        let (one, two) = futures::future::join(
            till_sale(shop, Some(&krk), &retried),
            till_sale(shop, Some(&krk), &retried),
        )
        .await;
        let three = till_sale(shop, Some(&krk), &retried).await;
        for reply in [&one, &two, &three] {
            assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
        }
        let first = json_of(&one)["number"].clone();
        assert_eq!(json_of(&two)["number"], first);
        assert_eq!(json_of(&three)["number"], first);
        assert_ne!(first, number.as_str());
        assert_eq!(level(shop, item.id, "ST-KRK").await, (2, 0), "taken once");
        assert_eq!(pos_sales(shop).await, 3);

        // Stock at the store, with what online orders hold there (2 from the warehouse, 1 here).
        placed_order(shop, &item.sku, 3, "till-online").await;
        let reply = till_stock(shop, Some(&krk), &format!("sku={}", item.sku)).await;
        assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
        assert_eq!(
            json_of(&reply),
            json!([{
                "sku": item.sku, "location": "ST-KRK", "on_hand": 2, "reserved": 1, "available": 1
            }])
        );
        let other = stocked(shop, 1, 0, 7).await;
        let reply = till_stock(
            shop,
            Some(&roaming),
            &format!("sku={},{}&location=ST-KRK", item.sku, other.sku),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
        let readings = json_of(&reply);
        assert_eq!(readings[1]["sku"], other.sku.as_str());
        assert_eq!(readings[1]["available"], 7);
        for (key, query, expected) in [
            (None, format!("sku={}", item.sku), StatusCode::UNAUTHORIZED),
            (
                Some(reader.as_str()),
                format!("sku={}", item.sku),
                StatusCode::FORBIDDEN,
            ),
            (
                Some(krk.as_str()),
                format!("sku={}&location=WH-MAIN", item.sku),
                StatusCode::FORBIDDEN,
            ),
            (
                Some(roaming.as_str()),
                format!("sku={}", item.sku),
                StatusCode::BAD_REQUEST,
            ),
            (
                Some(krk.as_str()),
                "sku=NO-SUCH-SKU".to_string(),
                StatusCode::BAD_REQUEST,
            ),
            (
                Some(krk.as_str()),
                "sku=".to_string(),
                StatusCode::BAD_REQUEST,
            ),
        ] {
            let reply = till_stock(shop, key, &query).await;
            assert_eq!(reply.status, expected, "{key:?} {query}: {reply:?}");
        }
    }
);

on_both_databases!(
    a_store_clerk_sells_at_the_till_and_the_shop_online_knows_at_once,
    async |shop: &Shop| {
        shop.seed(5).await;
        let item = stocked(shop, 0, 0, 3).await;
        let slug = product::Entity::find_by_id(item.product_id)
            .one(shop.db())
            .await
            .expect("query")
            .expect("product")
            .slug;
        let availability = |shop: &Shop| {
            let slug = slug.clone();
            let sku = item.sku.clone();
            let mut visitor = shop.client();
            async move {
                let page = visitor
                    .get(&format!("/api/catalog/product?slug={slug}"))
                    .await;
                assert_eq!(page.status, StatusCode::OK, "{page:?}");
                let page = json_of(&page);
                page["variants"]
                    .as_array()
                    .expect("variants")
                    .iter()
                    .find(|v| v["sku"] == sku.as_str())
                    .map(|v| v["availability"].clone())
                    .expect("the variant")
            }
        };
        assert_eq!(availability(shop).await, json!({ "Low": { "left": 3 } }));

        shop.account("till@example.com", "Store clerk").await;
        let mut clerk = shop.signed_in("till@example.com").await;
        let stores = json_of(&clerk.get("/api/admin/pos/stores").await);
        let codes: Vec<_> = stores
            .as_array()
            .expect("stores")
            .iter()
            .map(|s| s["code"].as_str().unwrap_or_default().to_string())
            .collect();
        assert_eq!(codes, ["ST-KRK"], "warehouses have no till");
        let scanned = clerk
            .get(&format!(
                "/api/admin/pos/item?store=ST-KRK&sku={}",
                item.sku
            ))
            .await;
        assert_eq!(scanned.status, StatusCode::OK, "{scanned:?}");
        assert_eq!(json_of(&scanned)["available_here"], 3);

        let sell = |quantity: i32| {
            json!({ "sale": {
                "location": "ST-KRK",
                "lines": [{ "sku": item.sku, "quantity": quantity }],
                "payment": { "method": "card_present", "reference": null },
                "client_reference": null,
            }})
        };
        let sold = clerk.post_json("/api/admin/pos/sell", &sell(1)).await;
        assert_eq!(sold.status, StatusCode::OK, "{sold:?}");
        assert_eq!(json_of(&sold)["sold_by"], "till@example.com");
        assert_eq!(online_units(shop, item.id).await, 2, "at once");
        assert_eq!(availability(shop).await, json!({ "Low": { "left": 2 } }));
        let last = movements(shop, item.id).await.pop().expect("movement");
        assert_eq!(
            (last.kind.as_str(), last.actor.as_str()),
            ("in_store_sale", "till@example.com")
        );

        let too_many = clerk.post_json("/api/admin/pos/sell", &sell(3)).await;
        assert_eq!(too_many.status, StatusCode::CONFLICT, "{too_many:?}");
        let rest = clerk.post_json("/api/admin/pos/sell", &sell(2)).await;
        assert_eq!(rest.status, StatusCode::OK, "{rest:?}");
        assert_eq!(availability(shop).await, json!("OutOfStock"));
        let add = shop
            .client()
            .post("/api/cart/add", &[("sku", &item.sku), ("quantity", "1")])
            .await;
        assert_eq!(
            add.status,
            StatusCode::BAD_REQUEST,
            "sold out online: {add:?}"
        );

        // The till is all a store clerk may do with stock.
        let transfer = clerk
            .post(
                "/api/admin/stock/transfer",
                &[
                    ("sku", &item.sku),
                    ("from", "WH-MAIN"),
                    ("to", "ST-KRK"),
                    ("units", "1"),
                ],
            )
            .await;
        assert_eq!(transfer.status, StatusCode::FORBIDDEN);
        assert_eq!(
            clerk.get("/api/admin/suppliers").await.status,
            StatusCode::FORBIDDEN
        );
        // And a stock clerk may not sell.
        shop.account("stock@example.com", "Stock clerk").await;
        let mut stock_clerk = shop.signed_in("stock@example.com").await;
        let refused = stock_clerk.post_json("/api/admin/pos/sell", &sell(1)).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
    }
);

on_both_databases!(
    staff_make_and_revoke_till_keys_in_the_back_office,
    async |shop: &Shop| {
        shop.seed(3).await;
        let item = stocked(shop, 0, 0, 5).await;
        let mut admin = shop.signed_in_admin().await;

        let bad = admin
            .post(
                "/api/admin/api-key/create",
                &[("name", "Till at the warehouse"), ("location", "WH-MAIN")],
            )
            .await;
        assert_eq!(
            bad.status,
            StatusCode::BAD_REQUEST,
            "a warehouse has no till: {bad:?}"
        );

        let made = admin
            .post(
                "/api/admin/api-key/create",
                &[("name", "Kraków till 1"), ("location", "ST-KRK")],
            )
            .await;
        assert_eq!(made.status, StatusCode::OK, "{made:?}");
        let key = json_of(&made)["key"].as_str().expect("key").to_string();
        assert!(key.starts_with("mk_"));

        let sold = till_sale(shop, Some(&key), &card_sale("ST-KRK", &item.sku, 1, None)).await;
        assert_eq!(sold.status, StatusCode::CREATED, "{sold:?}");
        let other_store =
            till_sale(shop, Some(&key), &card_sale("WH-MAIN", &item.sku, 1, None)).await;
        assert_eq!(other_store.status, StatusCode::FORBIDDEN);

        let listed = admin.get("/api/admin/api-keys").await;
        assert_eq!(listed.status, StatusCode::OK);
        let rows = json_of(&listed);
        let row = &rows.as_array().expect("keys")[0];
        assert_eq!(row["name"], "Kraków till 1");
        assert_eq!(row["permissions"], "pos");
        assert_eq!(row["store"], "Kraków store");
        assert!(row["last_used_at"].is_i64(), "use is recorded");
        assert!(
            !listed.body.contains(&key),
            "the key itself is never shown again"
        );
        let stored: Vec<String> = app::backend::entities::api_key::Entity::find()
            .all(shop.db())
            .await
            .expect("keys")
            .into_iter()
            .map(|k| k.key_hash)
            .collect();
        assert!(
            !stored.iter().any(|hash| hash.contains(&key[3..])),
            "only a hash is kept"
        );

        let id = row["id"].as_i64().expect("id").to_string();
        let revoked = admin
            .post("/api/admin/api-key/revoke", &[("id", id.as_str())])
            .await;
        assert_eq!(revoked.status, StatusCode::OK, "{revoked:?}");
        let refused = till_sale(shop, Some(&key), &card_sale("ST-KRK", &item.sku, 1, None)).await;
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
        let again = admin
            .post("/api/admin/api-key/revoke", &[("id", id.as_str())])
            .await;
        assert_eq!(again.status, StatusCode::NOT_FOUND);
    }
);

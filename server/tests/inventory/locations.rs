//! Stock across locations: the order online orders reserve from, the last units sold online and
//! over the counter at once without overselling, and transfers racing checkouts.

use test_support::on_both_databases;

use axum::http::StatusCode;

use crate::{card_sale, key, level, location_id, online_units, pos_sales, stocked, till_sale};
use app::domain::Permission;
use test_support::shopping::{buyer_with, checkout_form, json_of, placed_order};
use test_support::{Client, Shop};

/// Every location named sells online, in the rank given (0 first), set as a clerk does.
async fn sell_online_in_order(clerk: &mut Client, ranks: &[(&str, &str)]) {
    for &(code, rank) in ranks {
        let reply = clerk
            .post(
                "/api/admin/location/online",
                &[
                    ("code", code),
                    ("sells_online", "on"),
                    ("online_rank", rank),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    }
}

on_both_databases!(
    online_orders_reserve_from_locations_in_the_order_staff_set,
    async |shop: &Shop| {
        shop.seed(5).await;
        let item = stocked(shop, 0, 5, 5).await;

        // At first the main warehouse serves online orders.
        placed_order(shop, &item.sku, 1, "rank-1").await;
        assert_eq!(level(shop, item.id, "WH-MAIN").await, (5, 1));
        assert_eq!(level(shop, item.id, "ST-KRK").await, (5, 0));

        shop.account("clerk@example.com", "Stock clerk").await;
        let mut clerk = shop.signed_in("clerk@example.com").await;
        sell_online_in_order(&mut clerk, &[("ST-KRK", "0"), ("WH-MAIN", "5")]).await;
        let listed = json_of(&clerk.get("/api/admin/locations").await);
        let order: Vec<_> = listed
            .as_array()
            .expect("locations")
            .iter()
            .map(|l| {
                (
                    l["code"].as_str().unwrap_or_default(),
                    l["online_rank"].as_i64(),
                )
            })
            .collect();
        assert_eq!(order, [("ST-KRK", Some(0)), ("WH-MAIN", Some(5))]);

        // Now the store comes first ...
        placed_order(shop, &item.sku, 2, "rank-2").await;
        assert_eq!(level(shop, item.id, "ST-KRK").await, (5, 2));
        assert_eq!(level(shop, item.id, "WH-MAIN").await, (5, 1));
        // ... and what it lacks comes from the warehouse.
        placed_order(shop, &item.sku, 4, "rank-3").await;
        assert_eq!(level(shop, item.id, "ST-KRK").await, (5, 5));
        assert_eq!(level(shop, item.id, "WH-MAIN").await, (5, 2));

        // A location that stops selling online no longer counts for shoppers.
        assert_eq!(online_units(shop, item.id).await, 3);
        let reply = clerk
            .post(
                "/api/admin/location/online",
                &[("code", "WH-MAIN"), ("online_rank", "5")],
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
        assert_eq!(online_units(shop, item.id).await, 0);
        let bad = clerk
            .post(
                "/api/admin/location/online",
                &[
                    ("code", "WH-MAIN"),
                    ("sells_online", "on"),
                    ("online_rank", "-1"),
                ],
            )
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    }
);

on_both_databases!(
    the_last_units_are_never_oversold_online_and_in_store_at_once,
    async |shop: &Shop| {
        shop.seed(5).await;
        let item = stocked(shop, 0, 0, 4).await;
        let till_key = key(shop, "Kraków till 1", &[Permission::Pos], Some("ST-KRK")).await;
        let mut buyers = Vec::new();
        for _ in 0..10 {
            buyers.push(buyer_with(shop, &item.sku, 1).await);
        }

        let online = futures::future::join_all(buyers.into_iter().enumerate().map(
            |(i, mut buyer)| async move {
                buyer
                    .post_json(
                        "/api/checkout/place",
                        &checkout_form(&format!("last-{i}"), ""),
                    )
                    .await
            },
        ));
        let in_store = futures::future::join_all((0..10).map(|i| {
            let sale = card_sale("ST-KRK", &item.sku, 1, Some(format!("race-{i}").as_str()));
            let till_key = till_key.clone();
            async move { till_sale(shop, Some(&till_key), &sale).await }
        }));
        let (online, in_store) = futures::future::join(online, in_store).await;

        let placed = online.iter().filter(|r| r.status == StatusCode::OK).count();
        let sold = in_store
            .iter()
            .filter(|r| r.status == StatusCode::CREATED)
            .count();
        for reply in online.iter().filter(|r| r.status != StatusCode::OK) {
            assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{reply:?}");
            assert!(reply.body.contains("sold out"), "{reply:?}");
        }
        for reply in in_store.iter().filter(|r| r.status != StatusCode::CREATED) {
            assert_eq!(reply.status, StatusCode::CONFLICT, "{reply:?}");
            assert!(reply.body.contains("only 0 left"), "{reply:?}");
        }
        assert_eq!(
            placed + sold,
            4,
            "exactly the units there were: {placed} online, {sold} in store"
        );
        let (on_hand, reserved) = level(shop, item.id, "ST-KRK").await;
        assert_eq!((on_hand, reserved), (4 - sold as i32, placed as i32));
        assert!(on_hand >= 0 && reserved >= 0 && on_hand - reserved == 0);
        assert_eq!(level(shop, item.id, "WH-MAIN").await, (0, 0));
        assert_eq!(
            pos_sales(shop).await,
            sold as u64,
            "refused sales leave nothing behind"
        );
        assert_eq!(online_units(shop, item.id).await, 0);
    }
);

on_both_databases!(
    transfers_and_checkouts_at_once_never_deadlock,
    async |shop: &Shop| {
        shop.seed(5).await;
        // Both locations sell online and the store comes first, so checkout reserves from the
        // store (the higher location id) before the warehouse: the opposite of id order.
        let item = stocked(shop, 0, 40, 2).await;
        shop.account("clerk@example.com", "Stock clerk").await;
        let mut clerk = shop.signed_in("clerk@example.com").await;
        sell_online_in_order(&mut clerk, &[("ST-KRK", "0"), ("WH-MAIN", "1")]).await;
        assert!(location_id(shop, "WH-MAIN").await < location_id(shop, "ST-KRK").await);

        // Each order needs more than the store holds, so it locks both levels; each transfer
        // locks both too, half of them one way and half the other.
        let mut buyers = Vec::new();
        for _ in 0..8 {
            buyers.push(buyer_with(shop, &item.sku, 3).await);
        }
        let orders = futures::future::join_all(buyers.into_iter().enumerate().map(
            |(i, mut buyer)| async move {
                buyer
                    .post_json(
                        "/api/checkout/place",
                        &checkout_form(&format!("both-{i}"), ""),
                    )
                    .await
            },
        ));
        let mut movers = Vec::new();
        for _ in 0..8 {
            movers.push(shop.signed_in("clerk@example.com").await);
        }
        let sku = item.sku.clone();
        let transfers =
            futures::future::join_all(movers.into_iter().enumerate().map(|(i, mut mover)| {
                let sku = sku.clone();
                async move {
                    let (from, to) = if i % 2 == 0 {
                        ("WH-MAIN", "ST-KRK")
                    } else {
                        ("ST-KRK", "WH-MAIN")
                    };
                    mover
                        .post(
                            "/api/admin/stock/transfer",
                            &[
                                ("sku", sku.as_str()),
                                ("from", from),
                                ("to", to),
                                ("units", "1"),
                                ("reason", "Rebalance"),
                            ],
                        )
                        .await
                }
            }));
        let (orders, transfers) = futures::future::join(orders, transfers).await;
        for reply in &orders {
            assert_eq!(reply.status, StatusCode::OK, "every order fits: {reply:?}");
        }
        for reply in &transfers {
            // A transfer out of a store whose units are all promised is refused with a reason;
            // none may fail as a deadlock (500).
            assert!(
                reply.status == StatusCode::OK || reply.status == StatusCode::BAD_REQUEST,
                "{reply:?}"
            );
        }
        let (store, warehouse) = (
            level(shop, item.id, "ST-KRK").await,
            level(shop, item.id, "WH-MAIN").await,
        );
        assert_eq!(store.0 + warehouse.0, 42, "transfers only move units");
        assert_eq!(
            store.1 + warehouse.1,
            24,
            "eight orders of three are reserved"
        );
    }
);

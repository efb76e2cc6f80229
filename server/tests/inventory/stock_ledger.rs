//! The stock ledger: who moved what and why, the check that catches stock written around it, and
//! a product editor that never undoes a sale made while it was open.

use test_support::on_both_databases;

use axum::http::StatusCode;
use serde_json::json;

use crate::{card_sale, key, level, location_of, movements, stocked, till_sale};
use app::backend::entities::location;
use app::domain::Permission;
use test_support::shopping::{json_of, paid_order, placed_order};
use test_support::Shop;

on_both_databases!(
    the_ledger_records_who_moved_stock_and_why,
    async |shop: &Shop| {
        shop.seed(5).await;
        let item = stocked(shop, 0, 10, 0).await;
        let warehouse = location_of(shop, "WH-MAIN").await;
        let store = location_of(shop, "ST-KRK").await;

        // A paid online order: its units are reserved, then sold, both by the shopper.
        let number = paid_order(shop, &item.sku, 2, "ledger-1").await;
        let reference = format!("order {number}");
        let of_order: Vec<_> = movements(shop, item.id)
            .await
            .into_iter()
            .filter(|m| m.reference.as_deref() == Some(reference.as_str()))
            .collect();
        let seen: Vec<_> = of_order
            .iter()
            .map(|m| {
                (
                    m.kind.as_str(),
                    m.location_id,
                    m.on_hand_change,
                    m.reserved_change,
                    m.actor.as_str(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                ("reservation", warehouse.id, 0, 2, "shopper"),
                ("sale", warehouse.id, -2, -2, "shopper"),
            ]
        );
        assert_eq!(level(shop, item.id, "WH-MAIN").await, (8, 0));

        // A stock count by a clerk, with the reason they gave.
        shop.account("clerk@example.com", "Stock clerk").await;
        let mut clerk = shop.signed_in("clerk@example.com").await;
        let counted = clerk
            .post(
                "/api/admin/stock/set",
                &[
                    ("sku", &item.sku),
                    ("location", "WH-MAIN"),
                    ("on_hand", "7"),
                    ("reason", "One found damaged"),
                ],
            )
            .await;
        assert_eq!(counted.status, StatusCode::OK, "{counted:?}");
        let last = movements(shop, item.id).await.pop().expect("a movement");
        assert_eq!(
            (
                last.kind.as_str(),
                last.on_hand_change,
                last.reason.as_str(),
                last.actor.as_str()
            ),
            ("adjustment", -1, "One found damaged", "clerk@example.com")
        );

        // A transfer to the store: out of one, into the other, in one go.
        let before = movements(shop, item.id).await.len();
        let moved = clerk
            .post(
                "/api/admin/stock/transfer",
                &[
                    ("sku", &item.sku),
                    ("from", "WH-MAIN"),
                    ("to", "ST-KRK"),
                    ("units", "3"),
                    ("reason", "Shop window"),
                ],
            )
            .await;
        assert_eq!(moved.status, StatusCode::OK, "{moved:?}");
        let transfer: Vec<_> = movements(shop, item.id).await.split_off(before);
        let seen: Vec<_> = transfer
            .iter()
            .map(|m| {
                (
                    m.kind.as_str(),
                    m.location_id,
                    m.on_hand_change,
                    m.reason.as_str(),
                    m.actor.as_str(),
                    m.reference.as_deref(),
                )
            })
            .collect();
        let via = Some("transfer WH-MAIN → ST-KRK");
        assert_eq!(
            seen,
            [
                (
                    "transfer",
                    warehouse.id,
                    -3,
                    "Shop window",
                    "clerk@example.com",
                    via
                ),
                (
                    "transfer",
                    store.id,
                    3,
                    "Shop window",
                    "clerk@example.com",
                    via
                ),
            ]
        );
        assert_eq!(level(shop, item.id, "WH-MAIN").await, (4, 0));
        assert_eq!(level(shop, item.id, "ST-KRK").await, (3, 0));

        // Units promised to an order cannot leave: 4 on hand, 2 reserved, 3 asked for.
        let (unpaid, _) = placed_order(shop, &item.sku, 2, "ledger-2").await;
        assert_eq!(level(shop, item.id, "WH-MAIN").await, (4, 2));
        let before = movements(shop, item.id).await.len();
        let refused = clerk
            .post(
                "/api/admin/stock/transfer",
                &[
                    ("sku", &item.sku),
                    ("from", "WH-MAIN"),
                    ("to", "ST-KRK"),
                    ("units", "3"),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{refused:?}");
        assert!(
            refused.body.contains("only 2 units free"),
            "{}",
            refused.body
        );
        assert_eq!(
            movements(shop, item.id).await.len(),
            before,
            "nothing written"
        );
        assert_eq!(level(shop, item.id, "WH-MAIN").await, (4, 2));
        assert_eq!(level(shop, item.id, "ST-KRK").await, (3, 0));
        let same_place = clerk
            .post(
                "/api/admin/stock/transfer",
                &[
                    ("sku", &item.sku),
                    ("from", "WH-MAIN"),
                    ("to", "WH-MAIN"),
                    ("units", "1"),
                ],
            )
            .await;
        assert_eq!(same_place.status, StatusCode::BAD_REQUEST);

        // The history shows all of it, newest first.
        let reply = clerk
            .get(&format!("/api/admin/stock/movements?sku={}", item.sku))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
        let history = json_of(&reply);
        let rows = history.as_array().expect("rows");
        let brief: Vec<(String, String, i64, i64, String, String)> = rows
            .iter()
            .take(6)
            .map(|r| {
                (
                    r["kind"].as_str().unwrap_or_default().to_string(),
                    r["location"].as_str().unwrap_or_default().to_string(),
                    r["on_hand_change"].as_i64().unwrap_or_default(),
                    r["reserved_change"].as_i64().unwrap_or_default(),
                    r["actor"].as_str().unwrap_or_default().to_string(),
                    r["reference"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect();
        let row = |kind: &str,
                   place: &location::Model,
                   on_hand: i64,
                   reserved: i64,
                   actor: &str,
                   reference: &str| {
            (
                kind.to_string(),
                place.name.clone(),
                on_hand,
                reserved,
                actor.to_string(),
                reference.to_string(),
            )
        };
        let transfer = "transfer WH-MAIN → ST-KRK";
        assert_eq!(
            brief,
            [
                row(
                    "Reserved for an order",
                    &warehouse,
                    0,
                    2,
                    "shopper",
                    &format!("order {unpaid}")
                ),
                row("Transfer", &store, 3, 0, "clerk@example.com", transfer),
                row("Transfer", &warehouse, -3, 0, "clerk@example.com", transfer),
                row("Adjustment", &warehouse, -1, 0, "clerk@example.com", ""),
                row("Online sale", &warehouse, -2, -2, "shopper", &reference),
                row(
                    "Reserved for an order",
                    &warehouse,
                    0,
                    2,
                    "shopper",
                    &reference
                ),
            ],
            "{history}"
        );
        assert_eq!(rows[3]["reason"], "One found damaged");
        // Only staff read it.
        let visitor = shop
            .client()
            .get(&format!("/api/admin/stock/movements?sku={}", item.sku))
            .await;
        assert_eq!(visitor.status, StatusCode::UNAUTHORIZED);
    }
);

on_both_databases!(
    the_ledger_check_catches_stock_written_around_the_ledger,
    async |shop: &Shop| {
        use futures::FutureExt;

        shop.seed(5).await;
        let item = stocked(shop, 0, 4, 0).await;
        shop.assert_ledger_adds_up().await;
        shop.execute(&format!(
            "UPDATE stock_levels SET on_hand = on_hand + 1 WHERE variant_id = {}",
            item.id
        ))
        .await;
        let caught = std::panic::AssertUnwindSafe(shop.assert_ledger_adds_up())
            .catch_unwind()
            .await;
        assert!(
            caught.is_err(),
            "a level that is not the sum of its movements"
        );
        // Put it right, so that the check at the end passes.
        shop.execute(&format!(
            "UPDATE stock_levels SET on_hand = on_hand - 1 WHERE variant_id = {}",
            item.id
        ))
        .await;
    }
);

on_both_databases!(
    saving_the_product_editor_never_undoes_a_sale_made_while_it_was_open,
    async |shop: &Shop| {
        shop.seed(3).await;
        let item = stocked(shop, 0, 6, 4).await;
        let till_key = key(shop, "Till", &[Permission::Pos], Some("ST-KRK")).await;
        let mut admin = shop.signed_in_admin().await;
        let opened = json_of(
            &admin
                .get(&format!("/api/admin/product?id={}", item.product_id))
                .await,
        );
        let mut form = json!({ "id": item.product_id, "form": opened["input"].clone() });
        let variants = form["form"]["variants"]
            .as_array()
            .expect("variants")
            .clone();
        let row = variants
            .iter()
            .position(|v| v["sku"] == item.sku.as_str())
            .expect("the variant in the editor");
        let store_column = variants[row]["stock"]
            .as_array()
            .expect("stock")
            .iter()
            .position(|s| s["location"] == "ST-KRK")
            .expect("the store's stock");
        assert_eq!(
            form["form"]["variants"][row]["stock"][store_column]["seen"],
            "4"
        );

        // While the editor is open, the store sells one.
        let sold = till_sale(
            shop,
            Some(&till_key),
            &card_sale("ST-KRK", &item.sku, 1, None),
        )
        .await;
        assert_eq!(sold.status, StatusCode::CREATED, "{sold:?}");

        // Saved without touching stock: the sale stands.
        let saved = admin.post_json("/api/admin/product/save", &form).await;
        assert_eq!(saved.status, StatusCode::OK, "{saved:?}");
        assert_eq!(level(shop, item.id, "ST-KRK").await, (3, 0));

        // A count typed against the old number while another sale happened is refused.
        form["form"]["variants"][row]["stock"][store_column]["seen"] = "3".into();
        form["form"]["variants"][row]["stock"][store_column]["on_hand"] = "10".into();
        let sold = till_sale(
            shop,
            Some(&till_key),
            &card_sale("ST-KRK", &item.sku, 1, None),
        )
        .await;
        assert_eq!(sold.status, StatusCode::CREATED, "{sold:?}");
        let stale = admin.post_json("/api/admin/product/save", &form).await;
        assert_eq!(stale.status, StatusCode::CONFLICT, "{stale:?}");
        assert!(stale.body.contains("changed to 2"), "{}", stale.body);
        assert_eq!(level(shop, item.id, "ST-KRK").await, (2, 0));

        // Counted against the current number, it is applied.
        form["form"]["variants"][row]["stock"][store_column]["seen"] = "2".into();
        let counted = admin.post_json("/api/admin/product/save", &form).await;
        assert_eq!(counted.status, StatusCode::OK, "{counted:?}");
        assert_eq!(level(shop, item.id, "ST-KRK").await, (10, 0));
    }
);

//! Inventory across locations against the real router and both databases: the stock ledger
//! (who moved what, and why), the order online orders reserve from, the last units sold online
//! and over the counter at once without overselling, reorder points that raise exactly one
//! purchase order and one alert, suppliers mailed their orders, goods received in parts, the
//! job queue surviving a restart of the real binary, and the till API with its keys.
//!
//! Every scenario ends with `Shop::finish`, which checks that each stock level still equals the
//! sum of its ledger movements.

mod support;

use std::collections::BTreeSet;
use std::process::{Child, Command, Stdio};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::{json, Value};

use app::backend::auth::{api_keys, unix_now};
use app::backend::entities::{
    job, location, pos_sale, product, purchase_order, purchase_order_line, reorder_rule,
    stock_movement, variant,
};
use app::backend::jobs;
use app::domain::{retry_delay_secs, Permission};
use app::inventory::{available_online, ledger};
use support::shopping::{
    buyer_with, checkout_form, json_of, paid_order, placed_order, published_variant, set_on_hand,
};
use support::{Client, Reply, Shop};

const BOSS: &str = "boss@example.com";
const SUPPLIER: &str = "orders@tessuti.example";

async fn location_of(shop: &Shop, code: &str) -> location::Model {
    location::Entity::find()
        .filter(location::Column::Code.eq(code))
        .one(shop.db())
        .await
        .expect("query")
        .unwrap_or_else(|| panic!("no location {code}"))
}

async fn location_id(shop: &Shop, code: &str) -> i32 {
    location_of(shop, code).await.id
}

/// The `nth` (from 0) variant of a published product, with exactly `warehouse` units on hand at
/// the main warehouse and `store` at the Kraków store, none reserved.
async fn stocked(shop: &Shop, nth: usize, warehouse: i32, store: i32) -> variant::Model {
    let item = published_variant(shop, nth).await;
    set_on_hand(shop, item.id, location_id(shop, "WH-MAIN").await, warehouse).await;
    set_on_hand(shop, item.id, location_id(shop, "ST-KRK").await, store).await;
    item
}

/// (on hand, reserved) of a variant at one location.
async fn level(shop: &Shop, variant_id: i32, code: &str) -> (i32, i32) {
    let level = ledger::level(shop.db(), variant_id, location_id(shop, code).await)
        .await
        .expect("level")
        .unwrap_or_default();
    (level.on_hand, level.reserved)
}

/// Units of a variant shoppers can still buy online.
async fn online_units(shop: &Shop, variant_id: i32) -> i64 {
    available_online(shop.db(), &[variant_id])
        .await
        .expect("availability")
        .get(&variant_id)
        .copied()
        .unwrap_or_default()
}

async fn movements(shop: &Shop, variant_id: i32) -> Vec<stock_movement::Model> {
    stock_movement::Entity::find()
        .filter(stock_movement::Column::VariantId.eq(variant_id))
        .order_by_asc(stock_movement::Column::Id)
        .all(shop.db())
        .await
        .expect("movements")
}

async fn jobs_of(shop: &Shop, kind: &str) -> Vec<job::Model> {
    job::Entity::find()
        .filter(job::Column::Kind.eq(kind))
        .order_by_asc(job::Column::Id)
        .all(shop.db())
        .await
        .expect("jobs")
}

async fn purchase_orders(shop: &Shop) -> Vec<purchase_order::Model> {
    purchase_order::Entity::find()
        .order_by_asc(purchase_order::Column::Id)
        .all(shop.db())
        .await
        .expect("purchase orders")
}

async fn lines_of(shop: &Shop, order_id: i32) -> Vec<purchase_order_line::Model> {
    purchase_order_line::Entity::find()
        .filter(purchase_order_line::Column::PurchaseOrderId.eq(order_id))
        .order_by_asc(purchase_order_line::Column::Id)
        .all(shop.db())
        .await
        .expect("lines")
}

async fn pos_sales(shop: &Shop) -> u64 {
    pos_sale::Entity::find()
        .count(shop.db())
        .await
        .expect("sales")
}

/// Runs every due background job, as the shop's workers would.
async fn drain(shop: &Shop) -> usize {
    server::workers::drain(&shop.state)
        .await
        .expect("the jobs run")
}

/// The texts of the low-stock alerts `to` has received so far.
async fn alerts_to(shop: &Shop, to: &str) -> Vec<String> {
    shop.mails_to(to, 0)
        .await
        .iter()
        .map(|m| mail_part(m, "text/plain"))
        .filter(|text| text.contains("at or below its reorder point"))
        .collect()
}

async fn key(shop: &Shop, name: &str, permissions: &[Permission], store: Option<&str>) -> String {
    let location = match store {
        Some(code) => Some(location_id(shop, code).await),
        None => None,
    };
    let permissions: BTreeSet<Permission> = permissions.iter().copied().collect();
    api_keys::create(shop.db(), name, &permissions, location)
        .await
        .expect("API key")
}

/// A request from an external till: no cookies, no `Origin`, its key (if any) as a bearer token.
async fn till(
    shop: &Shop,
    key: Option<&str>,
    request: axum::http::request::Builder,
    body: &str,
) -> Reply {
    let mut request = request
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT, "application/json");
    if let Some(key) = key {
        request = request.header(header::AUTHORIZATION, format!("Bearer {key}"));
    }
    shop.client()
        .send(request.body(Body::from(body.to_string())).expect("request"))
        .await
}

async fn till_sale(shop: &Shop, key: Option<&str>, sale: &Value) -> Reply {
    till(
        shop,
        key,
        Request::post("/api/pos/v1/sales"),
        &sale.to_string(),
    )
    .await
}

async fn till_stock(shop: &Shop, key: Option<&str>, query: &str) -> Reply {
    till(
        shop,
        key,
        Request::get(format!("/api/pos/v1/stock?{query}")),
        "",
    )
    .await
}

/// A sale of `quantity` units of `sku`, paid by card at the store's terminal.
fn card_sale(store: &str, sku: &str, quantity: i32, reference: Option<&str>) -> Value {
    json!({
        "location": store,
        "lines": [{ "sku": sku, "quantity": quantity }],
        "payment": { "method": "card_present", "reference": "AUTH-1" },
        "client_reference": reference,
    })
}

async fn admin_with_supplier(shop: &Shop, item: &variant::Model, mode: &str) -> (Client, String) {
    let mut admin = shop.signed_in_admin().await;
    let saved = admin
        .post(
            "/api/admin/supplier/save",
            &[
                ("name", "Tessuti SpA"),
                ("email", SUPPLIER),
                ("lead_time_days", "7"),
                ("auto_reorder", mode),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{saved:?}");
    let supplier = json_of(&saved).as_i64().expect("supplier id").to_string();
    let priced = admin
        .post(
            "/api/admin/supplier/item",
            &[
                ("supplier_id", supplier.as_str()),
                ("sku", &item.sku),
                ("cost", "12.50"),
                ("supplier_sku", "TS-77"),
            ],
        )
        .await;
    assert_eq!(priced.status, StatusCode::OK, "{priced:?}");
    (admin, supplier)
}

async fn set_rule(
    admin: &mut Client,
    sku: &str,
    location: &str,
    point: &str,
    quantity: &str,
    supplier: &str,
) {
    let reply = admin
        .post(
            "/api/admin/reorder-rule/set",
            &[
                ("sku", sku),
                ("location", location),
                ("reorder_point", point),
                ("reorder_quantity", quantity),
                ("supplier", supplier),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
}

async fn receive(admin: &mut Client, number: &str, lines: &[(i32, i32)]) -> Reply {
    let lines: Vec<Value> = lines
        .iter()
        .map(|(line_id, units)| json!({ "line_id": line_id, "units": units }))
        .collect();
    admin
        .post_json(
            "/api/admin/purchase-order/receive",
            &json!({ "number": number, "lines": lines }),
        )
        .await
}

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
        for (code, rank) in [("ST-KRK", "0"), ("WH-MAIN", "5")] {
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
        for (code, rank) in [("ST-KRK", "0"), ("WH-MAIN", "1")] {
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

on_both_databases!(
    twenty_sales_crossing_the_reorder_point_make_one_purchase_order,
    async |shop: &Shop| {
        shop.seed(5).await;
        let item = stocked(shop, 0, 0, 24).await;
        let (mut admin, supplier) = admin_with_supplier(shop, &item, "draft").await;
        // Over all locations together: at 5 or fewer, order 24 more.
        set_rule(&mut admin, &item.sku, "", "5", "24", &supplier).await;
        let rules = json_of(
            &admin
                .get(&format!("/api/admin/reorder-rules?sku={}", item.sku))
                .await,
        );
        assert_eq!(rules[0]["low"], false, "{rules}");
        assert_eq!(rules[0]["reorder_quantity"], 24, "{rules}");
        assert!(jobs_of(shop, "stock.low").await.is_empty());

        // Twenty tills sell one unit each at the same moment: 24 → 4, crossing 5 once.
        let till_key = key(shop, "Kraków tills", &[Permission::Pos], Some("ST-KRK")).await;
        let sales = futures::future::join_all((0..20).map(|i| {
            let sale = card_sale("ST-KRK", &item.sku, 1, Some(format!("rush-{i}").as_str()));
            let till_key = till_key.clone();
            async move { till_sale(shop, Some(&till_key), &sale).await.status }
        }))
        .await;
        assert!(sales.iter().all(|s| *s == StatusCode::CREATED), "{sales:?}");
        assert_eq!(level(shop, item.id, "ST-KRK").await, (4, 0));
        let low = jobs_of(shop, "stock.low").await;
        assert_eq!(low.len(), 1, "one crossing, one job: {low:?}");
        assert!(
            purchase_orders(shop).await.is_empty(),
            "the sale never orders itself"
        );

        assert!(drain(shop).await >= 1);
        let low = jobs_of(shop, "stock.low").await;
        assert_eq!((low[0].status.as_str(), low[0].attempts), ("done", 1));
        let orders = purchase_orders(shop).await;
        assert_eq!(orders.len(), 1, "{orders:?}");
        assert_eq!(orders[0].status, "draft");
        assert_eq!(orders[0].location_id, location_id(shop, "WH-MAIN").await);
        let lines = lines_of(shop, orders[0].id).await;
        assert_eq!(lines.len(), 1);
        assert_eq!(
            (
                lines[0].variant_id,
                lines[0].quantity_ordered,
                lines[0].cost_minor
            ),
            (Some(item.id), 24, 12_50)
        );
        let number = format!("PO-{:05}", orders[0].id);
        let detail = json_of(
            &admin
                .get(&format!("/api/admin/purchase-order?number={number}"))
                .await,
        );
        assert_eq!(detail["status"], "Draft", "{detail}");
        assert_eq!(detail["lines"][0]["sku"], format!("{} (TS-77)", item.sku));
        assert_eq!(detail["total"]["minor"], 24 * 12_50);
        let listed = json_of(&admin.get("/api/admin/purchase-orders").await);
        assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");

        let alerts = alerts_to(shop, BOSS).await;
        assert_eq!(alerts.len(), 1, "one alert for one crossing");
        assert!(alerts[0].contains(&item.sku), "{}", alerts[0]);
        assert!(alerts[0].contains(&number), "{}", alerts[0]);
        assert!(
            shop.mails_to(SUPPLIER, 0).await.is_empty(),
            "a draft is not mailed"
        );

        // Still below the point: more sales raise nothing new.
        let reply = till_sale(
            shop,
            Some(&till_key),
            &card_sale("ST-KRK", &item.sku, 1, None),
        )
        .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
        assert_eq!(jobs_of(shop, "stock.low").await.len(), 1);
        drain(shop).await;
        assert_eq!(purchase_orders(shop).await.len(), 1);
        assert_eq!(alerts_to(shop, BOSS).await.len(), 1);

        // The goods arrive (3 + 24 = 27 available, above the point again) ...
        let sent = admin
            .post("/api/admin/purchase-order/send", &[("number", &number)])
            .await;
        assert_eq!(sent.status, StatusCode::OK, "{sent:?}");
        let received = receive(&mut admin, &number, &[(lines[0].id, 24)]).await;
        assert_eq!(received.status, StatusCode::OK, "{received:?}");
        assert_eq!(json_of(&received), "Received");
        let rule = reorder_rule::Entity::find()
            .one(shop.db())
            .await
            .expect("query")
            .expect("the rule");
        assert!(!rule.low, "back above the point");
        drain(shop).await;
        // ... and moving them between locations changes nothing about the total.
        let moved = admin
            .post(
                "/api/admin/stock/transfer",
                &[
                    ("sku", &item.sku),
                    ("from", "WH-MAIN"),
                    ("to", "ST-KRK"),
                    ("units", "24"),
                ],
            )
            .await;
        assert_eq!(moved.status, StatusCode::OK, "{moved:?}");
        assert_eq!(
            jobs_of(shop, "stock.low").await.len(),
            1,
            "a transfer is no crossing"
        );
        drain(shop).await;
        assert_eq!(alerts_to(shop, BOSS).await.len(), 1);

        // Falling to the point again alerts again and orders again.
        let reply = till_sale(
            shop,
            Some(&till_key),
            &card_sale("ST-KRK", &item.sku, 22, None),
        )
        .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
        assert_eq!(level(shop, item.id, "ST-KRK").await, (5, 0));
        assert_eq!(jobs_of(shop, "stock.low").await.len(), 2);
        drain(shop).await;
        let orders = purchase_orders(shop).await;
        assert_eq!(orders.len(), 2, "{orders:?}");
        assert_eq!(orders[1].status, "draft");
        assert_eq!(lines_of(shop, orders[1].id).await[0].quantity_ordered, 24);
        assert_eq!(alerts_to(shop, BOSS).await.len(), 2);
    }
);

/// The part of a raw mail whose headers contain `marker`, decoded.
fn mail_part(eml: &str, marker: &str) -> String {
    let eml = eml.replace("\r\n", "\n");
    let at = eml
        .find(marker)
        .unwrap_or_else(|| panic!("no part with {marker} in {eml}"));
    let start = eml[..at].rfind("\n--").map_or(0, |i| i + 1);
    let part = &eml[start..];
    let (headers, rest) = part.split_once("\n\n").expect("a part body");
    let body = &rest[..rest.find("\n--").unwrap_or(rest.len())];
    let encoding = headers
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-transfer-encoding:")
                .map(|e| e.trim().to_string())
        })
        .unwrap_or_default();
    match encoding.as_str() {
        "base64" => String::from_utf8(base64(body)).expect("UTF-8"),
        "quoted-printable" => quoted_printable(body),
        _ => body.to_string(),
    }
}

fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let digits: Vec<u8> = text
        .bytes()
        .filter(|c| c.is_ascii_alphanumeric() || *c == b'+' || *c == b'/')
        .map(value)
        .collect();
    let mut out = Vec::new();
    for chunk in digits.chunks(4) {
        let mut bits = 0u32;
        for (i, d) in chunk.iter().enumerate() {
            bits |= u32::from(*d) << (18 - 6 * i);
        }
        let bytes = bits.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    out
}

fn quoted_printable(text: &str) -> String {
    let joined = text.replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let escaped = bytes
            .get(i + 1..i + 3)
            .filter(|_| bytes[i] == b'=')
            .and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).expect("UTF-8")
}

on_both_databases!(
    a_supplier_that_takes_orders_by_mail_gets_the_purchase_order,
    async |shop: &Shop| {
        shop.seed(5).await;
        let item = stocked(shop, 1, 0, 3).await;
        let (mut admin, supplier) = admin_with_supplier(shop, &item, "send").await;
        // Watched at the store only: at 2 or fewer there, order 10 for it.
        set_rule(&mut admin, &item.sku, "ST-KRK", "2", "10", &supplier).await;
        let till_key = key(shop, "Kraków till 1", &[Permission::Pos], Some("ST-KRK")).await;
        let reply = till_sale(
            shop,
            Some(&till_key),
            &card_sale("ST-KRK", &item.sku, 1, None),
        )
        .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");

        assert_eq!(
            drain(shop).await,
            3,
            "the reorder, then the mails to the supplier and to the merchant"
        );
        let orders = purchase_orders(shop).await;
        assert_eq!(orders.len(), 1);
        assert_eq!(orders[0].status, "sent");
        assert!(orders[0].sent_at.is_some());
        assert_eq!(orders[0].location_id, location_id(shop, "ST-KRK").await);
        let number = format!("PO-{:05}", orders[0].id);

        let mails = shop.mails_to(SUPPLIER, 1).await;
        assert_eq!(mails.len(), 1, "mailed once");
        let mail = &mails[0];
        assert!(
            mail.contains(&format!("Subject: Purchase order {number}")),
            "{mail}"
        );
        let text = mail_part(mail, "text/plain");
        assert!(text.contains(&format!("Purchase order {number}")), "{text}");
        let line = text
            .lines()
            .find(|l| l.starts_with(&item.sku))
            .unwrap_or_else(|| panic!("no line for {} in {text}", item.sku));
        assert!(line.contains("10") && line.contains("125.00"), "{line}");
        assert!(mail.contains(&format!("{number}.csv")), "{mail}");
        let csv = mail_part(mail, &format!("{number}.csv"));
        let rows: Vec<&str> = csv.lines().collect();
        assert_eq!(
            rows[0],
            "purchase_order,sku,item,quantity,unit_cost,line_total,currency"
        );
        let currency = shop.state.site.currency.code();
        assert!(
            rows[1].starts_with(&format!("{number},{} (TS-77),", item.sku))
                && rows[1].ends_with(&format!(",10,12.50,125.00,{currency}")),
            "{csv}"
        );
        assert_eq!(rows.len(), 2, "{csv}");

        let alerts = alerts_to(shop, BOSS).await;
        assert_eq!(alerts.len(), 1);
        assert!(
            alerts[0].contains("on its way to the supplier"),
            "{}",
            alerts[0]
        );
        // Done is done: nothing runs twice.
        assert_eq!(drain(shop).await, 0);
        let mail_jobs = jobs_of(shop, "purchase_order.mail").await;
        assert_eq!(mail_jobs.len(), 1);
        assert_eq!(
            (mail_jobs[0].status.as_str(), mail_jobs[0].attempts),
            ("done", 1)
        );
        assert_eq!(shop.mails_to(SUPPLIER, 0).await.len(), 1);
    }
);

on_both_databases!(
    goods_are_received_in_parts_and_only_on_sent_orders,
    async |shop: &Shop| {
        shop.seed(5).await;
        let item = stocked(shop, 0, 5, 0).await;
        let (mut admin, supplier) = admin_with_supplier(shop, &item, "draft").await;
        // Stock is at the point already: the rule raises its alert at once.
        set_rule(&mut admin, &item.sku, "", "5", "24", &supplier).await;
        drain(shop).await;
        let orders = purchase_orders(shop).await;
        assert_eq!(orders.len(), 1);
        let number = format!("PO-{:05}", orders[0].id);
        let line = lines_of(shop, orders[0].id).await[0].id;

        let draft = receive(&mut admin, &number, &[(line, 4)]).await;
        assert_eq!(
            draft.status,
            StatusCode::CONFLICT,
            "send it first: {draft:?}"
        );
        let sent = admin
            .post("/api/admin/purchase-order/send", &[("number", &number)])
            .await;
        assert_eq!(sent.status, StatusCode::OK, "{sent:?}");
        let again = admin
            .post("/api/admin/purchase-order/send", &[("number", &number)])
            .await;
        assert_eq!(again.status, StatusCode::CONFLICT);

        let part = receive(&mut admin, &number, &[(line, 4)]).await;
        assert_eq!(part.status, StatusCode::OK, "{part:?}");
        assert_eq!(json_of(&part), "PartlyReceived");
        assert_eq!(purchase_orders(shop).await[0].status, "partly_received");
        assert_eq!(level(shop, item.id, "WH-MAIN").await, (9, 0));
        let receipt = movements(shop, item.id).await.pop().expect("a movement");
        assert_eq!(
            (
                receipt.kind.as_str(),
                receipt.location_id,
                receipt.on_hand_change,
                receipt.reference.as_deref(),
                receipt.actor.as_str()
            ),
            (
                "receipt",
                orders[0].location_id,
                4,
                Some(number.as_str()),
                BOSS
            )
        );

        // More than is still to come (20), or a line of another order: refused, nothing moves.
        let before = movements(shop, item.id).await.len();
        for lines in [
            vec![(line, 21)],
            vec![(line, 1), (line + 1000, 1)],
            vec![(line, -1)],
        ] {
            let refused = receive(&mut admin, &number, &lines).await;
            assert_eq!(
                refused.status,
                StatusCode::BAD_REQUEST,
                "{lines:?}: {refused:?}"
            );
        }
        let empty = receive(&mut admin, &number, &[]).await;
        assert_eq!(empty.status, StatusCode::BAD_REQUEST);
        assert_eq!(movements(shop, item.id).await.len(), before);
        assert_eq!(lines_of(shop, orders[0].id).await[0].quantity_received, 4);
        assert_eq!(level(shop, item.id, "WH-MAIN").await, (9, 0));

        let rest = receive(&mut admin, &number, &[(line, 20)]).await;
        assert_eq!(rest.status, StatusCode::OK, "{rest:?}");
        assert_eq!(json_of(&rest), "Received");
        assert_eq!(level(shop, item.id, "WH-MAIN").await, (29, 0));
        let order = &purchase_orders(shop).await[0];
        assert_eq!(order.status, "received");
        assert!(order.closed_at.is_some());
        let more = receive(&mut admin, &number, &[(line, 1)]).await;
        assert_eq!(more.status, StatusCode::CONFLICT, "{more:?}");
        let cancel = admin
            .post("/api/admin/purchase-order/cancel", &[("number", &number)])
            .await;
        assert_eq!(cancel.status, StatusCode::CONFLICT, "received is final");

        // A partly received order can be cancelled: what came stays, nothing more is taken.
        let counted = admin
            .post(
                "/api/admin/stock/set",
                &[
                    ("sku", &item.sku),
                    ("location", "WH-MAIN"),
                    ("on_hand", "0"),
                ],
            )
            .await;
        assert_eq!(counted.status, StatusCode::OK, "{counted:?}");
        drain(shop).await;
        let orders = purchase_orders(shop).await;
        assert_eq!(orders.len(), 2, "fell to the point again: {orders:?}");
        let second = format!("PO-{:05}", orders[1].id);
        let second_line = lines_of(shop, orders[1].id).await[0].id;
        admin
            .post("/api/admin/purchase-order/send", &[("number", &second)])
            .await;
        let part = receive(&mut admin, &second, &[(second_line, 1)]).await;
        assert_eq!(part.status, StatusCode::OK, "{part:?}");
        let cancel = admin
            .post("/api/admin/purchase-order/cancel", &[("number", &second)])
            .await;
        assert_eq!(cancel.status, StatusCode::OK, "{cancel:?}");
        assert_eq!(purchase_orders(shop).await[1].status, "cancelled");
        assert_eq!(level(shop, item.id, "WH-MAIN").await, (1, 0));
        let late = receive(&mut admin, &second, &[(second_line, 1)]).await;
        assert_eq!(late.status, StatusCode::CONFLICT, "{late:?}");
        for action in ["send", "cancel"] {
            let reply = admin
                .post(
                    &format!("/api/admin/purchase-order/{action}"),
                    &[("number", &second)],
                )
                .await;
            assert_eq!(reply.status, StatusCode::CONFLICT, "{action}: {reply:?}");
        }
        let missing = admin
            .post(
                "/api/admin/purchase-order/cancel",
                &[("number", "PO-99999")],
            )
            .await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);

        // A draft is cancelled before it ever goes out.
        for units in ["10", "0"] {
            admin
                .post(
                    "/api/admin/stock/set",
                    &[
                        ("sku", &item.sku),
                        ("location", "WH-MAIN"),
                        ("on_hand", units),
                    ],
                )
                .await;
        }
        drain(shop).await;
        let orders = purchase_orders(shop).await;
        assert_eq!(orders.len(), 3, "{orders:?}");
        let third = format!("PO-{:05}", orders[2].id);
        let cancel = admin
            .post("/api/admin/purchase-order/cancel", &[("number", &third)])
            .await;
        assert_eq!(cancel.status, StatusCode::OK, "{cancel:?}");
        assert_eq!(purchase_orders(shop).await[2].status, "cancelled");
        // Only the first order was mailed: the second was cancelled before its mail went out,
        // the draft never goes.
        assert_eq!(shop.mails_to(SUPPLIER, 0).await.len(), 1);
    }
);

/// A `mercato` process of its own on the shop's database and mail folder; killed when dropped.
struct Mercato {
    child: Child,
    port: u16,
    log: std::path::PathBuf,
}

impl Mercato {
    async fn start(shop: &Shop, workers: &str) -> Mercato {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let folder = shop.mail_dir.parent().expect("the test folder");
        let log = folder.join(format!("mercato-{port}.log"));
        let child = Command::new(env!("CARGO_BIN_EXE_mercato"))
            .args([
                "--database-url",
                shop.database_url(),
                "--media-dir",
                &shop.media_dir.display().to_string(),
                "--mail-dir",
                &shop.mail_dir.display().to_string(),
                "--site-url",
                support::SITE,
                "--addr",
                "127.0.0.1",
                "--port",
                &port.to_string(),
                "--sandbox-addr",
                "127.0.0.1:0",
                "--job-workers",
                workers,
            ])
            .env("MERCATO_SEED_DEMO", "false")
            .env("MERCATO_LOG", "info,sqlx=warn,sea_orm=warn")
            .env_remove("RUST_LOG")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("log file"))
            .spawn()
            .expect("start mercato");
        let mut running = Mercato { child, port, log };
        running.wait_until_up().await;
        running
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    async fn wait_until_up(&mut self) {
        let url = format!("http://127.0.0.1:{}/health", self.port);
        for _ in 0..600 {
            if let Some(status) = self.child.try_wait().expect("child") {
                panic!("mercato stopped ({status}):\n{}", self.log());
            }
            if let Ok(reply) = reqwest::get(&url).await {
                if reply.status().is_success() {
                    return;
                }
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("mercato did not come up within 60 s:\n{}", self.log());
    }

    /// SIGKILL: no graceful shutdown, as in a crash.
    fn kill(mut self) {
        self.child.kill().expect("kill");
        self.child.wait().expect("wait");
    }
}

impl Drop for Mercato {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

on_both_databases!(
    jobs_wait_in_the_database_through_a_crash_and_run_once,
    async |shop: &Shop| {
        shop.seed(5).await;
        let item = stocked(shop, 0, 3, 0).await;
        let (mut admin, supplier) = admin_with_supplier(shop, &item, "draft").await;
        set_rule(&mut admin, &item.sku, "", "5", "24", &supplier).await;
        let pending = jobs_of(shop, "stock.low").await;
        assert_eq!(pending.len(), 1);
        assert_eq!(pending[0].status, "pending");

        // A node without workers comes up and is killed: the job waits.
        let first = Mercato::start(shop, "0").await;
        tokio::time::sleep(std::time::Duration::from_millis(700)).await;
        first.kill();
        let still = jobs_of(shop, "stock.low").await;
        assert_eq!(
            (still[0].status.as_str(), still[0].attempts),
            ("pending", 0)
        );
        assert!(purchase_orders(shop).await.is_empty());

        // A node with workers comes up and does it.
        let second = Mercato::start(shop, "2").await;
        let mut done = None;
        for _ in 0..600 {
            let now = jobs_of(shop, "stock.low").await.remove(0);
            if now.status == "done" {
                done = Some(now);
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let log = second.log();
        let done = done.unwrap_or_else(|| panic!("the job was not done within 60 s:\n{log}"));
        assert_eq!(done.attempts, 1, "{done:?}");
        assert_eq!(purchase_orders(shop).await.len(), 1);
        let alerts = shop.mails_to(BOSS, 1).await;
        // Give a second run (there must be none) time to show.
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        second.kill();
        assert_eq!(alerts_to(shop, BOSS).await.len(), 1, "{alerts:?}");
        assert_eq!(purchase_orders(shop).await.len(), 1);
        assert_eq!(jobs_of(shop, "stock.low").await[0].attempts, 1);
    }
);

on_both_databases!(
    a_claimed_job_waits_out_its_lease_and_failures_back_off,
    async |shop: &Shop| {
        let db = shop.db();
        let now = unix_now();
        jobs::enqueue(db, "test.noop", &json!({}), None)
            .await
            .expect("enqueue");
        let first = jobs::claim(db, "worker-a", now, 60)
            .await
            .expect("claim")
            .expect("a job");
        assert_eq!(first.attempts, 1);
        // Worker A dies holding it: nobody else gets it before the lease ends ...
        assert!(jobs::claim(db, "worker-b", now + 60, 60)
            .await
            .expect("claim")
            .is_none());
        // ... and then worker B does.
        let second = jobs::claim(db, "worker-b", now + 61, 60)
            .await
            .expect("claim")
            .expect("the abandoned job");
        assert_eq!((second.id, second.attempts), (first.id, 2));
        // A coming back to life cannot finish what B now holds.
        jobs::finish(db, &first, "worker-a").await.expect("finish");
        let row = job::Entity::find_by_id(first.id)
            .one(db)
            .await
            .expect("query")
            .expect("job");
        assert_eq!(
            (row.status.as_str(), row.locked_by.as_deref()),
            ("running", Some("worker-b"))
        );
        jobs::finish(db, &second, "worker-b").await.expect("finish");
        assert!(
            jobs::claim(db, "worker-c", now + 1_000_000, 60)
                .await
                .expect("claim")
                .is_none(),
            "done is never run again"
        );

        // A job that fails is tried again later, each time after a longer wait, then given up.
        jobs::enqueue(
            db,
            "test.unknown",
            &json!({ "n": 1 }),
            Some("unknown-1".into()),
        )
        .await
        .expect("enqueue");
        assert!(server::workers::run_next(&shop.state, "worker-a")
            .await
            .expect("run"));
        let row = jobs_of(shop, "test.unknown").await.remove(0);
        assert_eq!((row.status.as_str(), row.attempts), ("pending", 1));
        assert!(row.last_error.is_some(), "{row:?}");
        assert!(row.run_at >= now + retry_delay_secs(1));
        assert!(
            !server::workers::run_next(&shop.state, "worker-a")
                .await
                .expect("run"),
            "not due yet"
        );
        let mut run_at = row.run_at;
        for attempt in 2..=jobs::MAX_ATTEMPTS {
            assert!(jobs::claim(db, "worker-b", run_at - 1, 60)
                .await
                .expect("claim")
                .is_none());
            let claimed = jobs::claim(db, "worker-b", run_at, 60)
                .await
                .expect("claim")
                .expect("due");
            assert_eq!(claimed.attempts, attempt);
            jobs::fail(db, &claimed, "worker-b", "still broken", run_at)
                .await
                .expect("fail");
            let row = jobs_of(shop, "test.unknown").await.remove(0);
            if attempt < jobs::MAX_ATTEMPTS {
                assert_eq!(row.status, "pending");
                assert_eq!(
                    row.run_at - run_at,
                    retry_delay_secs(u32::try_from(attempt).expect("attempt"))
                );
                run_at = row.run_at;
            } else {
                assert_eq!(row.status, "failed");
                assert_eq!(row.last_error.as_deref(), Some("still broken"));
                assert!(row.finished_at.is_some());
            }
        }
        assert!(
            jobs::claim(db, "worker-c", run_at + 1_000_000, 60)
                .await
                .expect("claim")
                .is_none(),
            "failed for good"
        );
        // Its dedupe key is free again: the same work can be queued anew.
        jobs::enqueue(
            db,
            "test.unknown",
            &json!({ "n": 2 }),
            Some("unknown-1".into()),
        )
        .await
        .expect("enqueue");
        assert_eq!(jobs_of(shop, "test.unknown").await.len(), 2);
    }
);

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

on_both_databases!(
    staff_order_by_hand_into_one_draft_per_supplier_and_place,
    async |shop: &Shop| {
        shop.seed(3).await;
        let item = stocked(shop, 0, 10, 0).await;
        let other = stocked(shop, 1, 10, 0).await;
        let (mut admin, supplier) = admin_with_supplier(shop, &item, "off").await;
        let order = |sku: String, quantity: &'static str| {
            let supplier = supplier.clone();
            let mut admin = admin.clone();
            async move {
                admin
                    .post(
                        "/api/admin/purchase-order/add",
                        &[
                            ("supplier_id", supplier.as_str()),
                            ("location", "WH-MAIN"),
                            ("sku", sku.as_str()),
                            ("quantity", quantity),
                        ],
                    )
                    .await
            }
        };
        let first = order(item.sku.clone(), "6").await;
        assert_eq!(first.status, StatusCode::OK, "{first:?}");
        let number = json_of(&first).as_str().expect("number").to_string();
        let second = order(other.sku.clone(), "4").await;
        assert_eq!(json_of(&second), json!(number), "joins the same draft");
        for (bad, why) in [("0", "no units"), ("lots", "not a number")] {
            let refused = order(item.sku.clone(), bad).await;
            assert_eq!(
                refused.status,
                StatusCode::BAD_REQUEST,
                "{why}: {refused:?}"
            );
        }
        let unknown = order("NO-SUCH-SKU".into(), "1").await;
        assert_eq!(unknown.status, StatusCode::BAD_REQUEST);

        let detail = json_of(
            &admin
                .get(&format!("/api/admin/purchase-order?number={number}"))
                .await,
        );
        assert_eq!(detail["status"], "Draft");
        let lines = detail["lines"].as_array().expect("lines");
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["ordered"], 6);
        assert_eq!(lines[0]["sku"], format!("{} (TS-77)", item.sku));
        assert_eq!(lines[1]["ordered"], 4);
        assert_eq!(
            jobs_of(shop, "stock.low").await.len(),
            0,
            "ordering raises no alert"
        );
    }
);

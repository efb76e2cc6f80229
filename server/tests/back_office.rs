//! The back office against the real router, the real sandbox gateway and both databases: the
//! orders list and its filters, an order's detail and timeline, fulfilling, delivering,
//! cancelling and refunding through the state machine (stock moving exactly once), the
//! dashboard's figures and the customers' pages.

mod support;

use axum::http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use app::backend::entities::{order_line, shipment};
use support::shopping::{
    json_of, order_by_number, paid_order, placed_order, set_on_hand, stock_of, variant_with_stock,
    BUYER,
};
use support::{Client, Shop};

async fn handler(shop: &Shop) -> Client {
    shop.account("handler@example.com", "Order handler").await;
    shop.signed_in("handler@example.com").await
}

fn numbers(list: &serde_json::Value) -> Vec<String> {
    list["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|row| row["number"].as_str().expect("number").to_string())
        .collect()
}

async fn list(staff: &mut Client, query: &str) -> serde_json::Value {
    let encoded: String = form_urlencoded::byte_serialize(query.as_bytes()).collect();
    let reply = staff
        .get(&format!("/api/admin/orders?query={encoded}"))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    json_of(&reply)
}

on_both_databases!(
    the_list_filters_by_status_number_email_amount_and_date,
    async |shop: &Shop| {
        shop.seed(5).await;
        let item = variant_with_stock(shop, 20).await;
        let paid = paid_order(shop, &item.sku, 1, "list-1").await;
        let (waiting, _) = placed_order(shop, &item.sku, 3, "list-2").await;
        let mut staff = handler(shop).await;

        let all = list(&mut staff, "").await;
        assert_eq!(all["matching"], 2);
        assert_eq!(
            numbers(&all),
            vec![waiting.clone(), paid.clone()],
            "newest first"
        );
        assert_eq!(all["rows"][0]["items"], 3);

        assert_eq!(
            numbers(&list(&mut staff, "status=paid").await),
            vec![paid.clone()]
        );
        assert_eq!(
            numbers(&list(&mut staff, &format!("q={}", paid.to_lowercase())).await),
            vec![paid.clone()],
            "by number, in any case"
        );
        assert_eq!(
            list(&mut staff, "q=BUYER@EXAMPLE").await["matching"],
            2,
            "by e-mail"
        );
        assert_eq!(
            list(&mut staff, "customer=ada buy").await["matching"],
            2,
            "by name"
        );
        assert_eq!(
            list(&mut staff, "customer=100%25").await["matching"],
            0,
            "% is literal"
        );
        let one_unit = order_by_number(shop, &paid).await.total_minor;
        let cents = |minor: i64| format!("{}.{:02}", minor / 100, minor % 100);
        assert_eq!(
            numbers(&list(&mut staff, &format!("max={}", cents(one_unit))).await),
            vec![paid.clone()]
        );
        assert_eq!(
            numbers(&list(&mut staff, &format!("min={}", cents(one_unit + 1))).await),
            vec![waiting.clone()]
        );
        let today = chrono::Utc::now().date_naive();
        assert_eq!(
            list(&mut staff, &format!("from={today}&to={today}")).await["matching"],
            2
        );
        let yesterday = today.pred_opt().expect("a day before");
        assert_eq!(
            list(&mut staff, &format!("to={yesterday}")).await["matching"],
            0
        );

        // Nonsense is ignored with a notice, never a 500.
        let odd = list(&mut staff, "status=lost&from=soon&min=lots&page=0").await;
        assert_eq!(odd["matching"], 2);
        assert_eq!(
            odd["filter"]["notices"].as_array().map(Vec::len),
            Some(4),
            "{odd}"
        );
        let past_the_end = list(&mut staff, "page=9").await;
        assert_eq!(past_the_end["rows"].as_array().map(Vec::len), Some(0));
    }
);

on_both_databases!(
    fulfilling_sends_the_tracking_link_once_and_the_timeline_tells_the_story,
    async |shop: &Shop| {
        shop.seed(5).await;
        let item = variant_with_stock(shop, 5).await;
        let number = paid_order(shop, &item.sku, 2, "fulfil").await;
        let mut staff = handler(shop).await;

        let bad = staff
            .post(
                "/api/admin/order/fulfil",
                &[
                    ("number", &number),
                    ("carrier", "ups"),
                    ("tracking_number", "1Z<script>"),
                ],
            )
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{bad:?}");
        assert!(bad.body.contains("letters and digits"), "{}", bad.body);
        let bad = staff
            .post(
                "/api/admin/order/fulfil",
                &[
                    ("number", &number),
                    ("carrier", "pigeon"),
                    ("tracking_number", "12345"),
                ],
            )
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        let unknown = staff
            .post(
                "/api/admin/order/fulfil",
                &[
                    ("number", "MNOSUCH"),
                    ("carrier", "ups"),
                    ("tracking_number", "12345"),
                ],
            )
            .await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);

        let done = staff
            .post(
                "/api/admin/order/fulfil",
                &[
                    ("number", &number),
                    ("carrier", "ups"),
                    ("tracking_number", "1z 999 aa1 0123456784"),
                ],
            )
            .await;
        assert_eq!(done.status, StatusCode::OK, "{done:?}");
        let again = staff
            .post(
                "/api/admin/order/fulfil",
                &[
                    ("number", &number),
                    ("carrier", "dhl"),
                    ("tracking_number", "ABCDE12345"),
                ],
            )
            .await;
        assert_eq!(
            again.status,
            StatusCode::CONFLICT,
            "shipped once: {again:?}"
        );
        assert!(
            again.body.contains("shipped cannot be fulfilled"),
            "{}",
            again.body
        );

        let order = order_by_number(shop, &number).await;
        assert_eq!(order.status, "fulfilled");
        let parcels = shipment::Entity::find()
            .filter(shipment::Column::OrderId.eq(order.id))
            .all(shop.db())
            .await
            .expect("shipments");
        assert_eq!(parcels.len(), 1);
        assert_eq!(parcels[0].tracking_number, "1Z999AA10123456784");

        let mails = shop.mails_to(BUYER, 2).await;
        let shipped: Vec<&String> = mails.iter().filter(|m| m.contains("on its way")).collect();
        assert_eq!(shipped.len(), 1, "one shipping mail: {mails:?}");
        let text = shipped[0]
            .replace("=\r\n", "")
            .replace("=\n", "")
            .replace("=3D", "=");
        assert!(
            text.contains("https://www.ups.com/track?tracknum=1Z999AA10123456784"),
            "{text}"
        );
        assert!(
            text.contains(&format!("/orders/find?number={number}")),
            "{text}"
        );

        assert_eq!(
            staff
                .post("/api/admin/order/deliver", &[("number", &number)])
                .await
                .status,
            StatusCode::OK
        );
        assert_eq!(
            staff
                .post("/api/admin/order/cancel", &[("number", &number)])
                .await
                .status,
            StatusCode::CONFLICT,
            "a delivered order is refunded, not cancelled"
        );
        let detail = staff
            .get(&format!("/api/admin/order?number={number}"))
            .await;
        assert_eq!(detail.status, StatusCode::OK, "{detail:?}");
        let detail = json_of(&detail);
        assert_eq!(detail["order"]["status"], "Delivered");
        assert_eq!(detail["shipments"][0]["carrier"], "UPS");
        let timeline: Vec<String> = detail["timeline"]
            .as_array()
            .expect("timeline")
            .iter()
            .map(|e| e["text"].as_str().unwrap_or_default().to_string())
            .collect();
        assert!(timeline[0].starts_with("Order placed"), "{timeline:?}");
        assert!(timeline[1].starts_with("Paid with Visa"), "{timeline:?}");
        assert!(
            timeline.iter().any(|t| t.contains("Shipped with UPS")),
            "{timeline:?}"
        );
        assert_eq!(
            timeline.last().map(String::as_str),
            Some("Marked as delivered")
        );
        assert_eq!(detail["actions"]["refund"], true);
        assert_eq!(detail["actions"]["fulfil"], false);

        let audit = json_of(&shop.signed_in_admin().await.get("/api/admin/audit").await);
        let actions: Vec<&str> = audit
            .as_array()
            .expect("rows")
            .iter()
            .filter_map(|r| r["action"].as_str())
            .collect();
        assert!(
            actions.contains(&"order.fulfil") && actions.contains(&"order.deliver"),
            "{actions:?}"
        );
    }
);

on_both_databases!(
    refunds_are_bounded_and_put_units_back_once,
    async |shop: &Shop| {
        shop.seed(5).await;
        let item = variant_with_stock(shop, 5).await;
        let number = paid_order(shop, &item.sku, 2, "refund").await;
        assert_eq!(stock_of(shop, item.id).await, (3, 0));
        let order = order_by_number(shop, &number).await;
        let line = order_line::Entity::find()
            .filter(order_line::Column::OrderId.eq(order.id))
            .one(shop.db())
            .await
            .expect("query")
            .expect("a line");
        let restock_field = format!("restock[{}]", line.id);
        let mut staff = handler(shop).await;

        let too_much = staff
            .post(
                "/api/admin/order/refund",
                &[
                    ("number", &number),
                    ("amount", "999999"),
                    (&restock_field, "0"),
                ],
            )
            .await;
        assert_eq!(too_much.status, StatusCode::BAD_REQUEST);
        assert!(
            too_much.body.contains("can still be refunded"),
            "{}",
            too_much.body
        );
        let too_many = staff
            .post(
                "/api/admin/order/refund",
                &[
                    ("number", &number),
                    ("amount", "1.00"),
                    (&restock_field, "3"),
                ],
            )
            .await;
        assert_eq!(too_many.status, StatusCode::BAD_REQUEST);
        assert!(
            too_many.body.contains("at most 2 units"),
            "{}",
            too_many.body
        );
        assert_eq!(
            order_by_number(shop, &number).await.refunded_minor,
            0,
            "nothing happened"
        );

        let part = staff
            .post(
                "/api/admin/order/refund",
                &[
                    ("number", &number),
                    ("amount", "1.00"),
                    (&restock_field, "1"),
                ],
            )
            .await;
        assert_eq!(part.status, StatusCode::OK, "{part:?}");
        let after = order_by_number(shop, &number).await;
        assert_eq!(
            (after.status.as_str(), after.refunded_minor),
            ("partly_refunded", 100)
        );
        assert_eq!(
            stock_of(shop, item.id).await,
            (4, 0),
            "one unit back on the shelf"
        );
        let facts = shop
            .state
            .payments
            .retrieve(after.payment_id.as_deref().expect("payment"))
            .await
            .expect("the gateway knows the payment");
        assert_eq!(
            facts.amount_refunded_minor, 100,
            "the money really went back"
        );

        let rest = staff
            .post(
                "/api/admin/order/refund",
                &[("number", &number), ("amount", ""), (&restock_field, "1")],
            )
            .await;
        assert_eq!(rest.status, StatusCode::OK, "{rest:?}");
        let after = order_by_number(shop, &number).await;
        assert_eq!(
            (after.status.as_str(), after.refunded_minor),
            ("refunded", order.total_minor)
        );
        assert_eq!(stock_of(shop, item.id).await, (5, 0));
        let nothing_left = staff
            .post(
                "/api/admin/order/refund",
                &[("number", &number), ("amount", "")],
            )
            .await;
        assert_eq!(nothing_left.status, StatusCode::BAD_REQUEST);
    }
);

on_both_databases!(
    cancelling_gives_back_reserved_or_sold_stock_and_the_money,
    async |shop: &Shop| {
        shop.seed(5).await;
        let item = variant_with_stock(shop, 6).await;
        let (unpaid, _) = placed_order(shop, &item.sku, 2, "cancel-1").await;
        let paid = paid_order(shop, &item.sku, 3, "cancel-2").await;
        assert_eq!(stock_of(shop, item.id).await, (3, 2));
        let mut staff = handler(shop).await;

        assert_eq!(
            staff
                .post("/api/admin/order/cancel", &[("number", &unpaid)])
                .await
                .status,
            StatusCode::OK
        );
        assert_eq!(
            stock_of(shop, item.id).await,
            (3, 0),
            "reservation released"
        );
        assert_eq!(order_by_number(shop, &unpaid).await.status, "cancelled");

        let cancelled = staff
            .post("/api/admin/order/cancel", &[("number", &paid)])
            .await;
        assert_eq!(cancelled.status, StatusCode::OK, "{cancelled:?}");
        let order = order_by_number(shop, &paid).await;
        assert_eq!(
            (order.status.as_str(), order.refunded_minor),
            ("cancelled", order.total_minor)
        );
        assert_eq!(
            stock_of(shop, item.id).await,
            (6, 0),
            "sold units back on the shelf"
        );
        let facts = shop
            .state
            .payments
            .retrieve(order.payment_id.as_deref().expect("payment"))
            .await
            .expect("payment");
        assert_eq!(facts.amount_refunded_minor, order.total_minor);

        let twice = staff
            .post("/api/admin/order/cancel", &[("number", &paid)])
            .await;
        assert_eq!(twice.status, StatusCode::CONFLICT);
        assert_eq!(stock_of(shop, item.id).await, (6, 0), "nothing moved twice");
    }
);

/// With the shop on a real port the gateway's refund webhook races the back office's own
/// record of the refund: the money is counted once either way.
async fn a_refund_and_its_webhook_count_once(engine: support::Engine) {
    let shop = Shop::open_served(engine, &[]).await;
    shop.seed(5).await;
    let item = variant_with_stock(&shop, 5).await;
    let number = paid_order(&shop, &item.sku, 1, "served-refund").await;
    let mut staff = handler(&shop).await;
    let reply = staff
        .post(
            "/api/admin/order/refund",
            &[("number", &number), ("amount", "1.00")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    // Give the webhook time to arrive and be applied (or ignored).
    for _ in 0..40 {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let order = order_by_number(&shop, &number).await;
    assert_eq!(
        (order.status.as_str(), order.refunded_minor),
        ("partly_refunded", 100)
    );
    shop.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refund_and_its_webhook_count_once_on_sqlite() {
    a_refund_and_its_webhook_count_once(support::Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refund_and_its_webhook_count_once_on_postgres() {
    a_refund_and_its_webhook_count_once(support::Engine::Postgres).await;
}

on_both_databases!(
    the_dashboard_counts_sales_refunds_work_to_do_and_low_stock,
    async |shop: &Shop| {
        shop.seed(5).await;
        let item = variant_with_stock(shop, 20).await;
        let first = paid_order(shop, &item.sku, 1, "dash-1").await;
        let second = paid_order(shop, &item.sku, 2, "dash-2").await;
        placed_order(shop, &item.sku, 1, "dash-3").await;
        let mut staff = handler(shop).await;
        let refund = staff
            .post(
                "/api/admin/order/refund",
                &[("number", &second), ("amount", "1.00")],
            )
            .await;
        assert_eq!(refund.status, StatusCode::OK, "{refund:?}");
        let total = order_by_number(shop, &first).await.total_minor
            + order_by_number(shop, &second).await.total_minor
            - 100;
        // Only its units count as low: 20 - 3 sold - 1 reserved = 16 here.
        for level in app::backend::entities::stock_level::Entity::find()
            .filter(app::backend::entities::stock_level::Column::VariantId.eq(item.id))
            .all(shop.db())
            .await
            .expect("levels")
        {
            set_on_hand(shop, item.id, level.location_id, level.reserved + 2).await;
        }

        let reply = staff.get("/api/admin/dashboard").await;
        assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
        let dashboard = json_of(&reply);
        for period in 0..3 {
            let figures = &dashboard["periods"][period]["figures"];
            assert_eq!(figures["orders"], 2, "{dashboard}");
            assert_eq!(
                figures["revenue"]["minor"], total,
                "after the refund: {dashboard}"
            );
        }
        assert_eq!(
            dashboard["waiting_to_ship"], 1,
            "the unpaid order is not to ship yet"
        );
        let daily = dashboard["daily"].as_array().expect("30 days");
        assert_eq!(daily.len(), 30);
        assert_eq!(
            daily[29]["revenue"]["minor"], total,
            "today is the last bar"
        );
        assert_eq!(daily[0]["revenue"]["minor"], 0);
        let low: Vec<&str> = dashboard["low_stock"]
            .as_array()
            .expect("low stock")
            .iter()
            .filter_map(|i| i["sku"].as_str())
            .collect();
        assert!(low.contains(&item.sku.as_str()), "{dashboard}");

        // The home page shows the figures to who may see orders, and sections to the rest.
        shop.account("clerk@example.com", "Stock clerk").await;
        let mut clerk = shop.signed_in("clerk@example.com").await;
        assert_eq!(
            clerk.get("/api/admin/dashboard").await.status,
            StatusCode::FORBIDDEN
        );
        let page = staff.get("/admin").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains("Orders waiting to ship"),
            "{}",
            page.body
        );
        let page = clerk.get("/admin").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.body.contains("Orders waiting to ship"));
        assert!(page.body.contains("Choose a section"));
    }
);

on_both_databases!(
    customers_are_listed_with_what_they_spent,
    async |shop: &Shop| {
        shop.seed(5).await;
        let item = variant_with_stock(shop, 10).await;
        shop.account("ada@example.com", "Customer").await;
        shop.account("grace@example.com", "Customer").await;
        let mut ada = shop.signed_in("ada@example.com").await;
        let added = ada
            .post(
                "/api/cart/add",
                &[("sku", item.sku.as_str()), ("quantity", "1")],
            )
            .await;
        assert_eq!(added.status, StatusCode::OK);
        let mut form = support::shopping::checkout_form("ada-1", "");
        form["form"]["email"] = "ada@example.com".into();
        let placed = json_of(&ada.post_json("/api/checkout/place", &form).await);
        let paid = support::shopping::pay(
            placed["payment_url"].as_str().expect("url"),
            support::shopping::GOOD_CARD,
        )
        .await;
        assert_eq!(paid.status(), 303);
        let number = placed["number"].as_str().expect("number").to_string();
        assert_eq!(
            ada.get(&format!("/api/order/view?number={number}"))
                .await
                .status,
            StatusCode::OK
        );
        let total = order_by_number(shop, &number).await.total_minor;
        assert_eq!(order_by_number(shop, &number).await.status, "paid");

        let mut staff = handler(shop).await;
        let all = json_of(&staff.get("/api/admin/customers").await);
        assert_eq!(all["matching"], 2, "staff are not customers: {all}");
        let found = json_of(&staff.get("/api/admin/customers?text=ADA").await);
        assert_eq!(found["matching"], 1);
        let row = &found["rows"][0];
        assert_eq!(
            (row["orders"].clone(), row["spent"]["minor"].clone()),
            (1.into(), total.into())
        );
        let id = row["id"].as_i64().expect("id");
        let detail = staff.get(&format!("/api/admin/customer?id={id}")).await;
        assert_eq!(detail.status, StatusCode::OK, "{detail:?}");
        let detail = json_of(&detail);
        assert_eq!(detail["orders"][0]["number"], number.as_str());
        assert_eq!(detail["verified"], true);
        let staff_id = app::backend::entities::user::Entity::find()
            .filter(app::backend::entities::user::Column::Email.eq("handler@example.com"))
            .one(shop.db())
            .await
            .expect("query")
            .expect("handler")
            .id;
        assert_eq!(
            staff
                .get(&format!("/api/admin/customer?id={staff_id}"))
                .await
                .status,
            StatusCode::NOT_FOUND,
            "a member of staff is not shown as a customer"
        );
    }
);

fn new_product(name: &str, skus: [&str; 2]) -> serde_json::Value {
    serde_json::json!({ "id": 0, "form": {
        "name": name,
        "category": "clothing",
        "description": "Soft organic cotton.",
        "published": "on",
        "specifications": [{ "name": "Material", "value": "Cotton" }],
        "variants": [
            { "sku": skus[0], "options": "Size: S", "price": "19.99", "compare_at": "24.99",
              "weight_grams": "180", "stock": [{ "location": "WH-MAIN", "on_hand": "4" }] },
            { "sku": skus[1], "options": "Size: M", "price": "21.50",
              "stock": [{ "location": "WH-MAIN", "on_hand": "0" }] }
        ]
    }})
}

async fn product_count(shop: &Shop) -> u64 {
    use sea_orm::PaginatorTrait;
    app::backend::entities::product::Entity::find()
        .count(shop.db())
        .await
        .expect("count")
}

on_both_databases!(
    a_product_with_two_variants_is_created_shown_and_found,
    async |shop: &Shop| {
        shop.seed(5).await;
        let mut admin = shop.signed_in_admin().await;
        let before = product_count(shop).await;

        let saved = admin
            .post_json(
                "/api/admin/product/save",
                &new_product("Organic Tee Aurora", ["AURORA-S", "AURORA-M"]),
            )
            .await;
        assert_eq!(saved.status, StatusCode::OK, "{saved:?}");
        let saved = json_of(&saved);
        assert_eq!(saved["slug"], "organic-tee-aurora");
        assert_eq!(product_count(shop).await, before + 1);

        let page = shop
            .client()
            .get("/api/catalog/product?slug=organic-tee-aurora")
            .await;
        assert_eq!(page.status, StatusCode::OK, "{page:?}");
        assert!(
            page.body.contains("AURORA-M") && page.body.contains("Material"),
            "{}",
            page.body
        );

        app::search::follower::catch_up(shop.db(), &shop.state.search, &mut Default::default())
            .await
            .expect("search follows");
        let found = shop
            .client()
            .get("/api/search/results?query=q%3Daurora")
            .await;
        assert_eq!(found.status, StatusCode::OK);
        assert!(found.body.contains("Organic Tee Aurora"), "{}", found.body);

        // The editor opens it as it was saved.
        let id = saved["id"].as_i64().expect("id");
        let editor = json_of(&admin.get(&format!("/api/admin/product?id={id}")).await);
        assert_eq!(editor["input"]["variants"][0]["price"], "19.99");
        assert_eq!(editor["input"]["variants"][0]["stock"][0]["on_hand"], "4");
        assert_eq!(editor["input"]["variants"][1]["options"], "Size: M");

        let log = admin.get("/api/admin/audit").await;
        assert!(log.body.contains("product.create"), "{}", log.body);
    }
);

on_both_databases!(
    bad_products_are_refused_field_by_field_and_nothing_is_saved,
    async |shop: &Shop| {
        shop.seed(5).await;
        let mut admin = shop.signed_in_admin().await;
        let before = product_count(shop).await;
        let taken_sku = variant_with_stock(shop, 3).await.sku;

        let mut form = new_product("", ["AURORA-S", "bad sku"]);
        form["form"]["variants"][0]["compare_at"] = "1.00".into();
        let reply = admin.post_json("/api/admin/product/save", &form).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{reply:?}");
        let problems = json_of(&reply);
        let fields: Vec<&str> = problems["Invalid"]
            .as_array()
            .expect("problems")
            .iter()
            .filter_map(|p| p["field"].as_str())
            .collect();
        assert_eq!(
            fields,
            vec!["name", "variants[0][compare_at]", "variants[1][sku]"]
        );

        // Problems only the database can see: a SKU and a category that do not fit.
        let mut form = new_product("Second Tee", ["SECOND-S", &taken_sku]);
        form["form"]["category"] = "no-such-category".into();
        let reply = admin.post_json("/api/admin/product/save", &form).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{reply:?}");
        assert!(
            reply.body.contains("variants[1][sku]")
                && reply.body.contains("belongs to another product"),
            "{}",
            reply.body
        );
        assert!(
            reply.body.contains("There is no category"),
            "{}",
            reply.body
        );
        assert_eq!(product_count(shop).await, before, "nothing saved half-way");

        let malformed = admin
            .post_json(
                "/api/admin/product/save",
                &serde_json::json!({ "id": 0, "form": "nonsense" }),
            )
            .await;
        assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    }
);

on_both_databases!(
    editing_checks_rights_for_prices_and_stock_and_keeps_reserved_units,
    async |shop: &Shop| {
        shop.seed(5).await;
        let mut admin = shop.signed_in_admin().await;
        let saved = json_of(
            &admin
                .post_json(
                    "/api/admin/product/save",
                    &new_product("Edited Tee", ["EDIT-S", "EDIT-M"]),
                )
                .await,
        );
        let id = saved["id"].as_i64().expect("id");
        let (number, _) = placed_order(shop, "EDIT-S", 3, "edit-hold").await;
        assert!(!number.is_empty());

        let editor = json_of(&admin.get(&format!("/api/admin/product?id={id}")).await);
        assert_eq!(editor["reserved"][0][0], 3, "{editor}");
        let mut form = editor["input"].clone();

        // Stock below what orders hold is refused, beside the field.
        form["variants"][0]["stock"][0]["on_hand"] = "2".into();
        let reply = admin
            .post_json(
                "/api/admin/product/save",
                &serde_json::json!({ "id": id, "form": form }),
            )
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert!(
            reply.body.contains("variants[0][stock][0][on_hand]"),
            "{}",
            reply.body
        );

        // A variant holding reservations cannot be removed; the other can.
        form["variants"][0]["stock"][0]["on_hand"] = "4".into();
        form["variants"][0]["remove"] = "on".into();
        let reply = admin
            .post_json(
                "/api/admin/product/save",
                &serde_json::json!({ "id": id, "form": form }),
            )
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert!(reply.body.contains("reserved for orders"), "{}", reply.body);
        form["variants"][0]["remove"] = serde_json::Value::Null;
        form["variants"][1]["remove"] = "on".into();
        form["name"] = "Edited Tee Two".into();
        form["variants"][0]["price"] = "17.00".into();
        let reply = admin
            .post_json(
                "/api/admin/product/save",
                &serde_json::json!({ "id": id, "form": form }),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
        let product = app::backend::entities::product::Entity::find_by_id(id as i32)
            .one(shop.db())
            .await
            .expect("query")
            .expect("product");
        assert_eq!(
            (product.name.as_str(), product.min_price_minor),
            ("Edited Tee Two", 1_700)
        );
        let variants = app::backend::entities::variant::Entity::find()
            .filter(app::backend::entities::variant::Column::ProductId.eq(id as i32))
            .all(shop.db())
            .await
            .expect("variants");
        assert_eq!(variants.len(), 1);
        let item = variants[0].id;
        assert_eq!(stock_of(shop, item).await, (4, 3), "reservation kept");

        // Without the right to change prices, a price change is refused; texts are not.
        shop.execute(
            "INSERT INTO staff_roles (name, permissions) VALUES ('Copywriter', 'catalog.view,products.edit')",
        )
        .await;
        shop.account("writer@example.com", "Copywriter").await;
        let mut writer = shop.signed_in("writer@example.com").await;
        let mut form =
            json_of(&writer.get(&format!("/api/admin/product?id={id}")).await)["input"].clone();
        form["description"] = "Now with a longer story.".into();
        let reply = writer
            .post_json(
                "/api/admin/product/save",
                &serde_json::json!({ "id": id, "form": form.clone() }),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
        form["variants"][0]["price"] = "1.00".into();
        let reply = writer
            .post_json(
                "/api/admin/product/save",
                &serde_json::json!({ "id": id, "form": form.clone() }),
            )
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        form["variants"][0]["price"] = "17.00".into();
        form["variants"][0]["stock"][0]["on_hand"] = "40".into();
        let reply = writer
            .post_json(
                "/api/admin/product/save",
                &serde_json::json!({ "id": id, "form": form }),
            )
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        assert_eq!(stock_of(shop, item).await, (4, 3));
    }
);

on_both_databases!(
    the_products_list_filters_and_bulk_changes_publish_and_move,
    async |shop: &Shop| {
        shop.seed(20).await;
        let mut admin = shop.signed_in_admin().await;
        let saved = json_of(
            &admin
                .post_json(
                    "/api/admin/product/save",
                    &new_product("Bulk Tee Zephyr", ["ZEPH-S", "ZEPH-M"]),
                )
                .await,
        );
        let id = saved["id"].as_i64().expect("id");
        let list = |query: &str| {
            format!(
                "/api/admin/products?query={}",
                form_urlencoded::byte_serialize(query.as_bytes()).collect::<String>()
            )
        };

        let found = json_of(&admin.get(&list("text=zephyr")).await);
        assert_eq!(found["matching"], 1, "{found}");
        assert_eq!(found["rows"][0]["available"], 4);
        assert_eq!(
            json_of(&admin.get(&list("text=ZEPH-M")).await)["matching"],
            1,
            "by SKU"
        );
        let low = json_of(&admin.get(&list("text=zephyr&stock=low")).await);
        assert_eq!(low["matching"], 1, "4 units is running low: {low}");
        assert_eq!(
            json_of(&admin.get(&list("text=zephyr&stock=in")).await)["matching"],
            0
        );
        assert_eq!(
            json_of(&admin.get(&list("text=zephyr&stock=out")).await)["matching"],
            0
        );
        assert_eq!(
            json_of(&admin.get(&list("category=no-such")).await)["matching"],
            0
        );
        let all = json_of(&admin.get(&list("")).await)["matching"]
            .as_u64()
            .expect("n");
        let clothing = json_of(&admin.get(&list("category=clothing")).await)["matching"]
            .as_u64()
            .expect("n");
        assert!(clothing >= 1 && clothing <= all);

        let hide = admin
            .post(
                "/api/admin/products/bulk",
                &[("ids", &id.to_string()), ("action", "unpublish")],
            )
            .await;
        assert_eq!(hide.status, StatusCode::OK, "{hide:?}");
        assert_eq!(
            json_of(&admin.get(&list("text=zephyr&published=no")).await)["matching"],
            1
        );
        let categories = json_of(&admin.get(&list("")).await)["categories"].clone();
        let other = categories
            .as_array()
            .expect("categories")
            .iter()
            .filter_map(|c| c[0].as_str())
            .find(|slug| *slug != "clothing")
            .expect("another category")
            .to_string();
        let moved = admin
            .post(
                "/api/admin/products/bulk",
                &[
                    ("ids", &id.to_string()),
                    ("action", "move"),
                    ("category", &other),
                ],
            )
            .await;
        assert_eq!(moved.status, StatusCode::OK);
        assert_eq!(
            json_of(
                &admin
                    .get(&list(&format!("text=zephyr&category={other}")))
                    .await
            )["matching"],
            1
        );
        let bad = admin
            .post(
                "/api/admin/products/bulk",
                &[("ids", "1,x"), ("action", "publish")],
            )
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        let none = admin
            .post(
                "/api/admin/products/bulk",
                &[("ids", ""), ("action", "publish")],
            )
            .await;
        assert_eq!(none.status, StatusCode::BAD_REQUEST);
    }
);

fn png(width: u32, height: u32) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 200) as u8, (y % 200) as u8, 90])
    });
    let mut bytes = Vec::new();
    picture
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .expect("encode");
    bytes
}

on_both_databases!(
    pictures_are_checked_resized_ordered_described_and_removed,
    async |shop: &Shop| {
        shop.seed(5).await;
        let mut admin = shop.signed_in_admin().await;
        let saved = json_of(
            &admin
                .post_json(
                    "/api/admin/product/save",
                    &new_product("Pictured Tee", ["PIC-S", "PIC-M"]),
                )
                .await,
        );
        let id = saved["id"].as_i64().expect("id");
        let path = format!("/api/admin/products/{id}/images?alt=Front%20view");

        let text = admin
            .post_bytes(
                &path,
                "image/png",
                b"this is a text file renamed to shirt.png".to_vec(),
            )
            .await;
        assert_eq!(text.status, StatusCode::BAD_REQUEST, "{text:?}");
        assert!(
            text.body.contains("not a JPEG, PNG, WebP or GIF"),
            "{}",
            text.body
        );
        let huge = admin
            .post_bytes(
                &path,
                "image/png",
                vec![0u8; app::catalog::domain::media::MAX_IMAGE_BYTES + 1],
            )
            .await;
        assert_eq!(huge.status, StatusCode::PAYLOAD_TOO_LARGE);
        let mut visitor = shop.client();
        assert_eq!(
            visitor
                .post_bytes(&path, "image/png", png(10, 10))
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
        shop.account("clerk@example.com", "Stock clerk").await;
        let mut clerk = shop.signed_in("clerk@example.com").await;
        assert_eq!(
            clerk
                .post_bytes(&path, "image/png", png(10, 10))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let mut foreign = shop.signed_in_admin().await;
        foreign.origin = Some("https://evil.example".into());
        assert_eq!(
            foreign
                .post_bytes(&path, "image/png", png(10, 10))
                .await
                .status,
            StatusCode::FORBIDDEN,
            "the CSRF guard covers uploads"
        );
        assert_eq!(
            admin
                .post_bytes(
                    "/api/admin/products/999999/images",
                    "image/png",
                    png(10, 10)
                )
                .await
                .status,
            StatusCode::NOT_FOUND
        );

        let first = admin.post_bytes(&path, "image/png", png(1600, 1000)).await;
        assert_eq!(first.status, StatusCode::OK, "{first:?}");
        let first = json_of(&first);
        assert_eq!(
            (first["width"].as_i64(), first["height"].as_i64()),
            (Some(1200), Some(750))
        );
        let url = first["url"].as_str().expect("url").to_string();
        assert!(url.ends_with("-1200.webp"), "{url}");
        for width in [300, 600, 1200] {
            let key = url
                .trim_start_matches("/media/")
                .replace("-1200.webp", &format!("-{width}.webp"));
            let stored = std::fs::read(shop.media_dir.join(&key)).expect("stored size");
            assert_eq!(
                app::catalog::domain::media::ImageKind::sniff(&stored),
                Ok(app::catalog::domain::media::ImageKind::WebP)
            );
        }
        let served = shop.client().get(&url).await;
        assert_eq!(served.status, StatusCode::OK, "served at /media");

        let second = json_of(&admin.post_bytes(&path, "image/png", png(200, 200)).await);
        assert_eq!(second["width"], 200, "small pictures are not enlarged");
        let (a, b) = (
            first["id"].as_i64().expect("id"),
            second["id"].as_i64().expect("id"),
        );

        let order = admin
            .post(
                "/api/admin/media/order",
                &[("product", &id.to_string()), ("ids", &format!("{b},{a}"))],
            )
            .await;
        assert_eq!(order.status, StatusCode::OK, "{order:?}");
        assert_eq!(json_of(&order)[0]["id"], b);
        let partial = admin
            .post(
                "/api/admin/media/order",
                &[("product", &id.to_string()), ("ids", &a.to_string())],
            )
            .await;
        assert_eq!(
            partial.status,
            StatusCode::CONFLICT,
            "every picture must be named"
        );
        let described = admin
            .post(
                "/api/admin/media/alt",
                &[("id", &a.to_string()), ("alt", "Back view")],
            )
            .await;
        assert_eq!(described.status, StatusCode::OK);
        let too_long = admin
            .post(
                "/api/admin/media/alt",
                &[("id", &a.to_string()), ("alt", &"x".repeat(301))],
            )
            .await;
        assert_eq!(too_long.status, StatusCode::BAD_REQUEST);

        let page = json_of(
            &shop
                .client()
                .get("/api/catalog/product?slug=pictured-tee")
                .await,
        );
        let images = page["images"].as_array().expect("images").clone();
        assert_eq!(images.len(), 2, "{page}");
        assert_eq!(
            images[1]["alt"], "Back view",
            "the reordered gallery: {page}"
        );

        let removed = admin
            .post("/api/admin/media/delete", &[("id", &b.to_string())])
            .await;
        assert_eq!(removed.status, StatusCode::OK);
        assert_eq!(json_of(&removed).as_array().map(Vec::len), Some(1));
    }
);

async fn import(staff: &mut Client, mode: &str, csv: &str) -> (StatusCode, serde_json::Value) {
    let reply = staff
        .post_bytes(
            &format!("/api/admin/products/import?mode={mode}"),
            "text/csv",
            csv.as_bytes().to_vec(),
        )
        .await;
    let status = reply.status;
    (
        status,
        serde_json::from_str(&reply.body).unwrap_or_else(|_| panic!("{reply:?}")),
    )
}

async fn export(staff: &mut Client) -> String {
    let reply = staff.get("/admin/products/export.csv").await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    assert!(reply.headers["content-disposition"]
        .to_str()
        .unwrap_or_default()
        .contains("products.csv"));
    reply.body
}

on_both_databases!(
    the_catalog_exports_to_csv_and_imports_back_unchanged,
    async |shop: &Shop| {
        shop.seed(12).await;
        let mut admin = shop.signed_in_admin().await;
        let before = product_count(shop).await;
        let first = export(&mut admin).await;
        assert!(
            first.starts_with("slug,name,description,category,brand,published"),
            "{first}"
        );
        let (status, report) = import(&mut admin, "all", &first).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(
            report["problems"].as_array().map(Vec::len),
            Some(0),
            "{report}"
        );
        assert_eq!(
            (report["updated"].as_u64(), report["created"].as_u64()),
            (Some(before), Some(0))
        );
        assert_eq!(product_count(shop).await, before);
        assert_eq!(export(&mut admin).await, first, "the file round-trips");

        shop.account("writer2@example.com", "Order handler").await;
        let mut handler = shop.signed_in("writer2@example.com").await;
        let (status, _) = import(&mut handler, "all", &first).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(
            shop.client().get("/admin/products/export.csv").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
);

on_both_databases!(
    an_import_with_bad_rows_names_them_and_writes_all_or_only_the_valid,
    async |shop: &Shop| {
        shop.seed(5).await;
        let mut admin = shop.signed_in_admin().await;
        let before = product_count(shop).await;
        let taken = variant_with_stock(shop, 1).await.sku;
        let csv = format!(
            "slug,name,category,published,sku,options,price,stock:WH-MAIN\n\
             good-tee,Good Tee,clothing,yes,GOOD-S,Size: S,10.00,3\n\
             good-tee,,,,GOOD-M,Size: M,eleven,3\n\
             lost-tee,Lost Tee,no-such-category,yes,LOST-1,,9.00,1\n\
             copy-tee,Copy Tee,clothing,yes,{taken},,9.00,1\n\
             fine-mug,Fine Mug,clothing,no,MUG-FINE,,4.50,7\n"
        );
        let (status, report) = import(&mut admin, "all", &csv).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(report["imported"], false);
        let at: Vec<(u64, String)> = report["problems"]
            .as_array()
            .expect("problems")
            .iter()
            .map(|p| {
                (
                    p["line"].as_u64().unwrap_or(0),
                    p["column"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        assert_eq!(
            at,
            vec![
                (3, "price".to_string()),
                (4, "category".to_string()),
                (5, "sku".to_string())
            ],
            "{report}"
        );
        assert_eq!(product_count(shop).await, before, "nothing written");

        let (_, report) = import(&mut admin, "valid", &csv).await;
        assert_eq!(report["imported"], true, "{report}");
        assert_eq!(
            (report["created"].as_u64(), report["skipped"].as_u64()),
            (Some(1), Some(3)),
            "{report}"
        );
        assert_eq!(product_count(shop).await, before + 1);
        let (_, report) = import(&mut admin, "all", "slug,name,colour\nx,y,z\n").await;
        assert!(
            report["problems"][0]["message"]
                .as_str()
                .unwrap_or("")
                .contains("column"),
            "{report}"
        );
    }
);

/// 10,000 products in one file (the figure in the README is measured on the release build).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_rows_import_in_one_go() {
    let shop = Shop::open(support::Engine::Sqlite).await;
    shop.seed(1).await;
    let mut admin = shop.signed_in_admin().await;
    let mut csv = String::from("slug,name,category,published,sku,options,price,stock:WH-MAIN\n");
    for i in 0..10_000 {
        csv.push_str(&format!(
            "bulk-{i},Bulk item {i},clothing,yes,BULK-{i},,{}.99,{}\n",
            5 + i % 50,
            i % 9
        ));
    }
    let (status, report) = import(&mut admin, "all", &csv).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(
        (report["created"].as_u64(), report["rows"].as_u64()),
        (Some(10_000), Some(10_000)),
        "{report}"
    );
    shop.finish().await;
}

fn category_ids(tree: &serde_json::Value) -> Vec<(String, i64, Option<i64>)> {
    tree.as_array()
        .expect("tree")
        .iter()
        .map(|n| {
            (
                n["slug"].as_str().unwrap_or("").to_string(),
                n["depth"].as_i64().unwrap_or(-1),
                n["parent_id"].as_i64(),
            )
        })
        .collect()
}

on_both_databases!(
    categories_form_a_tree_that_reorders_and_never_loops,
    async |shop: &Shop| {
        shop.seed(5).await;
        let mut admin = shop.signed_in_admin().await;
        let made = admin
            .post(
                "/api/admin/category/save",
                &[
                    ("id", "0"),
                    ("name", "Rain Gear"),
                    ("slug", ""),
                    ("parent", "0"),
                ],
            )
            .await;
        assert_eq!(made.status, StatusCode::OK, "{made:?}");
        let tree = json_of(&made);
        let rain = tree
            .as_array()
            .expect("tree")
            .iter()
            .find(|n| n["slug"] == "rain-gear")
            .expect("made")
            .clone();
        let rain_id = rain["id"].as_i64().expect("id");
        let child = json_of(
            &admin
                .post(
                    "/api/admin/category/save",
                    &[
                        ("id", "0"),
                        ("name", "Ponchos"),
                        ("slug", ""),
                        ("parent", &rain_id.to_string()),
                    ],
                )
                .await,
        );
        let ponchos = category_ids(&child)
            .into_iter()
            .find(|(s, _, _)| s == "ponchos")
            .expect("ponchos");
        assert_eq!(
            (ponchos.1, ponchos.2),
            (1, Some(rain_id)),
            "a sub-category, one level down"
        );
        let ponchos_id = child
            .as_array()
            .expect("tree")
            .iter()
            .find(|n| n["slug"] == "ponchos")
            .expect("ponchos")["id"]
            .as_i64()
            .expect("id");

        // A category cannot go inside its own sub-category.
        let looped = admin
            .post(
                "/api/admin/category/move",
                &[
                    ("id", &rain_id.to_string()),
                    ("parent", &ponchos_id.to_string()),
                    ("index", "0"),
                ],
            )
            .await;
        assert_eq!(looped.status, StatusCode::BAD_REQUEST);
        assert!(looped.body.contains("inside itself"), "{}", looped.body);

        // To the top of the top level.
        let moved = json_of(
            &admin
                .post(
                    "/api/admin/category/move",
                    &[
                        ("id", &rain_id.to_string()),
                        ("parent", "0"),
                        ("index", "0"),
                    ],
                )
                .await,
        );
        let order = category_ids(&moved);
        assert_eq!(order[0].0, "rain-gear", "{order:?}");
        assert_eq!(order[1].0, "ponchos", "its sub-category follows it");

        let taken = admin
            .post(
                "/api/admin/category/save",
                &[
                    ("id", "0"),
                    ("name", "Clothing again"),
                    ("slug", "clothing"),
                    ("parent", "0"),
                ],
            )
            .await;
        assert_eq!(taken.status, StatusCode::BAD_REQUEST);
        let full = admin
            .post(
                "/api/admin/category/delete",
                &[("id", &rain_id.to_string())],
            )
            .await;
        assert_eq!(full.status, StatusCode::CONFLICT, "it has a sub-category");
        assert_eq!(
            admin
                .post(
                    "/api/admin/category/delete",
                    &[("id", &ponchos_id.to_string())]
                )
                .await
                .status,
            StatusCode::OK
        );
        assert_eq!(
            admin
                .post(
                    "/api/admin/category/delete",
                    &[("id", &rain_id.to_string())]
                )
                .await
                .status,
            StatusCode::OK
        );
        let clothing = json_of(&admin.get("/api/admin/categories").await)
            .as_array()
            .expect("tree")
            .iter()
            .find(|n| n["slug"] == "clothing")
            .expect("clothing")["id"]
            .as_i64()
            .expect("id");
        let busy = admin
            .post(
                "/api/admin/category/delete",
                &[("id", &clothing.to_string())],
            )
            .await;
        assert_eq!(
            busy.status,
            StatusCode::CONFLICT,
            "it still has products: {busy:?}"
        );

        // Brands: create, rename, refuse deleting one in use.
        let brands = json_of(
            &admin
                .post(
                    "/api/admin/brand/save",
                    &[("id", "0"), ("name", "Northwind"), ("slug", "")],
                )
                .await,
        );
        let northwind = brands
            .as_array()
            .expect("brands")
            .iter()
            .find(|b| b["slug"] == "northwind")
            .expect("made")["id"]
            .as_i64()
            .expect("id");
        let renamed = json_of(
            &admin
                .post(
                    "/api/admin/brand/save",
                    &[
                        ("id", &northwind.to_string()),
                        ("name", "Northwind Traders"),
                        ("slug", "northwind"),
                    ],
                )
                .await,
        );
        assert!(renamed.to_string().contains("Northwind Traders"));
        let in_use = json_of(&admin.get("/api/admin/brands").await)
            .as_array()
            .expect("brands")
            .iter()
            .find(|b| b["products"].as_u64().unwrap_or(0) > 0)
            .expect("a brand with products")["id"]
            .as_i64()
            .expect("id");
        assert_eq!(
            admin
                .post("/api/admin/brand/delete", &[("id", &in_use.to_string())])
                .await
                .status,
            StatusCode::CONFLICT
        );
        assert_eq!(
            admin
                .post("/api/admin/brand/delete", &[("id", &northwind.to_string())])
                .await
                .status,
            StatusCode::OK
        );
        let log = admin.get("/api/admin/audit").await;
        assert!(
            log.body.contains("category.move") && log.body.contains("brand.delete"),
            "{}",
            log.body
        );
    }
);

/// A shop started with `settings`, a new product called `name`, and `picture` uploaded for it:
/// (shop, its administrator, the product's id, the upload's reply).
async fn shop_with_a_picture(
    engine: support::Engine,
    settings: &[String],
    name: &str,
    picture: Vec<u8>,
) -> (Shop, Client, i64, support::Reply) {
    let shop = Shop::open_with(
        engine,
        &settings.iter().map(String::as_str).collect::<Vec<_>>(),
    )
    .await;
    shop.seed(3).await;
    let mut admin = shop.signed_in_admin().await;
    let sku = name.to_uppercase().replace(' ', "-");
    let saved = json_of(
        &admin
            .post_json(
                "/api/admin/product/save",
                &new_product(name, [&format!("{sku}-S"), &format!("{sku}-M")]),
            )
            .await,
    );
    let id = saved["id"].as_i64().expect("id");
    let reply = admin
        .post_bytes(
            &format!("/api/admin/products/{id}/images"),
            "image/png",
            picture,
        )
        .await;
    (shop, admin, id, reply)
}

/// With a bucket configured, pictures go there (signed with the bucket's keys) and pages link to
/// the bucket's public address; a bucket that refuses leaves the gallery untouched.
async fn pictures_go_to_an_s3_bucket(engine: support::Engine) {
    let bucket =
        support::s3_double::S3Double::start("shop-media", "AKIDMERCATO", "bucket secret").await;
    let public = format!("{}/{}", bucket.endpoint, bucket.bucket);
    let settings = |secret: &'static str| {
        vec![
            "--media-s3-endpoint".to_string(),
            bucket.endpoint.clone(),
            "--media-s3-bucket".to_string(),
            bucket.bucket.clone(),
            "--media-s3-access-key".to_string(),
            "AKIDMERCATO".to_string(),
            "--media-s3-secret-key".to_string(),
            secret.to_string(),
            "--media-public-url".to_string(),
            public.clone(),
        ]
    };
    let good = settings("bucket secret");
    let (shop, _, id, added) =
        shop_with_a_picture(engine, &good, "Bucket Tee", png(900, 600)).await;
    assert_eq!(added.status, StatusCode::OK, "{added:?}");
    let url = json_of(&added)["url"].as_str().expect("url").to_string();
    assert!(
        url.starts_with(&public) && url.ends_with("-600.webp"),
        "{url}"
    );
    let stored = bucket.objects();
    assert_eq!(stored.len(), 2, "300 and 600 px: {stored:?}");
    assert!(stored.iter().all(
        |(key, kind, size)| key.starts_with(&format!("products/{id}/"))
            && kind == "image/webp"
            && *size > 0
    ));
    let served = reqwest::get(&url).await.expect("the bucket answers");
    assert_eq!(served.status(), 200);
    assert_eq!(&served.bytes().await.expect("bytes")[8..12], b"WEBP");
    let page = shop.client().get("/p/bucket-tee").await;
    let policy = page.headers["content-security-policy"]
        .to_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        policy.contains(&format!("img-src 'self' data: {}", bucket.endpoint)),
        "pages may show the bucket's pictures: {policy}"
    );
    shop.finish().await;

    // The same bucket with the wrong secret: S3 refuses, the shop says so and keeps nothing.
    let wrong = settings("not the secret");
    let (shop, mut admin, id, refused) =
        shop_with_a_picture(engine, &wrong, "Refused Tee", png(400, 400)).await;
    assert_eq!(
        refused.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{refused:?}"
    );
    assert!(
        refused.body.contains("could not be stored"),
        "{}",
        refused.body
    );
    let editor = json_of(&admin.get(&format!("/api/admin/product?id={id}")).await);
    assert_eq!(editor["media"].as_array().map(Vec::len), Some(0));
    assert_eq!(bucket.objects().len(), 2, "nothing more stored");
    shop.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pictures_go_to_an_s3_bucket_on_sqlite() {
    pictures_go_to_an_s3_bucket(support::Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pictures_go_to_an_s3_bucket_on_postgres() {
    pictures_go_to_an_s3_bucket(support::Engine::Postgres).await;
}

//! Orders: the list and its filters, an order's detail and timeline, fulfilling, delivering,
//! cancelling and refunding through the state machine (stock moving exactly once).

use axum::http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use test_support as support;
use test_support::on_both_databases;

use crate::handler;
use app::backend::entities::{order_line, shipment};
use test_support::shopping::{
    json_of, order_by_number, paid_order, placed_order, stock_of, variant_with_stock, BUYER,
};
use test_support::{Client, Shop};

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

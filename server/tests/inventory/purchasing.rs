//! Purchasing: reorder points that raise exactly one purchase order and one alert, suppliers
//! mailed their orders, goods received in parts, and orders made by hand.

use test_support::on_both_databases;

use axum::http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{json, Value};

use crate::{
    admin_with_supplier, alerts_to, card_sale, jobs_of, key, level, location_id, mail_part,
    movements, purchase_orders, set_rule, stocked, till_sale, BOSS, SUPPLIER,
};
use app::backend::entities::{purchase_order_line, reorder_rule};
use app::domain::Permission;
use test_support::shopping::json_of;
use test_support::{Client, Reply, Shop};

async fn lines_of(shop: &Shop, order_id: i32) -> Vec<purchase_order_line::Model> {
    purchase_order_line::Entity::find()
        .filter(purchase_order_line::Column::PurchaseOrderId.eq(order_id))
        .order_by_asc(purchase_order_line::Column::Id)
        .all(shop.db())
        .await
        .expect("lines")
}

/// Runs every due background job, as the shop's workers would.
async fn drain(shop: &Shop) -> usize {
    server::workers::drain(&shop.state)
        .await
        .expect("the jobs run")
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

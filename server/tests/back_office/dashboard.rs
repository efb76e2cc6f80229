//! The dashboard's figures and the customers' pages.

use axum::http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use test_support as support;
use test_support::on_both_databases;

use crate::handler;
use test_support::shopping::{
    json_of, order_by_number, paid_order, placed_order, set_on_hand, variant_with_stock,
};
use test_support::Shop;

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

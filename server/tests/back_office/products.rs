//! Products: creating, refusing bad input field by field, editing with the right rights, the
//! list's filters and bulk changes.

use axum::http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use test_support::on_both_databases;

use crate::{new_product, product_count};
use test_support::shopping::{json_of, placed_order, stock_of, variant_with_stock};
use test_support::Shop;

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

//! Categories and brands: a tree that reorders and never loops.

use axum::http::StatusCode;
use test_support::on_both_databases;

use test_support::shopping::json_of;
use test_support::Shop;

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

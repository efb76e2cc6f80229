//! The catalog as CSV: exported and imported back unchanged, bad rows named, large imports.

use axum::http::StatusCode;
use test_support as support;
use test_support::on_both_databases;

use crate::product_count;
use test_support::shopping::variant_with_stock;
use test_support::{Client, Shop};

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

//! The back office against the real router, the real sandbox gateway and both databases: the
//! orders list and its filters, an order's detail and timeline, fulfilling, delivering,
//! cancelling and refunding through the state machine (stock moving exactly once), the
//! dashboard's figures and the customers' pages.
//!
//! Helpers used by more than one subject are here; each subject has a file of its own.

mod categories;
mod dashboard;
mod import_export;
mod orders;
mod pictures;
mod products;

use sea_orm::EntityTrait;

use test_support::{Client, Shop};

async fn handler(shop: &Shop) -> Client {
    shop.account("handler@example.com", "Order handler").await;
    shop.signed_in("handler@example.com").await
}

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

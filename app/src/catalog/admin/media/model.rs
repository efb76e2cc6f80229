use serde::{Deserialize, Serialize};

/// One picture of a product, in its place in the gallery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaItem {
    pub id: i32,
    pub url: String,
    pub alt: String,
    pub width: i32,
    pub height: i32,
}

/// Where the browser sends a picture for product `id` (the file's bytes as the body).
pub fn upload_path(product_id: i32) -> String {
    format!("/api/admin/products/{product_id}/images")
}

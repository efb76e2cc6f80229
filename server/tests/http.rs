//! The shop's HTTP surface, request by request, on a seeded SQLite file: status codes, the
//! pages' head tags, the error pages, the sitemap and the health check.

use axum::http::StatusCode;
use test_support::{Engine, Shop};

async fn shop() -> Shop {
    let shop = Shop::open(Engine::Sqlite).await;
    shop.seed(80).await;
    shop
}

async fn get(shop: &Shop, uri: &str) -> (StatusCode, String, String) {
    let reply = shop.client().get(uri).await;
    let content_type = reply
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (reply.status, content_type, reply.body)
}

/// The first product link on a page, e.g. "/p/everyday-t-shirt".
fn first_product_link(html: &str) -> String {
    let start = html.find("href=\"/p/").expect("a product link") + 6;
    let end = start + html[start..].find('"').expect("closing quote");
    html[start..end].to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_reports_the_database() {
    let shop = shop().await;
    let (status, content_type, body) = get(&shop, "/health").await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("application/json"));
    assert!(body.contains("\"database\":\"ok\""), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_render_with_their_head_tags() {
    let shop = shop().await;
    let (status, _, home) = get(&shop, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(home.contains("<title>Mercato</title>"), "home title");
    assert!(home.contains("Shop by category"));

    let (status, _, category) = get(&shop, "/c/clothing").await;
    assert_eq!(status, StatusCode::OK);
    assert!(category.contains("<title>Clothing – shop clothing online · Mercato</title>"));
    assert!(category.contains(r#"<link href="https://shop.test/c/clothing" rel="canonical">"#));
    assert!(category.contains(r#"property="og:title""#));
    assert!(category.contains(r#"name="description""#));

    let link = first_product_link(&category);
    let (status, _, product) = get(&shop, &link).await;
    assert_eq!(status, StatusCode::OK, "{link}");
    assert!(product.contains(r#"<script type="application/ld+json">{"#));
    assert!(product.contains(r#"property="og:type" content="product""#));
    assert!(product.contains(&format!(
        r#"<link href="https://shop.test{link}" rel="canonical">"#
    )));
    assert!(product.contains("Specifications"));
    assert!(product.contains(r#"aria-label="Breadcrumb""#));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_things_get_a_real_404_page() {
    let shop = shop().await;
    for uri in ["/p/no-such-product", "/c/no-such-category", "/no/such/page"] {
        let (status, content_type, body) = get(&shop, uri).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert!(
            content_type.starts_with("text/html"),
            "{uri}: {content_type}"
        );
        assert!(body.contains("Page not found"), "{uri}");
        assert!(body.contains(r#"content="noindex""#), "{uri}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_page_numbers_and_sorts_get_a_clear_400() {
    let shop = shop().await;
    let (status, _, body) = get(&shop, "/c/clothing?page=abc").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("is not a page number"), "{body}");

    let (status, _, body) = get(&shop, "/c/clothing?sort=cheapest").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("is not a way to sort products"));

    let (status, _, body) = get(&shop, "/c/clothing?page=999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("page 999 of Clothing"));

    let (status, _, _) = get(&shop, "/c/clothing?page=1&sort=price-desc").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_functions_answer_with_typed_errors_and_statuses() {
    let shop = shop().await;
    let (status, _, body) = get(&shop, "/api/catalog/product?slug=nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body, r#"{"NotFound":{"what":"this product"}}"#);

    let (status, _, body) = get(&shop, "/api/catalog/category?slug=clothing&page=0").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("Validation"), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_engines_get_robots_and_sitemaps() {
    let shop = shop().await;
    let (status, _, robots) = get(&shop, "/robots.txt").await;
    assert_eq!(status, StatusCode::OK);
    assert!(robots.contains("Sitemap: https://shop.test/sitemap.xml"));

    let (status, content_type, index) = get(&shop, "/sitemap.xml").await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("application/xml"));
    assert!(index.contains("<loc>https://shop.test/sitemaps/products-1.xml</loc>"));

    let (_, _, pages) = get(&shop, "/sitemaps/pages.xml").await;
    assert!(pages.contains("<loc>https://shop.test/c/clothing</loc>"));
    let (_, _, products) = get(&shop, "/sitemaps/products-1.xml").await;
    let urls = products.matches("<url>").count();
    assert!(urls > 70 && urls <= 80, "{urls} published products listed");
    assert!(products.contains("<lastmod>"));

    let (status, _, _) = get(&shop, "/sitemaps/products-9.xml").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn product_images_are_served() {
    let shop = shop().await;
    let (status, content_type, body) = get(&shop, "/media/seed/apparel-navy-1.svg").await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("image/svg+xml"));
    assert!(body.starts_with("<svg"));
}

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
    first_link_to(html, "/p/")
}

/// The first link on a page whose address starts with `prefix` ("/pl/p/").
fn first_link_to(html: &str, prefix: &str) -> String {
    let start = html
        .find(&format!("href=\"{prefix}"))
        .unwrap_or_else(|| panic!("a link to {prefix}"))
        + 6;
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
    // Each page once per language, each naming the others.
    for language in ["pl", "it", "id"] {
        let address = format!("https://shop.test/{language}/c/clothing");
        assert!(
            pages.contains(&format!("<loc>{address}</loc>")),
            "{language}"
        );
        assert!(pages.contains(&format!(r#"hreflang="{language}" href="{address}""#)));
    }
    let (_, _, products) = get(&shop, "/sitemaps/products-1.xml").await;
    let urls = products.matches("<url>").count();
    assert!(
        urls > 4 * 70 && urls <= 4 * 80,
        "{urls}: each published product in 4 languages"
    );
    assert!(products.contains("<loc>https://shop.test/id/p/"));
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

/// A browser asking for a page, with the headers that decide its language.
fn browser(shop: &Shop, accept_language: Option<&str>) -> test_support::Client {
    let mut client = shop.client();
    client
        .headers
        .push(("accept", "text/html,application/xhtml+xml".into()));
    if let Some(language) = accept_language {
        client.headers.push(("accept-language", language.into()));
    }
    client
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_page_is_served_in_each_language() {
    let shop = shop().await;
    let mut guest = browser(&shop, None);

    let home = guest.get("/pl").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains(r#"<html lang="pl""#), "lang attribute");
    assert!(home.body.contains("Kupuj według kategorii"), "Polish texts");
    assert!(!home.body.contains("Shop by category"), "no English left");
    for (hreflang, href) in [
        ("en", "https://shop.test/"),
        ("pl", "https://shop.test/pl"),
        ("it", "https://shop.test/it"),
        ("id", "https://shop.test/id"),
        ("x-default", "https://shop.test/"),
    ] {
        let link = format!(r#"<link rel="alternate" hreflang="{hreflang}" href="{href}">"#);
        assert!(home.body.contains(&link), "{link}");
    }

    let category = guest.get("/pl/c/clothing").await;
    assert_eq!(category.status, StatusCode::OK);
    assert!(category
        .body
        .contains(r#"<link href="https://shop.test/pl/c/clothing" rel="canonical">"#));
    assert!(category.body.contains("Sortuj według"));
    // Polish plural forms: "N produktów" for 5 and more.
    assert!(category.body.contains(" produktów"), "Polish plural");
    // Links keep the language: the router's own and plain ones.
    assert!(category
        .body
        .contains(r#"href="/pl/c/clothing?sort=price-asc""#));
    assert!(category.body.contains(r#"href="/pl/p/"#));
    let product = guest.get(&first_link_to(&category.body, "/pl/p/")).await;
    assert_eq!(product.status, StatusCode::OK);
    assert!(product.body.contains("Specyfikacja"));
    assert!(
        product.body.contains("\u{a0}zł")
            || product.body.contains("&nbsp;zł")
            || product.body.contains("\u{a0}€"),
        "prices written the Polish way"
    );

    let italian = guest.get("/it/c/clothing").await;
    assert!(italian.body.contains(r#"<html lang="it""#));
    assert!(italian.body.contains("Ordina per"));
    let indonesian = guest.get("/id/search?q=shirt").await;
    assert_eq!(indonesian.status, StatusCode::OK);
    assert!(indonesian.body.contains(r#"<html lang="id""#));
    assert!(indonesian.body.contains("Urutkan:"));

    // A prefix is a whole segment: /plates is no Polish page.
    assert_eq!(guest.get("/plates").await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        guest.get("/pl/no/such/page").await.status,
        StatusCode::NOT_FOUND
    );
    // A personal page stays uncached in every language.
    let cart = guest.get("/pl/cart").await;
    let cache = cart
        .headers
        .get("cache-control")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(cache.contains("no-store"), "{cache}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_visit_follows_the_browser_language_once() {
    let shop = shop().await;
    let location = |reply: &test_support::Reply| {
        reply
            .headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };

    // A Polish browser arriving from outside goes to the Polish page, query and all.
    let mut polish = browser(&shop, Some("pl-PL,pl;q=0.9,en;q=0.5"));
    let reply = polish.get("/c/clothing?sort=name").await;
    assert_eq!(reply.status, StatusCode::FOUND);
    assert_eq!(
        location(&reply).as_deref(),
        Some("/pl/c/clothing?sort=name")
    );
    let vary = reply
        .headers
        .get("vary")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(vary.contains("Accept-Language"), "{vary}");
    // ...and is never sent on from there.
    assert_eq!(
        polish.get("/pl/c/clothing?sort=name").await.status,
        StatusCode::OK
    );

    // Having picked English (the cookie the page writes), they stay on English pages.
    polish.cookies.insert("mercato_locale".into(), "en".into());
    assert_eq!(polish.get("/c/clothing").await.status, StatusCode::OK);

    // A link inside the shop is followed as it is, whatever the browser says.
    let mut linked = browser(&shop, Some("it"));
    linked
        .headers
        .push(("referer", "https://shop.test/it/c/clothing".into()));
    assert_eq!(linked.get("/c/clothing").await.status, StatusCode::OK);

    // Crawlers (no cookie, no Accept-Language) and English browsers get the address as it is.
    assert_eq!(
        browser(&shop, None).get("/c/clothing").await.status,
        StatusCode::OK
    );
    assert_eq!(
        browser(&shop, Some("en-US")).get("/").await.status,
        StatusCode::OK
    );
    // A server function call is never redirected.
    let mut api = shop.client();
    api.headers.push(("accept-language", "pl".into()));
    assert_eq!(
        api.get("/api/catalog/product?slug=nope").await.status,
        StatusCode::NOT_FOUND
    );

    // English has one address per page.
    let mut english = browser(&shop, None);
    let reply = english.get("/en/c/clothing").await;
    assert_eq!(reply.status, StatusCode::FOUND);
    assert_eq!(location(&reply).as_deref(), Some("/c/clothing"));
}

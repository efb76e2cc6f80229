//! Defects found by testing the shop as an attacker and as an operator would (issue 14), each
//! kept as a scenario that failed before its fix: markup in page heads, page numbers that
//! overflowed, lock-outs by strangers, nodes migrating at once, tax classes changed without the
//! right to change prices, prices without a bound, and the smaller header and cookie rules.

use test_support as support;
use test_support::on_both_databases;

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use app::backend::entities::{product, variant};
use app::domain::Permission;
use test_support::shopping::{json_of, variant_with_stock};
use test_support::{Engine, FreshDatabase, Reply, Shop, PASSWORD};

/// Closes `<title>`, adds a redirect to the head, and leaves an element behind that no page of
/// the shop ever has: if either appears as markup, text became HTML.
const MARKUP: &str =
    r#"</title><meta http-equiv="refresh" content="0;url=https://evil.example/"><x-injected>""#;

fn encoded(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

fn assert_no_markup_from_text(uri: &str, reply: &Reply) {
    assert!(!reply.status.is_server_error(), "{uri}: {}", reply.status);
    for injected in ["<meta http-equiv", "<x-injected"] {
        assert!(
            !reply.body.contains(injected),
            "{uri}: text became markup ({injected}):\n{}",
            head_of(&reply.body)
        );
    }
}

fn head_of(page: &str) -> &str {
    let end = page.find("</head>").unwrap_or(page.len().min(4_000));
    &page[..end]
}

fn title_of(page: &str) -> &str {
    let start = page.find("<title>").map_or(0, |i| i + "<title>".len());
    let end = page[start..].find("</title>").map_or(start, |i| start + i);
    &page[start..end]
}

on_both_databases!(
    text_from_urls_and_the_catalog_never_becomes_markup_in_a_page,
    async |shop: &Shop| {
        shop.seed(6).await;
        let item = product::Entity::find()
            .filter(product::Column::Published.eq(true))
            .one(shop.db())
            .await
            .expect("query")
            .expect("a published product");
        let category = app::backend::entities::category::Entity::find_by_id(item.category_id)
            .one(shop.db())
            .await
            .expect("query")
            .expect("its category");
        // What staff may type into the catalog: names, SEO titles and descriptions.
        let quoted = MARKUP.replace('\'', "''");
        shop.execute(&format!(
            "UPDATE products SET name = 'Mug {quoted}', seo_title = 'Mug {quoted}', \
             seo_description = 'Mug {quoted}', description = 'Mug {quoted}' WHERE id = {}",
            item.id
        ))
        .await;
        shop.execute(&format!(
            "UPDATE categories SET name = 'Cups {quoted}', seo_title = 'Cups {quoted}', \
             seo_description = 'Cups {quoted}', description = 'Cups {quoted}' WHERE id = {}",
            category.id
        ))
        .await;

        let text = encoded(MARKUP);
        let pages = [
            "/".to_string(),
            format!("/c/{}", category.slug),
            format!("/p/{}", item.slug),
            format!("/search?q={text}"),
            format!("/search?q=mug&brand={text}&sort={text}&page={text}"),
            format!("/c/{}?page={text}", category.slug),
            format!("/c/{}?sort={text}", category.slug),
            format!("/p/{text}"),
            format!("/c/{text}"),
            format!("/order/{text}"),
            format!("/orders/find?number={text}"),
            format!("/account/reset?token={text}"),
            format!("/account/verify?token={text}"),
            format!("/{text}"),
        ];
        let mut browser = shop.client();
        for uri in &pages {
            let reply = browser.get(uri).await;
            assert_no_markup_from_text(uri, &reply);
        }

        // The titles still say what the text said, escaped.
        let search = browser.get(&format!("/search?q={text}")).await;
        let title = title_of(&search.body);
        assert!(
            title.starts_with("Results for “&lt;/title&gt;&lt;meta http-equiv="),
            "{title}"
        );
        let product_page = browser.get(&format!("/p/{}", item.slug)).await;
        assert!(
            title_of(&product_page.body).starts_with("Mug &lt;/title&gt;"),
            "{}",
            head_of(&product_page.body)
        );
        let category_page = browser.get(&format!("/c/{}", category.slug)).await;
        assert!(
            title_of(&category_page.body).starts_with("Cups &lt;/title&gt;"),
            "{}",
            head_of(&category_page.body)
        );
    }
);

on_both_databases!(
    page_numbers_past_any_list_are_refused_without_a_panic,
    async |shop: &Shop| {
        shop.seed(3).await;
        let huge = "18446744073709551615";
        let mut guest = shop.client();
        for uri in [
            format!("/sitemaps/products-{huge}.xml"),
            "/sitemaps/products-0.xml".to_string(),
            "/sitemaps/products-100001.xml".to_string(),
        ] {
            let reply = guest.get(&uri).await;
            assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}: {reply:?}");
        }
        let first = guest.get("/sitemaps/products-1.xml").await;
        assert_eq!(first.status, StatusCode::OK);

        let mut admin = shop.signed_in_admin().await;
        for list in ["orders", "products"] {
            let uri = format!("/api/admin/{list}?query=page%3D{huge}");
            let reply = admin.get(&uri).await;
            assert_eq!(reply.status, StatusCode::OK, "{uri}: {reply:?}");
        }
        let orders = admin
            .get(&format!("/api/admin/orders?query=page%3D{huge}"))
            .await;
        assert!(
            orders
                .body
                .contains("is not a page number; page 1 is shown"),
            "{}",
            orders.body
        );
        let customers = admin
            .get(&format!("/api/admin/customers?page={huge}"))
            .await;
        assert_eq!(customers.status, StatusCode::BAD_REQUEST, "{customers:?}");
        assert!(customers.body.contains("is not a page number"));
        let audit = admin.get(&format!("/api/admin/audit?page={huge}")).await;
        assert_eq!(audit.status, StatusCode::OK, "{audit:?}");
        assert_eq!(audit.body, "[]");
    }
);

/// A browser at `address`, as the shop's reverse proxy reports it.
fn browser_at(shop: &Shop, address: &str) -> support::Client {
    let mut browser = shop.client();
    browser
        .headers
        .push(("x-forwarded-for", address.to_string()));
    browser
}

async fn sign_in(browser: &mut support::Client, password: &str) -> Reply {
    browser
        .post(
            "/api/account/sign-in",
            &[("email", "owner@example.com"), ("password", password)],
        )
        .await
}

fn retry_after(reply: &Reply) -> i64 {
    reply
        .headers
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("a Retry-After header on {reply:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guessing_slows_the_guesser_and_never_locks_the_owner_out_sqlite() {
    strangers_cannot_lock_an_owner_out(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guessing_slows_the_guesser_and_never_locks_the_owner_out_postgres() {
    strangers_cannot_lock_an_owner_out(Engine::Postgres).await;
}

async fn strangers_cannot_lock_an_owner_out(engine: Engine) {
    let shop = Shop::open_with(engine, &["--trust-proxy", "true"]).await;
    shop.account("owner@example.com", "Customer").await;
    let mut attacker = browser_at(&shop, "203.0.113.7");
    for _ in 0..5 {
        let reply = sign_in(&mut attacker, "wrong guess 123").await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{reply:?}");
    }
    // The sixth try from that address waits, and says for how long.
    let reply = sign_in(&mut attacker, "wrong guess 123").await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS, "{reply:?}");
    let wait = retry_after(&reply);
    assert!((1..=30).contains(&wait), "Retry-After: {wait}");
    assert!(reply.body.contains("wait a minute"), "{}", reply.body);
    // Even the right password waits there: the address is slowed, whatever it tries.
    let reply = sign_in(&mut attacker, PASSWORD).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);

    // The owner, at their own address, signs in at once.
    let mut owner = browser_at(&shop, "198.51.100.20");
    let reply = sign_in(&mut owner, PASSWORD).await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");

    // Once the wait is over, the guesser gets one more try, then waits twice as long.
    shop.execute("UPDATE rate_limits SET window_started_at = window_started_at - 30")
        .await;
    let reply = sign_in(&mut attacker, "wrong guess 456").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{reply:?}");
    let reply = sign_in(&mut attacker, "wrong guess 789").await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    let wait = retry_after(&reply);
    assert!((31..=60).contains(&wait), "Retry-After: {wait}");

    // Ten wrong passwords within the hour, from anywhere, tell the owner by mail, once.
    assert!(shop.mails_to("owner@example.com", 0).await.is_empty());
    let mut elsewhere = browser_at(&shop, "192.0.2.99");
    for _ in 0..5 {
        let reply = sign_in(&mut elsewhere, "another wrong guess").await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{reply:?}");
    }
    let mails = shop.mails_to("owner@example.com", 1).await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert!(mails[0].contains("Failed sign-ins"), "{}", mails[0]);
    let reply = sign_in(&mut browser_at(&shop, "192.0.2.100"), "and another").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(shop.mails_to("owner@example.com", 1).await.len(), 1);

    // A password reset forgets every address's failures.
    let mut browser = browser_at(&shop, "198.51.100.20");
    let reply = browser
        .post("/api/account/forgot", &[("email", "owner@example.com")])
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let token = shop
        .mailed_token("owner@example.com", "/account/reset", 2)
        .await;
    let reply = browser
        .post(
            "/api/account/reset",
            &[("token", &token), ("password", "a brand new passphrase")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    let reply = sign_in(&mut attacker, "a brand new passphrase").await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    shop.finish().await;
}

/// Three `mercato migrate` started together on one empty database, as three nodes of a
/// cluster deploy would start.
async fn three_nodes_migrate_at_once(engine: Engine) {
    let database = FreshDatabase::create(engine).await;
    // All three are running before any is waited for.
    let nodes: Vec<std::process::Child> = (0..3)
        .map(|_| {
            std::process::Command::new(env!("CARGO_BIN_EXE_mercato"))
                .args(["migrate", "--database-url", &database.url])
                .env("MERCATO_LOG", "warn")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("mercato starts")
        })
        .collect();
    let outputs = tokio::task::spawn_blocking(move || {
        nodes
            .into_iter()
            .map(|node| node.wait_with_output().expect("mercato ends"))
            .collect::<Vec<_>>()
    })
    .await
    .expect("waiting for the nodes");
    for (node, output) in outputs.into_iter().enumerate() {
        assert!(
            output.status.success(),
            "node {node} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    // The schema is whole: a fourth start finds nothing to do and the shop works on it.
    let db = app::backend::db::connect(&database.url)
        .await
        .expect("the migrated database opens");
    use sea_orm_migration::MigratorTrait;
    let applied = app::backend::migration::Migrator::get_applied_migrations(&db)
        .await
        .expect("the migrations table");
    assert_eq!(
        applied.len(),
        app::backend::migration::Migrator::migrations().len(),
        "every migration applied, each once"
    );
    let _ = db.close().await;
    database.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_nodes_started_together_migrate_once_sqlite() {
    three_nodes_migrate_at_once(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_nodes_started_together_migrate_once_postgres() {
    three_nodes_migrate_at_once(Engine::Postgres).await;
}

on_both_databases!(
    the_tax_class_needs_the_right_to_change_prices,
    async |shop: &Shop| {
        shop.seed(3).await;
        let item = variant_with_stock(shop, 2).await;
        let id = item.product_id;
        shop.execute(
            "INSERT INTO staff_roles (name, permissions) \
             VALUES ('Copywriter', 'catalog.view,products.edit')",
        )
        .await;
        shop.account("writer@example.com", "Copywriter").await;
        let mut writer = shop.signed_in("writer@example.com").await;
        let mut form =
            json_of(&writer.get(&format!("/api/admin/product?id={id}")).await)["input"].clone();
        let before = form["tax_class"].as_str().expect("a tax class").to_string();
        let other = if before == "reduced" {
            "standard"
        } else {
            "reduced"
        };
        form["tax_class"] = other.into();
        let reply = writer
            .post_json(
                "/api/admin/product/save",
                &serde_json::json!({ "id": id, "form": form.clone() }),
            )
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{reply:?}");
        let stored = product::Entity::find_by_id(id)
            .one(shop.db())
            .await
            .expect("query")
            .expect("product");
        assert_eq!(stored.tax_class, before, "nothing changed");

        // Someone who may change prices may change it.
        let mut admin = shop.signed_in_admin().await;
        let reply = admin
            .post_json(
                "/api/admin/product/save",
                &serde_json::json!({ "id": id, "form": form }),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    }
);

on_both_databases!(
    amounts_beyond_any_real_price_are_refused_with_a_message,
    async |shop: &Shop| {
        shop.seed(3).await;
        let item = variant_with_stock(shop, 2).await;
        let mut admin = shop.signed_in_admin().await;
        let mut form = json_of(
            &admin
                .get(&format!("/api/admin/product?id={}", item.product_id))
                .await,
        )["input"]
            .clone();
        form["variants"][0]["price"] = "92233720368547758.07".into();
        let reply = admin
            .post_json(
                "/api/admin/product/save",
                &serde_json::json!({ "id": item.product_id, "form": form }),
            )
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{reply:?}");
        assert!(
            reply.body.contains("variants[0][price]")
                && reply.body.contains("more than the shop accepts"),
            "{}",
            reply.body
        );

        let reply = admin
            .post(
                "/api/admin/price/set",
                &[("sku", &item.sku), ("price", "10000000000.01")],
            )
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{reply:?}");
        assert!(
            reply.body.contains("more than the shop accepts"),
            "{}",
            reply.body
        );
        let stored = variant::Entity::find_by_id(item.id)
            .one(shop.db())
            .await
            .expect("query")
            .expect("variant");
        assert_eq!(stored.price_minor, item.price_minor, "the price is kept");

        // The largest accepted price still makes a cart that adds up.
        let reply = admin
            .post(
                "/api/admin/price/set",
                &[("sku", &item.sku), ("price", "10000000000.00")],
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
        let mut buyer = shop.client();
        let reply = buyer
            .post("/api/cart/add", &[("sku", &item.sku), ("quantity", "2")])
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
        let cart = json_of(&buyer.get("/api/cart/view").await);
        assert!(cart["subtotal"].is_object(), "{cart}");
    }
);

on_both_databases!(
    personal_answers_are_never_cached_and_origins_must_match_the_scheme,
    async |shop: &Shop| {
        shop.seed(3).await;
        shop.account("someone@example.com", "Customer").await;
        let mut person = shop.signed_in("someone@example.com").await;
        for uri in [
            "/account",
            "/checkout",
            "/cart",
            "/api/account/me",
            "/api/orders/mine",
        ] {
            let reply = person.get(uri).await;
            let cache = reply
                .headers
                .get(header::CACHE_CONTROL)
                .and_then(|v| v.to_str().ok());
            assert_eq!(cache, Some("no-store"), "{uri}: {:?}", reply.headers);
        }
        for uri in ["/", "/c/clothing", "/api/catalog/home"] {
            let reply = person.get(uri).await;
            let cache = reply
                .headers
                .get(header::CACHE_CONTROL)
                .and_then(|v| v.to_str().ok());
            assert_ne!(cache, Some("no-store"), "{uri} is the same for everyone");
        }

        // This shop is served over HTTPS: a page from http:// with the same host is not ours.
        let item = variant_with_stock(shop, 2).await;
        let mut downgraded = shop.client();
        downgraded.origin = Some(shop.site().replacen("https://", "http://", 1));
        let reply = downgraded
            .post("/api/cart/add", &[("sku", &item.sku), ("quantity", "1")])
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{reply:?}");
        let reply = shop
            .client()
            .post("/api/cart/add", &[("sku", &item.sku), ("quantity", "1")])
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{reply:?}");

        // Pages get the CSRF cookie; pictures and other files do not.
        let mut fresh = shop.client();
        let page = fresh.get("/").await;
        assert!(page.headers.get(header::SET_COOKIE).is_some(), "{page:?}");
        let mut fresh = shop.client();
        let picture = fresh.get("/media/seed/apparel-navy-1.svg").await;
        assert_eq!(picture.status, StatusCode::OK);
        assert!(
            picture.headers.get(header::SET_COOKIE).is_none(),
            "{:?}",
            picture.headers
        );
    }
);

on_both_databases!(
    the_till_api_reads_the_bearer_scheme_in_any_case,
    async |shop: &Shop| {
        shop.seed(3).await;
        let store = app::backend::entities::location::Entity::find()
            .filter(app::backend::entities::location::Column::Code.eq("ST-KRK"))
            .one(shop.db())
            .await
            .expect("query")
            .expect("the Kraków store");
        let permissions: BTreeSet<Permission> = [Permission::Pos].into_iter().collect();
        let key =
            app::backend::auth::api_keys::create(shop.db(), "Till 1", &permissions, Some(store.id))
                .await
                .expect("API key");
        let item = variant_with_stock(shop, 2).await;
        for scheme in ["Bearer", "bearer", "BEARER"] {
            let request = Request::get(format!(
                "/api/pos/v1/stock?sku={}&location=ST-KRK",
                item.sku
            ))
            .header(header::AUTHORIZATION, format!("{scheme} {key}"))
            .body(Body::empty())
            .expect("request");
            let reply = shop.client().send(request).await;
            assert_eq!(reply.status, StatusCode::OK, "{scheme}: {reply:?}");
        }
    }
);

/// Building a router lists the shop's pages by rendering the app once with resource loading
/// switched off by a flag global to the process (leptos#4773). Pages served meanwhile, by any
/// router, used to wait forever for their data: CI once saw `/` unanswered after 240 s.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_keep_answering_while_other_routers_are_built() {
    let shop = Shop::open(Engine::Sqlite).await;
    shop.seed(3).await;
    let (state, media) = (shop.state.clone(), shop.media_dir.clone());
    let building = tokio::task::spawn_blocking(move || {
        for _ in 0..300 {
            drop(server::router::router(state.clone(), &media));
        }
    });
    for _ in 0..60 {
        let mut shopper = shop.client();
        let reply = tokio::time::timeout(std::time::Duration::from_secs(20), shopper.get("/"))
            .await
            .expect("the home page answers while other routers are built");
        assert_eq!(reply.status, StatusCode::OK);
    }
    building.await.expect("routers built");
    shop.finish().await;
}

//! The security headers and the Content-Security-Policy, as a browser receives them: on pages,
//! error pages, JSON answers, pictures and refusals. A change that weakens the policy (an
//! `'unsafe-inline'`, a missing `frame-ancestors`, a nonce the scripts do not carry) fails here.

use test_support as support;

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use sea_orm::EntityTrait;
use test_support::{Engine, Reply, Shop};

/// A policy's directives: name → sources.
fn directives(policy: &str) -> BTreeMap<String, Vec<String>> {
    policy
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|directive| {
            let mut words = directive.split_whitespace();
            let name = words.next().unwrap_or_default().to_ascii_lowercase();
            (name, words.map(str::to_string).collect())
        })
        .collect()
}

fn header_of<'a>(reply: &'a Reply, name: &str) -> Option<&'a str> {
    reply.headers.get(name).and_then(|v| v.to_str().ok())
}

fn policy_of(what: &str, reply: &Reply) -> BTreeMap<String, Vec<String>> {
    let policy = header_of(reply, "content-security-policy")
        .unwrap_or_else(|| panic!("{what}: no Content-Security-Policy: {reply:?}"));
    assert_eq!(
        reply
            .headers
            .get_all("content-security-policy")
            .iter()
            .count(),
        1,
        "{what}: one policy (several would all apply, which is hard to reason about)"
    );
    directives(policy)
}

/// The headers every answer must carry, whatever it is.
fn assert_hardened(what: &str, reply: &Reply, https: bool) {
    let policy = policy_of(what, reply);
    assert_eq!(
        policy.get("frame-ancestors").map(Vec::as_slice),
        Some(&["'none'".to_string()][..]),
        "{what}: no framing (clickjacking)"
    );
    assert!(policy.contains_key("base-uri"), "{what}: base-uri");
    let all_sources: Vec<&String> = policy.values().flatten().collect();
    for unsafe_source in ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*"] {
        assert!(
            !all_sources.iter().any(|s| *s == unsafe_source),
            "{what}: {unsafe_source} in the policy {policy:?}"
        );
    }
    assert_eq!(
        header_of(reply, "x-content-type-options"),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(header_of(reply, "x-frame-options"), Some("DENY"), "{what}");
    let referrer = header_of(reply, "referrer-policy").unwrap_or_default();
    assert!(
        [
            "no-referrer",
            "same-origin",
            "strict-origin",
            "strict-origin-when-cross-origin"
        ]
        .contains(&referrer),
        "{what}: a Referrer-Policy that never sends paths to other sites, got {referrer:?}"
    );
    let permissions = header_of(reply, "permissions-policy").unwrap_or_default();
    for feature in ["camera=()", "microphone=()", "geolocation=()"] {
        assert!(
            permissions.contains(feature),
            "{what}: Permissions-Policy lacks {feature}: {permissions:?}"
        );
    }
    let hsts = header_of(reply, "strict-transport-security");
    if https {
        let hsts = hsts.unwrap_or_else(|| panic!("{what}: no HSTS on an HTTPS shop"));
        let max_age: u64 = hsts
            .split(';')
            .find_map(|part| part.trim().strip_prefix("max-age="))
            .and_then(|age| age.parse().ok())
            .unwrap_or_else(|| panic!("{what}: HSTS without max-age: {hsts}"));
        assert!(max_age >= 31_536_000, "{what}: HSTS for at least a year");
        assert!(hsts.contains("includeSubDomains"), "{what}: {hsts}");
    } else {
        assert_eq!(
            hsts, None,
            "{what}: HSTS over plain HTTP would lock the site out"
        );
    }
}

/// The `nonce` attributes of a page's executable scripts (JSON-LD is data, not a script).
fn script_nonces(html: &str) -> Vec<Option<String>> {
    html.match_indices("<script")
        .map(|(at, _)| &html[at..at + html[at..].find('>').expect("a closed tag")])
        .filter(|tag| !tag.contains("application/ld+json"))
        .map(|tag| {
            let start = tag.find("nonce=\"")? + 7;
            let end = start + tag[start..].find('"')?;
            Some(tag[start..end].to_string())
        })
        .collect()
}

/// The nonce of a page's policy, after checking that its scripts may come only from the shop
/// itself or carry that nonce.
fn page_policy_nonce(what: &str, reply: &Reply) -> String {
    let content_type = header_of(reply, "content-type").unwrap_or_default();
    assert!(
        content_type.starts_with("text/html"),
        "{what}: {content_type}"
    );
    let policy = policy_of(what, reply);
    assert_eq!(
        policy.get("object-src").map(Vec::as_slice),
        Some(&["'none'".to_string()][..]),
        "{what}: no plugins"
    );
    assert_eq!(
        policy.get("default-src").map(Vec::as_slice),
        Some(&["'self'".to_string()][..]),
        "{what}"
    );
    assert!(
        policy
            .get("base-uri")
            .is_some_and(|s| s == &["'self'"] || s == &["'none'"]),
        "{what}: base-uri 'self' or 'none', got {:?}",
        policy.get("base-uri")
    );
    assert!(policy.contains_key("form-action"), "{what}: form-action");
    let scripts = policy
        .get("script-src")
        .unwrap_or_else(|| panic!("{what}: no script-src"));
    let mut nonces = Vec::new();
    for source in scripts {
        match source.as_str() {
            // The WASM app must compile; that allows WebAssembly, not `eval` of text.
            "'self'" | "'wasm-unsafe-eval'" => {}
            nonce if nonce.starts_with("'nonce-") && nonce.ends_with('\'') => {
                nonces.push(nonce[7..nonce.len() - 1].to_string())
            }
            other => panic!("{what}: script-src allows {other}: {scripts:?}"),
        }
    }
    assert_eq!(nonces.len(), 1, "{what}: one nonce in {scripts:?}");
    let nonce = nonces.remove(0);
    assert!(
        nonce.len() >= 22,
        "{what}: a nonce of at least 128 random bits, got {nonce:?}"
    );
    let on_page = script_nonces(&reply.body);
    assert!(!on_page.is_empty(), "{what}: the page has its scripts");
    for found in &on_page {
        assert_eq!(
            found.as_deref(),
            Some(nonce.as_str()),
            "{what}: every script carries the policy's nonce"
        );
    }
    nonce
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_run_only_the_scripts_that_carry_their_nonce() {
    let shop = Shop::open(Engine::Sqlite).await;
    shop.seed(5).await;
    let mut visitor = shop.client();
    let mut nonces = Vec::new();
    for (uri, status) in [
        ("/", StatusCode::OK),
        ("/", StatusCode::OK),
        ("/c/clothing", StatusCode::OK),
        ("/search?q=shirt", StatusCode::OK),
        ("/account/sign-in", StatusCode::OK),
        // Error pages are pages too.
        ("/no/such/page", StatusCode::NOT_FOUND),
        ("/p/no-such-product", StatusCode::NOT_FOUND),
        ("/c/clothing?page=abc", StatusCode::BAD_REQUEST),
    ] {
        let reply = visitor.get(uri).await;
        assert_eq!(reply.status, status, "{uri}");
        nonces.push(page_policy_nonce(uri, &reply));
        assert_hardened(uri, &reply, true);
    }
    let distinct: std::collections::BTreeSet<&String> = nonces.iter().collect();
    assert_eq!(
        distinct.len(),
        nonces.len(),
        "a fresh nonce for every response: {nonces:?}"
    );

    // The back office, as an administrator.
    let mut admin = shop.signed_in_admin().await;
    let reply = admin.get("/admin").await;
    assert_eq!(reply.status, StatusCode::OK);
    page_policy_nonce("/admin", &reply);
    assert_hardened("/admin", &reply, true);
    shop.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_that_are_not_pages_may_run_and_embed_nothing() {
    let shop = Shop::open(Engine::Sqlite).await;
    shop.seed(5).await;
    let mut visitor = shop.client();
    let picture = app::backend::entities::media::Entity::find()
        .one(shop.db())
        .await
        .expect("query")
        .expect("a demo picture")
        .url;

    let mut answers = vec![
        ("a server function", visitor.get("/api/catalog/home").await),
        (
            "a server function's error",
            visitor.get("/api/account/overview").await,
        ),
        ("a picture", visitor.get(&picture).await),
        ("a missing picture", visitor.get("/media/no-such.png").await),
        ("robots.txt", visitor.get("/robots.txt").await),
        ("the sitemap", visitor.get("/sitemap.xml").await),
        ("the health check", visitor.get("/health").await),
    ];
    // Refusals made before any handler runs.
    let cross_site = Request::post("/api/cart/add")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::from("sku=X&quantity=1"))
        .expect("request");
    answers.push(("a cross-site refusal", visitor.send(cross_site).await));
    let oversized = Request::post("/api/cart/add")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::CONTENT_LENGTH, 10 * 1024 * 1024)
        .header(header::ORIGIN, support::SITE)
        .body(Body::from(vec![b'a'; 10 * 1024 * 1024]))
        .expect("request");
    answers.push(("a body too large", visitor.send(oversized).await));

    let expected_status = [
        StatusCode::OK,
        StatusCode::UNAUTHORIZED,
        StatusCode::OK,
        StatusCode::NOT_FOUND,
        StatusCode::OK,
        StatusCode::OK,
        StatusCode::OK,
        StatusCode::FORBIDDEN,
        StatusCode::PAYLOAD_TOO_LARGE,
    ];
    for ((what, reply), status) in answers.iter().zip(expected_status) {
        assert_eq!(reply.status, status, "{what}: {reply:?}");
        assert_hardened(what, reply, true);
        let policy = policy_of(what, reply);
        assert_eq!(
            policy.get("default-src").map(Vec::as_slice),
            Some(&["'none'".to_string()][..]),
            "{what}: nothing in it may run or load (an SVG's script, say)"
        );
    }
    shop.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hsts_only_when_the_site_is_https() {
    // `support::SITE` is https://.
    let https = Shop::open(Engine::Sqlite).await;
    assert!(https.site().starts_with("https://"));
    for uri in ["/", "/api/catalog/home", "/no/such/page"] {
        let reply = https.client().get(uri).await;
        assert_hardened(uri, &reply, true);
    }
    https.finish().await;

    // A shop on a plain-HTTP address (a developer's machine): HSTS would make browsers refuse
    // it for a year.
    let http = Shop::open_served(Engine::Sqlite, &[]).await;
    assert!(http.site().starts_with("http://"));
    for uri in ["/", "/api/catalog/home", "/no/such/page"] {
        let reply = http.client().get(uri).await;
        assert_hardened(uri, &reply, false);
    }
    http.finish().await;
}

//! A bounded HTTP fuzz of the whole shop: every plain route, every page and every server
//! function gets a few dozen hostile requests (huge and negative numbers, empty and 10 KB
//! strings, NUL, markup, quotes, wrong types, JSON where a form is expected and the other way
//! round, malformed bodies, odd path segments), as a visitor and as an administrator, on a
//! seeded shop. None may answer with a 5xx, and nothing may panic.
//!
//! `ROUTES` lists what is fuzzed. `the_table_names_every_route_and_server_function` fails when
//! the router, the page list or the server-function registry has something the table lacks, so
//! a new route cannot ship unfuzzed (the same idea as `permissions.rs`).
//!
//! The inputs come from a small seeded generator, so a failure names a request that fails again
//! on every run; the seed of each route is its name, so adding a route does not change the
//! requests sent to the others.
//!
//! `table.rs` holds the table, `inputs.rs` the hostile values, `cases.rs` the requests made of
//! them, `sending.rs` the sending and the watch for panics; the completeness check and the fuzz
//! itself are here.

mod cases;
mod inputs;
mod sending;
mod table;

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};
use test_support as support;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::cases::{make_case, slots, Who};
use crate::inputs::{json_template, Doc, Known, Rng, HOT};
use crate::sending::{send, watch_for_panics, Caller, Finding, PANICS};
use crate::table::{name, Input, Kind, HASHES_PASSWORDS, ROUTES};
use app::backend::entities::{location, media, product, user};
use test_support::{Engine, Shop};

/// Requests per route and caller (pages and server functions alike).
const CASES: usize = 20;
/// Routes that hash a password (argon2 is slow in debug builds) get fewer.
const PASSWORD_CASES: usize = 6;

// ---------------------------------------------------------------------------------------------
// Completeness

/// `.route("/path", get(…))` and `.nest_service("/path", …)` in the router's source, as
/// "METHOD /path" ("GET" for a nested service).
fn routes_in_router_source() -> BTreeSet<String> {
    const SOURCE: &str = include_str!("../../src/router.rs");
    let mut found = BTreeSet::new();
    for (marker, is_service) in [(".route(", false), (".nest_service(", true)] {
        for (start, _) in SOURCE.match_indices(marker) {
            let rest = &SOURCE[start + marker.len()..];
            let Some(open) = rest.find('"') else { continue };
            let Some(close) = rest[open + 1..].find('"') else {
                continue;
            };
            let path = &rest[open + 1..open + 1 + close];
            if is_service {
                found.insert(name("GET", &format!("{path}/{{*path}}")));
                continue;
            }
            // The method routers up to the end of this `.route(…)` call.
            let call = &rest[open + close + 2..];
            let end = call.find(".route(").unwrap_or(call.len()).min(
                call.find(".nest_service(")
                    .unwrap_or(call.len())
                    .min(call.find(".leptos_routes").unwrap_or(call.len())),
            );
            for method in ["get", "post", "put", "patch", "delete"] {
                let call = &call[..end];
                let named = call.match_indices(&format!("{method}(")).any(|(at, _)| {
                    at == 0
                        || !call.as_bytes()[at - 1].is_ascii_alphanumeric()
                            && call.as_bytes()[at - 1] != b'_'
                });
                if named {
                    found.insert(name(&method.to_uppercase(), path));
                }
            }
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_table_names_every_route_and_server_function() {
    let listed = |kind: Kind| -> BTreeSet<String> {
        ROUTES
            .iter()
            .filter(|r| r.kind == kind)
            .map(|r| name(r.method, r.path))
            .collect()
    };
    let mut problems = Vec::new();
    let mut compare = |what: &str, registered: BTreeSet<String>, listed: BTreeSet<String>| {
        for missing in registered.difference(&listed) {
            problems.push(format!(
                "{what} {missing} is not in ROUTES: add it, with the fields it reads"
            ));
        }
        for gone in listed.difference(&registered) {
            problems.push(format!(
                "ROUTES names {what} {gone}, which no longer exists: remove it"
            ));
        }
    };

    let functions = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, method)| name(method.as_str(), path))
        .collect();
    compare("server function", functions, listed(Kind::ServerFn));

    let pages = leptos_axum::generate_route_list(app::App)
        .iter()
        .flat_map(|listing| {
            listing
                .methods()
                .map(|method| name(&format!("{method:?}").to_uppercase(), listing.path()))
                .collect::<Vec<_>>()
        })
        .collect();
    compare("page", pages, listed(Kind::Page));

    let mut routes = routes_in_router_source();
    // The fallback is not a `.route(…)`; it is fuzzed as `/{*unknown}`.
    routes.insert(name("GET", "/{*unknown}"));
    compare("route", routes, listed(Kind::Route));

    let mut seen = BTreeSet::new();
    for r in ROUTES {
        if !seen.insert(name(r.method, r.path)) {
            problems.push(format!("ROUTES names {} twice", name(r.method, r.path)));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// The fuzz

async fn seeded_shop(engine: Engine) -> (Shop, Known, i32) {
    use support::shopping;
    let shop = Shop::open(engine).await;
    shop.seed(12).await;
    shop.account("customer@example.com", "Customer").await;
    let mut admin = shop.signed_in_admin().await;
    let admin_id = user::Entity::find()
        .filter(user::Column::Email.eq("boss@example.com"))
        .one(shop.db())
        .await
        .expect("query")
        .expect("the administrator")
        .id;
    let customer_id = user::Entity::find()
        .filter(user::Column::Email.eq("customer@example.com"))
        .one(shop.db())
        .await
        .expect("query")
        .expect("the customer")
        .id;

    let item = shopping::variant_with_stock(&shop, 500).await;
    // A paid order, and the key its buyer's links carry.
    let (order_number, payment_url) =
        shopping::placed_order(&shop, &item.sku, 1, "fuzz-setup").await;
    let paid = shopping::pay(&payment_url, shopping::GOOD_CARD).await;
    let order_key = paid
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .and_then(|back| back.split_once("?key="))
        .map(|(_, key)| key.to_string())
        .expect("the order's key");
    let page = shop
        .client()
        .get(&format!(
            "/api/order/view?number={order_number}&key={order_key}"
        ))
        .await;
    assert_eq!(page.status, 200, "{page:?}");
    let products = product::Entity::find()
        .order_by_asc(product::Column::Id)
        .all(shop.db())
        .await
        .expect("products");
    let first = products.first().expect("products");
    let last = products.last().expect("products");

    let saved = admin
        .post(
            "/api/admin/supplier/save",
            &[
                ("name", "Acme"),
                ("email", "orders@acme.example"),
                ("lead_time_days", "3"),
                ("auto_reorder", "off"),
            ],
        )
        .await;
    assert_eq!(saved.status, 200, "{saved:?}");
    let supplier_id = saved.body.trim().to_string();
    let added = admin
        .post(
            "/api/admin/purchase-order/add",
            &[
                ("supplier_id", &supplier_id),
                ("location", "WH-MAIN"),
                ("sku", &item.sku),
                ("quantity", "5"),
            ],
        )
        .await;
    assert_eq!(added.status, 200, "{added:?}");
    let po_number: String = serde_json::from_str(&added.body).expect("a number");

    let store = location::Entity::find()
        .filter(location::Column::Code.eq("ST-KRK"))
        .one(shop.db())
        .await
        .expect("query")
        .expect("the Kraków store");
    let till_key = app::backend::auth::api_keys::create(
        shop.db(),
        "Fuzzed till",
        &[app::domain::Permission::Pos].into_iter().collect(),
        Some(store.id),
    )
    .await
    .expect("a till key");
    let picture = media::Entity::find()
        .order_by_asc(media::Column::Id)
        .one(shop.db())
        .await
        .expect("query");
    let csv = admin.get("/admin/products/export.csv").await;
    assert_eq!(csv.status, 200, "{csv:?}");
    let app::payments::PaymentProvider::Sandbox(gateway) = &shop.state.payments else {
        panic!("the tests' shop uses the sandbox");
    };

    let known = Known {
        sku: item.sku.clone(),
        product_id: first.id.to_string(),
        other_product_id: last.id.to_string(),
        product_slug: first.slug.clone(),
        order_number,
        order_key,
        supplier_id,
        po_number,
        customer_id: customer_id.to_string(),
        media_id: picture
            .as_ref()
            .map(|m| m.id.to_string())
            .unwrap_or_default(),
        media_path: picture
            .as_ref()
            .and_then(|m| m.url.strip_prefix("/media/").map(str::to_string))
            .unwrap_or_else(|| "seed/apparel-navy-1.svg".into()),
        till_key,
        csv: csv.body,
        webhook_secret: gateway.webhook_secret().to_string(),
    };
    (shop, known, admin_id)
}

async fn fuzz(engine: Engine) {
    watch_for_panics();
    let started = Instant::now();
    let (shop, known, admin_id) = seeded_shop(engine).await;
    let seeded_in = started.elapsed();
    let mut callers = [
        Caller {
            who: Who::Visitor,
            cookies: BTreeMap::new(),
            user_id: None,
        },
        Caller {
            who: Who::Administrator,
            cookies: BTreeMap::new(),
            user_id: Some(admin_id),
        },
    ];
    callers[1].open_session(&shop).await;

    let mut findings: Vec<Finding> = Vec::new();
    let mut sent = 0;
    let mut slowest: Vec<(Duration, String)> = Vec::new();
    for route in ROUTES {
        let route_name = name(route.method, route.path);
        let route_started = Instant::now();
        let cases = if HASHES_PASSWORDS.contains(&route.path) {
            PASSWORD_CASES
        } else {
            CASES
        };
        let slot_count = match route.input {
            Input::Json(template) => Doc::from(&json_template(template, &known)).leaves().len(),
            _ => slots(route).len(),
        };
        for caller in callers.iter_mut() {
            let mut rng = Rng::seeded(&format!("{route_name} as {:?}", caller.who));
            for case in 0..cases {
                let csrf = caller
                    .cookies
                    .get("__Host-mercato_csrf")
                    .cloned()
                    .unwrap_or_default();
                let hot = (case < cases * 3 / 4 && slot_count > 0)
                    .then(|| (case % slot_count, HOT[(case / slot_count) % HOT.len()]));
                let case = make_case(route, caller.who, &known, &mut rng, &csrf, hot);
                let request = format!("{} as {:?}", case.describe(), caller.who);
                let label = format!("{engine:?}: {request}");
                let before = PANICS.lock().map(|p| p.len()).unwrap_or(0);
                sent += 1;
                let outcome = send(&shop.router, &label, &case, &caller.cookie_header()).await;
                let mut problems = Vec::new();
                // Panics in the request's own task, or in a task it started (pages render in
                // several); a 500 or a missing answer that follows one adds nothing.
                let panics = PANICS
                    .lock()
                    .map(|p| p[before..].to_vec())
                    .unwrap_or_default();
                for (serving, message) in panics {
                    match serving {
                        Some(serving) if serving == label => problems.push(message),
                        Some(serving) if serving.starts_with("(another task)") => {
                            problems.push(format!("{message} {serving}"))
                        }
                        None => problems.push(message),
                        // Another test's request.
                        Some(_) => {}
                    }
                }
                match outcome {
                    Ok(answer) => {
                        if answer.status >= 500 && problems.is_empty() {
                            problems.push(format!(
                                "{}: {}",
                                answer.status,
                                String::from_utf8_lossy(&answer.body)
                                    .chars()
                                    .take(300)
                                    .collect::<String>()
                            ));
                        }
                        if route.path.starts_with("/media/")
                            && answer.body.starts_with(b"SQLite format")
                        {
                            problems.push("served the database file".into());
                        }
                        caller.after(&shop, &answer).await;
                    }
                    Err(problem) if problem.starts_with("(not sent") => sent -= 1,
                    Err(problem) if problems.is_empty() => problems.push(problem),
                    Err(_) => {}
                }
                findings.extend(problems.into_iter().map(|what| Finding {
                    route: route_name.clone(),
                    request: request.clone(),
                    what,
                }));
            }
        }
        slowest.push((route_started.elapsed(), route_name));
    }
    slowest.sort_by_key(|(time, _)| std::cmp::Reverse(*time));
    println!(
        "{engine:?}: seeded in {seeded_in:?}; {sent} requests to {} routes in {:?}; slowest: {}",
        ROUTES.len(),
        started.elapsed() - seeded_in,
        slowest
            .iter()
            .take(5)
            .map(|(t, r)| format!("{r} {t:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    );

    // One line per route and kind of failure, with the first request that showed it.
    let mut grouped: BTreeMap<(String, String), (String, usize)> = BTreeMap::new();
    for finding in &findings {
        let kind: String = finding.what.chars().take(160).collect();
        grouped
            .entry((finding.route.clone(), kind))
            .and_modify(|(_, count)| *count += 1)
            .or_insert((finding.request.clone(), 1));
    }
    let report: Vec<String> = grouped
        .iter()
        .map(|((route, what), (request, count))| {
            format!("{route}: {what}\n    {count} × e.g. {request}")
        })
        .collect();
    shop.finish().await;
    assert!(
        report.is_empty(),
        "{engine:?}: {} of {sent} requests failed (a 5xx, a panic or no answer):\n{}",
        findings.len(),
        report.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite() {
    fuzz(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres() {
    fuzz(Engine::Postgres).await;
}

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

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Mutex, Once};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, HeaderName, HeaderValue, Method, Request};
use axum::Router;
use http_body_util::BodyExt;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use tower::ServiceExt;

use app::backend::entities::{location, media, product, user};
use support::{Engine, Shop, SITE};

/// Requests per route and caller (pages and server functions alike).
const CASES: usize = 20;
/// Routes that hash a password (argon2 is slow in debug builds) get fewer.
const PASSWORD_CASES: usize = 6;

// ---------------------------------------------------------------------------------------------
// The table

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A route of `server/src/router.rs` (`.route(…)` or `.nest_service(…)`).
    Route,
    /// A Leptos page.
    Page,
    /// A server function.
    ServerFn,
}

/// What a route reads besides its path.
#[derive(Clone, Copy, Debug)]
enum Input {
    /// Query fields (GET) or form fields (POST).
    Fields(&'static [&'static str]),
    /// A JSON body shaped like the named template (see `json_template`).
    Json(&'static str),
    /// A raw body (upload, import, webhook) plus these query fields.
    Bytes(&'static str, &'static [&'static str]),
}

struct Route {
    kind: Kind,
    method: &'static str,
    /// The pattern as axum writes it, e.g. `/c/{slug}`.
    path: &'static str,
    input: Input,
}

const fn route(method: &'static str, path: &'static str, input: Input) -> Route {
    Route {
        kind: Kind::Route,
        method,
        path,
        input,
    }
}

/// A page and the query fields it reads (any of `PAGE_QUERY` may be sent as well).
const fn page(path: &'static str, fields: &'static [&'static str]) -> Route {
    Route {
        kind: Kind::Page,
        method: "GET",
        path,
        input: Input::Fields(fields),
    }
}

const fn get(path: &'static str, fields: &'static [&'static str]) -> Route {
    Route {
        kind: Kind::ServerFn,
        method: "GET",
        path,
        input: Input::Fields(fields),
    }
}

const fn post(path: &'static str, fields: &'static [&'static str]) -> Route {
    Route {
        kind: Kind::ServerFn,
        method: "POST",
        path,
        input: Input::Fields(fields),
    }
}

const fn json(path: &'static str, template: &'static str) -> Route {
    Route {
        kind: Kind::ServerFn,
        method: "POST",
        path,
        input: Input::Json(template),
    }
}

/// The query fields pages and list filters read, one or another.
const PAGE_QUERY: &[&str] = &[
    "q",
    "text",
    "page",
    "sort",
    "status",
    "from",
    "to",
    "min",
    "max",
    "customer",
    "category",
    "brand",
    "published",
    "attr",
    "stock",
    "sku",
    "key",
    "token",
    "number",
];

const ADMIN_ORDERS_QUERY: &[&str] = &[
    "q", "customer", "status", "from", "to", "min", "max", "page",
];
const ADMIN_PRODUCTS_QUERY: &[&str] = &["text", "category", "brand", "published", "page"];
const SEARCH_QUERY: &[&str] = &[
    "q", "page", "sort", "min", "max", "attr", "stock", "category", "brand",
];

/// Every route, page and server function, in the order they are fuzzed. Plain routes come
/// first: the administrator's fuzzing of the server functions may revoke the till's key.
const ROUTES: &[Route] = &[
    // server/src/router.rs
    route("GET", "/health", Input::Fields(&[])),
    route("GET", "/robots.txt", Input::Fields(&[])),
    route("GET", "/sitemap.xml", Input::Fields(&[])),
    route("GET", "/sitemaps/pages.xml", Input::Fields(&[])),
    route("GET", "/sitemaps/{file}", Input::Fields(&[])),
    route("POST", "/webhooks/{provider}", Input::Bytes("webhook", &[])),
    route(
        "POST",
        "/api/admin/products/{id}/images",
        Input::Bytes("picture", &["alt"]),
    ),
    route(
        "POST",
        "/api/admin/products/import",
        Input::Bytes("csv", &["mode"]),
    ),
    route("GET", "/admin/products/export.csv", Input::Fields(&[])),
    route("POST", "/api/pos/v1/sales", Input::Json("sale")),
    route(
        "GET",
        "/api/pos/v1/stock",
        Input::Fields(&["sku", "location"]),
    ),
    route("GET", "/media/{*path}", Input::Fields(&[])),
    // Whatever no route matches: static files and the 404 page.
    route("GET", "/{*unknown}", Input::Fields(&[])),
    // app/src/lib.rs
    page("/", &[]),
    page("/c/{slug}", &["page", "sort"]),
    page("/p/{slug}", &[]),
    page("/search", SEARCH_QUERY),
    page("/cart", &[]),
    page("/checkout", &[]),
    page("/order/{number}", &["key"]),
    page("/orders/find", &["number"]),
    page("/account", &[]),
    page("/account/sign-in", &[]),
    page("/account/sign-up", &[]),
    page("/account/verify", &["token"]),
    page("/account/forgot", &[]),
    page("/account/reset", &["token"]),
    page("/admin", &[]),
    page("/admin/orders", ADMIN_ORDERS_QUERY),
    page("/admin/orders/{number}", &[]),
    page("/admin/customers", &["text", "page"]),
    page("/admin/customers/{id}", &[]),
    page("/admin/products", ADMIN_PRODUCTS_QUERY),
    page("/admin/products/import", &[]),
    page("/admin/products/{id}", &[]),
    page("/admin/categories", &[]),
    page("/admin/brands", &[]),
    page("/admin/stock", &["sku"]),
    page("/admin/prices", &["sku"]),
    page("/admin/staff", &[]),
    page("/admin/audit", &["page"]),
    page("/admin/pos", &[]),
    page("/admin/api-keys", &[]),
    page("/admin/locations", &[]),
    page("/admin/suppliers", &[]),
    page("/admin/suppliers/{id}", &[]),
    page("/admin/purchase-orders", &[]),
    page("/admin/purchase-orders/{number}", &[]),
    // Server functions: the storefront.
    get("/api/catalog/home", &[]),
    get("/api/catalog/top-categories", &[]),
    get("/api/catalog/category", &["slug", "page", "sort"]),
    get("/api/catalog/product", &["slug"]),
    get("/api/search/suggest", &["text"]),
    get("/api/search/results", &["query"]),
    get("/api/cart/view", &[]),
    post("/api/cart/add", &["sku", "quantity"]),
    post("/api/cart/set", &["sku", "quantity"]),
    post("/api/cart/remove", &["sku"]),
    get("/api/checkout/start", &[]),
    json("/api/checkout/review", "checkout"),
    json("/api/checkout/place", "checkout"),
    get("/api/order/view", &["number", "key"]),
    get("/api/orders/mine", &[]),
    post("/api/order/find", &["email", "number"]),
    // Accounts.
    get("/api/account/me", &[]),
    post("/api/account/sign-up", &["name", "email", "password"]),
    post("/api/account/sign-in", &["email", "password"]),
    post("/api/account/verify", &["token"]),
    post("/api/account/forgot", &["email"]),
    post("/api/account/reset", &["token", "password"]),
    post("/api/account/sign-out", &[]),
    post("/api/account/sign-out-everywhere", &[]),
    get("/api/account/overview", &[]),
    post("/api/account/name", &["name"]),
    post(
        "/api/account/address/add",
        &[
            "address[full_name]",
            "address[line1]",
            "address[line2]",
            "address[postal_code]",
            "address[city]",
            "address[region]",
            "address[country]",
            "address[phone]",
            "make_default",
        ],
    ),
    post("/api/account/address/delete", &["id"]),
    // The back office.
    get("/api/admin/me", &[]),
    get("/api/admin/variant", &["sku"]),
    post(
        "/api/admin/stock/set",
        &["sku", "location", "on_hand", "reason"],
    ),
    post("/api/admin/price/set", &["sku", "price"]),
    get("/api/admin/audit", &["page"]),
    get("/api/admin/products", &["query"]),
    get("/api/admin/product", &["id"]),
    post("/api/admin/products/bulk", &["ids", "action", "category"]),
    json("/api/admin/product/save", "product"),
    post("/api/admin/media/order", &["product", "ids"]),
    post("/api/admin/media/alt", &["id", "alt"]),
    post("/api/admin/media/delete", &["id"]),
    get("/api/admin/categories", &[]),
    get("/api/admin/brands", &[]),
    post(
        "/api/admin/category/save",
        &["id", "name", "slug", "parent"],
    ),
    post("/api/admin/category/move", &["id", "parent", "index"]),
    post("/api/admin/category/delete", &["id"]),
    post("/api/admin/brand/save", &["id", "name", "slug"]),
    post("/api/admin/brand/delete", &["id"]),
    get("/api/admin/dashboard", &[]),
    get("/api/admin/orders", &["query"]),
    get("/api/admin/order", &["number"]),
    post(
        "/api/admin/order/fulfil",
        &["number", "carrier", "tracking_number"],
    ),
    post("/api/admin/order/deliver", &["number"]),
    post("/api/admin/order/cancel", &["number"]),
    post(
        "/api/admin/order/refund",
        &["number", "amount", "restock[sku]"],
    ),
    get("/api/admin/customers", &["text", "page"]),
    get("/api/admin/customer", &["id"]),
    get("/api/admin/staff", &[]),
    post("/api/admin/staff/invite", &["email", "name", "role"]),
    post("/api/admin/staff/role", &["email", "role"]),
    get("/api/admin/stock/movements", &["sku"]),
    get("/api/admin/locations", &[]),
    post(
        "/api/admin/stock/transfer",
        &["sku", "from", "to", "units", "reason"],
    ),
    post(
        "/api/admin/location/online",
        &["code", "sells_online", "online_rank"],
    ),
    get("/api/admin/suppliers", &[]),
    get("/api/admin/supplier", &["id"]),
    post(
        "/api/admin/supplier/save",
        &["id", "name", "email", "lead_time_days", "auto_reorder"],
    ),
    post(
        "/api/admin/supplier/item",
        &["supplier_id", "sku", "cost", "supplier_sku"],
    ),
    get("/api/admin/reorder-rules", &["sku"]),
    post(
        "/api/admin/reorder-rule/set",
        &[
            "sku",
            "location",
            "reorder_point",
            "reorder_quantity",
            "supplier",
        ],
    ),
    get("/api/admin/purchase-orders", &[]),
    get("/api/admin/purchase-order", &["number"]),
    post(
        "/api/admin/purchase-order/add",
        &["supplier_id", "location", "sku", "quantity"],
    ),
    post("/api/admin/purchase-order/send", &["number"]),
    json("/api/admin/purchase-order/receive", "receive"),
    post("/api/admin/purchase-order/cancel", &["number"]),
    get("/api/admin/pos/stores", &[]),
    get("/api/admin/pos/item", &["store", "sku"]),
    json("/api/admin/pos/sell", "sell"),
    get("/api/admin/api-keys", &[]),
    post("/api/admin/api-key/create", &["name", "location"]),
    post("/api/admin/api-key/revoke", &["id"]),
];

/// Server functions that hash a password (see `PASSWORD_CASES`).
const HASHES_PASSWORDS: &[&str] = &[
    "/api/account/sign-up",
    "/api/account/sign-in",
    "/api/account/reset",
    "/api/admin/staff/invite",
];

fn name(method: &str, path: &str) -> String {
    format!("{method} {path}")
}

// ---------------------------------------------------------------------------------------------
// Completeness

/// `.route("/path", get(…))` and `.nest_service("/path", …)` in the router's source, as
/// "METHOD /path" ("GET" for a nested service).
fn routes_in_router_source() -> BTreeSet<String> {
    const SOURCE: &str = include_str!("../src/router.rs");
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
// The generator

/// SplitMix64: small, fast and the same on every machine, which is all a fuzz that must repeat
/// its requests exactly needs.
struct Rng(u64);

impl Rng {
    fn seeded(text: &str) -> Rng {
        // FNV-1a of the text.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in text.bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        Rng(hash)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Numbers no field should choke on.
const NUMBERS: &[&str] = &[
    "18446744073709551615",
    "18446744073709551616",
    "9223372036854775807",
    "-9223372036854775808",
    "-9223372036854775809",
    "2147483647",
    "2147483648",
    "-2147483649",
    "4294967296",
    "99999999999999999999",
    "-1",
    "0",
    "-0",
    "1e309",
    "-1e309",
    "1e-400",
    "NaN",
    "inf",
    "-inf",
    "0.000000001",
    "1.005",
    "92233720368547758.07",
    "1000000000000.00",
    "-0.01",
    "0x10",
    "1_000",
    " 7 ",
    "1,5",
    "٣",
];

/// Texts no field should choke on.
const TEXTS: &[&str] = &[
    "",
    " ",
    "\0",
    "a\0b",
    "\u{1}\u{1f}\u{7f}",
    "</title><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\"><svg/onload=alert(1)>",
    "' OR '1'='1",
    "'; DROP TABLE users; --",
    "\"",
    "\\",
    "%",
    "_",
    "%00",
    "%zz",
    "..%2f..%2fetc%2fpasswd",
    "../../../../etc/passwd",
    "null",
    "true",
    "[]",
    "{}",
    "{\"a\":",
    "\r\nX-Injected: 1",
    "\u{202e}gpj.exe",
    "💥🛒",
    "Ω≈ç√∫",
    "\u{feff}",
    "ｓｋｕ",
    "e\u{301}",
    "\u{fffd}",
    "a=b&c=d",
    "text=x&page=18446744073709551615",
    "page=-1&status=%00",
    "q=&page=99999999999999999999",
];

/// A hostile value for a query or form field.
fn hostile(rng: &mut Rng, long_allowed: &mut bool) -> String {
    match rng.below(20) {
        0..=7 => rng.pick(NUMBERS).to_string(),
        8..=16 => rng.pick(TEXTS).to_string(),
        17 if *long_allowed => {
            *long_allowed = false;
            // 10 KB.
            match rng.below(3) {
                0 => "A".repeat(10_240),
                1 => "ż".repeat(5_120),
                _ => "'<".repeat(5_120),
            }
        }
        _ => {
            const PALETTE: &[char] = &[
                'a', 'Z', '0', '9', ' ', '-', '.', ',', '\'', '"', '<', '>', '&', '=', '%', '/',
                '\\', '\0', '\n', '\t', 'ż', '€', '💥', '\u{202e}', '{', '}', '[', ']', ';',
            ];
            (0..1 + rng.below(40)).map(|_| *rng.pick(PALETTE)).collect()
        }
    }
}

/// A JSON value where another is expected (raw text, as it would appear in a body).
fn hostile_json(rng: &mut Rng, long_allowed: &mut bool) -> String {
    match rng.below(10) {
        0..=3 => {
            let number = rng.pick(NUMBERS).trim().to_string();
            // Many are not JSON numbers (NaN, inf, 0x10): the parser must refuse them cleanly.
            if rng.chance(70) {
                number
            } else {
                serde_json::Value::from(number).to_string()
            }
        }
        4..=7 => serde_json::Value::from(hostile(rng, long_allowed)).to_string(),
        _ => rng
            .pick(&[
                "null",
                "true",
                "false",
                "[]",
                "{}",
                "[1,2]",
                "{\"a\":1}",
                "[[[[[[[[[[]]]]]]]]]]",
            ])
            .to_string(),
    }
}

/// Segments of a path that a router or a handler might take the wrong way.
const PATH_SEGMENTS: &[&str] = &[
    "..%2f..%2fetc%2fpasswd",
    "..%2F..%2Fshop.db",
    "..",
    "%2e%2e",
    "%00",
    "a%00b",
    "%ff%fe",
    "%zz",
    "99999999999999999999",
    "18446744073709551615",
    "-1",
    "0",
    "%20",
    "%3Cscript%3E",
    "%E2%80%AE",
    "products-18446744073709551615.xml",
    "products-0.xml",
    "products--1.xml",
    "products-.xml",
    "products-99999999999999999999.xml",
];

/// Stands for a 10 KB value in `HOT`.
const LONG: &str = "(10 KB of letters)";

/// The values each path parameter and field gets in turn, one slot at a time, in a route's
/// first cases: the likeliest to break something first.
const HOT: &[&str] = &[
    "18446744073709551615",
    "-1",
    "1e309",
    "99999999999999999999",
    "NaN",
    "",
    "\0",
    LONG,
    "</title><script>alert(1)</script>",
    "' OR '1'='1",
    "9223372036854775807",
    "-9223372036854775808",
    "0",
    "92233720368547758.07",
    "2147483648",
    "💥",
];

/// Known things in the seeded shop, so that some requests get past "not found".
struct Known {
    sku: String,
    product_id: String,
    other_product_id: String,
    product_slug: String,
    order_number: String,
    order_key: String,
    supplier_id: String,
    po_number: String,
    customer_id: String,
    media_id: String,
    media_path: String,
    till_key: String,
    csv: String,
    webhook_secret: String,
}

/// A plausible value for the field (or path parameter) `field`.
fn plausible(field: &str, known: &Known, rng: &mut Rng) -> String {
    let choices: Vec<String> = match field {
        "sku" | "supplier_sku" | "restock[sku]" => {
            vec![
                known.sku.clone(),
                known.sku.to_lowercase(),
                "NO-SUCH".into(),
            ]
        }
        "slug" => vec!["clothing".into(), known.product_slug.clone()],
        "number" => vec![
            known.order_number.clone(),
            known.po_number.clone(),
            "MNOSUCH".into(),
        ],
        "key" => vec![known.order_key.clone(), "nope".into()],
        "token" => vec!["unknown".into()],
        "id" | "product" | "parent" => vec![
            known.product_id.clone(),
            known.other_product_id.clone(),
            known.customer_id.clone(),
            known.media_id.clone(),
            known.supplier_id.clone(),
            "0".into(),
        ],
        "supplier_id" | "supplier" => vec![known.supplier_id.clone(), "0".into()],
        "ids" => vec![
            known.product_id.clone(),
            format!("{},{}", known.product_id, known.other_product_id),
            known.media_id.clone(),
        ],
        "location" | "store" | "code" => {
            vec!["WH-MAIN".into(), "ST-KRK".into()]
        }
        "email" => vec!["customer@example.com".into(), "nobody@example.com".into()],
        "password" => vec![support::PASSWORD.into(), "x".into()],
        "quantity" | "units" | "on_hand" | "online_rank" | "reorder_point" | "reorder_quantity"
        | "lead_time_days" | "index" | "page" => {
            vec!["1".into(), "2".into(), "0".into()]
        }
        "price" | "cost" | "amount" | "tendered" => vec!["1.00".into(), "12.50".into()],
        "query" => vec![
            "text=shirt".into(),
            "status=paid&page=2".into(),
            "q=shirt&page=3&sort=price-asc".into(),
        ],
        "q" | "text" => vec!["shirt".into(), "navy".into()],
        "role" => vec![
            "Stock clerk".into(),
            "Customer".into(),
            "Order handler".into(),
        ],
        "action" => vec!["publish".into(), "unpublish".into(), "category".into()],
        "sort" => vec!["price-asc".into(), "price-desc".into(), "newest".into()],
        "status" => vec!["paid".into(), "open".into()],
        "auto_reorder" | "make_default" | "sells_online" => vec!["on".into(), "off".into()],
        "mode" => vec!["valid".into(), "all".into()],
        "provider" => vec!["sandbox".into(), "stripe".into()],
        "file" => vec![
            format!("products-{}.xml", rng.pick(NUMBERS).trim()),
            "products-1.xml".into(),
            "pages.xml".into(),
        ],
        "path" => vec![
            known.media_path.clone(),
            "seed/../../shop.db".into(),
            "..%2f..%2fshop.db".into(),
        ],
        "unknown" => vec![
            "pkg/mercato.js".into(),
            "favicon.svg".into(),
            "no/such/page".into(),
            "..%2f..%2fCargo.toml".into(),
        ],
        // A location (stock transfers) or a date (the orders filter).
        "from" | "to" => vec!["WH-MAIN".into(), "ST-KRK".into(), "2026-01-31".into()],
        "min" | "max" => vec!["10.00".into()],
        "published" => vec!["yes".into(), "no".into()],
        "stock" => vec!["1".into()],
        "attr" => vec!["colour:navy".into()],
        "customer" => vec!["customer@example.com".into()],
        "address[country]" => vec!["PL".into(), "DE".into()],
        "address[postal_code]" => vec!["00-001".into()],
        "category" => vec!["clothing".into()],
        "carrier" => vec!["ups".into()],
        _ => vec!["Ada".into(), "Navy shirt".into()],
    };
    rng.pick(&choices).clone()
}

fn json_template(template: &str, known: &Known) -> serde_json::Value {
    use serde_json::json;
    let address = json!({
        "full_name": "Ada Buyer", "line1": "ul. Prosta 1", "line2": "", "postal_code": "00-001",
        "city": "Warszawa", "region": "", "country": "PL", "phone": ""
    });
    let sale = json!({
        "location": "ST-KRK",
        "lines": [{"sku": known.sku, "quantity": 1}],
        "payment": {"method": "cash", "tendered": "100.00", "reference": null},
        "client_reference": "fuzz-1"
    });
    match template {
        "checkout" => json!({"form": {
            "email": "buyer@example.com", "address": address, "shipping_method": "standard",
            "coupon": "", "attempt": "fuzz"
        }}),
        "product" => json!({"id": known.product_id.parse::<i64>().unwrap_or(0), "form": {
            "name": "Fuzzed shirt", "slug": "", "description": "Soft.", "category": "clothing",
            "brand": "", "seo_title": "", "seo_description": "", "video_url": "",
            "published": "on", "tax_class": "standard",
            "specifications": [{"name": "Fabric", "value": "Cotton"}],
            "variants": [{"sku": known.sku, "options": "Size: M", "price": "10.00",
                "compare_at": "", "weight_grams": "200",
                "stock": [{"location": "WH-MAIN", "on_hand": "5", "seen": "5"}],
                "remove": null}]
        }}),
        "receive" => json!({"number": known.po_number,
            "lines": [{"line_id": 1, "units": 1, "received_before": 0}]}),
        "sell" => json!({ "sale": sale }),
        "sale" => sale,
        other => panic!("no JSON template {other}"),
    }
}

/// A JSON document whose leaves may be any text at all (so that it can hold `1e309`, `NaN`).
enum Doc {
    Raw(String),
    Object(Vec<(String, Doc)>),
    Array(Vec<Doc>),
}

impl Doc {
    fn from(value: &serde_json::Value) -> Doc {
        match value {
            serde_json::Value::Object(map) => {
                Doc::Object(map.iter().map(|(k, v)| (k.clone(), Doc::from(v))).collect())
            }
            serde_json::Value::Array(items) => Doc::Array(items.iter().map(Doc::from).collect()),
            leaf => Doc::Raw(leaf.to_string()),
        }
    }

    fn mutate(&mut self, rng: &mut Rng, long_allowed: &mut bool) {
        match self {
            Doc::Raw(text) => {
                if rng.chance(40) {
                    *text = hostile_json(rng, long_allowed);
                }
            }
            _ if rng.chance(8) => *self = Doc::Raw(hostile_json(rng, long_allowed)),
            Doc::Object(fields) => {
                if !fields.is_empty() && rng.chance(10) {
                    let at = rng.below(fields.len());
                    fields.remove(at);
                }
                if rng.chance(5) {
                    fields.push((hostile(rng, &mut false), Doc::Raw("1".into())));
                }
                for (_, value) in fields.iter_mut() {
                    value.mutate(rng, long_allowed);
                }
            }
            Doc::Array(items) => {
                for item in items.iter_mut() {
                    item.mutate(rng, long_allowed);
                }
                if rng.chance(5) {
                    // Many lines at once (a basket of 200 lines, say).
                    let copies = 1 + rng.below(200);
                    let text = items.first().map(Doc::text).unwrap_or_default();
                    for _ in 0..copies {
                        items.push(Doc::Raw(text.clone()));
                    }
                }
            }
        }
    }

    /// Every leaf, depth first.
    fn leaves(&mut self) -> Vec<&mut String> {
        match self {
            Doc::Raw(text) => vec![text],
            Doc::Object(fields) => fields.iter_mut().flat_map(|(_, v)| v.leaves()).collect(),
            Doc::Array(items) => items.iter_mut().flat_map(Doc::leaves).collect(),
        }
    }

    fn text(&self) -> String {
        match self {
            Doc::Raw(text) => text.clone(),
            Doc::Object(fields) => format!(
                "{{{}}}",
                fields
                    .iter()
                    .map(|(k, v)| format!("{}:{}", serde_json::Value::from(k.as_str()), v.text()))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            Doc::Array(items) => format!(
                "[{}]",
                items.iter().map(Doc::text).collect::<Vec<_>>().join(",")
            ),
        }
    }
}

fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

fn form_text(fields: &[(String, String)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Bodies that are broken whatever the route expects.
fn malformed_body(rng: &mut Rng) -> Vec<u8> {
    match rng.below(9) {
        0 => b"{\"a\":".to_vec(),
        1 => b"[".to_vec(),
        2 => vec![0xff, 0xfe, 0x00, 0xc3, 0x28],
        3 => b"a=%zz&b=%&=&&==".to_vec(),
        4 => "[".repeat(5_000).into_bytes(),
        5 => b"null".to_vec(),
        6 => b"\"just a string\"".to_vec(),
        7 => vec![b'A'; 200_000],
        _ => Vec::new(),
    }
}

/// One request to send, and how to describe it in a failure.
struct Case {
    method: Method,
    uri: String,
    headers: Vec<(HeaderName, String)>,
    body: Vec<u8>,
}

impl Case {
    fn describe(&self) -> String {
        let cut = |text: &str, at: usize| -> String {
            if text.chars().count() > at {
                format!(
                    "{}… ({} bytes)",
                    text.chars().take(at).collect::<String>(),
                    text.len()
                )
            } else {
                text.to_string()
            }
        };
        let content_type = self
            .headers
            .iter()
            .find(|(name, _)| *name == header::CONTENT_TYPE)
            .map(|(_, value)| format!(" [{value}]"))
            .unwrap_or_default();
        let body = if self.body.is_empty() {
            String::new()
        } else {
            format!(" body {:?}", cut(&String::from_utf8_lossy(&self.body), 300))
        };
        format!(
            "{} {}{content_type}{body}",
            self.method,
            cut(&self.uri, 300)
        )
    }
}

/// Who is sending.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Who {
    Visitor,
    Administrator,
}

/// The names a route's requests fill in: its path parameters, then its fields.
fn slots(route: &Route) -> Vec<&'static str> {
    let mut slots: Vec<&'static str> = route
        .path
        .split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|s| s.trim_start_matches('*'))
        .collect();
    match route.input {
        Input::Fields(names) | Input::Bytes(_, names) => slots.extend_from_slice(names),
        Input::Json(_) => {}
    }
    slots
}

/// A value of `HOT` as it goes into a request.
fn hot_value(value: &str) -> String {
    if value == LONG {
        "A".repeat(10_240)
    } else {
        value.to_string()
    }
}

/// A value of `HOT` as a JSON value: numbers (and what looks like one) bare, the rest quoted.
fn hot_json(value: &str) -> String {
    let bare = value == "NaN"
        || (!value.is_empty()
            && value
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e')));
    if bare {
        value.to_string()
    } else {
        serde_json::Value::from(hot_value(value)).to_string()
    }
}

/// A field that carries a whole URL query (the list filters): the hostile value goes into one
/// of the filter's own fields, with a hostile page number beside it.
fn query_of(value: &str, rng: &mut Rng) -> String {
    let key = rng.pick(PAGE_QUERY);
    form_text(&[
        ("page".to_string(), value.to_string()),
        (key.to_string(), value.to_string()),
    ])
}

/// One request to `route`. `hot` is (the slot, a value of `HOT`) in a route's first cases: that
/// slot gets the value and the others plausible ones, so the value reaches the code that reads
/// it instead of failing on another field first.
fn make_case(
    route: &Route,
    who: Who,
    known: &Known,
    rng: &mut Rng,
    csrf: &str,
    hot: Option<(usize, &str)>,
) -> Case {
    let mut long_allowed = true;
    let mut slot = 0;
    // The path: parameters plausible or hostile.
    let mut path = String::new();
    for (index, segment) in route.path.split('/').enumerate() {
        if index > 0 {
            path.push('/');
        }
        let Some(param) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else {
            path.push_str(segment);
            continue;
        };
        let param = param.trim_start_matches('*');
        let choice = match hot {
            Some((target, value)) if target == slot => {
                long_allowed = value != LONG;
                Some(hot_value(value))
            }
            Some(_) => None,
            None => match rng.below(10) {
                0..=4 => None,
                5..=7 => Some(rng.pick(PATH_SEGMENTS).to_string()),
                _ => Some(encode(&hostile(rng, &mut long_allowed)).replace('+', "%20")),
            },
        };
        match choice {
            Some(value) if hot.is_some() => path.push_str(&encode(&value).replace('+', "%20")),
            Some(value) => path.push_str(&value),
            None => {
                let value = plausible(param, known, rng);
                // Wildcards keep their slashes; everything else is one segment.
                if segment.contains('*') {
                    path.push_str(&value);
                } else {
                    path.push_str(&encode(&value).replace('+', "%20"));
                }
            }
        }
        slot += 1;
    }

    // The fields: plausible, hostile, left out, or sent twice; now and then one unknown.
    let (names, template, raw) = match route.input {
        Input::Fields(names) => (names, None, None),
        Input::Json(template) => (&[][..], Some(template), None),
        Input::Bytes(raw, names) => (names, None, Some(raw)),
    };
    let mut fields: Vec<(String, String)> = Vec::new();
    for field in names {
        let is_query = *field == "query";
        match hot {
            Some((target, value)) if target == slot => {
                long_allowed = value != LONG;
                let value = hot_value(value);
                let value = if is_query {
                    query_of(&value, rng)
                } else {
                    value
                };
                fields.push((field.to_string(), value));
            }
            Some(_) => fields.push((field.to_string(), plausible(field, known, rng))),
            None => match rng.below(20) {
                0..=8 => {
                    let value = hostile(rng, &mut long_allowed);
                    let value = if is_query {
                        query_of(&value, rng)
                    } else {
                        value
                    };
                    fields.push((field.to_string(), value));
                }
                9..=15 => fields.push((field.to_string(), plausible(field, known, rng))),
                16 | 17 => {}
                _ => {
                    fields.push((field.to_string(), hostile(rng, &mut long_allowed)));
                    fields.push((field.to_string(), plausible(field, known, rng)));
                }
            },
        }
        slot += 1;
    }
    if hot.is_none() && rng.chance(if route.kind == Kind::Page { 30 } else { 10 }) {
        // A field nobody asked for (for a page, one that another page reads).
        let key = if route.kind == Kind::Page {
            rng.pick(PAGE_QUERY).to_string()
        } else {
            hostile(rng, &mut false)
        };
        fields.push((key, hostile(rng, &mut false)));
    }

    let mut method = Method::from_bytes(route.method.as_bytes()).expect("method");
    let mut headers: Vec<(HeaderName, String)> = Vec::new();
    let mut body = Vec::new();
    let mut query = String::new();
    let json_ct = "application/json".to_string();
    let form_ct = "application/x-www-form-urlencoded".to_string();

    match (template, raw) {
        (Some(template), _) => {
            let mut doc = Doc::from(&json_template(template, known));
            match hot {
                Some((target, value)) => {
                    let mut leaves = doc.leaves();
                    let count = leaves.len();
                    *leaves[target % count] = hot_json(value);
                }
                None if rng.chance(85) => doc.mutate(rng, &mut long_allowed),
                None => {}
            }
            if rng.chance(10) {
                // A form where JSON is expected.
                body = form_text(&fields).into_bytes();
                headers.push((header::CONTENT_TYPE, form_ct.clone()));
            } else {
                body = doc.text().into_bytes();
                headers.push((header::CONTENT_TYPE, json_ct.clone()));
            }
        }
        (None, Some(raw)) => {
            query = form_text(&fields);
            body = raw_body(raw, known, rng);
            let content_type = match raw {
                "picture" => rng.pick(&["image/png", "image/svg+xml", "image/jpeg", "text/plain"]),
                "csv" => rng.pick(&["text/csv", "text/plain", "application/octet-stream"]),
                _ => rng.pick(&["application/json", "text/plain"]),
            };
            headers.push((header::CONTENT_TYPE, content_type.to_string()));
            if raw == "webhook" {
                let now = app::backend::auth::unix_now();
                let timestamp = match rng.below(4) {
                    0 => rng.pick(NUMBERS).trim().to_string(),
                    _ => now.to_string(),
                };
                let signature = if rng.chance(60) {
                    // Signed with the real secret: the payload itself is then what is tested.
                    let t = timestamp.parse::<i64>().unwrap_or(now);
                    let signed = app::payments::signature::sign(&known.webhook_secret, t, &body);
                    signed.replacen(&format!("t={t}"), &format!("t={timestamp}"), 1)
                } else {
                    format!("t={timestamp},v1={}", hostile(rng, &mut false))
                };
                headers.push((HeaderName::from_static("mercato-signature"), signature));
            }
        }
        (None, None) if method == Method::GET => query = form_text(&fields),
        (None, None) => {
            if rng.chance(10) {
                // JSON where a form is expected.
                let object: serde_json::Map<String, serde_json::Value> = fields
                    .iter()
                    .map(|(k, v)| (k.clone(), serde_json::Value::from(v.as_str())))
                    .collect();
                body = serde_json::Value::Object(object).to_string().into_bytes();
                headers.push((header::CONTENT_TYPE, json_ct.clone()));
            } else {
                body = form_text(&fields).into_bytes();
                headers.push((header::CONTENT_TYPE, form_ct.clone()));
            }
        }
    }

    // Now and then the whole request is wrong in one more way.
    match rng.below(100) {
        0..=4 if method == Method::POST => body = malformed_body(rng),
        5..=7 => {
            method = rng
                .pick(&[
                    Method::GET,
                    Method::POST,
                    Method::PUT,
                    Method::DELETE,
                    Method::HEAD,
                ])
                .clone();
            if method == Method::POST && body.is_empty() {
                body = form_text(&fields).into_bytes();
                headers.push((header::CONTENT_TYPE, form_ct.clone()));
            }
        }
        8..=11 => {
            headers.retain(|(name, _)| *name != header::CONTENT_TYPE);
            let content_type = rng.pick(&[
                "text/plain",
                "multipart/form-data",
                "multipart/form-data; boundary=x",
                "application/json; charset=utf-16",
                "application/x-www-form-urlencoded; charset=latin1",
                "application/cbor",
                "",
            ]);
            if !content_type.is_empty() {
                headers.push((header::CONTENT_TYPE, content_type.to_string()));
            }
        }
        12..=15 if method == Method::POST && raw.is_none() => {
            // A plain HTML form post (before the WASM app loads), with its CSRF token.
            let mut with_token = fields.clone();
            with_token.push(("csrf_token".into(), csrf.to_string()));
            body = form_text(&with_token).into_bytes();
            headers.retain(|(name, _)| *name != header::CONTENT_TYPE);
            headers.push((header::CONTENT_TYPE, form_ct.clone()));
            headers.push((header::ACCEPT, "text/html,application/xhtml+xml".into()));
            headers.push((header::REFERER, format!("{SITE}/account")));
        }
        16 | 17 => {
            // Broken cookies: a session or cart that is not ours.
            let cookie = rng.pick(&[
                "__Host-mercato_session",
                "__Host-mercato_cart",
                "__Host-mercato_csrf",
            ]);
            headers.push((
                header::COOKIE,
                format!("{cookie}={}", encode(&hostile(rng, &mut false))),
            ));
        }
        18 => headers.push((header::HOST, encode(&hostile(rng, &mut false)))),
        19 => headers.push((header::ORIGIN, "null".into())),
        _ => {}
    }
    if !headers.iter().any(|(name, _)| *name == header::ACCEPT) {
        let accept = match route.kind {
            Kind::Page => "text/html",
            _ => "application/json",
        };
        headers.push((header::ACCEPT, accept.into()));
    }
    if route.path.starts_with("/api/pos/v1/") {
        let authorization = match rng.below(10) {
            0..=5 if who == Who::Administrator => format!("Bearer {}", known.till_key),
            0..=5 => format!("bearer {}", known.till_key),
            6 => format!("Bearer {}", encode(&hostile(rng, &mut false))),
            7 => "Basic Zm9vOmJhcg==".into(),
            8 => "Bearer".into(),
            _ => String::new(),
        };
        if !authorization.is_empty() {
            headers.push((header::AUTHORIZATION, authorization));
        }
    }
    if method != Method::GET && !headers.iter().any(|(name, _)| *name == header::ORIGIN) {
        headers.push((header::ORIGIN, SITE.into()));
    }
    let uri = if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    };
    Case {
        method,
        uri,
        headers,
        body,
    }
}

fn raw_body(raw: &str, known: &Known, rng: &mut Rng) -> Vec<u8> {
    match (raw, rng.below(6)) {
        (_, 0) => malformed_body(rng),
        (_, 1) => hostile(rng, &mut true).into_bytes(),
        ("picture", 2) => tiny_png(),
        ("picture", 3) => {
            let mut png = tiny_png();
            png.truncate(png.len() / 2);
            png
        }
        ("picture", 4) => {
            br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#.to_vec()
        }
        ("picture", _) => {
            // An image that claims to be enormous.
            let mut png = tiny_png();
            png[16..24].copy_from_slice(&[0x7f, 0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff]);
            png
        }
        ("csv", _) => {
            let header = known.csv.lines().next().unwrap_or("sku");
            let columns = header.split(',').count();
            let mut text = format!("{header}\n");
            for _ in 0..1 + rng.below(3) {
                let row: Vec<String> = (0..columns)
                    .map(|_| {
                        let value = if rng.chance(50) {
                            hostile(rng, &mut false)
                        } else {
                            plausible("sku", known, rng)
                        };
                        format!("\"{}\"", value.replace('"', "\"\""))
                    })
                    .collect();
                text.push_str(&row.join(","));
                text.push('\n');
            }
            if rng.chance(20) {
                // A line of the export itself, or the whole export.
                text = known.csv.clone();
            }
            text.into_bytes()
        }
        (_, _) => {
            let mut doc = Doc::from(&serde_json::json!({
                "id": "evt_fuzz", "type": rng.pick(&["payment.succeeded", "payment.declined",
                    "payment.refunded", "charge.refunded", "unknown"]),
                "created": app::backend::auth::unix_now(),
                "data": {"object": {
                    "id": "pay_fuzz", "status": "succeeded", "amount": 1000,
                    "amount_refunded": 0, "currency": "EUR", "reference": known.order_number,
                    "url": "http://sandbox/pay/x", "card_brand": "visa", "card_last4": "4242",
                    "created": 0, "expires_at": 0
                }}
            }));
            doc.mutate(rng, &mut true);
            doc.text().into_bytes()
        }
    }
}

fn tiny_png() -> Vec<u8> {
    let mut bytes = Vec::new();
    image::RgbImage::new(2, 2)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .expect("a PNG");
    bytes
}

// ---------------------------------------------------------------------------------------------
// Sending, and catching panics

tokio::task_local! {
    /// The request a task is serving, for the panic hook to name.
    static SERVING: String;
}

/// Panics seen while requests were served: (the request, if the panic happened in its task;
/// the message with its location).
static PANICS: Mutex<Vec<(Option<String>, String)>> = Mutex::new(Vec::new());
/// The requests being served now (one per fuzzing test), to name a panic in another task.
static IN_FLIGHT: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

fn watch_for_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let serving = SERVING.try_with(Clone::clone).ok();
            // A failed assertion in a test's own body is the harness's business, not a
            // finding; anything on the runtime's workers is.
            let on_worker = std::thread::current()
                .name()
                .is_some_and(|name| name.starts_with("tokio"));
            if serving.is_some() || on_worker {
                let message = info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| info.payload().downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "(no message)".into());
                let location = info
                    .location()
                    .map(|l| format!("{}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                let serving = serving.or_else(|| {
                    let in_flight = IN_FLIGHT.lock().map(|s| s.clone()).unwrap_or_default();
                    (!in_flight.is_empty()).then(|| {
                        format!(
                            "(another task) while serving one of: {}",
                            in_flight.into_iter().collect::<Vec<_>>().join(" | ")
                        )
                    })
                });
                if let Ok(mut panics) = PANICS.lock() {
                    panics.push((serving, format!("panicked at {location}: {message}")));
                }
            }
            default(info);
        }));
    });
}

/// What went wrong with one request.
struct Finding {
    route: String,
    request: String,
    what: String,
}

struct Answer {
    status: u16,
    set_cookies: Vec<String>,
    body: Vec<u8>,
}

/// Sends `case` in a task of its own, so that a panic ends that task and not the fuzz.
async fn send(router: &Router, label: &str, case: &Case, cookies: &str) -> Result<Answer, String> {
    let mut builder = Request::builder()
        .method(case.method.clone())
        .uri(case.uri.as_str());
    let mut has_cookie = false;
    for (name, value) in &case.headers {
        let Ok(value) = HeaderValue::from_str(value) else {
            continue;
        };
        if *name == header::COOKIE {
            has_cookie = true;
            // Our cookies first; the broken one after overrides nothing, it adds a duplicate.
            let joined = format!("{cookies}; {}", value.to_str().unwrap_or_default());
            builder = builder.header(header::COOKIE, joined);
        } else {
            builder = builder.header(name, value);
        }
    }
    if !has_cookie && !cookies.is_empty() {
        builder = builder.header(header::COOKIE, cookies);
    }
    if !case.body.is_empty() {
        builder = builder.header(header::CONTENT_LENGTH, case.body.len());
    }
    let request = builder
        .body(Body::from(case.body.clone()))
        .map_err(|e| format!("(not sent: {e})"))?;
    let router = router.clone();
    if let Ok(mut in_flight) = IN_FLIGHT.lock() {
        in_flight.insert(label.to_string());
    }
    let task = tokio::spawn(SERVING.scope(label.to_string(), async move {
        // A page whose rendering panicked never finishes its stream. Generous: argon2 in a
        // debug build on a busy machine takes seconds.
        let response = tokio::time::timeout(Duration::from_secs(30), router.oneshot(request))
            .await
            .map_err(|_| "no answer within 30 s".to_string())?
            .map_err(|e| format!("{e:?}"))?;
        let status = response.status().as_u16();
        let set_cookies = response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_string))
            .collect();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| format!("the body broke off: {e}"))?
            .to_bytes()
            .to_vec();
        Ok(Answer {
            status,
            set_cookies,
            body,
        })
    }));
    let result = match task.await {
        Ok(result) => result,
        Err(error) if error.is_panic() => Err("the request's task panicked".to_string()),
        Err(error) => Err(format!("the request's task failed: {error}")),
    };
    if let Ok(mut in_flight) = IN_FLIGHT.lock() {
        in_flight.remove(label);
    }
    result
}

/// A browser for the fuzz: its cookies, and for the administrator a session that is opened
/// again whenever a request (signing out, a role change) has ended it.
struct Caller {
    who: Who,
    cookies: BTreeMap<String, String>,
    user_id: Option<i32>,
}

impl Caller {
    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn open_session(&mut self, shop: &Shop) {
        if let Some(user_id) = self.user_id {
            let secret = app::backend::auth::sessions::start(
                shop.db(),
                user_id,
                app::backend::auth::unix_now(),
            )
            .await
            .expect("a session");
            self.cookies.insert("__Host-mercato_session".into(), secret);
        }
    }

    /// Keeps the cookies a response set; a visitor stays a visitor and the administrator stays
    /// signed in as themselves.
    async fn after(&mut self, shop: &Shop, answer: &Answer) {
        let mut session_changed = false;
        for text in &answer.set_cookies {
            let pair = text.split(';').next().unwrap_or_default();
            if let Some((name, value)) = pair.split_once('=') {
                if name.contains("session") {
                    session_changed = true;
                    continue;
                }
                if value.is_empty() || text.contains("Max-Age=0") {
                    self.cookies.remove(name);
                } else {
                    self.cookies.insert(name.to_string(), value.to_string());
                }
            }
        }
        if self.who == Who::Administrator && (session_changed || answer.status == 401) {
            self.open_session(shop).await;
        }
    }
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

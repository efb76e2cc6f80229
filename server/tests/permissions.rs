//! Every server function, called as every kind of person, against the real router.
//!
//! The table below lists each server function the shop registers with who may call it. A server
//! function that is not in the table fails `every_server_function_is_in_the_table`, so a new
//! one cannot ship without its permission being decided here and checked.

use test_support as support;

use axum::http::StatusCode;
use test_support::Shop;

/// Who is calling, in the order of the columns below.
const PEOPLE: [&str; 5] = [
    "visitor",
    "customer",
    "stock clerk",
    "order handler",
    "administrator",
];

/// (path, arguments, may call it: visitor, customer, stock clerk, order handler, administrator)
/// Form or query arguments of one call.
type Arguments = &'static [(&'static str, &'static str)];

const TABLE: &[(&str, Arguments, [bool; 5])] = &[
    // The public catalog and the caller's own account.
    ("/api/catalog/home", &[], [true, true, true, true, true]),
    (
        "/api/catalog/top-categories",
        &[],
        [true, true, true, true, true],
    ),
    (
        "/api/catalog/category",
        &[("slug", "clothing")],
        [true, true, true, true, true],
    ),
    (
        "/api/catalog/product",
        &[("slug", "no-such-product")],
        [true, true, true, true, true],
    ),
    ("/api/account/me", &[], [true, true, true, true, true]),
    (
        "/api/search/suggest",
        &[("text", "shirt")],
        [true, true, true, true, true],
    ),
    (
        "/api/search/results",
        &[("query", "q=shirt")],
        [true, true, true, true, true],
    ),
    // Everyone has a cart of their own.
    ("/api/cart/view", &[], [true, true, true, true, true]),
    (
        "/api/cart/add",
        &[("sku", "NO-SUCH-SKU"), ("quantity", "1")],
        [true, true, true, true, true],
    ),
    (
        "/api/cart/set",
        &[("sku", "NO-SUCH-SKU"), ("quantity", "1")],
        [true, true, true, true, true],
    ),
    (
        "/api/cart/remove",
        &[("sku", "NO-SUCH-SKU")],
        [true, true, true, true, true],
    ),
    // Anyone with a cart may check out; orders are seen by their customer or with their key.
    ("/api/checkout/start", &[], [true, true, true, true, true]),
    ("/api/checkout/review", &[], [true, true, true, true, true]),
    ("/api/checkout/place", &[], [true, true, true, true, true]),
    (
        "/api/order/view",
        &[("number", "MNOSUCH")],
        [false, true, true, true, true],
    ),
    ("/api/orders/mine", &[], [false, true, true, true, true]),
    (
        "/api/order/find",
        &[("email", "nobody@example.com"), ("number", "MNOSUCH")],
        [true, true, true, true, true],
    ),
    (
        "/api/account/sign-up",
        &[("name", "X"), ("email", "bad"), ("password", "x")],
        [true, true, true, true, true],
    ),
    (
        "/api/account/sign-in",
        &[("email", "bad"), ("password", "x")],
        [true, true, true, true, true],
    ),
    (
        "/api/account/verify",
        &[("token", "unknown")],
        [true, true, true, true, true],
    ),
    (
        "/api/account/forgot",
        &[("email", "bad")],
        [true, true, true, true, true],
    ),
    (
        "/api/account/reset",
        &[("token", "unknown"), ("password", "x")],
        [true, true, true, true, true],
    ),
    // Signing out is harmless for anyone; the rest needs an account.
    ("/api/account/sign-out", &[], [true, true, true, true, true]),
    (
        "/api/account/sign-out-everywhere",
        &[],
        [false, true, true, true, true],
    ),
    (
        "/api/account/overview",
        &[],
        [false, true, true, true, true],
    ),
    (
        "/api/account/name",
        &[("name", "New Name")],
        [false, true, true, true, true],
    ),
    (
        "/api/account/address/add",
        &[("address[country]", "XX")],
        [false, true, true, true, true],
    ),
    (
        "/api/account/address/delete",
        &[("id", "999999")],
        [false, true, true, true, true],
    ),
    // The back office.
    ("/api/admin/me", &[], [false, false, true, true, true]),
    (
        "/api/admin/variant",
        &[("sku", "NO-SUCH-SKU")],
        [false, false, true, true, true],
    ),
    (
        "/api/admin/stock/set",
        &[
            ("sku", "NO-SUCH-SKU"),
            ("location", "WH-MAIN"),
            ("on_hand", "1"),
        ],
        [false, false, true, false, true],
    ),
    (
        "/api/admin/price/set",
        &[("sku", "NO-SUCH-SKU"), ("price", "1.00")],
        [false, false, false, false, true],
    ),
    ("/api/admin/audit", &[], [false, false, false, false, true]),
    // The catalog: everyone on staff may look, administrators may change products.
    (
        "/api/admin/products",
        &[("query", "text=shirt")],
        [false, false, true, true, true],
    ),
    (
        "/api/admin/product",
        &[("id", "999999")],
        [false, false, true, true, true],
    ),
    (
        "/api/admin/products/bulk",
        &[("ids", "999999"), ("action", "publish")],
        [false, false, false, false, true],
    ),
    (
        "/api/admin/product/save",
        &[("id", "0"), ("name", ""), ("category", "")],
        [false, false, false, false, true],
    ),
    (
        "/api/admin/media/order",
        &[("product", "999999"), ("ids", "1")],
        [false, false, false, false, true],
    ),
    (
        "/api/admin/media/alt",
        &[("id", "999999"), ("alt", "A red shirt")],
        [false, false, false, false, true],
    ),
    (
        "/api/admin/media/delete",
        &[("id", "999999")],
        [false, false, false, false, true],
    ),
    (
        "/api/admin/categories",
        &[],
        [false, false, true, true, true],
    ),
    ("/api/admin/brands", &[], [false, false, true, true, true]),
    (
        "/api/admin/category/save",
        &[("id", "0"), ("name", ""), ("slug", ""), ("parent", "0")],
        [false, false, false, false, true],
    ),
    (
        "/api/admin/category/move",
        &[("id", "999999"), ("parent", "0"), ("index", "0")],
        [false, false, false, false, true],
    ),
    (
        "/api/admin/category/delete",
        &[("id", "999999")],
        [false, false, false, false, true],
    ),
    (
        "/api/admin/brand/save",
        &[("id", "0"), ("name", ""), ("slug", "")],
        [false, false, false, false, true],
    ),
    (
        "/api/admin/brand/delete",
        &[("id", "999999")],
        [false, false, false, false, true],
    ),
    // Orders and customers: order handlers and administrators.
    (
        "/api/admin/dashboard",
        &[],
        [false, false, false, true, true],
    ),
    (
        "/api/admin/orders",
        &[("query", "status=paid")],
        [false, false, false, true, true],
    ),
    (
        "/api/admin/order",
        &[("number", "MNOSUCH")],
        [false, false, false, true, true],
    ),
    (
        "/api/admin/order/fulfil",
        &[
            ("number", "MNOSUCH"),
            ("carrier", "ups"),
            ("tracking_number", "1Z999AA10123456784"),
        ],
        [false, false, false, true, true],
    ),
    (
        "/api/admin/order/deliver",
        &[("number", "MNOSUCH")],
        [false, false, false, true, true],
    ),
    (
        "/api/admin/order/cancel",
        &[("number", "MNOSUCH")],
        [false, false, false, true, true],
    ),
    (
        "/api/admin/order/refund",
        &[("number", "MNOSUCH"), ("amount", "1.00")],
        [false, false, false, true, true],
    ),
    (
        "/api/admin/customers",
        &[("text", "ada")],
        [false, false, false, true, true],
    ),
    (
        "/api/admin/customer",
        &[("id", "999999")],
        [false, false, false, true, true],
    ),
    ("/api/admin/staff", &[], [false, false, false, false, true]),
    (
        "/api/admin/staff/invite",
        &[("email", "bad"), ("name", "X"), ("role", "Stock clerk")],
        [false, false, false, false, true],
    ),
    (
        "/api/admin/staff/role",
        &[("email", "nobody@example.com"), ("role", "Customer")],
        [false, false, false, false, true],
    ),
    // Stock across locations: everyone on staff may look (catalog.view), stock clerks and
    // administrators may move it (stock.edit).
    (
        "/api/admin/stock/movements",
        &[("sku", "NO-SUCH-SKU")],
        [false, false, true, false, true],
    ),
    (
        "/api/admin/locations",
        &[],
        [false, false, true, true, true],
    ),
    (
        "/api/admin/stock/transfer",
        &[
            ("sku", "NO-SUCH-SKU"),
            ("from", "WH-MAIN"),
            ("to", "ST-KRK"),
            ("units", "1"),
        ],
        [false, false, true, false, true],
    ),
    (
        "/api/admin/location/online",
        &[("code", "NO-SUCH"), ("online_rank", "0")],
        [false, false, true, false, true],
    ),
    // Buying (purchasing.manage): none of the roles here but administrators.
    (
        "/api/admin/suppliers",
        &[],
        [false, false, false, false, true],
    ),
    (
        "/api/admin/supplier",
        &[("id", "999999")],
        [false, false, false, false, true],
    ),
    (
        "/api/admin/supplier/save",
        &[
            ("name", ""),
            ("email", "bad"),
            ("lead_time_days", "x"),
            ("auto_reorder", "off"),
        ],
        [false, false, false, false, true],
    ),
    (
        "/api/admin/supplier/item",
        &[
            ("supplier_id", "999999"),
            ("sku", "NO-SUCH-SKU"),
            ("cost", "1.00"),
        ],
        [false, false, false, false, true],
    ),
    (
        "/api/admin/reorder-rules",
        &[("sku", "NO-SUCH-SKU")],
        [false, false, false, false, true],
    ),
    (
        "/api/admin/reorder-rule/set",
        &[
            ("sku", "NO-SUCH-SKU"),
            ("reorder_point", "1"),
            ("reorder_quantity", "1"),
        ],
        [false, false, false, false, true],
    ),
    (
        "/api/admin/purchase-orders",
        &[],
        [false, false, false, false, true],
    ),
    (
        "/api/admin/purchase-order",
        &[("number", "PO-99999")],
        [false, false, false, false, true],
    ),
    (
        "/api/admin/purchase-order/send",
        &[("number", "PO-99999")],
        [false, false, false, false, true],
    ),
    (
        "/api/admin/purchase-order/cancel",
        &[("number", "PO-99999")],
        [false, false, false, false, true],
    ),
    // A JSON body (see JSON_BODIES).
    (
        "/api/admin/purchase-order/receive",
        &[],
        [false, false, false, false, true],
    ),
    // The till (pos): only administrators among these people; store clerks have it.
    (
        "/api/admin/pos/stores",
        &[],
        [false, false, false, false, true],
    ),
    (
        "/api/admin/pos/item",
        &[("store", "ST-KRK"), ("sku", "NO-SUCH-SKU")],
        [false, false, false, false, true],
    ),
    // A JSON body (see JSON_BODIES).
    (
        "/api/admin/pos/sell",
        &[],
        [false, false, false, false, true],
    ),
    (
        "/api/admin/purchase-order/add",
        &[
            ("supplier_id", "999999"),
            ("location", "WH-MAIN"),
            ("sku", "NO-SUCH-SKU"),
            ("quantity", "1"),
        ],
        [false, false, false, false, true],
    ),
    // API keys are credentials: only who manages staff makes and revokes them.
    (
        "/api/admin/api-keys",
        &[],
        [false, false, false, false, true],
    ),
    (
        "/api/admin/api-key/create",
        &[("name", ""), ("location", "NO-SUCH-STORE")],
        [false, false, false, false, true],
    ),
    (
        "/api/admin/api-key/revoke",
        &[("id", "999999")],
        [false, false, false, false, true],
    ),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_server_function_is_in_the_table() {
    let shop = Shop::open(support::Engine::Sqlite).await;
    let mut registered: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .collect();
    registered.sort();
    let mut listed: Vec<String> = TABLE.iter().map(|(path, _, _)| path.to_string()).collect();
    listed.sort();
    assert_eq!(
        registered, listed,
        "every server function must be listed in TABLE with who may call it"
    );
    shop.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_role_may_call_exactly_what_it_should() {
    let shop = Shop::open(support::Engine::Sqlite).await;
    let mut people = vec![shop.client()];
    for (email, role) in [
        ("customer@example.com", "Customer"),
        ("clerk@example.com", "Stock clerk"),
        ("handler@example.com", "Order handler"),
        ("admin@example.com", "Administrator"),
    ] {
        shop.account(email, role).await;
        people.push(shop.signed_in(email).await);
    }
    let mut wrong = Vec::new();
    for (path, arguments, allowed) in TABLE {
        for index in 0..people.len() {
            let caller = &mut people[index];
            let reply = if let Some((_, body)) = JSON_BODIES.iter().find(|(p, _)| p == path) {
                let body: serde_json::Value = serde_json::from_str(body).expect("JSON body");
                caller.post_json(path, &body).await
            } else if JSON.contains(path) {
                // {"id": 0, "form": {"name": ""}}: arguments after the first form an object.
                let (first, rest) = arguments.split_first().expect("arguments");
                let form: serde_json::Map<String, serde_json::Value> = rest
                    .iter()
                    .map(|(k, v)| (k.to_string(), serde_json::Value::from(*v)))
                    .collect();
                let body = serde_json::json!({
                    first.0: first.1.parse::<i64>().unwrap_or_default(),
                    "form": form,
                });
                caller.post_json(path, &body).await
            } else if GETS.contains(path) {
                let query: Vec<String> =
                    arguments.iter().map(|(k, v)| format!("{k}={v}")).collect();
                caller.get(&format!("{path}?{}", query.join("&"))).await
            } else {
                caller.post(path, arguments).await
            };
            // Signing out ends the caller's sessions: sign them in again for the next rows.
            if path.contains("sign-out") && index > 0 {
                people[index] = shop.signed_in(EMAILS[index]).await;
            }
            let refused = matches!(
                reply.status,
                StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN
            );
            let expected_refusal = if index == 0 {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::FORBIDDEN
            };
            if allowed[index] == refused || (refused && reply.status != expected_refusal) {
                wrong.push(format!(
                    "{path} as {}: got {}, expected {}",
                    PEOPLE[index],
                    reply.status,
                    if allowed[index] {
                        "allowed".to_string()
                    } else {
                        expected_refusal.to_string()
                    }
                ));
            }
            assert_ne!(
                reply.status,
                StatusCode::INTERNAL_SERVER_ERROR,
                "{path} as {}: {reply:?}",
                PEOPLE[index]
            );
        }
    }
    assert!(
        wrong.is_empty(),
        "permission table violated:\n{}",
        wrong.join("\n")
    );
    shop.finish().await;
}

/// The server functions that take a JSON body (with one number, then the fields of `form`).
const JSON: &[&str] = &["/api/admin/product/save"];

/// The server functions that take a JSON body of their own shape, with the body to send.
const JSON_BODIES: &[(&str, &str)] = &[
    (
        "/api/admin/purchase-order/receive",
        r#"{"number": "PO-99999", "lines": [{"line_id": 1, "units": 1}]}"#,
    ),
    (
        "/api/admin/pos/sell",
        r#"{"sale": {"location": "ST-KRK", "lines": [{"sku": "NO-SUCH-SKU", "quantity": 1}],
            "payment": {"method": "cash", "tendered": "100.00"}, "client_reference": null}}"#,
    ),
];

/// The server functions read with GET (the rest are POSTs).
const GETS: &[&str] = &[
    "/api/admin/api-keys",
    "/api/catalog/home",
    "/api/catalog/top-categories",
    "/api/catalog/category",
    "/api/catalog/product",
    "/api/account/me",
    "/api/search/suggest",
    "/api/search/results",
    "/api/cart/view",
    "/api/checkout/start",
    "/api/order/view",
    "/api/orders/mine",
    "/api/account/overview",
    "/api/admin/me",
    "/api/admin/variant",
    "/api/admin/audit",
    "/api/admin/staff",
    "/api/admin/dashboard",
    "/api/admin/orders",
    "/api/admin/order",
    "/api/admin/customers",
    "/api/admin/customer",
    "/api/admin/products",
    "/api/admin/product",
    "/api/admin/categories",
    "/api/admin/brands",
    "/api/admin/stock/movements",
    "/api/admin/locations",
    "/api/admin/suppliers",
    "/api/admin/supplier",
    "/api/admin/reorder-rules",
    "/api/admin/purchase-orders",
    "/api/admin/purchase-order",
    "/api/admin/pos/stores",
    "/api/admin/pos/item",
];

const EMAILS: [&str; 5] = [
    "",
    "customer@example.com",
    "clerk@example.com",
    "handler@example.com",
    "admin@example.com",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_are_audited_and_roles_changes_take_effect_at_once() {
    let shop = Shop::open(support::Engine::Sqlite).await;
    shop.seed(5).await;
    shop.account("admin@example.com", "Administrator").await;
    shop.account("clerk@example.com", "Stock clerk").await;
    let mut admin = shop.signed_in("admin@example.com").await;
    let mut clerk = shop.signed_in("clerk@example.com").await;

    let variant = admin.get("/api/admin/variant?sku=NO-SUCH").await;
    assert_eq!(variant.status, StatusCode::NOT_FOUND);
    let sku: String = <app::backend::entities::variant::Entity as sea_orm::EntityTrait>::find()
        .one(shop.db())
        .await
        .expect("query")
        .expect("a variant")
        .sku;
    let reply = clerk
        .post(
            "/api/admin/stock/set",
            &[("sku", &sku), ("location", "WH-MAIN"), ("on_hand", "7")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    let reply = clerk
        .post(
            "/api/admin/stock/set",
            &[("sku", &sku), ("location", "WH-MAIN"), ("on_hand", "-3")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    let reply = admin
        .post("/api/admin/price/set", &[("sku", &sku), ("price", "12.50")])
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    let reply = admin
        .post(
            "/api/admin/price/set",
            &[("sku", &sku), ("price", "twelve")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);

    let log = admin.get("/api/admin/audit").await;
    assert_eq!(log.status, StatusCode::OK);
    assert!(
        log.body.contains("clerk@example.com") && log.body.contains("stock.set"),
        "{}",
        log.body
    );
    assert!(log.body.contains("\\\"on_hand\\\":7"), "{}", log.body);
    assert!(
        log.body.contains("price.set") && log.body.contains("12.50"),
        "{}",
        log.body
    );

    // Promoting the clerk ends their session; after signing in again they have the new rights.
    let reply = admin
        .post(
            "/api/admin/staff/role",
            &[("email", "clerk@example.com"), ("role", "Administrator")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    let reply = clerk.get("/api/admin/me").await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "old session ended");
    let mut promoted = shop.signed_in("clerk@example.com").await;
    let reply = promoted.get("/api/admin/audit").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body.contains("staff.role"));
    shop.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invited_member_of_staff_chooses_a_password_and_gets_their_role() {
    let shop = Shop::open(support::Engine::Sqlite).await;
    let mut admin = shop.signed_in_admin().await;
    let reply = admin
        .post(
            "/api/admin/staff/invite",
            &[
                ("email", "new.clerk@example.com"),
                ("name", "Nia Clerk"),
                ("role", "Stock clerk"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    let again = admin
        .post(
            "/api/admin/staff/invite",
            &[
                ("email", "new.clerk@example.com"),
                ("name", "Nia Clerk"),
                ("role", "Stock clerk"),
            ],
        )
        .await;
    assert_eq!(
        again.status,
        StatusCode::CONFLICT,
        "one account per address"
    );
    let token = shop
        .mailed_token("new.clerk@example.com", "/account/reset", 1)
        .await;
    let chosen = shop
        .client()
        .post(
            "/api/account/reset",
            &[("token", &token), ("password", "a fresh clerk passphrase")],
        )
        .await;
    assert_eq!(chosen.status, StatusCode::OK, "{chosen:?}");
    let mut clerk = shop.client();
    let signed_in = clerk
        .post(
            "/api/account/sign-in",
            &[
                ("email", "new.clerk@example.com"),
                ("password", "a fresh clerk passphrase"),
            ],
        )
        .await;
    assert_eq!(signed_in.status, StatusCode::OK, "{signed_in:?}");
    let me = clerk.get("/api/admin/me").await;
    assert!(me.body.contains("Stock clerk"), "{me:?}");
    assert_eq!(
        clerk.get("/api/admin/audit").await.status,
        StatusCode::FORBIDDEN
    );
    let log = admin.get("/api/admin/audit").await;
    assert!(log.body.contains("staff.invite"), "{}", log.body);
    shop.finish().await;
}

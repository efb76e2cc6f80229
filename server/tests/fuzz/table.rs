//! The table: every plain route, page and server function, with the input each takes.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A route of `server/src/router.rs` (`.route(…)` or `.nest_service(…)`).
    Route,
    /// A Leptos page.
    Page,
    /// A server function.
    ServerFn,
}

/// What a route reads besides its path.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Input {
    /// Query fields (GET) or form fields (POST).
    Fields(&'static [&'static str]),
    /// A JSON body shaped like the named template (see `json_template`).
    Json(&'static str),
    /// A raw body (upload, import, webhook) plus these query fields.
    Bytes(&'static str, &'static [&'static str]),
}

pub(crate) struct Route {
    pub(crate) kind: Kind,
    pub(crate) method: &'static str,
    /// The pattern as axum writes it, e.g. `/c/{slug}`.
    pub(crate) path: &'static str,
    pub(crate) input: Input,
}

pub(crate) const fn route(method: &'static str, path: &'static str, input: Input) -> Route {
    Route {
        kind: Kind::Route,
        method,
        path,
        input,
    }
}

/// A page and the query fields it reads (any of `PAGE_QUERY` may be sent as well).
pub(crate) const fn page(path: &'static str, fields: &'static [&'static str]) -> Route {
    Route {
        kind: Kind::Page,
        method: "GET",
        path,
        input: Input::Fields(fields),
    }
}

pub(crate) const fn get(path: &'static str, fields: &'static [&'static str]) -> Route {
    Route {
        kind: Kind::ServerFn,
        method: "GET",
        path,
        input: Input::Fields(fields),
    }
}

pub(crate) const fn post(path: &'static str, fields: &'static [&'static str]) -> Route {
    Route {
        kind: Kind::ServerFn,
        method: "POST",
        path,
        input: Input::Fields(fields),
    }
}

pub(crate) const fn json(path: &'static str, template: &'static str) -> Route {
    Route {
        kind: Kind::ServerFn,
        method: "POST",
        path,
        input: Input::Json(template),
    }
}

/// The query fields pages and list filters read, one or another.
pub(crate) const PAGE_QUERY: &[&str] = &[
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

pub(crate) const ADMIN_ORDERS_QUERY: &[&str] = &[
    "q", "customer", "status", "from", "to", "min", "max", "page",
];
pub(crate) const ADMIN_PRODUCTS_QUERY: &[&str] =
    &["text", "category", "brand", "published", "page"];
pub(crate) const SEARCH_QUERY: &[&str] = &[
    "q", "page", "sort", "min", "max", "attr", "stock", "category", "brand",
];

/// Every route, page and server function, in the order they are fuzzed. Plain routes come
/// first: the administrator's fuzzing of the server functions may revoke the till's key.
pub(crate) const ROUTES: &[Route] = &[
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
pub(crate) const HASHES_PASSWORDS: &[&str] = &[
    "/api/account/sign-up",
    "/api/account/sign-in",
    "/api/account/reset",
    "/api/admin/staff/invite",
];

pub(crate) fn name(method: &str, path: &str) -> String {
    format!("{method} {path}")
}

//! Inventory across locations against the real router and both databases: the stock ledger
//! (who moved what, and why), the order online orders reserve from, the last units sold online
//! and over the counter at once without overselling, reorder points that raise exactly one
//! purchase order and one alert, suppliers mailed their orders, goods received in parts, the
//! job queue surviving a restart of the real binary, and the till API with its keys.
//!
//! Every scenario ends with `Shop::finish`, which checks that each stock level still equals the
//! sum of its ledger movements.
//!
//! Helpers used by more than one subject are here; each subject has a file of its own.

mod job_queue;
mod locations;
mod purchasing;
mod stock_ledger;
mod till;

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::{json, Value};

use app::backend::auth::api_keys;
use app::backend::entities::{job, location, pos_sale, purchase_order, stock_movement, variant};
use app::domain::Permission;
use app::inventory::{available_online, ledger};
use test_support::shopping::{json_of, published_variant, set_on_hand};
use test_support::{Client, Reply, Shop};

const BOSS: &str = "boss@example.com";
const SUPPLIER: &str = "orders@tessuti.example";

async fn location_of(shop: &Shop, code: &str) -> location::Model {
    location::Entity::find()
        .filter(location::Column::Code.eq(code))
        .one(shop.db())
        .await
        .expect("query")
        .unwrap_or_else(|| panic!("no location {code}"))
}

async fn location_id(shop: &Shop, code: &str) -> i32 {
    location_of(shop, code).await.id
}

/// The `nth` (from 0) variant of a published product, with exactly `warehouse` units on hand at
/// the main warehouse and `store` at the Kraków store, none reserved.
async fn stocked(shop: &Shop, nth: usize, warehouse: i32, store: i32) -> variant::Model {
    let item = published_variant(shop, nth).await;
    set_on_hand(shop, item.id, location_id(shop, "WH-MAIN").await, warehouse).await;
    set_on_hand(shop, item.id, location_id(shop, "ST-KRK").await, store).await;
    item
}

/// (on hand, reserved) of a variant at one location.
async fn level(shop: &Shop, variant_id: i32, code: &str) -> (i32, i32) {
    let level = ledger::level(shop.db(), variant_id, location_id(shop, code).await)
        .await
        .expect("level")
        .unwrap_or_default();
    (level.on_hand, level.reserved)
}

/// Units of a variant shoppers can still buy online.
async fn online_units(shop: &Shop, variant_id: i32) -> i64 {
    available_online(shop.db(), &[variant_id])
        .await
        .expect("availability")
        .get(&variant_id)
        .copied()
        .unwrap_or_default()
}

async fn movements(shop: &Shop, variant_id: i32) -> Vec<stock_movement::Model> {
    stock_movement::Entity::find()
        .filter(stock_movement::Column::VariantId.eq(variant_id))
        .order_by_asc(stock_movement::Column::Id)
        .all(shop.db())
        .await
        .expect("movements")
}

async fn jobs_of(shop: &Shop, kind: &str) -> Vec<job::Model> {
    job::Entity::find()
        .filter(job::Column::Kind.eq(kind))
        .order_by_asc(job::Column::Id)
        .all(shop.db())
        .await
        .expect("jobs")
}

async fn purchase_orders(shop: &Shop) -> Vec<purchase_order::Model> {
    purchase_order::Entity::find()
        .order_by_asc(purchase_order::Column::Id)
        .all(shop.db())
        .await
        .expect("purchase orders")
}

async fn pos_sales(shop: &Shop) -> u64 {
    pos_sale::Entity::find()
        .count(shop.db())
        .await
        .expect("sales")
}

/// The texts of the low-stock alerts `to` has received so far.
async fn alerts_to(shop: &Shop, to: &str) -> Vec<String> {
    shop.mails_to(to, 0)
        .await
        .iter()
        .map(|m| mail_part(m, "text/plain"))
        .filter(|text| text.contains("at or below its reorder point"))
        .collect()
}

async fn key(shop: &Shop, name: &str, permissions: &[Permission], store: Option<&str>) -> String {
    let location = match store {
        Some(code) => Some(location_id(shop, code).await),
        None => None,
    };
    let permissions: BTreeSet<Permission> = permissions.iter().copied().collect();
    api_keys::create(shop.db(), name, &permissions, location)
        .await
        .expect("API key")
}

/// A request from an external till: no cookies, no `Origin`, its key (if any) as a bearer token.
async fn till(
    shop: &Shop,
    key: Option<&str>,
    request: axum::http::request::Builder,
    body: &str,
) -> Reply {
    let mut request = request
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT, "application/json");
    if let Some(key) = key {
        request = request.header(header::AUTHORIZATION, format!("Bearer {key}"));
    }
    shop.client()
        .send(request.body(Body::from(body.to_string())).expect("request"))
        .await
}

async fn till_sale(shop: &Shop, key: Option<&str>, sale: &Value) -> Reply {
    till(
        shop,
        key,
        Request::post("/api/pos/v1/sales"),
        &sale.to_string(),
    )
    .await
}

/// A sale of `quantity` units of `sku`, paid by card at the store's terminal.
fn card_sale(store: &str, sku: &str, quantity: i32, reference: Option<&str>) -> Value {
    json!({
        "location": store,
        "lines": [{ "sku": sku, "quantity": quantity }],
        "payment": { "method": "card_present", "reference": "AUTH-1" },
        "client_reference": reference,
    })
}

async fn admin_with_supplier(shop: &Shop, item: &variant::Model, mode: &str) -> (Client, String) {
    let mut admin = shop.signed_in_admin().await;
    let saved = admin
        .post(
            "/api/admin/supplier/save",
            &[
                ("name", "Tessuti SpA"),
                ("email", SUPPLIER),
                ("lead_time_days", "7"),
                ("auto_reorder", mode),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{saved:?}");
    let supplier = json_of(&saved).as_i64().expect("supplier id").to_string();
    let priced = admin
        .post(
            "/api/admin/supplier/item",
            &[
                ("supplier_id", supplier.as_str()),
                ("sku", &item.sku),
                ("cost", "12.50"),
                ("supplier_sku", "TS-77"),
            ],
        )
        .await;
    assert_eq!(priced.status, StatusCode::OK, "{priced:?}");
    (admin, supplier)
}

async fn set_rule(
    admin: &mut Client,
    sku: &str,
    location: &str,
    point: &str,
    quantity: &str,
    supplier: &str,
) {
    let reply = admin
        .post(
            "/api/admin/reorder-rule/set",
            &[
                ("sku", sku),
                ("location", location),
                ("reorder_point", point),
                ("reorder_quantity", quantity),
                ("supplier", supplier),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
}

/// The part of a raw mail whose headers contain `marker`, decoded.
fn mail_part(eml: &str, marker: &str) -> String {
    let eml = eml.replace("\r\n", "\n");
    let at = eml
        .find(marker)
        .unwrap_or_else(|| panic!("no part with {marker} in {eml}"));
    let start = eml[..at].rfind("\n--").map_or(0, |i| i + 1);
    let part = &eml[start..];
    let (headers, rest) = part.split_once("\n\n").expect("a part body");
    let body = &rest[..rest.find("\n--").unwrap_or(rest.len())];
    let encoding = headers
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-transfer-encoding:")
                .map(|e| e.trim().to_string())
        })
        .unwrap_or_default();
    match encoding.as_str() {
        "base64" => String::from_utf8(base64(body)).expect("UTF-8"),
        "quoted-printable" => quoted_printable(body),
        _ => body.to_string(),
    }
}

fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let digits: Vec<u8> = text
        .bytes()
        .filter(|c| c.is_ascii_alphanumeric() || *c == b'+' || *c == b'/')
        .map(value)
        .collect();
    let mut out = Vec::new();
    for chunk in digits.chunks(4) {
        let mut bits = 0u32;
        for (i, d) in chunk.iter().enumerate() {
            bits |= u32::from(*d) << (18 - 6 * i);
        }
        let bytes = bits.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    out
}

fn quoted_printable(text: &str) -> String {
    let joined = text.replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let escaped = bytes
            .get(i + 1..i + 3)
            .filter(|_| bytes[i] == b'=')
            .and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).expect("UTF-8")
}

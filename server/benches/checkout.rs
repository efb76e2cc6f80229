//! Cart and checkout under load, over real HTTP against a served shop and its sandbox gateway,
//! on SQLite and (when reachable) PostgreSQL:
//!
//! - add-to-cart requests per second and latency percentiles at 32 connections;
//! - complete checkouts per second (add to cart, place the order, pay on the sandbox's card
//!   page; the gateway's webhook marks the order paid);
//! - the race: 1,000 concurrent checkouts for 10 units; oversold must be 0.
//!
//! `BENCH_SECONDS` sets each load phase's length (default 10).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use app::backend::entities::{order, variant};
use test_support::shopping::{checkout_form, stock_of, variant_with_stock, GOOD_CARD};
use test_support::{Engine, Shop};

const CONNECTIONS: usize = 32;

/// A shopper's browser: keeps the cart cookie and sends `Origin`, as browsers do.
struct Visitor {
    http: reqwest::Client,
    site: String,
    cookie: Option<String>,
}

impl Visitor {
    fn new(site: &str) -> Visitor {
        Visitor {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            site: site.to_string(),
            cookie: None,
        }
    }

    async fn post(&mut self, path: &str, request: reqwest::RequestBuilder) -> reqwest::Response {
        let mut request = request.header("origin", &self.site);
        if let Some(cookie) = &self.cookie {
            request = request.header("cookie", cookie);
        }
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        if let Some(set) = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.contains("mercato_cart="))
        {
            self.cookie = set.split(';').next().map(str::to_string);
        }
        response
    }

    async fn add(&mut self, sku: &str) -> reqwest::StatusCode {
        let url = format!("{}/api/cart/add", self.site);
        let request = self.http.post(url).form(&[("sku", sku), ("quantity", "1")]);
        self.post("cart/add", request).await.status()
    }

    /// Places the order; Ok(payment page) or Err(status).
    async fn place(&mut self, attempt: &str) -> Result<String, reqwest::StatusCode> {
        let url = format!("{}/api/checkout/place", self.site);
        let request = self.http.post(url).json(&checkout_form(attempt, ""));
        let response = self.post("checkout/place", request).await;
        let status = response.status();
        if !status.is_success() {
            return Err(status);
        }
        let body: serde_json::Value = response.json().await.expect("json");
        Ok(body["payment_url"].as_str().expect("url").to_string())
    }
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index].as_secs_f64() * 1000.0
}

fn report(what: &str, count: usize, elapsed: Duration, mut latencies: Vec<Duration>) {
    latencies.sort();
    println!(
        "  {what}: {count} in {:.1} s = {:.0}/s; latency p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms",
        elapsed.as_secs_f64(),
        count as f64 / elapsed.as_secs_f64(),
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.95),
        percentile(&latencies, 0.99),
    );
}

async fn skus(shop: &Shop, count: u64) -> Vec<String> {
    use sea_orm::{QueryOrder, QuerySelect};
    let published: Vec<i32> = app::backend::entities::product::Entity::find()
        .filter(app::backend::entities::product::Column::Published.eq(true))
        .all(shop.db())
        .await
        .expect("products")
        .into_iter()
        .map(|p| p.id)
        .collect();
    variant::Entity::find()
        .filter(variant::Column::ProductId.is_in(published))
        .order_by_asc(variant::Column::Id)
        .limit(count)
        .all(shop.db())
        .await
        .expect("variants")
        .into_iter()
        .map(|v| v.sku)
        .collect()
}

/// 32 shoppers adding items for `seconds`; each starts a new cart every 20 items.
async fn add_to_cart(shop: &Shop, seconds: u64) {
    let skus = Arc::new(skus(shop, 40).await);
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let tasks: Vec<_> = (0..CONNECTIONS)
        .map(|n| {
            let (skus, stop, site) = (skus.clone(), stop.clone(), shop.site().to_string());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut visitor = Visitor::new(&site);
                let mut i = n;
                while !stop.load(Ordering::Relaxed) {
                    if latencies.len() % 20 == 0 {
                        visitor = Visitor::new(&site);
                    }
                    let began = Instant::now();
                    let status = visitor.add(&skus[i % skus.len()]).await;
                    assert!(status.is_success(), "add to cart: {status}");
                    latencies.push(began.elapsed());
                    i += 7;
                }
                latencies
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.expect("task"));
    }
    report(
        "add to cart, 32 connections",
        latencies.len(),
        started.elapsed(),
        latencies,
    );
}

/// Waits until `expected` orders are paid (the sandbox's webhooks arrive in the background).
async fn wait_paid(shop: &Shop, expected: usize) -> usize {
    let mut paid = 0;
    for _ in 0..600 {
        paid = paid_orders(shop).await;
        if paid >= expected {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    paid
}

/// 32 shoppers each buying one item after another for `seconds`: cart, order, card.
async fn checkouts(shop: &Shop, seconds: u64) {
    let skus = Arc::new(skus(shop, 40).await);
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let tasks: Vec<_> = (0..CONNECTIONS)
        .map(|n| {
            let (skus, stop, done) = (skus.clone(), stop.clone(), done.clone());
            let site = shop.site().to_string();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut i = n;
                while !stop.load(Ordering::Relaxed) {
                    let began = Instant::now();
                    let mut visitor = Visitor::new(&site);
                    assert!(visitor.add(&skus[i % skus.len()]).await.is_success());
                    let page = visitor
                        .place(&format!("bench-{n}-{i}"))
                        .await
                        .expect("placed");
                    let paid = test_support::shopping::pay(&page, GOOD_CARD).await;
                    assert_eq!(paid.status(), 303, "paid");
                    latencies.push(began.elapsed());
                    done.fetch_add(1, Ordering::Relaxed);
                    i += 7;
                }
                latencies
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.expect("task"));
    }
    let elapsed = started.elapsed();
    let count = latencies.len();
    report(
        "complete checkouts (cart + order + card), 32 shoppers",
        count,
        elapsed,
        latencies,
    );
    let paid = wait_paid(shop, count).await;
    println!("  orders paid through the gateway's webhooks: {paid} of {count}");
}

/// 1,000 shoppers with the same item in their carts press "Place order" at once; 10 units.
async fn paid_orders(shop: &Shop) -> usize {
    order::Entity::find()
        .filter(order::Column::Status.eq("paid"))
        .all(shop.db())
        .await
        .expect("orders")
        .len()
}

async fn race(shop: &Shop) {
    let item = variant_with_stock(shop, 10).await;
    let paid_before = paid_orders(shop).await;
    let mut visitors = Vec::new();
    for _ in 0..1000 {
        let mut visitor = Visitor::new(shop.site());
        assert!(visitor.add(&item.sku).await.is_success());
        visitors.push(visitor);
    }
    let started = Instant::now();
    let attempts: Vec<_> = visitors
        .into_iter()
        .enumerate()
        .map(|(n, mut visitor)| {
            tokio::spawn(async move { visitor.place(&format!("race-{n}")).await })
        })
        .collect();
    let mut placed = Vec::new();
    let mut refused = 0;
    for attempt in attempts {
        match attempt.await.expect("task") {
            Ok(page) => placed.push(page),
            Err(status) => {
                assert_eq!(status, 400, "refused cleanly");
                refused += 1;
            }
        }
    }
    let elapsed = started.elapsed();
    for page in &placed {
        assert_eq!(
            test_support::shopping::pay(page, GOOD_CARD).await.status(),
            303
        );
    }
    let paid = wait_paid(shop, paid_before + placed.len()).await - paid_before;
    let (on_hand, reserved) = stock_of(shop, item.id).await;
    let oversold = (placed.len() as i64 - 10).max(0) + i64::from((-on_hand).max(0));
    println!(
        "  race: 1,000 concurrent checkouts for 10 units in {:.1} s: {} placed, {refused} refused; \
         stock left {on_hand} (reserved {reserved}); oversold {oversold}; {paid} paid",
        elapsed.as_secs_f64(),
        placed.len(),
    );
    assert_eq!(oversold, 0, "never oversold");
}

async fn bench(engine: Engine, seconds: u64) {
    let shop = Shop::open_served(engine, &[]).await;
    shop.seed(240).await;
    // Plenty of stock everywhere, so the load phases measure the shop, not sell-outs; written to
    // the ledger too (one adjustment per level), so the levels still add up.
    shop.execute(
        "INSERT INTO stock_movements \
           (variant_id, location_id, kind, on_hand_change, reserved_change, reason, actor, \"at\") \
         SELECT variant_id, location_id, 'adjustment', 1000000 - on_hand, -reserved, \
           'bench setup', 'system', 0 FROM stock_levels",
    )
    .await;
    shop.execute("UPDATE stock_levels SET on_hand = 1000000, reserved = 0")
        .await;
    add_to_cart(&shop, seconds).await;
    checkouts(&shop, seconds).await;
    race(&shop).await;
    shop.finish().await;
}

fn main() {
    let seconds = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        println!("SQLite (embedded default):");
        bench(Engine::Sqlite, seconds).await;
        let postgres = std::env::var("MERCATO_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
        if sea_orm::Database::connect(&postgres).await.is_ok() {
            println!("PostgreSQL:");
            bench(Engine::Postgres, seconds).await;
        } else {
            println!("PostgreSQL: not reachable at {postgres}, skipped");
        }
    });
}

//! Search on a catalog of 100,000 generated products (SQLite; `BENCH_PRODUCTS` to change):
//! index build time and memory, then latency percentiles for a mixed set of queries (single
//! words, two words, typos, facets and filters), measured in the server (the index alone, and
//! the whole results page with its cards from the database) and over HTTP on loopback, plus the
//! search box's suggestion round trip.

use std::time::{Duration, Instant};

use app::domain::Currency;
use app::search::domain::SearchQuery;
use test_support::{Engine, Shop};

const QUERIES: &[&str] = &[
    "q=shirt",
    "q=lamp",
    "q=mug",
    "q=linen+shirt",
    "q=desk+lamp",
    "q=rolltop+backpack",
    "q=shrit",
    "q=bakcpack",
    "q=skilet+iron",
    "q=shirt&brand=nordlys",
    "q=lamp&min=20&max=120&sort=price-asc",
    "q=boot&attr=colour%3Ablack&stock=1",
    "category=clothing&sort=newest",
    "q=serum&category=beauty&sort=price-desc",
    "",
];

/// The results page's price bucket edges in euro cents.
const EDGES: [i64; 9] = [
    1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000,
];

const SUGGESTIONS: &[&str] = &[
    "sh", "shi", "shir", "lin", "linen sh", "desk la", "vistlua", "rollt",
];

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn report(what: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let at = |p: f64| {
        let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
        samples[i].as_secs_f64() * 1000.0
    };
    println!(
        "  {what}: {} runs; p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms",
        samples.len(),
        at(0.50),
        at(0.95),
        at(0.99)
    );
}

fn parsed(query: &str) -> SearchQuery {
    let params: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    SearchQuery::from_params(&params, Currency::Eur).0
}

async fn bench(products: usize, rounds: usize) {
    let shop = Shop::open_served(Engine::Sqlite, &[]).await;
    let seeding = Instant::now();
    app::backend::seed::seed(
        shop.db(),
        &app::backend::media_store::LocalMediaStore::new(&shop.media_dir),
        &app::backend::seed::SeedOptions {
            products,
            ..Default::default()
        },
    )
    .await
    .expect("seed");
    println!(
        "  seeded {products} products in {:.1} s",
        seeding.elapsed().as_secs_f64()
    );

    let index = app::search::SearchIndex::new().expect("index");
    let before = rss_kib();
    let building = Instant::now();
    let indexed = index.rebuild(shop.db(), |_, _| {}).await.expect("rebuild");
    println!(
        "  index build: {indexed} products in {:.2} s; index size {:.1} MB; process memory +{} MB during the build",
        building.elapsed().as_secs_f64(),
        index.size_bytes() as f64 / 1e6,
        rss_kib().saturating_sub(before) / 1024
    );
    // The shop's own index, for the HTTP rounds.
    shop.state
        .search
        .rebuild(shop.db(), |_, _| {})
        .await
        .expect("rebuild");

    let mut index_only = Vec::new();
    let mut whole_page = Vec::new();
    for round in 0..rounds {
        let query = QUERIES[round % QUERIES.len()];
        let q = parsed(query);
        let started = Instant::now();
        index
            .search(&q, 0, 24, Some(&EDGES), false)
            .expect("search");
        index_only.push(started.elapsed());
        let started = Instant::now();
        app::search::service::results(&shop.state, query)
            .await
            .expect("results");
        whole_page.push(started.elapsed());
    }
    report("server, index only (24 hits + total + facets)", index_only);
    report(
        "server, whole results page (index + facets + buckets + cards from SQLite)",
        whole_page,
    );

    let http = reqwest::Client::new();
    let mut over_http = Vec::new();
    for round in 0..rounds / 2 {
        let query = QUERIES[round % QUERIES.len()];
        let url = format!(
            "{}/api/search/results?query={}",
            shop.site(),
            form_urlencoded::byte_serialize(query.as_bytes()).collect::<String>()
        );
        let started = Instant::now();
        let reply = http.get(&url).send().await.expect("reply");
        assert!(reply.status().is_success(), "{url}");
        reply.bytes().await.expect("body");
        over_http.push(started.elapsed());
    }
    report("HTTP on loopback, results", over_http);
    let mut suggest = Vec::new();
    for round in 0..rounds {
        let text = SUGGESTIONS[round % SUGGESTIONS.len()];
        let url = format!(
            "{}/api/search/suggest?text={}",
            shop.site(),
            form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>()
        );
        let started = Instant::now();
        let reply = http.get(&url).send().await.expect("reply");
        assert!(reply.status().is_success());
        reply.bytes().await.expect("body");
        suggest.push(started.elapsed());
    }
    report("HTTP on loopback, suggestions round trip", suggest);
    shop.finish().await;
}

fn main() {
    let products = std::env::var("BENCH_PRODUCTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let rounds = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1500);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    println!("Search, {products} products (SQLite):");
    runtime.block_on(bench(products, rounds));
}

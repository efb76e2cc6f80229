//! No card number ever reaches the shop: not its database file, not its logs (every level, the
//! sandbox gateway's included, since it runs in the same process), not any response. Only the
//! brand and the last four digits do.

use test_support as support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use tracing_subscriber::fmt::MakeWriter;

use test_support::shopping::{buyer_with, checkout_form, json_of, pay, variant_with_stock};
use test_support::Shop;

const CARD: &str = "4242424242424242";
const CARD_AS_TYPED: &str = "4242 4242 4242 4242";

/// Every log line, kept in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut all) = self.0.lock() {
            all.extend_from_slice(bytes);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

fn assert_no_card(what: &str, text: &str) {
    assert!(!text.contains(CARD), "card number in {what}");
    assert!(!text.contains(CARD_AS_TYPED), "card number in {what}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_card_number_is_kept_logged_or_shown_by_the_shop() {
    let logs = Captured::default();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(logs.clone())
        .with_ansi(false)
        .init();

    let shop = Shop::open(support::Engine::Sqlite).await;
    shop.seed(5).await;
    let item = variant_with_stock(&shop, 5).await;
    let mut buyer = buyer_with(&shop, &item.sku, 1).await;
    let placed = buyer
        .post_json("/api/checkout/place", &checkout_form("card", ""))
        .await;
    assert_no_card("the placing answer", &placed.body);
    let placed = json_of(&placed);
    let paid = pay(placed["payment_url"].as_str().expect("url"), CARD_AS_TYPED).await;
    assert_eq!(paid.status(), 303);
    let location = paid.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    assert_no_card("the redirect back to the shop", &location);
    let page = buyer
        .get(location.strip_prefix(support::SITE).expect("ours"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Visa ending in 4242"), "{page:?}");
    assert_no_card("the order page", &page.body);
    let html = buyer
        .get(&format!("/order/{}", placed["number"].as_str().expect("n")))
        .await;
    assert_no_card("the order page's HTML", &html.body);

    let url = shop.database_url().to_string();
    let _ = shop.state.db.clone().close().await;
    let path = url.trim_start_matches("sqlite://");
    for file in [path.to_string(), format!("{path}-wal")] {
        if let Ok(bytes) = std::fs::read(&file) {
            assert_no_card(&file, &String::from_utf8_lossy(&bytes));
        }
    }
    let logged = String::from_utf8_lossy(&logs.0.lock().expect("logs")).into_owned();
    assert!(
        logged.contains("order paid"),
        "the logs were captured: {logged}"
    );
    assert_no_card("the logs", &logged);
    shop.finish().await;
}

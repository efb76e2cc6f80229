//! Mail really leaves over SMTP: a real SMTP server (mailin) runs inside the test, the shop's
//! mailer talks to it over TCP, and the test reads what arrived.

use test_support as support;

use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use app::backend::mail::{Mail, Mailer};
use app::domain::EmailAddress;
use mailin_embedded::{response, Handler, Response, Server};

#[derive(Clone, Debug)]
struct Delivery {
    recipients: Vec<String>,
    text: String,
}

#[derive(Clone, Default)]
struct Inbox {
    current: Vec<u8>,
    recipients: Vec<String>,
    delivered: Arc<Mutex<Vec<Delivery>>>,
}

impl Handler for Inbox {
    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.current.clear();
        self.recipients = to.to_vec();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.current.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let text = String::from_utf8_lossy(&self.current).into_owned();
        if let Ok(mut delivered) = self.delivered.lock() {
            delivered.push(Delivery {
                recipients: self.recipients.clone(),
                text,
            });
        }
        response::OK
    }
}

/// Starts a real SMTP server on a free port; returns its port and what it received.
fn smtp_server() -> (u16, Arc<Mutex<Vec<Delivery>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    let inbox = Inbox::default();
    let delivered = inbox.delivered.clone();
    let mut server = Server::new(inbox);
    server.with_name("smtp.test").with_tcp_listener(listener);
    std::thread::spawn(move || {
        let _ = server.serve();
    });
    (port, delivered)
}

/// What the SMTP server received, once something arrived (or after a few seconds).
async fn arrivals(delivered: &Arc<Mutex<Vec<Delivery>>>) -> Vec<Delivery> {
    let mut arrived = Vec::new();
    for _ in 0..250 {
        arrived = delivered.lock().map(|d| d.clone()).unwrap_or_default();
        if !arrived.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    arrived
}

#[tokio::test]
async fn sends_through_a_real_smtp_server() {
    let (port, delivered) = smtp_server();

    let mailer = Mailer::smtp(
        &format!("smtp://127.0.0.1:{port}"),
        "Mercato <shop@shop.test>",
    )
    .expect("mailer");
    mailer
        .send(Mail {
            to: EmailAddress::parse("ada@example.com").expect("address"),
            subject: "Confirm your e-mail address".into(),
            text: "Open https://shop.test/account/verify?token=abc to confirm.".into(),
        })
        .await
        .expect("the SMTP server accepts the mail");

    let arrived = arrivals(&delivered).await;
    let Delivery { recipients, text } = arrived.first().expect("one mail delivered");
    assert_eq!(recipients, &vec!["ada@example.com".to_string()]);
    assert!(
        text.contains("Subject: Confirm your e-mail address"),
        "{text}"
    );
    assert!(text.contains("From: Mercato <shop@shop.test>"), "{text}");
    assert!(text.contains("account/verify?token=abc"), "{text}");
}

#[tokio::test]
async fn an_unreachable_smtp_server_is_an_error_not_a_hang() {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let mailer =
        Mailer::smtp(&format!("smtp://127.0.0.1:{port}"), "shop@shop.test").expect("mailer");
    let result = mailer
        .send(Mail {
            to: EmailAddress::parse("ada@example.com").expect("address"),
            subject: "x".into(),
            text: "x".into(),
        })
        .await;
    assert!(result.is_err());
}

#[test]
fn refuses_a_malformed_sender() {
    assert!(Mailer::smtp("smtp://127.0.0.1:25", "not a mailbox").is_err());
}

/// A paid order's confirmation leaves through the configured SMTP server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn order_confirmations_go_out_over_smtp() {
    use support::shopping::{
        buyer_with, checkout_form, json_of, pay, variant_with_stock, BUYER, GOOD_CARD,
    };

    let (port, delivered) = smtp_server();
    let smtp = format!("smtp://127.0.0.1:{port}");
    let shop = support::Shop::open_with(support::Engine::Sqlite, &["--smtp-url", &smtp]).await;
    shop.seed(5).await;
    let item = variant_with_stock(&shop, 3).await;
    let mut buyer = buyer_with(&shop, &item.sku, 1).await;
    let placed = json_of(
        &buyer
            .post_json("/api/checkout/place", &checkout_form("smtp", ""))
            .await,
    );
    let paid = pay(placed["payment_url"].as_str().expect("url"), GOOD_CARD).await;
    let back = paid.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    let page = buyer
        .get(back.strip_prefix(support::SITE).expect("this shop"))
        .await;
    assert!(page.body.contains("Paid"), "{page:?}");

    let arrived = arrivals(&delivered).await;
    let Delivery { recipients, text } = arrived.first().expect("the confirmation arrived");
    assert_eq!(recipients, &vec![BUYER.to_string()]);
    let number = placed["number"].as_str().expect("number");
    assert!(
        text.contains(&format!("Subject: Your Mercato order {number}")),
        "{text}"
    );
    shop.finish().await;
}

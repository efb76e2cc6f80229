//! Mail really leaves over SMTP: a real SMTP server (mailin) runs inside the test, the shop's
//! mailer talks to it over TCP, and the test reads what arrived.

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

#[tokio::test]
async fn sends_through_a_real_smtp_server() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    let inbox = Inbox::default();
    let delivered = inbox.delivered.clone();
    let mut server = Server::new(inbox);
    server.with_name("smtp.test").with_tcp_listener(listener);
    std::thread::spawn(move || {
        let _ = server.serve();
    });

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

    let mut arrived = Vec::new();
    for _ in 0..50 {
        arrived = delivered.lock().map(|d| d.clone()).unwrap_or_default();
        if !arrived.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
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

//! Set-up shared by the workspace's integration tests and benchmarks.
//!
//! A real shop for HTTP tests ([`Shop`]): a fresh database (a SQLite file, or a new database on
//! the PostgreSQL server named by `MERCATO_TEST_POSTGRES_URL`), the real router, a mail folder to
//! read what the shop sent, and a browser-like client that keeps cookies and sends `Origin`
//! ([`Client`]). Beside it: shopping as a test ([`shopping`]), stand-ins for an S3 bucket and for
//! Stripe ([`s3_double`], [`stripe_double`]), and a bare migrated database for tests of the
//! services ([`services`]).

mod client;
pub mod database;
pub mod s3_double;
pub mod services;
mod shop;
pub mod shopping;
pub mod stripe_double;

pub use client::{Client, Reply};
pub use database::{Engine, FreshDatabase};
pub use shop::Shop;

pub const SITE: &str = "https://shop.test";
pub const PASSWORD: &str = "correct horse battery";

/// Runs one async scenario as two tests, `sqlite` and `postgres`, each on a fresh shop.
#[macro_export]
macro_rules! on_both_databases {
    ($name:ident, $scenario:expr) => {
        mod $name {
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let shop = $crate::Shop::open($crate::Engine::Sqlite).await;
                ($scenario)(&shop).await;
                shop.finish().await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let shop = $crate::Shop::open($crate::Engine::Postgres).await;
                ($scenario)(&shop).await;
                shop.finish().await;
            }
        }
    };
}

/// A mail's text as its reader sees it, so that "Dziękujemy" can be looked for as it is
/// written: a base64 body decoded, or quoted-printable undone (soft line breaks, `=XX` bytes).
pub fn decoded(mail: &str) -> String {
    use base64::Engine as _;
    if mail.contains("Content-Transfer-Encoding: base64") {
        let (head, body) = mail
            .split_once("\r\n\r\n")
            .or_else(|| mail.split_once("\n\n"))
            .unwrap_or((mail, ""));
        let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
        if let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(compact) {
            return format!("{head}\n\n{}", String::from_utf8_lossy(&bytes));
        }
    }
    let joined = mail.replace("=\r\n", "").replace("=\n", "");
    if !mail.contains("Content-Transfer-Encoding: quoted-printable") {
        return joined;
    }
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'=', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

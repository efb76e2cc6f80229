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

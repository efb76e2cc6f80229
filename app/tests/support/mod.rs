//! A fresh, real database for each test: a SQLite file in a temporary folder, or a new database
//! on the PostgreSQL server named by `MERCATO_TEST_POSTGRES_URL`
//! (default `postgres://postgres@127.0.0.1:5432/test`).

#![allow(dead_code)]

use std::sync::atomic::{AtomicU32, Ordering};

use app::backend::db;
use app::backend::media_store::LocalMediaStore;
use app::backend::seed::{self, SeedOptions, SeedSummary};
use app::backend::SiteConfig;
use app::domain::Currency;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

pub struct TestDb {
    pub db: DatabaseConnection,
    pub folder: tempfile::TempDir,
    postgres_name: Option<String>,
}

fn admin_url() -> String {
    std::env::var("MERCATO_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string())
}

fn unique_name() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "mercato_test_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

pub async fn fresh(engine: Engine) -> TestDb {
    let folder = tempfile::tempdir().expect("temporary folder");
    match engine {
        Engine::Sqlite => {
            let url = format!("sqlite://{}/shop.db", folder.path().display());
            let db = db::connect(&url).await.expect("open SQLite");
            TestDb {
                db,
                folder,
                postgres_name: None,
            }
        }
        Engine::Postgres => {
            let admin_url = admin_url();
            let admin = Database::connect(&admin_url)
                .await
                .expect("PostgreSQL must be reachable (set MERCATO_TEST_POSTGRES_URL)");
            let name = unique_name();
            admin
                .execute(Statement::from_string(
                    admin.get_database_backend(),
                    format!("CREATE DATABASE {name}"),
                ))
                .await
                .expect("create test database");
            let _ = admin.close().await;
            let base = admin_url
                .rsplit_once('/')
                .map(|(base, _)| base)
                .unwrap_or(&admin_url);
            let db = db::connect(&format!("{base}/{name}"))
                .await
                .expect("open PostgreSQL");
            TestDb {
                db,
                folder,
                postgres_name: Some(name),
            }
        }
    }
}

impl TestDb {
    pub fn media(&self) -> LocalMediaStore {
        LocalMediaStore::new(self.folder.path().join("media"))
    }

    pub async fn seed(&self, products: usize) -> SeedSummary {
        seed::seed(
            &self.db,
            &self.media(),
            &SeedOptions {
                products,
                currency: Currency::Eur,
                show_progress: false,
            },
        )
        .await
        .expect("seed the demo shop")
    }

    /// Drops a PostgreSQL test database; SQLite files go with the temporary folder.
    pub async fn finish(self) {
        let TestDb {
            db, postgres_name, ..
        } = self;
        let _ = db.close().await;
        if let Some(name) = postgres_name {
            if let Ok(admin) = Database::connect(&admin_url()).await {
                let _ = admin
                    .execute(Statement::from_string(
                        admin.get_database_backend(),
                        format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                    ))
                    .await;
            }
        }
    }
}

pub fn site() -> SiteConfig {
    SiteConfig {
        site_url: "https://shop.test".into(),
        currency: Currency::Eur,
    }
}

/// Runs one async scenario as two tests, `sqlite` and `postgres`, each on a fresh database.
#[macro_export]
macro_rules! on_both_databases {
    ($name:ident, $scenario:expr) => {
        mod $name {
            use super::*;

            #[tokio::test]
            async fn sqlite() {
                let test_db = support::fresh(support::Engine::Sqlite).await;
                ($scenario)(&test_db).await;
                test_db.finish().await;
            }

            #[tokio::test]
            async fn postgres() {
                let test_db = support::fresh(support::Engine::Postgres).await;
                ($scenario)(&test_db).await;
                test_db.finish().await;
            }
        }
    };
}

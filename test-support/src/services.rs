//! Tests of the services without the HTTP shop: a fresh, real, migrated database for each test
//! (a SQLite file in a temporary folder, or a new database on the PostgreSQL server named by
//! `MERCATO_TEST_POSTGRES_URL`), the demo seed and the site settings.

use app::backend::db;
use app::backend::media_store::LocalMediaStore;
use app::backend::seed::{self, SeedOptions, SeedSummary};
use app::backend::SiteConfig;
use app::domain::Currency;
use sea_orm::DatabaseConnection;

use crate::{Engine, FreshDatabase};

pub struct TestDb {
    pub db: DatabaseConnection,
    pub database: FreshDatabase,
}

pub async fn fresh(engine: Engine) -> TestDb {
    let database = FreshDatabase::create(engine).await;
    let db = db::connect(&database.url)
        .await
        .expect("open the test database");
    TestDb { db, database }
}

impl TestDb {
    pub fn media(&self) -> LocalMediaStore {
        LocalMediaStore::new(self.database.folder.path().join("media"))
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

    pub async fn finish(self) {
        let TestDb { db, database } = self;
        let _ = db.close().await;
        database.remove().await;
    }
}

pub fn site() -> SiteConfig {
    SiteConfig {
        site_url: "https://shop.test".into(),
        currency: Currency::Eur,
    }
}

/// Runs one async scenario as two tests, `sqlite` and `postgres`, each on a fresh database.
#[doc(hidden)]
#[macro_export]
macro_rules! services_on_both_databases {
    ($name:ident, $scenario:expr) => {
        mod $name {
            use super::*;

            #[tokio::test]
            async fn sqlite() {
                let test_db = $crate::services::fresh($crate::Engine::Sqlite).await;
                ($scenario)(&test_db).await;
                test_db.finish().await;
            }

            #[tokio::test]
            async fn postgres() {
                let test_db = $crate::services::fresh($crate::Engine::Postgres).await;
                ($scenario)(&test_db).await;
                test_db.finish().await;
            }
        }
    };
}

pub use crate::services_on_both_databases as on_both_databases;

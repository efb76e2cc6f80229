//! An empty, real database for one test: a SQLite file in a temporary folder, or a new database
//! on the PostgreSQL server named by `MERCATO_TEST_POSTGRES_URL`
//! (default `postgres://postgres@127.0.0.1:5432/test`).

use std::sync::atomic::{AtomicU32, Ordering};

use sea_orm::{ConnectionTrait, Database, Statement};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

pub struct FreshDatabase {
    /// Where to connect; the schema is not there yet (`db::connect` migrates).
    pub url: String,
    /// A temporary folder for the SQLite file, media and mail; removed with the value.
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

async fn run_on_server(sql: String) -> Result<(), sea_orm::DbErr> {
    let admin = Database::connect(&admin_url()).await?;
    let result = admin
        .execute(Statement::from_string(admin.get_database_backend(), sql))
        .await;
    let _ = admin.close().await;
    result.map(|_| ())
}

impl FreshDatabase {
    pub async fn create(engine: Engine) -> FreshDatabase {
        let folder = tempfile::tempdir().expect("temporary folder");
        match engine {
            Engine::Sqlite => FreshDatabase {
                url: format!("sqlite://{}/shop.db", folder.path().display()),
                folder,
                postgres_name: None,
            },
            Engine::Postgres => {
                let name = unique_name();
                run_on_server(format!("CREATE DATABASE {name}"))
                    .await
                    .expect("PostgreSQL must be reachable (set MERCATO_TEST_POSTGRES_URL)");
                let admin_url = admin_url();
                let base = admin_url
                    .rsplit_once('/')
                    .map_or(admin_url.as_str(), |(base, _)| base);
                FreshDatabase {
                    url: format!("{base}/{name}"),
                    folder,
                    postgres_name: Some(name),
                }
            }
        }
    }

    /// Drops a PostgreSQL test database (close its connections first); SQLite files go with
    /// the temporary folder.
    pub async fn remove(self) {
        if let Some(name) = self.postgres_name {
            let _ = run_on_server(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
        }
    }
}

//! Opening the database: an embedded SQLite file by default, PostgreSQL when the URL says so.

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;
use std::time::Duration;

use super::migration::Migrator;

/// Connects to `url` and brings the schema up to date.
///
/// SQLite files are created on first use (with their folder), run in WAL mode so readers never
/// wait for the writer, and enforce foreign keys on every pooled connection.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url);
    options
        .sqlx_logging(false)
        .acquire_timeout(Duration::from_secs(10));
    if is_sqlite(url) {
        ensure_parent_folder(url)?;
        options.max_connections(8).map_sqlx_sqlite_opts(|opts| {
            opts.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
        });
    } else {
        options.max_connections(32);
    }
    let db = Database::connect(options).await?;
    migrate(url, &db).await?;
    Ok(db)
}

/// Brings the schema up to date while holding the migration lock, so that nodes started
/// together (a cluster deploy, a rolling upgrade, three `mercato migrate` at once) migrate one
/// at a time: the first applies what is missing, the others wait and then find nothing to do.
/// Without it, each would create the same tables at once and all but one would fail.
async fn migrate(url: &str, db: &DatabaseConnection) -> Result<(), DbErr> {
    let lock = MigrationLock::take(url).await?;
    let result = Migrator::up(db, None).await;
    lock.release().await;
    result
}

/// PostgreSQL: a session-level advisory lock held on a connection of its own (the migrations
/// run on the pool's connections meanwhile). A node that dies while holding it loses its
/// session, and with it the lock. SQLite: an exclusive lock on a file beside the database,
/// which the operating system releases when the process ends.
enum MigrationLock {
    Postgres(sea_orm::sqlx::PgConnection),
    File(std::fs::File),
    None,
}

/// The advisory lock's key: any constant shared by every node; this one spells "MERCATO!".
const MIGRATION_LOCK_KEY: i64 = 0x4d45_5243_4154_4f21;

impl MigrationLock {
    async fn take(url: &str) -> Result<MigrationLock, DbErr> {
        use sea_orm::sqlx::Connection;
        if let Some(path) = sqlite_path(url) {
            if path.is_empty() || path == ":memory:" {
                return Ok(MigrationLock::None);
            }
            let lock_path = format!("{path}.migration-lock");
            let file = tokio::task::spawn_blocking(move || {
                let file = std::fs::OpenOptions::new()
                    .create(true)
                    .truncate(false)
                    .write(true)
                    .open(&lock_path)?;
                file.lock()?;
                Ok::<_, std::io::Error>(file)
            })
            .await
            .map_err(|e| DbErr::Custom(format!("migration lock: {e}")))?
            .map_err(|e| DbErr::Custom(format!("cannot lock the database for migrations: {e}")))?;
            return Ok(MigrationLock::File(file));
        }
        let mut connection = sea_orm::sqlx::PgConnection::connect(url)
            .await
            .map_err(|e| DbErr::Custom(format!("migration lock connection: {e}")))?;
        sea_orm::sqlx::query("SELECT pg_advisory_lock($1)")
            .bind(MIGRATION_LOCK_KEY)
            .execute(&mut connection)
            .await
            .map_err(|e| DbErr::Custom(format!("migration lock: {e}")))?;
        Ok(MigrationLock::Postgres(connection))
    }

    async fn release(self) {
        use sea_orm::sqlx::Connection;
        match self {
            MigrationLock::Postgres(mut connection) => {
                // Closing the session would release it too; unlocking first says so plainly.
                let _ = sea_orm::sqlx::query("SELECT pg_advisory_unlock($1)")
                    .bind(MIGRATION_LOCK_KEY)
                    .execute(&mut connection)
                    .await;
                let _ = connection.close().await;
            }
            MigrationLock::File(file) => {
                let _ = file.unlock();
            }
            MigrationLock::None => {}
        }
    }
}

/// Begins a transaction that reads and then writes.
///
/// SQLite's plain `BEGIN` is deferred: the transaction reads from a snapshot, and if another
/// connection commits before its first write, that write fails at once with `SQLITE_BUSY`
/// (waiting cannot help). Writing first takes the write lock up front, waiting up to the busy
/// timeout, so the reads that follow see the latest data and the writes cannot be refused.
/// PostgreSQL needs nothing extra (row locks and constraints do that work there).
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    let txn = db.begin().await?;
    if db.get_database_backend() == DbBackend::Sqlite {
        txn.execute_unprepared(
            "UPDATE seaql_migrations SET applied_at = applied_at \
             WHERE version = (SELECT MAX(version) FROM seaql_migrations)",
        )
        .await?;
    }
    Ok(txn)
}

pub fn is_sqlite(url: &str) -> bool {
    url.starts_with("sqlite:")
}

/// The file path of a SQLite URL (`sqlite://data/shop.db?mode=rwc` → `data/shop.db`).
fn sqlite_path(url: &str) -> Option<&str> {
    if !is_sqlite(url) {
        return None;
    }
    Some(
        url.trim_start_matches("sqlite://")
            .trim_start_matches("sqlite:")
            .split('?')
            .next()
            .unwrap_or_default(),
    )
}

fn ensure_parent_folder(url: &str) -> Result<(), DbErr> {
    let path = sqlite_path(url).unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    match std::path::Path::new(path).parent() {
        Some(folder) if !folder.as_os_str().is_empty() => std::fs::create_dir_all(folder)
            .map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", folder.display()))),
        _ => Ok(()),
    }
}

/// `LOWER(column) LIKE '%text%'`, with the text's own `%`, `_` and `\` taken literally: a
/// case-insensitive "contains" that reads the same on SQLite and PostgreSQL.
pub fn contains_text(
    column: impl sea_orm::sea_query::IntoColumnRef,
    text: &str,
) -> sea_orm::sea_query::SimpleExpr {
    use sea_orm::sea_query::{Expr, Func, LikeExpr};
    let escaped: String = text
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    Expr::expr(Func::lower(Expr::col(column)))
        .like(LikeExpr::new(format!("%{escaped}%")).escape('\\'))
}

/// `CAST(SUM(expr) AS BIGINT)`: PostgreSQL sums integers as NUMERIC, which does not read back
/// as an `i64`; SQLite already answers an integer. NULL (no rows) stays NULL.
pub fn sum_as_bigint(
    expr: impl Into<sea_orm::sea_query::SimpleExpr>,
) -> sea_orm::sea_query::SimpleExpr {
    use sea_orm::sea_query::{Alias, Expr, Func};
    Expr::expr(Func::sum(expr.into())).cast_as(Alias::new("BIGINT"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_sqlite_urls() {
        assert!(is_sqlite("sqlite://data/mercato.db"));
        assert!(is_sqlite("sqlite::memory:"));
        assert!(!is_sqlite("postgres://localhost/test"));
    }
}

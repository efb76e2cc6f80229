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
    Migrator::up(&db, None).await?;
    Ok(db)
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

fn ensure_parent_folder(url: &str) -> Result<(), DbErr> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:")
        .split('?')
        .next()
        .unwrap_or_default();
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

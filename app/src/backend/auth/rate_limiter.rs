//! Attempt counters in the database, so that every app node counts the same attempts.

use sea_orm::sea_query::{Alias, CaseStatement, Expr, OnConflict, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection, StatementBuilder};

use crate::domain::{RateLimit, Verdict};
use crate::error::AppError;

fn table() -> Alias {
    Alias::new("rate_limits")
}

fn column(name: &str) -> Expr {
    Expr::col((table(), Alias::new(name)))
}

/// Counts one attempt for `subject` and says whether it may go ahead. One atomic upsert: a
/// window that has run out starts again at this attempt.
pub async fn hit(
    db: &DatabaseConnection,
    limit: RateLimit,
    subject: &str,
    now: i64,
) -> Result<Verdict, AppError> {
    let expired = column("window_started_at").lte(now - limit.window_secs);
    let insert = Query::insert()
        .into_table(table())
        .columns([
            Alias::new("key"),
            Alias::new("window_started_at"),
            Alias::new("attempts"),
        ])
        .values_panic([limit.key(subject).into(), now.into(), 1i64.into()])
        .on_conflict(
            OnConflict::column(Alias::new("key"))
                .values([
                    (
                        Alias::new("attempts"),
                        CaseStatement::new()
                            .case(expired.clone(), Expr::val(1i64))
                            .finally(column("attempts").add(1i64))
                            .into(),
                    ),
                    (
                        Alias::new("window_started_at"),
                        CaseStatement::new()
                            .case(expired, Expr::val(now))
                            .finally(column("window_started_at"))
                            .into(),
                    ),
                ])
                .to_owned(),
        )
        .returning(
            Query::returning().columns([Alias::new("attempts"), Alias::new("window_started_at")]),
        )
        .to_owned();
    let row = db
        .query_one(StatementBuilder::build(&insert, &db.get_database_backend()))
        .await?
        .ok_or_else(|| AppError::internal("rate limit upsert returned no row"))?;
    let attempts: i64 = row.try_get("", "attempts")?;
    let started: i64 = row.try_get("", "window_started_at")?;
    Ok(limit.verdict(attempts, started, now))
}

/// Forgets the attempts for `subject` (after a successful sign-in).
pub async fn clear(
    db: &DatabaseConnection,
    limit: RateLimit,
    subject: &str,
) -> Result<(), AppError> {
    let delete = Query::delete()
        .from_table(table())
        .and_where(Expr::col(Alias::new("key")).eq(limit.key(subject)))
        .to_owned();
    db.execute(StatementBuilder::build(&delete, &db.get_database_backend()))
        .await?;
    Ok(())
}

/// Counts an attempt; a locked key becomes a message saying how long to wait.
pub async fn enforce(
    db: &DatabaseConnection,
    limit: RateLimit,
    subject: &str,
) -> Result<(), AppError> {
    match hit(db, limit, subject, super::unix_now()).await? {
        Verdict::Allowed => Ok(()),
        Verdict::Locked { retry_after_secs } => {
            tracing::warn!(limit = limit.name, "attempts locked out");
            Err(AppError::TooManyAttempts(
                crate::domain::rate_limit::retry_message(retry_after_secs),
            ))
        }
    }
}

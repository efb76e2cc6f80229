//! Attempt counters in the database, so that every app node counts the same attempts.

use sea_orm::sea_query::{Alias, CaseStatement, Expr, OnConflict, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection, StatementBuilder};

use crate::domain::{FailureBackoff, RateLimit, Verdict};
use crate::error::AppError;

fn table() -> Alias {
    Alias::new("rate_limits")
}

fn column(name: &str) -> Expr {
    Expr::col((table(), Alias::new(name)))
}

/// Counts one attempt for `subject` and says whether it may go ahead.
pub async fn hit(
    db: &DatabaseConnection,
    limit: RateLimit,
    subject: &str,
    now: i64,
) -> Result<Verdict, AppError> {
    let (attempts, started) = count(
        db,
        &limit.key(subject),
        limit.window_secs,
        now,
        Stamp::WindowStart,
    )
    .await?;
    Ok(limit.verdict(attempts, started, now))
}

/// What the counter's time column holds.
enum Stamp {
    /// When its window began (fixed-window limits).
    WindowStart,
    /// When the last attempt was counted (failure back-off).
    LastAttempt,
}

/// Adds one to the counter at `key` and returns (attempts, stamp) after it. One atomic upsert:
/// a counter whose stamp is older than `window_secs` starts again at this attempt.
async fn count(
    db: &DatabaseConnection,
    key: &str,
    window_secs: i64,
    now: i64,
    stamp: Stamp,
) -> Result<(i64, i64), AppError> {
    let expired = column("window_started_at").lte(now - window_secs);
    let new_stamp = match stamp {
        Stamp::WindowStart => CaseStatement::new()
            .case(expired.clone(), Expr::val(now))
            .finally(column("window_started_at"))
            .into(),
        Stamp::LastAttempt => Expr::val(now).into(),
    };
    let insert = Query::insert()
        .into_table(table())
        .columns([
            Alias::new("key"),
            Alias::new("window_started_at"),
            Alias::new("attempts"),
        ])
        .values_panic([key.into(), now.into(), 1i64.into()])
        .on_conflict(
            OnConflict::column(Alias::new("key"))
                .values([
                    (
                        Alias::new("attempts"),
                        CaseStatement::new()
                            .case(expired, Expr::val(1i64))
                            .finally(column("attempts").add(1i64))
                            .into(),
                    ),
                    (Alias::new("window_started_at"), new_stamp),
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
    Ok((attempts, started))
}

/// Counts a failure for an alert that fires once per window: true exactly when this failure
/// is the `max_attempts`-th of the window (so concurrent failures raise one alert).
pub async fn count_towards_alert(
    db: &DatabaseConnection,
    limit: RateLimit,
    subject: &str,
) -> Result<bool, AppError> {
    let (attempts, _) = count(
        db,
        &limit.key(subject),
        limit.window_secs,
        super::unix_now(),
        Stamp::WindowStart,
    )
    .await?;
    Ok(attempts == limit.max_attempts)
}

/// Whether an attempt at `key` may go ahead now, after the failures recorded so far. Only
/// reads: the attempt is counted when it fails.
pub async fn backoff_verdict(
    db: &DatabaseConnection,
    backoff: FailureBackoff,
    key: &str,
) -> Result<Verdict, AppError> {
    let select = Query::select()
        .columns([Alias::new("attempts"), Alias::new("window_started_at")])
        .from(table())
        .and_where(Expr::col(Alias::new("key")).eq(key))
        .to_owned();
    let row = db
        .query_one(StatementBuilder::build(&select, &db.get_database_backend()))
        .await?;
    let Some(row) = row else {
        return Ok(Verdict::Allowed);
    };
    let failures: i64 = row.try_get("", "attempts")?;
    let last_failure_at: i64 = row.try_get("", "window_started_at")?;
    Ok(backoff.verdict(failures, last_failure_at, super::unix_now()))
}

/// Records a failure at `key`: one more, the last now (the stored "window start" is the time
/// of the last failure for these keys). Failures older than `forget_after_secs` start over.
pub async fn record_failure(
    db: &DatabaseConnection,
    backoff: FailureBackoff,
    key: &str,
) -> Result<(), AppError> {
    let now = super::unix_now();
    count(db, key, backoff.forget_after_secs, now, Stamp::LastAttempt).await?;
    Ok(())
}

/// Forgets the counter at `key` (after a successful sign-in).
pub async fn clear_key(db: &DatabaseConnection, key: &str) -> Result<(), AppError> {
    let delete = Query::delete()
        .from_table(table())
        .and_where(Expr::col(Alias::new("key")).eq(key))
        .to_owned();
    db.execute(StatementBuilder::build(&delete, &db.get_database_backend()))
        .await?;
    Ok(())
}

/// Forgets every counter whose key starts with `prefix` (every address of one account). The
/// prefix is made of a name and hex digests, which hold no `LIKE` wildcards.
pub async fn clear_prefix(db: &DatabaseConnection, prefix: &str) -> Result<(), AppError> {
    let delete = Query::delete()
        .from_table(table())
        .and_where(Expr::col(Alias::new("key")).like(format!("{prefix}%")))
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
            Err(AppError::too_many_attempts(retry_after_secs))
        }
    }
}

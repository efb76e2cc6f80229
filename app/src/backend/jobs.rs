//! The durable job queue: background work (alert mail, reorders, purchase orders to suppliers)
//! is a row in `jobs`, written in the transaction that made it necessary, so it survives a crash
//! and is never lost or done twice by accident.
//!
//! Workers on any number of nodes claim a job with a conditional update (only one of them can
//! win it) and hold it for a lease; a job whose worker died is taken again once its lease runs
//! out. A failed job is retried with exponential back-off, then given up as "failed".

use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;

use crate::backend::auth::unix_now;
use crate::backend::entities::job;
use crate::domain::retry_delay_secs;
use crate::error::AppError;

pub const PENDING: &str = "pending";
pub const RUNNING: &str = "running";
pub const DONE: &str = "done";
pub const FAILED: &str = "failed";

/// Tries before a job is given up.
pub const MAX_ATTEMPTS: i32 = 8;

/// Adds a job to run as soon as a worker is free. With a `dedupe_key`, nothing is added while an
/// unfinished job with the same key exists.
pub async fn enqueue<C: ConnectionTrait>(
    db: &C,
    kind: &str,
    payload: &impl Serialize,
    dedupe_key: Option<String>,
) -> Result<(), AppError> {
    let now = unix_now();
    job::Entity::insert(job::ActiveModel {
        kind: Set(kind.to_string()),
        payload: Set(serde_json::to_string(payload).map_err(AppError::internal)?),
        status: Set(PENDING.to_string()),
        attempts: Set(0),
        max_attempts: Set(MAX_ATTEMPTS),
        run_at: Set(now),
        locked_by: Set(None),
        locked_until: Set(None),
        last_error: Set(None),
        dedupe_key: Set(dedupe_key),
        created_at: Set(now),
        finished_at: Set(None),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(job::Column::DedupeKey)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// A job a worker has won, to run and then `finish` or `fail`.
#[derive(Debug, Clone)]
pub struct ClaimedJob {
    pub id: i32,
    pub kind: String,
    pub payload: String,
    /// Including this one.
    pub attempts: i32,
    pub max_attempts: i32,
}

fn claimable(now: i64) -> Condition {
    Condition::any()
        .add(
            Condition::all()
                .add(job::Column::Status.eq(PENDING))
                .add(job::Column::RunAt.lte(now)),
        )
        .add(
            Condition::all()
                .add(job::Column::Status.eq(RUNNING))
                .add(job::Column::LockedUntil.lt(now)),
        )
}

/// Claims the next due job for `worker` for `lease_secs`, if there is one.
pub async fn claim<C: ConnectionTrait>(
    db: &C,
    worker: &str,
    now: i64,
    lease_secs: i64,
) -> Result<Option<ClaimedJob>, AppError> {
    // Reading first keeps idle polling free of writes (SQLite has one writer at a time).
    let candidates: Vec<(i32, i32, i32)> = job::Entity::find()
        .select_only()
        .columns([
            job::Column::Id,
            job::Column::Attempts,
            job::Column::MaxAttempts,
        ])
        .filter(claimable(now))
        .order_by_asc(job::Column::RunAt)
        .order_by_asc(job::Column::Id)
        .limit(8)
        .into_tuple()
        .all(db)
        .await?;
    for (id, attempts, max_attempts) in candidates {
        if attempts >= max_attempts {
            give_up_abandoned(db, id, now).await?;
            continue;
        }
        let won = job::Entity::update_many()
            .col_expr(job::Column::Status, Expr::value(RUNNING))
            .col_expr(job::Column::LockedBy, Expr::value(worker))
            .col_expr(job::Column::LockedUntil, Expr::value(now + lease_secs))
            .col_expr(
                job::Column::Attempts,
                Expr::col(job::Column::Attempts).add(1),
            )
            .filter(job::Column::Id.eq(id))
            .filter(claimable(now))
            .exec(db)
            .await?
            .rows_affected
            == 1;
        if won {
            let Some(row) = job::Entity::find_by_id(id).one(db).await? else {
                continue;
            };
            return Ok(Some(ClaimedJob {
                id: row.id,
                kind: row.kind,
                payload: row.payload,
                attempts: row.attempts,
                max_attempts: row.max_attempts,
            }));
        }
    }
    Ok(None)
}

/// A job whose worker died on its last allowed try is not taken again.
async fn give_up_abandoned<C: ConnectionTrait>(db: &C, id: i32, now: i64) -> Result<(), AppError> {
    job::Entity::update_many()
        .col_expr(job::Column::Status, Expr::value(FAILED))
        .col_expr(
            job::Column::LastError,
            Expr::value("the worker running it stopped on its last try"),
        )
        .col_expr(job::Column::DedupeKey, Expr::value(Option::<String>::None))
        .col_expr(job::Column::FinishedAt, Expr::value(now))
        .filter(job::Column::Id.eq(id))
        .filter(job::Column::Status.eq(RUNNING))
        .filter(job::Column::LockedUntil.lt(now))
        .filter(Expr::col(job::Column::Attempts).gte(Expr::col(job::Column::MaxAttempts)))
        .exec(db)
        .await?;
    Ok(())
}

/// Marks a job done (if `worker` still holds it).
pub async fn finish<C: ConnectionTrait>(
    db: &C,
    claimed: &ClaimedJob,
    worker: &str,
) -> Result<(), AppError> {
    job::Entity::update_many()
        .col_expr(job::Column::Status, Expr::value(DONE))
        .col_expr(job::Column::FinishedAt, Expr::value(unix_now()))
        .col_expr(job::Column::DedupeKey, Expr::value(Option::<String>::None))
        .col_expr(job::Column::LockedUntil, Expr::value(Option::<i64>::None))
        .filter(job::Column::Id.eq(claimed.id))
        .filter(job::Column::LockedBy.eq(worker))
        .exec(db)
        .await?;
    Ok(())
}

/// Records a failure: the job waits its back-off and runs again, or is given up after its last
/// try.
pub async fn fail<C: ConnectionTrait>(
    db: &C,
    claimed: &ClaimedJob,
    worker: &str,
    error: &str,
    now: i64,
) -> Result<(), AppError> {
    let last_try = claimed.attempts >= claimed.max_attempts;
    let mut update = job::Entity::update_many()
        .col_expr(
            job::Column::LastError,
            Expr::value(error.chars().take(1000).collect::<String>()),
        )
        .col_expr(job::Column::LockedUntil, Expr::value(Option::<i64>::None));
    update = if last_try {
        update
            .col_expr(job::Column::Status, Expr::value(FAILED))
            .col_expr(job::Column::FinishedAt, Expr::value(now))
            .col_expr(job::Column::DedupeKey, Expr::value(Option::<String>::None))
    } else {
        let delay = retry_delay_secs(u32::try_from(claimed.attempts).unwrap_or(1));
        update
            .col_expr(job::Column::Status, Expr::value(PENDING))
            .col_expr(job::Column::RunAt, Expr::value(now + delay))
    };
    update
        .filter(job::Column::Id.eq(claimed.id))
        .filter(job::Column::LockedBy.eq(worker))
        .exec(db)
        .await?;
    Ok(())
}

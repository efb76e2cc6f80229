//! Background workers: each claims due jobs from the database's job table, runs them, and marks
//! them done or failed (to be retried with back-off). Any number of workers on any number of
//! nodes can run at once; the claim in `app::backend::jobs` makes sure one job runs once.

use std::time::Duration;

use app::backend::auth::unix_now;
use app::backend::jobs::{self, ClaimedJob};
use app::backend::mail::{QueuedMail, MAIL_JOB};
use app::backend::AppState;
use app::error::AppError;
use app::inventory::reorder_watch::STOCK_LOW_JOB;
use app::purchasing::reorder;
use app::purchasing::service::{MAIL_JOB as PURCHASE_ORDER_MAIL_JOB, REORDER_JOB};
use tracing::Instrument;

/// How long a worker holds a job before others may assume it died with it.
const LEASE_SECS: i64 = 300;
/// How often an idle worker looks for work.
const IDLE_POLL: Duration = Duration::from_millis(500);

/// Starts `count` workers on this node.
pub fn spawn(state: AppState, count: usize) {
    let node = std::process::id();
    for n in 0..count {
        let state = state.clone();
        let worker = format!("{}-{node}-{n}", hostname());
        tokio::spawn(async move {
            loop {
                match run_next(&state, &worker).await {
                    Ok(true) => {}
                    Ok(false) => tokio::time::sleep(IDLE_POLL).await,
                    Err(err) => {
                        tracing::warn!(%worker, "job queue unavailable: {err}");
                        tokio::time::sleep(IDLE_POLL * 4).await;
                    }
                }
            }
        });
    }
}

fn hostname() -> String {
    std::env::var("HOSTNAME").unwrap_or_else(|_| "node".to_string())
}

/// Claims and runs one due job; false when there was none.
pub async fn run_next(state: &AppState, worker: &str) -> Result<bool, AppError> {
    let Some(job) = jobs::claim(&state.db, worker, unix_now(), LEASE_SECS).await? else {
        return Ok(false);
    };
    let span = tracing::info_span!("job", id = job.id, kind = %job.kind, attempt = job.attempts);
    async {
        match run(state, &job).await {
            Ok(()) => {
                jobs::finish(&state.db, &job, worker).await?;
                tracing::info!("job done");
            }
            Err(err) => {
                tracing::warn!("job failed: {err}");
                jobs::fail(&state.db, &job, worker, &err.to_string(), unix_now()).await?;
            }
        }
        Ok(true)
    }
    .instrument(span)
    .await
}

/// Runs every due job until none is left (tests and the command line use this).
pub async fn drain(state: &AppState) -> Result<usize, AppError> {
    let mut ran = 0;
    while run_next(state, "drain").await? {
        ran += 1;
    }
    Ok(ran)
}

async fn run(state: &AppState, job: &ClaimedJob) -> Result<(), AppError> {
    fn payload<T: serde::de::DeserializeOwned>(job: &ClaimedJob) -> Result<T, AppError> {
        serde_json::from_str(&job.payload).map_err(AppError::internal)
    }
    match job.kind.as_str() {
        STOCK_LOW_JOB => reorder::stock_low(state, &payload(job)?).await,
        PURCHASE_ORDER_MAIL_JOB => reorder::mail_purchase_order(state, &payload(job)?).await,
        REORDER_JOB => {
            let run: app::purchasing::service::ReorderSupplier = payload(job)?;
            reorder::reorder_supplier(&state.db, run.supplier_id)
                .await
                .map(|_| ())
        }
        MAIL_JOB => {
            let queued: QueuedMail = payload(job)?;
            state.mailer.send(queued.into_mail()?).await
        }
        other => Err(AppError::internal(format!(
            "no worker knows jobs of kind {other}"
        ))),
    }
}

//! Keeps a node's index current: twice a second it reads the change feed (the last few
//! seconds of it, so a transaction that committed late is not missed) and re-indexes the
//! products named there, or everything when a rebuild was asked for.

use std::collections::HashMap;
use std::time::Duration;

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::SearchIndex;
use crate::backend::auth::unix_now;
use crate::backend::entities::search_change;
use crate::error::AppError;

const POLL: Duration = Duration::from_millis(500);
/// How far back each poll looks.
const WINDOW_SECS: i64 = 5;

/// Applies the changes not seen yet; `seen` remembers applied feed rows (and when).
pub async fn catch_up(
    db: &DatabaseConnection,
    index: &SearchIndex,
    seen: &mut HashMap<i32, i64>,
) -> Result<usize, AppError> {
    let now = unix_now();
    let rows = search_change::Entity::find()
        .filter(search_change::Column::ChangedAt.gte(now - WINDOW_SECS))
        .all(db)
        .await?;
    let fresh: Vec<&search_change::Model> =
        rows.iter().filter(|r| !seen.contains_key(&r.id)).collect();
    seen.retain(|_, at| *at >= now - 2 * WINDOW_SECS);
    if fresh.is_empty() {
        return Ok(0);
    }
    if fresh.iter().any(|r| r.product_id.is_none()) {
        let count = index.rebuild(db, |_, _| {}).await?;
        tracing::info!(products = count, "search index rebuilt");
    } else {
        let mut ids: Vec<i32> = fresh.iter().filter_map(|r| r.product_id).collect();
        ids.sort_unstable();
        ids.dedup();
        index.refresh(db, &ids).await?;
    }
    let applied = fresh.len();
    for row in fresh {
        seen.insert(row.id, row.changed_at);
    }
    Ok(applied)
}

pub fn spawn(db: DatabaseConnection, index: SearchIndex) {
    tokio::spawn(async move {
        let mut seen = HashMap::new();
        let mut every = tokio::time::interval(POLL);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            if let Err(err) = catch_up(&db, &index, &mut seen).await {
                tracing::warn!("search index update failed: {err}");
            }
        }
    });
}

//! Reading the audit log, newest first.

use sea_orm::{EntityTrait, QueryOrder, QuerySelect};

use super::model::AuditRow;
use crate::backend::entities::audit_entry;
use crate::backend::AppState;
use crate::error::AppError;

pub const AUDIT_PAGE_SIZE: u64 = 50;

/// The newest entries first, `page` counted from 1.
pub async fn audit_log(state: &AppState, page: u64) -> Result<Vec<AuditRow>, AppError> {
    let rows = audit_entry::Entity::find()
        .order_by_desc(audit_entry::Column::Id)
        .offset(crate::domain::page_offset(page, AUDIT_PAGE_SIZE))
        .limit(AUDIT_PAGE_SIZE)
        .all(&state.db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| AuditRow {
            at: row.at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
            actor: row.actor_email,
            action: row.action,
            subject: row.subject,
            before: row.before.unwrap_or_default(),
            after: row.after.unwrap_or_default(),
        })
        .collect())
}

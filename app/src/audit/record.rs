//! The audit log: every admin action, written in the same transaction as the change it records.

use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use serde::Serialize;

use crate::backend::auth::Actor;
use crate::backend::entities::audit_entry;
use crate::error::AppError;

/// Records that `actor` did `action` ("api_key.revoke") to `subject` ("Kraków till 1").
pub async fn record<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    action: &str,
    subject: &str,
) -> Result<(), AppError> {
    write(db, actor, action, subject, None, None).await
}

/// Records an action with the state it left the subject in ("supplier.create" and the new
/// supplier), as JSON.
pub async fn record_after<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    action: &str,
    subject: &str,
    after: &impl Serialize,
) -> Result<(), AppError> {
    write(db, actor, action, subject, None, Some(to_json(after)?)).await
}

/// Records a change with the subject's state before and after ("stock.set", "SKU TEE-1 at
/// WH-MAIN", the two levels), as JSON.
pub async fn record_change<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    action: &str,
    subject: &str,
    before: &impl Serialize,
    after: &impl Serialize,
) -> Result<(), AppError> {
    let (before, after) = (to_json(before)?, to_json(after)?);
    write(db, actor, action, subject, Some(before), Some(after)).await
}

async fn write<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    action: &str,
    subject: &str,
    before: Option<String>,
    after: Option<String>,
) -> Result<(), AppError> {
    audit_entry::ActiveModel {
        at: Set(chrono::Utc::now()),
        actor_id: Set(Some(actor.user_id)),
        actor_email: Set(actor.email.clone()),
        action: Set(action.to_string()),
        subject: Set(subject.chars().take(300).collect()),
        before: Set(before),
        after: Set(after),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

fn to_json(value: &impl Serialize) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(AppError::internal)
}

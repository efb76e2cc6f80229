//! The audit log: every admin action, written in the same transaction as the change it records.

use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use serde::Serialize;

use crate::backend::auth::Actor;
use crate::backend::entities::audit_entry;
use crate::error::AppError;

/// Records that `actor` did `action` ("stock.set") to `subject` ("SKU TEE-1 at WH-MAIN"),
/// with the state before and after as JSON.
pub async fn record<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    action: &str,
    subject: &str,
    before: Option<&impl Serialize>,
    after: Option<&impl Serialize>,
) -> Result<(), AppError> {
    audit_entry::ActiveModel {
        at: Set(chrono::Utc::now()),
        actor_id: Set(Some(actor.user_id)),
        actor_email: Set(actor.email.clone()),
        action: Set(action.to_string()),
        subject: Set(subject.chars().take(300).collect()),
        before: Set(to_json(before)?),
        after: Set(to_json(after)?),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

fn to_json(value: Option<&impl Serialize>) -> Result<Option<String>, AppError> {
    value
        .map(|v| serde_json::to_string(v).map_err(AppError::internal))
        .transpose()
}

//! The key list as the back office shows it.

use std::collections::HashMap;

use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};

use super::model::ApiKeyRow;
use crate::backend::entities::{api_key, location};
use crate::error::AppError;

/// Every key, newest first, with the store it is tied to.
pub async fn list<C: ConnectionTrait>(db: &C) -> Result<Vec<ApiKeyRow>, AppError> {
    let stores: HashMap<i32, String> = location::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|l| (l.id, l.name))
        .collect();
    Ok(api_key::Entity::find()
        .order_by_desc(api_key::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|k| ApiKeyRow {
            id: k.id,
            store: k.location_id.and_then(|id| stores.get(&id).cloned()),
            name: k.name,
            prefix: k.prefix,
            permissions: k.permissions,
            created_at: k.created_at,
            last_used_at: k.last_used_at,
            revoked_at: k.revoked_at,
        })
        .collect())
}

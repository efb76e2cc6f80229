//! API keys in the back office: the list, making a till key, revoking one; each change is
//! written with its audit entry in one transaction.

use std::collections::HashMap;

use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};

use super::model::{ApiKeyRow, NewApiKey};
use crate::backend::auth::{api_keys, Actor};
use crate::backend::entities::{api_key, location};
use crate::backend::AppState;
use crate::domain::Permission;
use crate::error::AppError;

/// Makes a key for a till of the store `location` (permission `pos` only): answers the key,
/// which is shown this once and stored only as its hash.
pub async fn create_till_key(
    state: &AppState,
    actor: &Actor,
    name: &str,
    location: &str,
) -> Result<NewApiKey, AppError> {
    let store = crate::till::service::store_by_code(&state.db, location).await?;
    let txn = crate::backend::db::begin_write(&state.db).await?;
    let key = api_keys::create(&txn, name, &[Permission::Pos].into(), Some(store.id)).await?;
    crate::audit::record_after(&txn, actor, "api_key.create", name.trim(), &store.code).await?;
    txn.commit().await?;
    Ok(NewApiKey {
        name: name.trim().to_string(),
        key,
    })
}

/// Revokes key `id`: a till using it is refused from its next request.
pub async fn revoke(state: &AppState, actor: &Actor, id: i32) -> Result<(), AppError> {
    let txn = crate::backend::db::begin_write(&state.db).await?;
    if !api_keys::revoke_id(&txn, id).await? {
        return Err(AppError::not_found("this key"));
    }
    crate::audit::record(&txn, actor, "api_key.revoke", &id.to_string()).await?;
    txn.commit().await?;
    Ok(())
}

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

//! Server functions for API keys; all need `ManageStaff` (a key is a credential), checked on the
//! server first.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::{ApiKeyRow, NewApiKey};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{backend::auth, backend::AppState, domain::Permission, error::with_status};

#[server(prefix = "/api", endpoint = "admin/api-keys", input = GetUrl)]
pub async fn list_api_keys() -> Result<Vec<ApiKeyRow>, AppError> {
    let state = AppState::current()?;
    let result = async {
        auth::require(Permission::ManageStaff).await?;
        super::service::list(&state.db).await
    }
    .await;
    with_status(result)
}

/// Makes a till key (permission `pos` only) for the store `location`; answers the key, once.
#[server(prefix = "/api", endpoint = "admin/api-key/create")]
pub async fn create_api_key(name: String, location: String) -> Result<NewApiKey, AppError> {
    let state = AppState::current()?;
    let result = async {
        let actor = auth::require(Permission::ManageStaff).await?;
        let store = crate::till::service::store_by_code(&state.db, &location).await?;
        let txn = crate::backend::db::begin_write(&state.db).await?;
        let key =
            auth::api_keys::create(&txn, &name, &[Permission::Pos].into(), Some(store.id)).await?;
        crate::audit::record_after(&txn, &actor, "api_key.create", name.trim(), &store.code)
            .await?;
        txn.commit().await?;
        Ok(NewApiKey {
            name: name.trim().to_string(),
            key,
        })
    }
    .await;
    with_status(result)
}

#[server(prefix = "/api", endpoint = "admin/api-key/revoke")]
pub async fn revoke_api_key(id: i32) -> Result<(), AppError> {
    let state = AppState::current()?;
    let result = async {
        let actor = auth::require(Permission::ManageStaff).await?;
        let txn = crate::backend::db::begin_write(&state.db).await?;
        if !auth::api_keys::revoke_id(&txn, id).await? {
            return Err(AppError::not_found("this key"));
        }
        crate::audit::record(&txn, &actor, "api_key.revoke", &id.to_string()).await?;
        txn.commit().await?;
        Ok(())
    }
    .await;
    with_status(result)
}

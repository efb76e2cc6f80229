//! Server functions for API keys; all need `ManageStaff` (a key is a credential), checked on the
//! server first.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::{ApiKeyRow, NewApiKey};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{backend::auth, backend::AppState, domain::Permission, error::respond};

#[server(prefix = "/api", endpoint = "admin/api-keys", input = GetUrl)]
pub async fn list_api_keys() -> Result<Vec<ApiKeyRow>, AppError> {
    respond(async {
        let state = AppState::current()?;
        auth::require(Permission::ManageStaff).await?;
        super::service::list(&state.db).await
    })
    .await
}

/// Makes a till key (permission `pos` only) for the store `location`; answers the key, once.
#[server(prefix = "/api", endpoint = "admin/api-key/create")]
pub async fn create_api_key(name: String, location: String) -> Result<NewApiKey, AppError> {
    respond(async {
        let state = AppState::current()?;
        let actor = auth::require(Permission::ManageStaff).await?;
        super::service::create_till_key(&state, &actor, &name, &location).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin/api-key/revoke")]
pub async fn revoke_api_key(id: i32) -> Result<(), AppError> {
    respond(async {
        let state = AppState::current()?;
        let actor = auth::require(Permission::ManageStaff).await?;
        super::service::revoke(&state, &actor, id).await
    })
    .await
}

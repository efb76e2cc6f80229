//! Reading the audit log: administrators only (`ViewAuditLog`).

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::AuditRow;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{backend::auth, backend::AppState, domain::Permission, error::respond};

#[server(prefix = "/api", endpoint = "admin/audit", input = GetUrl)]
pub async fn audit_log(page: Option<u64>) -> Result<Vec<AuditRow>, AppError> {
    respond(async {
        let state = AppState::current()?;
        auth::require(Permission::ViewAuditLog).await?;
        super::service::audit_log(&state, page.unwrap_or(1).max(1)).await
    })
    .await
}

//! Staff accounts and roles: everything here needs `ManageStaff`, checked on the server first.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::StaffDirectory;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{backend::auth, backend::AppState, domain::Permission, error::respond};

#[server(prefix = "/api", endpoint = "admin/staff", input = GetUrl)]
pub async fn list_staff() -> Result<StaffDirectory, AppError> {
    respond(async {
        let state = AppState::current()?;
        auth::require(Permission::ManageStaff).await?;
        super::service::staff_directory(&state).await
    })
    .await
}

/// Makes a staff account and mails its owner a link to choose a password.
#[server(prefix = "/api", endpoint = "admin/staff/invite")]
pub async fn invite_staff(email: String, name: String, role: String) -> Result<(), AppError> {
    respond(async {
        let state = AppState::current()?;
        let actor = auth::require(Permission::ManageStaff).await?;
        super::service::invite(&state, &actor, &email, &name, &role).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin/staff/role")]
pub async fn set_role(email: String, role: String) -> Result<(), AppError> {
    respond(async {
        let state = AppState::current()?;
        let actor = auth::require(Permission::ManageStaff).await?;
        super::service::set_role(&state, &actor, &email, &role).await
    })
    .await
}

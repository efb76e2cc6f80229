//! The back office's server functions. Each names the permission it needs in its first line;
//! `server/tests/permissions.rs` calls every one of them as every role.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::{AuditRow, StaffContext, StaffDirectory, VariantAdmin};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{backend::auth, backend::AppState, domain::Permission, error::with_status};

/// Who is in the back office and what they may open (any member of staff).
#[server(prefix = "/api", endpoint = "admin/me", input = GetUrl)]
pub async fn back_office_access() -> Result<StaffContext, AppError> {
    let actor = with_status(auth::require_staff().await)?;
    Ok(super::service::staff_context(&actor))
}

#[server(prefix = "/api", endpoint = "admin/variant", input = GetUrl)]
pub async fn variant_by_sku(sku: String) -> Result<VariantAdmin, AppError> {
    let state = AppState::current()?;
    let result = async {
        auth::require(Permission::ViewCatalog).await?;
        super::service::variant_by_sku(&state, &sku).await
    }
    .await;
    with_status(result)
}

#[server(prefix = "/api", endpoint = "admin/stock/set")]
pub async fn set_stock_level(
    sku: String,
    location: String,
    on_hand: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let state = AppState::current()?;
    let result = async {
        let actor = auth::require(Permission::EditStock).await?;
        let on_hand = on_hand.trim().parse::<i32>().map_err(|_| {
            AppError::validation(
                "on_hand",
                format!("“{}” is not a whole number of units.", on_hand.trim()),
            )
        })?;
        super::service::set_stock_level(&state, &actor, &sku, &location, on_hand, &reason).await
    }
    .await;
    with_status(result)
}

#[server(prefix = "/api", endpoint = "admin/price/set")]
pub async fn set_price(sku: String, price: String) -> Result<(), AppError> {
    let state = AppState::current()?;
    let result = async {
        let actor = auth::require(Permission::EditPrices).await?;
        super::service::set_price(&state, &actor, &sku, &price).await
    }
    .await;
    with_status(result)
}

#[server(prefix = "/api", endpoint = "admin/audit", input = GetUrl)]
pub async fn audit_log(page: Option<u64>) -> Result<Vec<AuditRow>, AppError> {
    let state = AppState::current()?;
    let result = async {
        auth::require(Permission::ViewAuditLog).await?;
        super::service::audit_log(&state, page.unwrap_or(1).max(1)).await
    }
    .await;
    with_status(result)
}

#[server(prefix = "/api", endpoint = "admin/staff", input = GetUrl)]
pub async fn list_staff() -> Result<StaffDirectory, AppError> {
    let state = AppState::current()?;
    let result = async {
        auth::require(Permission::ManageStaff).await?;
        super::service::staff_directory(&state).await
    }
    .await;
    with_status(result)
}

/// Makes a staff account and mails its owner a link to choose a password.
#[server(prefix = "/api", endpoint = "admin/staff/invite")]
pub async fn invite_staff(email: String, name: String, role: String) -> Result<(), AppError> {
    let state = AppState::current()?;
    let result = async {
        let actor = auth::require(Permission::ManageStaff).await?;
        super::service::invite(&state, &actor, &email, &name, &role).await
    }
    .await;
    with_status(result)
}

#[server(prefix = "/api", endpoint = "admin/staff/role")]
pub async fn set_role(email: String, role: String) -> Result<(), AppError> {
    let state = AppState::current()?;
    let result = async {
        let actor = auth::require(Permission::ManageStaff).await?;
        super::service::set_role(&state, &actor, &email, &role).await
    }
    .await;
    with_status(result)
}

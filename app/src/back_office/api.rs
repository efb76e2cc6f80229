//! Who is in the back office and what they may open.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::StaffContext;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{backend::auth, backend::auth::Actor, domain::Permission, error::respond};

/// Who is in the back office and what they may open (any member of staff).
#[server(prefix = "/api", endpoint = "admin/me", input = GetUrl)]
pub async fn back_office_access() -> Result<StaffContext, AppError> {
    let actor = respond(auth::require_staff()).await?;
    Ok(staff_context(&actor))
}

#[cfg(feature = "ssr")]
pub fn staff_context(actor: &Actor) -> StaffContext {
    StaffContext {
        name: actor.name.clone(),
        role: actor.role.label(),
        permissions: Permission::ALL
            .into_iter()
            .filter(|p| actor.role.allows(*p))
            .map(|p| p.code().to_string())
            .collect(),
    }
}

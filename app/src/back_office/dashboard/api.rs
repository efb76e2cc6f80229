use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::Dashboard;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{backend::auth, backend::AppState, domain::Permission, error::respond};

/// Sales figures are order data: they need `ViewOrders`.
#[server(prefix = "/api", endpoint = "admin/dashboard", input = GetUrl)]
pub async fn sales_dashboard() -> Result<Dashboard, AppError> {
    respond(async {
        let state = AppState::current()?;
        auth::require(Permission::ViewOrders).await?;
        super::service::dashboard(&state, crate::backend::auth::unix_now()).await
    })
    .await
}

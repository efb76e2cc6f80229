use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::{CustomerDetail, CustomerList};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{backend::auth, backend::AppState, domain::Permission, error::respond};

/// Customers whose name or e-mail contains `text`, 50 a page.
#[server(prefix = "/api", endpoint = "admin/customers", input = GetUrl)]
pub async fn admin_customers(
    text: Option<String>,
    page: Option<u64>,
) -> Result<CustomerList, AppError> {
    respond(async {
        let state = AppState::current()?;
        auth::require(Permission::ViewCustomers).await?;
        super::service::list(&state, text.as_deref().unwrap_or(""), page.unwrap_or(1)).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin/customer", input = GetUrl)]
pub async fn admin_customer(id: i32) -> Result<CustomerDetail, AppError> {
    respond(async {
        let state = AppState::current()?;
        auth::require(Permission::ViewCustomers).await?;
        super::service::detail(&state, id).await
    })
    .await
}

//! The cart's server functions. Anyone may have a cart: a visitor's is found by a cookie, a
//! customer's by their account. Every answer is the whole cart, priced by the server.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::model::CartView;
use crate::error::AppError;

#[cfg(feature = "ssr")]
pub use ssr::Caller;

#[cfg(feature = "ssr")]
mod ssr {
    use super::super::service::CartOwner;
    use crate::backend::{auth, AppState};
    use crate::error::AppError;

    /// How long a guest's cart is kept in the browser: three months.
    const CART_COOKIE_MAX_AGE_SECS: i64 = 90 * 24 * 3600;

    pub struct Caller {
        pub state: AppState,
        pub user_id: Option<i32>,
        pub guest_token: Option<String>,
    }

    impl Caller {
        pub async fn current() -> Result<Caller, AppError> {
            let state = AppState::current()?;
            let user_id = auth::current_actor().await?.map(|actor| actor.user_id);
            let guest_token = auth::request_cookie(state.security.cart_cookie());
            Ok(Caller {
                state,
                user_id,
                guest_token,
            })
        }

        pub fn owner(&self) -> CartOwner<'_> {
            CartOwner {
                user_id: self.user_id,
                guest_token: self.guest_token.as_deref(),
            }
        }

        /// Gives the browser the cookie of the guest cart just created.
        pub fn keep_cookie(&self, token: Option<String>) {
            if let Some(token) = token {
                let security = &self.state.security;
                auth::set_cookie(security.cookie(
                    security.cart_cookie(),
                    &token,
                    true,
                    CART_COOKIE_MAX_AGE_SECS,
                ));
            }
        }
    }
}

#[server(prefix = "/api", endpoint = "cart/view", input = GetUrl)]
pub async fn view_cart() -> Result<CartView, AppError> {
    crate::error::respond(async {
        let caller = ssr::Caller::current().await?;
        super::service::view(&caller.state.db, caller.owner()).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "cart/add")]
pub async fn add_to_cart(sku: String, quantity: String) -> Result<CartView, AppError> {
    crate::error::respond(async {
        let caller = ssr::Caller::current().await?;
        let (cart, new_token) =
            super::service::add(&caller.state.db, caller.owner(), &sku, &quantity).await?;
        caller.keep_cookie(new_token);
        Ok(cart)
    })
    .await
}

#[server(prefix = "/api", endpoint = "cart/set")]
pub async fn set_cart_quantity(sku: String, quantity: String) -> Result<CartView, AppError> {
    crate::error::respond(async {
        let caller = ssr::Caller::current().await?;
        super::service::set_quantity(&caller.state.db, caller.owner(), &sku, &quantity).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "cart/remove")]
pub async fn remove_from_cart(sku: String) -> Result<CartView, AppError> {
    crate::error::respond(async {
        let caller = ssr::Caller::current().await?;
        super::service::remove(&caller.state.db, caller.owner(), &sku).await
    })
    .await
}

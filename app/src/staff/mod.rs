//! Staff: the accounts that work in the back office, their roles, and the API keys that tills
//! and other machines use. Roles and permissions are named in `domain::access`; who is asking is
//! decided per request in `backend::auth`.

mod admin;
pub mod api;
pub mod api_keys;
pub mod model;
#[cfg(feature = "ssr")]
pub mod service;

pub use admin::{ApiKeysPage, StaffPage};

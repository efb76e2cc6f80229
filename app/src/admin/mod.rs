//! The back office at `/admin`. Every server function here checks a permission on the server
//! before it does anything; pages only hide what the server would refuse anyway.

pub mod api;
pub mod api_keys;
pub mod categories;
pub mod customers;
pub mod dashboard;
pub mod inventory;
pub mod media;
pub mod model;
pub(crate) mod moment;
pub mod orders;
pub mod pages;
pub mod pos;
pub mod products;
pub mod purchasing;
#[cfg(feature = "hydrate")]
mod send_file;
#[cfg(feature = "ssr")]
pub mod service;

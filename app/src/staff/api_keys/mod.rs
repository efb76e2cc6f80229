//! API keys for tills and other machines: staff who manage staff make one per till (shown once),
//! see when each was last used, and revoke them. Only the till permission (`pos`) is offered.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub(super) mod service;

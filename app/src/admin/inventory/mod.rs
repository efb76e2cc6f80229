//! Stock across locations: the movement history of a variant, transfers between locations, and
//! which locations serve online orders in which order.

pub mod api;
pub mod model;
mod page;
#[cfg(feature = "ssr")]
pub mod service;

pub use page::LocationsPage;

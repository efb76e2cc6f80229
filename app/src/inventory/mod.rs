//! Stock across locations: the movement history of a variant, transfers between locations, and
//! which locations serve online orders in which order.

mod admin;
pub mod api;
pub mod domain;
#[cfg(feature = "ssr")]
pub mod ledger;
pub mod model;
#[cfg(feature = "ssr")]
pub mod reorder_watch;
#[cfg(feature = "ssr")]
mod reservations;
#[cfg(feature = "ssr")]
pub mod service;

pub use admin::{LocationsPage, StockPage, VariantLookup};
#[cfg(feature = "ssr")]
pub use ledger::{Movement, Mover};
#[cfg(feature = "ssr")]
pub use reservations::*;

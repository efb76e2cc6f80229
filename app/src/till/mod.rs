//! The point of sale: store staff scan items into a basket, take cash or a card on the store's
//! terminal, and print a receipt. The sale takes the units off that store's shelf at once, in the
//! same ledger the website reads, so online availability follows immediately. External tills post
//! the same sales through a JSON endpoint (`server::pos_api`) with an API key.

mod admin;
pub mod api;
pub mod domain;
pub mod model;
#[cfg(feature = "ssr")]
mod sale;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod terminal;

pub use admin::PointOfSalePage;

//! Buying stock: suppliers and what they sell at what cost, reorder rules, the low-stock alerts
//! they raise, and purchase orders from draft to received. Reordering itself runs in background
//! jobs (`reorder`), never in the request that sold the last units.

pub mod admin;
pub mod api;
#[cfg(feature = "ssr")]
pub mod document;
pub mod domain;
pub mod model;
#[cfg(feature = "ssr")]
pub mod reorder;
#[cfg(feature = "ssr")]
pub mod service;

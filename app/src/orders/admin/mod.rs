//! Orders in the back office: the list with its filters, one order with its timeline, and the
//! state-machine actions staff take (fulfil, deliver, cancel, refund).

#[cfg(feature = "ssr")]
pub mod actions;
pub mod api;
pub mod filter;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

//! Checkout: contact, address, shipping, coupon and a review of the exact amounts, then the
//! order is placed (stock reserved) and the shopper goes to the payment provider's page.

pub mod api;
pub mod domain;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
mod resume;
#[cfg(feature = "ssr")]
pub mod service;

//! Orders: placed by checkout, paid through the payment provider, shown to the shopper on a
//! confirmation page, in their account and by guest lookup.

pub mod admin;
pub mod api;
pub mod components;
pub mod domain;
#[cfg(feature = "ssr")]
pub mod mails;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod placing;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod webhooks;

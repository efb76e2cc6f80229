//! The cart: reactive in the browser (badge, mini-cart, cart page), kept in the database so it
//! survives restarts and follows a customer across devices. The server prices it every time.

pub mod api;
pub mod components;
pub mod domain;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

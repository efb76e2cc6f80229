//! The storefront catalog: home, category and product pages.

pub mod admin;
pub mod api;
pub(crate) mod components;
pub mod domain;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
mod structured_data;

//! The catalog in the back office: the products list with its filters and bulk actions, and the
//! product editor (texts, category, brand, SEO, publication, specifications, variants with their
//! options, prices and stock per location).

pub mod api;
#[cfg(feature = "ssr")]
pub mod csv;
pub mod model;
#[cfg(feature = "ssr")]
pub mod open;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod prices;
#[cfg(feature = "ssr")]
pub mod save;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod transfer;

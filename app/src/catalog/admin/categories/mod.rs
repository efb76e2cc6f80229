//! Categories (a tree, reordered by dragging or with buttons) and brands in the back office.

pub mod api;
pub mod model;
mod pages;
#[cfg(feature = "ssr")]
pub mod service;

pub use pages::{BrandsPage, CategoriesPage};

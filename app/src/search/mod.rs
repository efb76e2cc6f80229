//! Product search: an in-memory tantivy index on every node, built from the database at start-up
//! and kept current through the change feed (`backend::change_feed`, see docs/search.md); the
//! header's search-as-you-type box and the results page with facets.

pub mod api;
pub mod components;
#[cfg(feature = "ssr")]
pub mod document;
pub mod domain;
#[cfg(feature = "ssr")]
mod facets;
#[cfg(feature = "ssr")]
pub mod follower;
#[cfg(feature = "ssr")]
pub mod index;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

#[cfg(feature = "ssr")]
pub use index::SearchIndex;

//! Product search: an in-memory tantivy index on every node, built from the database at
//! start-up and kept current through the `search_changes` feed (see docs/search.md).

pub mod changes;
pub mod document;
mod facets;
pub mod follower;
pub mod index;
pub mod service;

pub use index::SearchIndex;

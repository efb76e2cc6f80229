//! Product search: the header's search-as-you-type box and the results page with facets.
//! The index lives in `backend::search`; here are the server functions and the views.

pub mod api;
pub mod components;
pub mod model;
pub mod pages;

//! A product's pictures in the back office: uploaded (by a plain route that takes the file's
//! bytes, so the browser can show progress), put in order, described with alt text, removed.

pub mod api;
mod gallery;
pub mod model;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod upload;

pub use gallery::MediaGallery;

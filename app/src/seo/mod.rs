//! What search engines and browsers read besides a page's body: `/sitemap.xml`, `/robots.txt`
//! and the page's title.

#[cfg(feature = "ssr")]
pub mod routes;
pub mod sitemap;
mod title;

pub use title::page_title;

//! What search engines read besides the pages: `/sitemap.xml` and `/robots.txt`.

#[cfg(feature = "ssr")]
pub mod routes;
pub mod sitemap;

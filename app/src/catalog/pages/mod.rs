//! The catalog's pages. Each loads one view through a server function and renders it; with
//! `SsrMode::Async` the server sends the finished page (status code and head tags included).

mod category;
mod home;
mod product;

pub use category::CategoryPage;
pub use home::HomePage;
pub use product::ProductPage;

//! The frame around every page: header, footer, and the pages shown when something is wrong.

mod error_page;
mod footer;
mod header;

pub use error_page::{ErrorPage, NotFoundPage};
pub use footer::SiteFooter;
pub use header::SiteHeader;

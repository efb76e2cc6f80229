//! The frame around every page: header, footer, shared form pieces, and the pages shown when
//! something is wrong.

mod error_page;
mod footer;
pub mod form;
mod header;
mod loaded;

pub use error_page::{ErrorPage, NotFoundPage};
pub use footer::SiteFooter;
pub use header::SiteHeader;
pub use loaded::Loaded;

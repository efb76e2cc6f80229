//! The back office's shell at `/admin`: the section layout every back-office page sits in (it asks
//! the server who is looking and shows a page only with the permission it needs), its home page
//! with the sales dashboard, and small helpers the back-office pages share. The pages themselves
//! live with their capability (`orders`, `inventory`, `staff`...). Every server function checks
//! a permission on the server before it does anything; pages only hide what the server would
//! refuse anyway.

pub mod api;
pub mod dashboard;
mod home;
pub mod model;
mod section;
#[cfg(feature = "hydrate")]
pub(crate) mod send_file;

pub use home::AdminHomePage;
pub use section::{style, AdminSection, SECTIONS};

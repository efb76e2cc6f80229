//! The audit log: who changed what in the back office, with the subject and its state before and
//! after. Every back-office change writes its entry with `record`, in the transaction of the
//! change; administrators read the log at `/admin/audit`.

mod admin;
pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
mod record;
#[cfg(feature = "ssr")]
pub mod service;

pub use admin::AuditPage;
#[cfg(feature = "ssr")]
pub use record::{record, record_after, record_change};

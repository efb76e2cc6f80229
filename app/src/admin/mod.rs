//! The back office's catalog, orders and customers pages and their server functions (moving to
//! their capabilities' homes: see docs/architecture.md). Every server function here checks a
//! permission on the server before it does anything; pages only hide what the server would
//! refuse anyway.

pub mod categories;
pub mod customers;
pub mod media;
pub mod orders;
pub mod products;

//! Customers in the back office: who they are, what they ordered and spent, where they ship to.

pub mod api;
pub mod model;
mod pages;
#[cfg(feature = "ssr")]
pub mod service;

pub use pages::{AdminCustomerPage, AdminCustomersPage};

//! Customer accounts: sign-up with a confirmed address, sign-in, password reset, the profile and
//! saved addresses. Staff sign in here too; the back office is in `admin`.

pub mod admin;
pub mod api;
pub mod components;
#[cfg(feature = "ssr")]
mod mails;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

//! Server-only code: the database, its entities and migrations, the demo data, and the state
//! handed to every server function.

pub mod auth;
pub mod db;
pub mod entities;
pub mod forms;
pub mod images;
pub mod jobs;
pub mod mail;
pub mod media_store;
pub mod migration;
pub mod payments;
pub mod search;
pub mod seed;
pub mod state;
pub mod stock;

pub use state::{AppState, CheckoutSettings, SiteConfig};

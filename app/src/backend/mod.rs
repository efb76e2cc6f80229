//! Server-only code: the database, its entities and migrations, the demo data, and the state
//! handed to every server function.

pub mod auth;
pub mod change_feed;
pub mod db;
pub mod entities;
pub mod forms;
pub mod images;
pub mod jobs;
pub mod lookup;
pub mod mail;
pub mod media_store;
pub mod migration;
pub mod seed;
pub mod state;

pub use state::{AppState, CheckoutSettings, SiteConfig};

/// The name cargo-leptos gives the compiled site's files (`output-name`, the workspace's
/// `[[workspace.metadata.leptos]] name`): `/pkg/mercato.js`, `/pkg/mercato.wasm`.
pub const PACKAGE_NAME: &str = "mercato";

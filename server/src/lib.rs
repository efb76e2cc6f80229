//! The `mercato` server: configuration, command line, HTTP routes and start-up. The shop itself
//! (pages, services, rules) lives in the `app` crate.

#![recursion_limit = "256"]

mod body_limit;
pub mod cli;
pub mod config;
pub mod gateway;
mod health;
mod media_files;
pub mod panics;
pub mod router;
pub mod startup;
pub mod telemetry;
pub mod workers;

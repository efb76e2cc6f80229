//! The back office's first page: how the shop is doing today, this week and this month, what
//! waits to be shipped, what runs out, and thirty days of revenue as a chart.

pub mod api;
mod chart;
pub mod domain;
pub mod model;
mod page;
#[cfg(feature = "ssr")]
pub mod service;

pub use page::SalesDashboard;

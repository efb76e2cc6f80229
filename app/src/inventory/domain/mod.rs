//! Inventory's rules as plain Rust: what a shopper may buy, how a stock level moves, and when a
//! level crosses its reorder point.

pub mod movement;
pub mod reorder;
pub mod stock;
pub mod units;

pub use movement::{Level, MovementKind, StockChange};
pub use reorder::{AutoReorder, Crossing, ReorderLevels};
pub use stock::{available_units, Availability, LevelLockOrder};
pub use units::{Units, UnitsError};

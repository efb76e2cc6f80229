//! An order's rules as plain Rust: its states and the moves between them, what a refund may
//! give back, and shipments with their tracking numbers.

pub mod refund;
pub mod shipment;
pub mod status;

pub use refund::{refund_amount, RefundError, Restock};
pub use shipment::{Carrier, ShipmentError, TrackingNumber};
pub use status::{OrderEvent, OrderStatus, TransitionError, SOLD_STATUSES};

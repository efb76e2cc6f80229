//! What the back office's order pages receive.

use serde::{Deserialize, Serialize};

use super::filter::OrderFilter;
use crate::domain::Money;
use crate::orders::domain::OrderStatus;
use crate::orders::model::OrderView;

/// One row of the orders list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRow {
    pub number: String,
    pub placed_at: String,
    pub email: String,
    pub customer_name: String,
    pub status: OrderStatus,
    pub total: Money,
    pub items: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderList {
    pub filter: OrderFilter,
    pub rows: Vec<OrderRow>,
    /// Orders matching the filter, on all pages.
    pub matching: u64,
    pub pages: u64,
}

/// A line as the merchant handles it: the shopper's view plus what already went back to stock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandledLine {
    pub line_id: i32,
    pub sku: String,
    pub quantity: u32,
    pub restocked: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShipmentView {
    pub carrier: String,
    pub tracking_number: String,
    pub tracking_url: Option<String>,
    pub shipped_at: String,
}

/// Something that happened to an order, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub at: String,
    pub text: String,
    /// Who did it, when a member of staff did.
    pub by: Option<String>,
}

/// What may be done to the order now (the state machine's answer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderActions {
    pub fulfil: bool,
    pub deliver: bool,
    pub cancel: bool,
    pub refund: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDetail {
    pub order: OrderView,
    /// The account's name, or "Guest".
    pub customer: String,
    pub phone: String,
    pub payment_provider: String,
    pub payment_id: Option<String>,
    pub lines: Vec<HandledLine>,
    pub shipments: Vec<ShipmentView>,
    pub timeline: Vec<TimelineEntry>,
    pub actions: OrderActions,
    /// What can still be refunded.
    pub refundable: Money,
    /// (code, name) of the carriers to choose from.
    pub carriers: Vec<(String, String)>,
}

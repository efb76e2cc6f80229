//! What order pages receive.

use serde::{Deserialize, Serialize};

use crate::domain::Money;
use crate::orders::domain::OrderStatus;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLineView {
    pub sku: String,
    pub product_name: String,
    pub variant_label: String,
    pub quantity: u32,
    pub unit_price: Money,
    pub line_total: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxLineView {
    /// "VAT 23 %".
    pub label: String,
    pub tax: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderView {
    pub number: String,
    pub status: OrderStatus,
    /// Seconds since the epoch; pages and mails write it in the reader's language
    /// (`domain::moment::in_language`).
    pub placed_at: i64,
    pub email: String,
    pub lines: Vec<OrderLineView>,
    pub goods: Money,
    /// (coupon code, amount taken off) when a coupon was used.
    pub discount: Option<(String, Money)>,
    pub shipping_method: String,
    pub shipping: Money,
    pub taxes: Vec<TaxLineView>,
    pub prices_include_tax: bool,
    pub total: Money,
    pub refunded: Option<Money>,
    pub ship_to: Vec<String>,
    /// "Visa ending in 4242", once paid.
    pub paid_with: Option<String>,
    /// Where to pay while the order waits for payment.
    pub payment_url: Option<String>,
}

/// One row of a customer's order history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub number: String,
    /// Seconds since the epoch.
    pub placed_at: i64,
    pub status: OrderStatus,
    pub total: Money,
    pub item_count: u32,
}

impl OrderSummary {
    pub fn href(&self) -> String {
        format!("/order/{}", self.number)
    }
}

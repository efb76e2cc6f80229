use serde::{Deserialize, Serialize};

use crate::domain::Money;
use crate::till::domain::{BasketLine, TenderKind};

/// A store a clerk can sell from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Store {
    pub code: String,
    pub name: String,
}

/// An item scanned at the till: what it is, its price, and how many the store holds for sale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TillItem {
    pub sku: String,
    pub name: String,
    pub price: Money,
    pub available_here: i64,
}

/// How the customer pays, as the till sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    /// "cash" or "card_present".
    pub method: String,
    /// Cash handed over, for cash ("50.00").
    #[serde(default)]
    pub tendered: Option<String>,
    /// The terminal's approval code, for cards (optional; never card data).
    #[serde(default)]
    pub reference: Option<String>,
}

/// A sale as a till posts it (the admin page and the JSON endpoint alike).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleRequest {
    /// The store's location code; a till's key may fix it.
    #[serde(default)]
    pub location: Option<String>,
    pub lines: Vec<BasketLine>,
    pub payment: Payment,
    /// The till's own id for this sale: posting it again returns the first receipt.
    #[serde(default)]
    pub client_reference: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptLine {
    pub sku: String,
    pub name: String,
    pub quantity: i32,
    pub unit_price: Money,
    pub line_total: Money,
}

/// What the printed receipt shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub number: String,
    pub store_name: String,
    pub store_address: String,
    pub sold_at: i64,
    pub sold_by: String,
    pub lines: Vec<ReceiptLine>,
    pub total: Money,
    pub payment: TenderKind,
    pub tendered: Option<Money>,
    pub change: Option<Money>,
    pub card_reference: Option<String>,
}

/// Stock of one variant at one location, for tills.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockReading {
    pub sku: String,
    pub location: String,
    pub on_hand: i32,
    pub reserved: i32,
    pub available: i64,
}

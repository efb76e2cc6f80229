use serde::{Deserialize, Serialize};

use crate::domain::Money;
use crate::orders::model::OrderSummary;

pub const CUSTOMERS_PER_PAGE: u64 = 50;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerRow {
    pub id: i32,
    pub email: String,
    pub name: String,
    pub joined: String,
    pub orders: u64,
    pub spent: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerList {
    pub text: String,
    pub page: u64,
    pub pages: u64,
    pub matching: u64,
    pub rows: Vec<CustomerRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerDetail {
    pub email: String,
    pub name: String,
    pub joined: String,
    pub verified: bool,
    /// Each saved address on one line, the default first.
    pub addresses: Vec<String>,
    pub orders: Vec<OrderSummary>,
    pub spent: Money,
}

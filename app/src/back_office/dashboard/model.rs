use serde::{Deserialize, Serialize};

use crate::back_office::dashboard::domain::{DayRevenue, SalesFigures, SalesPeriod};
use crate::domain::Money;
use crate::purchasing::model::ReorderAlert;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodFigures {
    pub period: SalesPeriod,
    pub figures: SalesFigures,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LowStockItem {
    pub sku: String,
    pub product_name: String,
    pub available: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub periods: Vec<PeriodFigures>,
    /// Paid orders not yet handed to a carrier.
    pub waiting_to_ship: u64,
    /// Variants of published products at or below the low-stock mark online.
    pub low_stock_count: u64,
    /// The lowest of them.
    pub low_stock: Vec<LowStockItem>,
    /// Revenue of each of the last 30 days, oldest first.
    pub daily: Vec<DayRevenue>,
    pub currency_total_30_days: Money,
    /// Variants at or below their reorder point.
    pub reorder_alerts: Vec<ReorderAlert>,
}

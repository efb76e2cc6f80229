use serde::{Deserialize, Serialize};

use crate::domain::Money;
use crate::inventory::domain::AutoReorder;
use crate::purchasing::domain::PurchaseOrderStatus;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierRow {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub lead_time_days: i32,
    pub auto_reorder: AutoReorder,
    pub items: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierItemRow {
    pub sku: String,
    pub product_name: String,
    pub supplier_sku: Option<String>,
    pub cost: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierDetail {
    pub supplier: SupplierRow,
    pub items: Vec<SupplierItemRow>,
}

/// A variant at or below its reorder point, for the dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReorderAlert {
    pub sku: String,
    pub product_name: String,
    /// None: the rule watches all locations together.
    pub location: Option<String>,
    pub available: i64,
    pub reorder_point: i32,
    pub supplier: Option<String>,
    /// Seconds since the epoch when it fell to the point.
    pub since: Option<i64>,
}

/// A variant's reorder rules, as the stock page edits them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReorderRuleRow {
    pub id: i32,
    pub location_code: Option<String>,
    pub location_name: Option<String>,
    pub reorder_point: i32,
    pub reorder_quantity: i32,
    pub supplier_id: Option<i32>,
    pub supplier_name: Option<String>,
    pub low: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseOrderRow {
    pub number: String,
    pub supplier: String,
    pub status: PurchaseOrderStatus,
    pub created_at: i64,
    pub units: i64,
    pub total: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseOrderLineRow {
    pub id: i32,
    pub sku: String,
    pub name: String,
    pub ordered: i32,
    pub received: i32,
    pub cost: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseOrderDetail {
    pub number: String,
    pub supplier: String,
    pub supplier_email: String,
    pub deliver_to: String,
    pub status: PurchaseOrderStatus,
    pub created_by: String,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    /// When the goods should arrive: sent plus the supplier's lead time.
    pub expected_by: Option<i64>,
    pub lines: Vec<PurchaseOrderLineRow>,
    pub total: Money,
}

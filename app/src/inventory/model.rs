use serde::{Deserialize, Serialize};

/// One line of a variant's stock history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovementRow {
    pub at: i64,
    pub location: String,
    /// `domain::MovementKind::label`.
    pub kind: String,
    pub on_hand_change: i32,
    pub reserved_change: i32,
    pub reason: String,
    pub actor: String,
    pub reference: Option<String>,
}

/// A location as the locations page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationRow {
    pub code: String,
    pub name: String,
    /// "warehouse" or "store".
    pub kind: String,
    pub sells_online: bool,
    pub online_rank: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockAtLocation {
    pub location_code: String,
    pub location_name: String,
    pub on_hand: i32,
    pub reserved: i32,
}

/// One variant as the back office shows it: what it is, its price and its stock everywhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantAdmin {
    pub sku: String,
    pub product_name: String,
    pub variant_name: String,
    pub price: String,
    pub stock: Vec<StockAtLocation>,
}

//! What back-office pages receive.

use serde::{Deserialize, Serialize};

/// The staff member looking at the back office and what they may open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffContext {
    pub name: String,
    pub role: String,
    /// Permission codes (`domain::Permission::code`).
    pub permissions: Vec<String>,
}

impl StaffContext {
    pub fn may(&self, permission: crate::domain::Permission) -> bool {
        self.permissions
            .iter()
            .any(|code| code == permission.code())
    }
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    pub email: String,
    pub name: String,
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffDirectory {
    pub members: Vec<StaffMember>,
    /// The roles one can be given: "Administrator", each staff role, "Customer".
    pub roles: Vec<String>,
}

//! What account pages receive: small views, never rows (no password hash can cross the wire).

use serde::{Deserialize, Serialize};

use crate::domain::AddressInput;

/// The signed-in person, as the header and the account pages show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub name: String,
    pub email: String,
    pub role: String,
    /// Whether the back office opens for them.
    pub is_staff: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedAddress {
    pub id: i32,
    pub address: AddressInput,
    pub is_default: bool,
}

impl SavedAddress {
    pub fn one_line(&self) -> String {
        let a = &self.address;
        [
            a.full_name.as_str(),
            a.line1.as_str(),
            a.line2.as_str(),
            &format!("{} {}", a.postal_code, a.city),
            a.region.as_str(),
            a.country.as_str(),
        ]
        .into_iter()
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountOverview {
    pub summary: AccountSummary,
    pub addresses: Vec<SavedAddress>,
}

/// What a form reports back after it succeeded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice(pub String);

//! What every back-office page receives.

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

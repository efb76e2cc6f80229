//! Staff as the back office shows them.

use serde::{Deserialize, Serialize};

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

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

//! When stock must be reordered: the reorder point, the crossing that raises one alert (not one per
//! sale), and how a supplier wants automatic purchase orders handled.

use super::units::Units;
use serde::{Deserialize, Serialize};

/// What the shop does on its own when a supplier's items fall to their reorder point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum AutoReorder {
    /// Only the alert; staff order by hand.
    #[default]
    Off,
    /// A draft purchase order waits for staff to check and send it.
    Draft,
    /// The purchase order is e-mailed to the supplier at once.
    Send,
}

impl AutoReorder {
    pub const ALL: [AutoReorder; 3] = [AutoReorder::Off, AutoReorder::Draft, AutoReorder::Send];

    pub fn code(self) -> &'static str {
        match self {
            AutoReorder::Off => "off",
            AutoReorder::Draft => "draft",
            AutoReorder::Send => "send",
        }
    }

    pub fn from_code(code: &str) -> Option<AutoReorder> {
        AutoReorder::ALL
            .into_iter()
            .find(|m| m.code() == code.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            AutoReorder::Off => "Off (alert only)",
            AutoReorder::Draft => "Create a draft purchase order",
            AutoReorder::Send => "Create and send the purchase order",
        }
    }
}

/// How a stock change moved a variant relative to its reorder point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Crossing {
    /// Available stock has just fallen to or below the point: alert (and reorder) now.
    Fell,
    /// It rose above the point again (stock arrived): the next fall alerts again.
    Recovered,
    /// Still on the same side as before.
    Unchanged,
}

/// `was_low` is what the rule last recorded; `available` is on hand minus reserved now.
pub fn crossing(was_low: bool, available: i64, reorder_point: i32) -> Crossing {
    let low = available <= i64::from(reorder_point);
    match (was_low, low) {
        (false, true) => Crossing::Fell,
        (true, false) => Crossing::Recovered,
        _ => Crossing::Unchanged,
    }
}

/// A reorder point and quantity as staff type them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReorderLevels {
    pub point: i32,
    pub quantity: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReorderError {
    #[error("The reorder point must be a whole number from 0 to 1,000,000.")]
    BadPoint,
    #[error("The reorder quantity must be a whole number from 1 to 1,000,000.")]
    BadQuantity,
}

impl ReorderLevels {
    pub fn parse(point: &str, quantity: &str) -> Result<ReorderLevels, ReorderError> {
        let point = Units::parse_count(point).map_err(|_| ReorderError::BadPoint)?;
        let quantity = Units::parse_moving(quantity).map_err(|_| ReorderError::BadQuantity)?;
        Ok(ReorderLevels {
            point: point.get(),
            quantity: quantity.get(),
        })
    }
}

#[cfg(test)]
mod properties;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alerts_once_per_crossing() {
        assert_eq!(crossing(false, 6, 5), Crossing::Unchanged);
        assert_eq!(crossing(false, 5, 5), Crossing::Fell, "at the point counts");
        assert_eq!(crossing(true, 4, 5), Crossing::Unchanged, "no second alert");
        assert_eq!(crossing(true, 0, 5), Crossing::Unchanged);
        assert_eq!(crossing(true, 6, 5), Crossing::Recovered);
        assert_eq!(crossing(false, -2, 0), Crossing::Fell);
    }

    #[test]
    fn modes_round_trip() {
        for mode in AutoReorder::ALL {
            assert_eq!(AutoReorder::from_code(mode.code()), Some(mode));
        }
        assert_eq!(AutoReorder::from_code("maybe"), None);
    }

    #[test]
    fn levels_are_checked() {
        assert_eq!(
            ReorderLevels::parse(" 3 ", "12"),
            Ok(ReorderLevels {
                point: 3,
                quantity: 12
            })
        );
        assert_eq!(
            ReorderLevels::parse("-1", "12"),
            Err(ReorderError::BadPoint)
        );
        assert_eq!(
            ReorderLevels::parse("0", "0"),
            Err(ReorderError::BadQuantity)
        );
        assert_eq!(ReorderLevels::parse("x", "1"), Err(ReorderError::BadPoint));
    }
}

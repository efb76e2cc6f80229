//! The stock-movement ledger's rules: what kinds of movement there are, and which changes a stock
//! level may take. The database applies the same rule as a conditional update.

use serde::{Deserialize, Serialize};

/// Why a stock level changed. Every change is one of these, recorded with who made it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MovementKind {
    /// Reserved units left the shelf with a paid online order.
    Sale,
    /// Units promised to an online order until it is paid.
    Reservation,
    /// A promise ended without a sale (order cancelled or never paid).
    Release,
    /// Units came back from a customer (refund or cancellation of a paid order).
    Return,
    /// A count or correction by staff, with a reason.
    Adjustment,
    /// Units moved from one location to another (one movement at each end).
    Transfer,
    /// Units arrived from a supplier against a purchase order.
    Receipt,
    /// Units sold over the counter in a physical store.
    InStoreSale,
}

impl MovementKind {
    pub const ALL: [MovementKind; 8] = [
        MovementKind::Sale,
        MovementKind::Reservation,
        MovementKind::Release,
        MovementKind::Return,
        MovementKind::Adjustment,
        MovementKind::Transfer,
        MovementKind::Receipt,
        MovementKind::InStoreSale,
    ];

    pub fn code(self) -> &'static str {
        match self {
            MovementKind::Sale => "sale",
            MovementKind::Reservation => "reservation",
            MovementKind::Release => "release",
            MovementKind::Return => "return",
            MovementKind::Adjustment => "adjustment",
            MovementKind::Transfer => "transfer",
            MovementKind::Receipt => "receipt",
            MovementKind::InStoreSale => "in_store_sale",
        }
    }

    pub fn from_code(code: &str) -> Option<MovementKind> {
        MovementKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            MovementKind::Sale => "Online sale",
            MovementKind::Reservation => "Reserved for an order",
            MovementKind::Release => "Reservation released",
            MovementKind::Return => "Returned",
            MovementKind::Adjustment => "Adjustment",
            MovementKind::Transfer => "Transfer",
            MovementKind::Receipt => "Received from supplier",
            MovementKind::InStoreSale => "In-store sale",
        }
    }
}

/// A change to a stock level: how many units on hand and how many reserved it adds (negative
/// to take away).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockChange {
    pub on_hand: i32,
    pub reserved: i32,
}

impl StockChange {
    /// Units arrive on the shelf (receipt, return, transfer in, a count that found more).
    pub fn add(units: i32) -> StockChange {
        StockChange {
            on_hand: units,
            reserved: 0,
        }
    }

    /// Units leave the shelf without having been reserved (in-store sale, transfer out).
    pub fn take(units: i32) -> StockChange {
        StockChange {
            on_hand: -units,
            reserved: 0,
        }
    }

    pub fn reserve(units: i32) -> StockChange {
        StockChange {
            on_hand: 0,
            reserved: units,
        }
    }

    pub fn release(units: i32) -> StockChange {
        StockChange {
            on_hand: 0,
            reserved: -units,
        }
    }

    /// Reserved units leave with the order they were promised to.
    pub fn sell_reserved(units: i32) -> StockChange {
        StockChange {
            on_hand: -units,
            reserved: -units,
        }
    }

    /// How the number of units still for sale moves.
    pub fn available(self) -> i64 {
        i64::from(self.on_hand) - i64::from(self.reserved)
    }
}

/// What a location holds of one variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Level {
    pub on_hand: i32,
    pub reserved: i32,
}

impl Level {
    pub fn available(self) -> i64 {
        i64::from(self.on_hand) - i64::from(self.reserved)
    }

    /// The level after `change`, if it stays sound: nothing negative, and never more promised
    /// than is on the shelf. Refusing anything else is what keeps the shop from overselling.
    pub fn after(self, change: StockChange) -> Option<Level> {
        let on_hand = self.on_hand.checked_add(change.on_hand)?;
        let reserved = self.reserved.checked_add(change.reserved)?;
        (reserved >= 0 && reserved <= on_hand).then_some(Level { on_hand, reserved })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for kind in MovementKind::ALL {
            assert_eq!(MovementKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(MovementKind::from_code("theft"), None);
    }

    #[test]
    fn a_level_never_promises_more_than_it_holds() {
        let level = Level {
            on_hand: 3,
            reserved: 1,
        };
        assert_eq!(
            level.after(StockChange::reserve(2)),
            Some(Level {
                on_hand: 3,
                reserved: 3
            })
        );
        assert_eq!(level.after(StockChange::reserve(3)), None);
        assert_eq!(
            level.after(StockChange::take(3)),
            None,
            "one unit is promised"
        );
        assert_eq!(
            level.after(StockChange::take(2)).map(Level::available),
            Some(0)
        );
        assert_eq!(level.after(StockChange::release(2)), None);
        assert_eq!(
            level.after(StockChange::sell_reserved(1)),
            Some(Level {
                on_hand: 2,
                reserved: 0
            })
        );
        assert_eq!(level.after(StockChange::add(i32::MAX)), None, "overflow");
    }

    #[test]
    fn changes_move_availability() {
        assert_eq!(StockChange::reserve(2).available(), -2);
        assert_eq!(StockChange::sell_reserved(2).available(), 0);
        assert_eq!(StockChange::take(4).available(), -4);
        assert_eq!(StockChange::add(5).available(), 5);
    }
}

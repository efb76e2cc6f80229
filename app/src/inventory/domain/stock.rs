//! How much of a variant a shopper can still buy, as the storefront shows it.

use serde::{Deserialize, Serialize};

/// Units of a variant that can still be sold: on hand minus reserved, summed over the stock
/// levels given (the caller picks which locations count, e.g. those that sell online).
pub fn available_units(levels: impl IntoIterator<Item = (i32, i32)>) -> i64 {
    levels
        .into_iter()
        .map(|(on_hand, reserved)| i64::from(on_hand) - i64::from(reserved))
        .sum()
}

/// The order in which a transaction that changes several stock levels of one variant locks them:
/// by the location's online rank, then its id, the order checkout reserves from locations in
/// (`inventory::online_locations_in_order`). Every writer that touches more than one location of
/// a variant follows it, and writers that touch several variants take them by variant id, so no
/// two transactions wait on each other in a circle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LevelLockOrder {
    online_rank: i32,
    location_id: i32,
}

impl LevelLockOrder {
    pub fn of(online_rank: i32, location_id: i32) -> LevelLockOrder {
        LevelLockOrder {
            online_rank,
            location_id,
        }
    }
}

/// What the storefront says about a variant's stock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Availability {
    InStock,
    /// Few left: shoppers are told how many, so they can decide before it sells out.
    Low {
        left: u32,
    },
    OutOfStock,
}

impl Availability {
    /// At or below this many available units the storefront says "only N left".
    pub const LOW_STOCK_THRESHOLD: i64 = 5;

    /// `available` is on hand minus reserved, summed over the locations that sell online; it can
    /// be negative when a count correction lands after reservations.
    pub fn from_available(available: i64) -> Availability {
        if available <= 0 {
            Availability::OutOfStock
        } else if available <= Availability::LOW_STOCK_THRESHOLD {
            Availability::Low {
                left: u32::try_from(available).unwrap_or(u32::MAX),
            }
        } else {
            Availability::InStock
        }
    }

    pub fn can_buy(self) -> bool {
        !matches!(self, Availability::OutOfStock)
    }

    /// The schema.org availability URL for JSON-LD offers.
    pub fn schema_org(self) -> &'static str {
        match self {
            Availability::InStock => "https://schema.org/InStock",
            Availability::Low { .. } => "https://schema.org/LimitedAvailability",
            Availability::OutOfStock => "https://schema.org/OutOfStock",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_locked_by_online_rank_before_location_id() {
        // The main warehouse (rank 0) was made after the shop (id 1): it still comes first.
        assert!(LevelLockOrder::of(0, 7) < LevelLockOrder::of(1, 1));
        assert!(LevelLockOrder::of(1, 1) < LevelLockOrder::of(1, 2));
        assert_eq!(LevelLockOrder::of(2, 3), LevelLockOrder::of(2, 3));
    }

    #[test]
    fn classifies_available_units() {
        assert_eq!(Availability::from_available(-3), Availability::OutOfStock);
        assert_eq!(Availability::from_available(0), Availability::OutOfStock);
        assert_eq!(
            Availability::from_available(1),
            Availability::Low { left: 1 }
        );
        assert_eq!(
            Availability::from_available(5),
            Availability::Low { left: 5 }
        );
        assert_eq!(Availability::from_available(6), Availability::InStock);
    }

    #[test]
    fn available_is_on_hand_minus_reserved_over_all_levels() {
        assert_eq!(available_units([(10, 3), (4, 0)]), 11);
        assert_eq!(available_units([(2, 5)]), -3);
        assert_eq!(available_units([]), 0);
    }

    #[test]
    fn only_sold_out_stops_a_sale() {
        assert_eq!(
            Availability::from_available(2),
            Availability::Low { left: 2 }
        );
        assert!(!Availability::OutOfStock.can_buy());
        assert!(Availability::Low { left: 1 }.can_buy());
    }
}

//! The cart's rules: how many of a thing one may put in it, what a line and the cart cost, and
//! when a price has moved since the shopper added the item. The server always recomputes these
//! from current prices; the browser only shows what the server said.

use serde::{Deserialize, Serialize};

use crate::domain::money::{Money, MoneyError};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CartError {
    #[error("Please choose a quantity of at least 1.")]
    ZeroQuantity,
    #[error("You can buy at most {max} of one item per order.", max = Quantity::MAX)]
    TooMany,
    #[error("“{0}” is not a quantity.")]
    NotANumber(String),
    #[error("Only {available} of “{name}” are available.")]
    NotEnoughStock { name: String, available: i64 },
    #[error("“{0}” is sold out.")]
    SoldOut(String),
    #[error("A cart can hold at most {max} different items.", max = CART_LINE_LIMIT)]
    TooManyLines,
    #[error(transparent)]
    Money(#[from] MoneyError),
}

/// Enough for any shopper; it bounds what one cart can hold (and reserve) in one go.
pub const CART_LINE_LIMIT: usize = 200;

/// How many units of one variant a cart line holds: 1 to 999.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct Quantity(u32);

impl Quantity {
    pub const MAX: u32 = 999;

    pub fn new(value: u32) -> Result<Quantity, CartError> {
        match value {
            0 => Err(CartError::ZeroQuantity),
            v if v > Self::MAX => Err(CartError::TooMany),
            v => Ok(Quantity(v)),
        }
    }

    /// Parses what a shopper typed ("2", " 3 ").
    pub fn parse(text: &str) -> Result<Quantity, CartError> {
        let trimmed = text.trim();
        let value: i64 = trimmed
            .parse()
            .map_err(|_| CartError::NotANumber(trimmed.to_string()))?;
        if value <= 0 {
            return Err(CartError::ZeroQuantity);
        }
        Quantity::new(u32::try_from(value).map_err(|_| CartError::TooMany)?)
    }

    pub fn get(self) -> u32 {
        self.0
    }

    /// This quantity plus `more`, within the limit.
    pub fn plus(self, more: Quantity) -> Result<Quantity, CartError> {
        Quantity::new(self.0.saturating_add(more.0))
    }

    /// Refuses more than the `available` units (on hand minus reserved) of the item `name`.
    pub fn check_stock(self, name: &str, available: i64) -> Result<(), CartError> {
        if available <= 0 {
            Err(CartError::SoldOut(name.to_string()))
        } else if i64::from(self.0) > available {
            Err(CartError::NotEnoughStock {
                name: name.to_string(),
                available,
            })
        } else {
            Ok(())
        }
    }
}

impl TryFrom<u32> for Quantity {
    type Error = CartError;
    fn try_from(value: u32) -> Result<Self, Self::Error> {
        Quantity::new(value)
    }
}

impl From<Quantity> for u32 {
    fn from(value: Quantity) -> Self {
        value.0
    }
}

/// How a line's price compares with the price when it was added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PriceChange {
    Unchanged,
    Up { was: Money },
    Down { was: Money },
}

impl PriceChange {
    pub fn between(when_added: Money, now: Money) -> PriceChange {
        use std::cmp::Ordering;
        match now.minor().cmp(&when_added.minor()) {
            Ordering::Equal => PriceChange::Unchanged,
            Ordering::Greater => PriceChange::Up { was: when_added },
            Ordering::Less => PriceChange::Down { was: when_added },
        }
    }
}

/// The line total: unit price × quantity, refusing overflow rather than wrapping.
pub fn line_total(unit_price: Money, quantity: Quantity) -> Result<Money, CartError> {
    Ok(unit_price.times(quantity.get())?)
}

/// The sum of line totals; all must be in one currency.
pub fn subtotal(lines: impl IntoIterator<Item = Money>, zero: Money) -> Result<Money, CartError> {
    lines
        .into_iter()
        .try_fold(zero, |sum, line| sum.checked_add(line))
        .map_err(CartError::from)
}

#[cfg(test)]
mod properties;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Currency;

    fn eur(minor: i64) -> Money {
        Money::from_minor(minor, Currency::Eur)
    }

    #[test]
    fn quantities_are_bounded_and_parsed() {
        assert_eq!(Quantity::parse(" 3 ").map(Quantity::get), Ok(3));
        assert_eq!(Quantity::parse("0"), Err(CartError::ZeroQuantity));
        assert_eq!(Quantity::parse("-2"), Err(CartError::ZeroQuantity));
        assert_eq!(Quantity::parse("1000"), Err(CartError::TooMany));
        assert_eq!(Quantity::parse("99999999999"), Err(CartError::TooMany));
        assert_eq!(
            Quantity::parse("two"),
            Err(CartError::NotANumber("two".into()))
        );
        let nine_hundred = Quantity::new(900).expect("valid");
        assert_eq!(nine_hundred.plus(nine_hundred), Err(CartError::TooMany));
    }

    #[test]
    fn stock_limits_what_can_be_added() {
        let three = Quantity::new(3).expect("valid");
        assert!(three.check_stock("Mug", 3).is_ok());
        assert_eq!(
            three.check_stock("Mug", 2),
            Err(CartError::NotEnoughStock {
                name: "Mug".into(),
                available: 2
            })
        );
        assert_eq!(
            three.check_stock("Mug", 0),
            Err(CartError::SoldOut("Mug".into()))
        );
        assert_eq!(
            CartError::NotEnoughStock {
                name: "Mug".into(),
                available: 2
            }
            .to_string(),
            "Only 2 of “Mug” are available."
        );
    }

    #[test]
    fn totals_add_up_exactly() {
        let two = Quantity::new(2).expect("valid");
        assert_eq!(line_total(eur(1999), two), Ok(eur(3998)));
        assert_eq!(subtotal([eur(3998), eur(1)], eur(0)), Ok(eur(3999)));
        let pln = Money::from_minor(100, Currency::Pln);
        assert!(subtotal([eur(1), pln], eur(0)).is_err());
    }

    #[test]
    fn notices_price_changes() {
        assert_eq!(
            PriceChange::between(eur(1000), eur(1000)),
            PriceChange::Unchanged
        );
        assert_eq!(
            PriceChange::between(eur(1000), eur(1200)),
            PriceChange::Up { was: eur(1000) }
        );
        assert_eq!(
            PriceChange::between(eur(1000), eur(900)),
            PriceChange::Down { was: eur(1000) }
        );
    }
}

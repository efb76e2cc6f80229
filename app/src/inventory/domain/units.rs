//! Numbers of units as staff type them: how many a shelf holds after a count, how many move in
//! a transfer, a purchase order line or a reorder rule.

use thiserror::Error;

/// A whole number of units from 0 (a count) or 1 (a movement) to `Units::MAX`. Anything larger is
/// a typing mistake in a shop, and the bound keeps every sum of stock levels far from
/// overflowing an `i32` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Units(i32);

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum UnitsError {
    #[error("“{0}” is not a whole number of units.")]
    NotANumber(String),
    #[error("Enter a whole number of units from {min} to 1,000,000.")]
    OutOfRange { min: i32 },
}

impl Units {
    pub const MAX: i32 = 1_000_000;

    /// What a shelf holds: 0 to `MAX`.
    pub fn count(units: i32) -> Result<Units, UnitsError> {
        Units::within(units, 0)
    }

    /// What moves (a transfer, an order line, a reorder quantity): 1 to `MAX`.
    pub fn moving(units: i32) -> Result<Units, UnitsError> {
        Units::within(units, 1)
    }

    /// `count` from the text of a form field.
    pub fn parse_count(text: &str) -> Result<Units, UnitsError> {
        Units::count(whole_number(text)?)
    }

    /// `moving` from the text of a form field.
    pub fn parse_moving(text: &str) -> Result<Units, UnitsError> {
        Units::moving(whole_number(text)?)
    }

    pub fn get(self) -> i32 {
        self.0
    }

    fn within(units: i32, min: i32) -> Result<Units, UnitsError> {
        if (min..=Units::MAX).contains(&units) {
            Ok(Units(units))
        } else {
            Err(UnitsError::OutOfRange { min })
        }
    }
}

fn whole_number(text: &str) -> Result<i32, UnitsError> {
    let text = text.trim();
    text.parse()
        .map_err(|_| UnitsError::NotANumber(text.chars().take(40).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_start_at_zero_and_movements_at_one() {
        assert_eq!(Units::parse_count(" 0 ").map(Units::get), Ok(0));
        assert_eq!(
            Units::parse_moving("0"),
            Err(UnitsError::OutOfRange { min: 1 })
        );
        assert_eq!(
            Units::parse_moving("1000000").map(Units::get),
            Ok(1_000_000)
        );
        assert_eq!(
            Units::parse_count("1000001"),
            Err(UnitsError::OutOfRange { min: 0 })
        );
        assert_eq!(Units::count(-1), Err(UnitsError::OutOfRange { min: 0 }));
    }

    #[test]
    fn text_that_is_no_whole_number_is_named_in_the_message() {
        let error = Units::parse_count("2.5").expect_err("not whole");
        assert_eq!(error.to_string(), "“2.5” is not a whole number of units.");
        assert!(Units::parse_moving("99999999999").is_err(), "beyond i32");
        assert!(Units::parse_moving("").is_err());
    }
}

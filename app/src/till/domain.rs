//! Selling over the counter: the basket a clerk builds by scanning, how the customer pays, and
//! the change to give back. Card-present payments are taken by the store's own terminal; the shop
//! records only that the card paid (and the terminal's approval code), never card data.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::domain::money::{Currency, Money, MoneyError};
use crate::domain::sku::Sku;

/// The most units of one item a single sale may take (a mistyped quantity of 10000 is refused).
pub const MAX_UNITS_PER_LINE: i32 = 999;
/// The most different items one sale may hold.
pub const MAX_LINES: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PosError {
    #[error("The basket is empty: scan or type a SKU first.")]
    EmptyBasket,
    #[error("A sale can hold at most {MAX_LINES} different items.")]
    TooManyLines,
    #[error("{sku}: the quantity must be from 1 to {MAX_UNITS_PER_LINE}.")]
    BadQuantity { sku: String },
    #[error("“{0}” is not a SKU.")]
    BadSku(String),
    #[error("The customer handed over {tendered}, less than the total of {total}.")]
    NotEnoughCash { tendered: String, total: String },
    #[error("The cash handed over must be an amount such as 20.00.")]
    BadTendered,
    #[error("The approval code must be at most 64 letters, digits or dashes.")]
    BadCardReference,
    #[error("Choose how the customer pays: cash or card.")]
    BadPaymentMethod,
}

/// How a customer paid in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TenderKind {
    Cash,
    /// A card read by the store's own terminal.
    CardPresent,
}

impl TenderKind {
    pub fn code(self) -> &'static str {
        match self {
            TenderKind::Cash => "cash",
            TenderKind::CardPresent => "card_present",
        }
    }

    pub fn from_code(code: &str) -> Result<TenderKind, PosError> {
        match code.trim() {
            "cash" => Ok(TenderKind::Cash),
            "card_present" | "card" => Ok(TenderKind::CardPresent),
            _ => Err(PosError::BadPaymentMethod),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TenderKind::Cash => "Cash",
            TenderKind::CardPresent => "Card (terminal)",
        }
    }
}

/// One item of a basket as the till sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BasketLine {
    pub sku: String,
    pub quantity: i32,
}

/// Checks a basket and merges lines of the same SKU (a clerk scanning an item twice means two
/// units), keeping the order items were first scanned in.
pub fn merge_basket(lines: &[BasketLine]) -> Result<Vec<(Sku, i32)>, PosError> {
    if lines.is_empty() {
        return Err(PosError::EmptyBasket);
    }
    let mut merged: Vec<(Sku, i32)> = Vec::new();
    for line in lines {
        let sku = Sku::parse(&line.sku).map_err(|_| PosError::BadSku(line.sku.clone()))?;
        if !(1..=MAX_UNITS_PER_LINE).contains(&line.quantity) {
            return Err(PosError::BadQuantity {
                sku: sku.to_string(),
            });
        }
        match merged.iter_mut().find(|(s, _)| *s == sku) {
            Some((_, quantity)) => {
                *quantity += line.quantity;
                if *quantity > MAX_UNITS_PER_LINE {
                    return Err(PosError::BadQuantity {
                        sku: sku.to_string(),
                    });
                }
            }
            None => merged.push((sku, line.quantity)),
        }
    }
    if merged.len() > MAX_LINES {
        return Err(PosError::TooManyLines);
    }
    Ok(merged)
}

/// A basket's total: each line's unit price times its quantity, in `currency` (the till shows
/// the same number the sale records).
pub fn basket_total(
    currency: Currency,
    lines: impl IntoIterator<Item = (Money, i32)>,
) -> Result<Money, MoneyError> {
    lines
        .into_iter()
        .try_fold(Money::from_minor(0, currency), |sum, (price, quantity)| {
            let units = u32::try_from(quantity).map_err(|_| MoneyError::Overflow)?;
            sum.checked_add(price.times(units)?)
        })
}

/// The change to hand back for a cash payment.
pub fn change_due(total: Money, tendered: Money) -> Result<Money, PosError> {
    match tendered.checked_sub(total) {
        Ok(change) if change.minor() >= 0 => Ok(change),
        _ => Err(PosError::NotEnoughCash {
            tendered: tendered.to_string(),
            total: total.to_string(),
        }),
    }
}

/// An approval code from the card terminal: short, printable, and never a card number (the
/// digits of a 13–19 digit number are refused, so a clerk cannot paste a PAN into it).
pub fn card_reference(text: &str) -> Result<Option<String>, PosError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let printable = text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if text.len() > 64 || !printable || digits >= 13 {
        return Err(PosError::BadCardReference);
    }
    Ok(Some(text.to_string()))
}

/// The number printed on a store receipt: "S-000042".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleNumber(pub i32);

impl fmt::Display for SaleNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "S-{:06}", self.0)
    }
}

#[cfg(test)]
mod properties;

#[cfg(test)]
mod tests {
    use super::*;

    fn line(sku: &str, quantity: i32) -> BasketLine {
        BasketLine {
            sku: sku.into(),
            quantity,
        }
    }

    #[test]
    fn scanning_twice_adds_a_unit() {
        let merged = merge_basket(&[line("TEE-1", 1), line("MUG-2", 2), line("tee-1", 1)]);
        let merged: Vec<(String, i32)> = merged
            .expect("a valid basket")
            .into_iter()
            .map(|(s, q)| (s.to_string(), q))
            .collect();
        assert_eq!(merged, [("TEE-1".to_string(), 2), ("MUG-2".to_string(), 2)]);
    }

    #[test]
    fn refuses_empty_and_absurd_baskets() {
        assert_eq!(merge_basket(&[]), Err(PosError::EmptyBasket));
        assert!(matches!(
            merge_basket(&[line("TEE-1", 0)]),
            Err(PosError::BadQuantity { .. })
        ));
        assert!(matches!(
            merge_basket(&[line("TEE-1", 999), line("TEE-1", 1)]),
            Err(PosError::BadQuantity { .. })
        ));
        assert!(matches!(
            merge_basket(&[line("no spaces please", 1)]),
            Err(PosError::BadSku(_))
        ));
    }

    #[test]
    fn totals_a_basket() {
        let pln = |minor| Money::from_minor(minor, Currency::Pln);
        assert_eq!(
            basket_total(Currency::Pln, [(pln(1_900), 2), (pln(450), 3)]),
            Ok(pln(5_150))
        );
        assert_eq!(basket_total(Currency::Pln, []), Ok(pln(0)));
        assert!(basket_total(Currency::Pln, [(pln(100), -1)]).is_err());
    }

    #[test]
    fn gives_change_for_cash() {
        let pln = |minor| Money::from_minor(minor, Currency::Pln);
        assert_eq!(change_due(pln(1_250), pln(2_000)), Ok(pln(750)));
        assert_eq!(change_due(pln(1_250), pln(1_250)), Ok(pln(0)));
        assert!(matches!(
            change_due(pln(1_250), pln(1_000)),
            Err(PosError::NotEnoughCash { .. })
        ));
    }

    #[test]
    fn approval_codes_are_never_card_numbers() {
        assert_eq!(card_reference(" A1B2C3 "), Ok(Some("A1B2C3".into())));
        assert_eq!(card_reference(""), Ok(None));
        assert_eq!(
            card_reference("4242424242424242"),
            Err(PosError::BadCardReference)
        );
        assert_eq!(
            card_reference("4242 4242 4242"),
            Err(PosError::BadCardReference)
        );
    }

    #[test]
    fn numbers_and_tenders_read_well() {
        assert_eq!(SaleNumber(42).to_string(), "S-000042");
        assert_eq!(TenderKind::from_code("card"), Ok(TenderKind::CardPresent));
        assert_eq!(TenderKind::from_code("cash"), Ok(TenderKind::Cash));
        assert_eq!(
            TenderKind::from_code("cheque"),
            Err(PosError::BadPaymentMethod)
        );
    }
}

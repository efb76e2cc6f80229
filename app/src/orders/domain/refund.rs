//! What may be given back on an order: never more money than is left of what was paid, never
//! more units to the shelf than were sold and not yet returned.

use serde::{Deserialize, Serialize};

use crate::domain::money::{Money, MoneyError};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RefundError {
    #[error("Enter an amount to refund, like 12.50.")]
    Unparsable,
    #[error("A refund must be more than zero.")]
    NotPositive,
    #[error("At most {left} can still be refunded on this order.")]
    MoreThanLeft { left: Money },
    #[error("Nothing is left to refund on this order.")]
    NothingLeft,
    #[error("Line {sku}: at most {left} units can go back to stock.")]
    TooManyUnits { sku: String, left: u32 },
}

/// How much of an order's money is still with the shop.
pub fn refundable(total: Money, refunded: Money) -> Result<Money, MoneyError> {
    total.checked_sub(refunded)
}

/// Parses the amount a merchant typed; an empty field means "everything that is left".
pub fn refund_amount(text: &str, total: Money, refunded: Money) -> Result<Money, RefundError> {
    let left = refundable(total, refunded).map_err(|_| RefundError::Unparsable)?;
    if left.minor() <= 0 {
        return Err(RefundError::NothingLeft);
    }
    if text.trim().is_empty() {
        return Ok(left);
    }
    let amount = Money::parse(text, total.currency()).map_err(|_| RefundError::Unparsable)?;
    if amount.minor() <= 0 {
        return Err(RefundError::NotPositive);
    }
    if amount.minor() > left.minor() {
        return Err(RefundError::MoreThanLeft { left });
    }
    Ok(amount)
}

/// One order line's units going back to stock with a refund.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Restock {
    pub sku: String,
    pub sold: u32,
    pub already_returned: u32,
    pub returning: u32,
}

impl Restock {
    pub fn check(&self) -> Result<(), RefundError> {
        let left = self.sold.saturating_sub(self.already_returned);
        if self.returning > left {
            return Err(RefundError::TooManyUnits {
                sku: self.sku.clone(),
                left,
            });
        }
        Ok(())
    }
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
    fn the_amount_is_bounded_by_what_is_left() {
        assert_eq!(refund_amount("", eur(10_000), eur(2_500)), Ok(eur(7_500)));
        assert_eq!(refund_amount("12,50", eur(10_000), eur(0)), Ok(eur(1_250)));
        assert_eq!(
            refund_amount("75.01", eur(10_000), eur(2_500)),
            Err(RefundError::MoreThanLeft { left: eur(7_500) })
        );
        assert_eq!(
            refund_amount("0", eur(10_000), eur(0)),
            Err(RefundError::NotPositive)
        );
        assert_eq!(
            refund_amount("-5", eur(10_000), eur(0)),
            Err(RefundError::NotPositive)
        );
        assert_eq!(
            refund_amount("ten", eur(10_000), eur(0)),
            Err(RefundError::Unparsable)
        );
        assert_eq!(
            refund_amount("1", eur(10_000), eur(10_000)),
            Err(RefundError::NothingLeft)
        );
        assert_eq!(
            RefundError::MoreThanLeft { left: eur(7_500) }.to_string(),
            "At most €75.00 can still be refunded on this order."
        );
    }

    #[test]
    fn units_return_at_most_once() {
        let mut line = Restock {
            sku: "TEE-1".into(),
            sold: 3,
            already_returned: 1,
            returning: 2,
        };
        assert_eq!(line.check(), Ok(()));
        line.returning = 3;
        assert_eq!(
            line.check(),
            Err(RefundError::TooManyUnits {
                sku: "TEE-1".into(),
                left: 2
            })
        );
    }
}

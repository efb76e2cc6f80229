//! Properties of `refund_amount`: the amount a merchant types, against any order total.

use proptest::prelude::*;

use super::*;
use crate::domain::Currency;
use crate::test_inputs::{config, hostile_text, number_text};

proptest! {
    #![proptest_config(config(256))]

    /// Never more than what is left, never zero or less, whatever is typed and whatever the
    /// order's numbers are.
    #[test]
    fn a_refund_is_positive_and_at_most_what_is_left(
        text in prop_oneof![hostile_text(), number_text(), "[0-9]{1,6}([.,][0-9]{1,2})?"],
        total in prop_oneof![any::<i64>(), 0_i64..1_000_000],
        refunded in prop_oneof![any::<i64>(), 0_i64..1_000_000],
    ) {
        let eur = |minor| Money::from_minor(minor, Currency::Eur);
        if let Ok(amount) = refund_amount(&text, eur(total), eur(refunded)) {
            prop_assert!(amount.minor() > 0);
            prop_assert!(i128::from(amount.minor()) <= i128::from(total) - i128::from(refunded));
            prop_assert_eq!(amount.currency(), Currency::Eur);
        }
    }
}

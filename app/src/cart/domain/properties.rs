//! Properties of `Quantity::parse` and of quantities arriving as numbers (a server function's
//! JSON): only 1 to `Quantity::MAX` ever becomes a quantity.

use proptest::prelude::*;

use super::*;
use crate::test_inputs::{config, hostile_text, number_text};

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn any_text_parses_to_a_bounded_quantity_or_is_refused(
        text in prop_oneof![hostile_text(), number_text()],
    ) {
        if let Ok(quantity) = Quantity::parse(&text) {
            prop_assert!((1..=Quantity::MAX).contains(&quantity.get()), "{text:?}");
        }
    }

    #[test]
    fn every_quantity_reads_back(value in 1..=Quantity::MAX, pad in "[ \\t]{0,2}") {
        let quantity = Quantity::new(value).expect("in range");
        prop_assert_eq!(Quantity::parse(&format!("{pad}{value}{pad}")), Ok(quantity));
        let json = serde_json::to_string(&quantity).expect("serialises");
        prop_assert_eq!(serde_json::from_str::<Quantity>(&json).ok(), Some(quantity));
    }

    #[test]
    fn integers_outside_the_range_are_refused(value in prop_oneof![
        i128::from(i64::MIN)..=0,
        i128::from(Quantity::MAX) + 1..=i128::from(u64::MAX),
    ]) {
        prop_assert!(Quantity::parse(&value.to_string()).is_err());
        prop_assert!(serde_json::from_str::<Quantity>(&value.to_string()).is_err());
    }

    /// Adding to a line never goes past the limit, however the two quantities add up.
    #[test]
    fn adding_stays_within_the_limit(a in 1..=Quantity::MAX, b in 1..=Quantity::MAX) {
        let (a, b) = (Quantity::new(a).expect("valid"), Quantity::new(b).expect("valid"));
        match a.plus(b) {
            Ok(sum) => prop_assert_eq!(sum.get(), a.get() + b.get()),
            Err(err) => {
                prop_assert_eq!(err, CartError::TooMany);
                prop_assert!(a.get() + b.get() > Quantity::MAX);
            }
        }
    }

    /// Line totals refuse overflow instead of wrapping, for any price.
    #[test]
    fn line_totals_never_wrap(minor in any::<i64>(), value in 1..=Quantity::MAX) {
        let price = Money::from_minor(minor, crate::domain::Currency::Eur);
        let quantity = Quantity::new(value).expect("valid");
        match line_total(price, quantity) {
            Ok(total) => prop_assert_eq!(i128::from(total.minor()), i128::from(minor) * i128::from(value)),
            Err(err) => prop_assert_eq!(err, CartError::Money(MoneyError::Overflow)),
        }
    }
}

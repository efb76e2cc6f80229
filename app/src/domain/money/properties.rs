//! Properties of `Money::parse` and `Currency::parse` over any text: prices, costs, refunds,
//! cash tendered at a till and price filters in URLs all go through them.

use proptest::prelude::*;

use super::*;
use crate::test_inputs::{config, hostile_text, number_text};

fn currency() -> impl Strategy<Value = Currency> {
    prop::sample::select(Currency::ALL.to_vec())
}

/// The bound on typed amounts (issue 14, item 7).
const TYPED_BOUND: i64 = Money::MAX_TYPED_MINOR;

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn parsing_any_text_never_panics(text in hostile_text(), currency in currency()) {
        let _ = Money::parse(&text, currency);
        let _ = Currency::parse(&text);
    }

    #[test]
    fn numbers_near_the_limits_parse_or_are_refused_without_panicking(
        text in number_text(),
        currency in currency(),
    ) {
        if let Ok(money) = Money::parse(&text, currency) {
            prop_assert_eq!(money.currency(), currency);
            // Whatever was accepted can be written out again without overflowing.
            let _ = money.to_string();
            let _ = money.to_decimal_string();
        }
    }

    /// Export, payment requests and price filters write `to_decimal_string`; reading it back
    /// gives the same amount.
    #[test]
    fn decimal_strings_read_back_as_the_same_amount(
        minor in -TYPED_BOUND..=TYPED_BOUND,
        currency in currency(),
    ) {
        let money = Money::from_minor(minor, currency);
        prop_assert_eq!(Money::parse(&money.to_decimal_string(), currency), Ok(money));
    }

    /// What people type: grouped thousands with spaces or underscores, a comma for the point
    /// (up to 9,999,999,999.99: within the bound the hardening branch puts on typed amounts).
    #[test]
    fn typed_amounts_mean_what_they_say(
        major in 0_i64..10_000_000_000,
        cents in 0_i64..100,
        separator in prop::sample::select(vec![" ", "_", ""]),
        point in prop::sample::select(vec![".", ","]),
        negative in any::<bool>(),
    ) {
        let digits = major.to_string();
        let mut grouped = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push_str(separator);
            }
            grouped.push(ch);
        }
        let sign = if negative { "-" } else { "" };
        let text = format!(" {sign}{grouped}{point}{cents:02} ");
        let minor = major * 100 + cents;
        let expected = Money::from_minor(if negative { -minor } else { minor }, Currency::Eur);
        prop_assert_eq!(Money::parse(&text, Currency::Eur), Ok(expected));
    }

    /// At most two decimals: a third is a typo, not a rounding to do silently.
    #[test]
    fn more_than_two_decimals_are_refused(major in 0_u32.., fraction in "[0-9]{3,8}") {
        let text = format!("{major}.{fraction}");
        prop_assert!(Money::parse(&text, Currency::Usd).is_err());
    }

    #[test]
    fn currency_codes_read_back_in_any_case(currency in currency(), lower in any::<bool>()) {
        let code = if lower { currency.code().to_lowercase() } else { currency.code().to_string() };
        prop_assert_eq!(Currency::parse(&format!(" {code} ")), Ok(currency));
    }

    /// Any amount a person can type must stay far enough from `i64::MAX` that the largest cart
    /// (999 units on each of 200 lines) still adds up. Today `92233720368547758.07` parses;
    /// the hardening branch bounds typed amounts at 10^12 minor units.
    #[test]
    fn accepted_amounts_are_bounded_so_carts_cannot_overflow(
        text in prop_oneof![hostile_text(), number_text()],
        currency in currency(),
    ) {
        if let Ok(money) = Money::parse(&text, currency) {
            prop_assert!(money.minor().unsigned_abs() <= TYPED_BOUND.unsigned_abs(), "{text:?} → {money:?}");
            let line = money.times(crate::till::domain::MAX_UNITS_PER_LINE as u32);
            prop_assert!(line.is_ok(), "{text:?}: a line of 999 overflows");
            let cart = std::iter::repeat_n(line.expect("a line"), crate::cart::domain::CART_LINE_LIMIT)
                .try_fold(Money::from_minor(0, currency), |sum, line| sum.checked_add(line));
            prop_assert!(cart.is_ok(), "{text:?}: a full cart overflows");
        }
    }
}

/// The amount from issue 14 that a cart of two could not add up: kept as a plain example of
/// the property above.
#[test]
fn the_amount_from_the_issue_is_refused() {
    assert!(Money::parse("92233720368547758.07", Currency::Eur).is_err());
}

//! Properties of what a till sends: the basket's lines (`merge_basket`), the payment method,
//! the card terminal's approval code, and the cash handed over.

use proptest::prelude::*;

use super::*;
use crate::test_inputs::{config, hostile_text, number_text};

fn sku_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-cA-C]-[0-3]",
        1 => "[a-zA-Z0-9._-]{1,70}",
        1 => hostile_text(),
    ]
}

fn quantity() -> impl Strategy<Value = i32> {
    prop_oneof![
        3 => 1..=MAX_UNITS_PER_LINE,
        1 => any::<i32>(),
        1 => prop::sample::select(vec![i32::MIN, -1, 0, MAX_UNITS_PER_LINE + 1, i32::MAX]),
    ]
}

fn lines() -> impl Strategy<Value = Vec<BasketLine>> {
    prop::collection::vec(
        (sku_text(), quantity()).prop_map(|(sku, quantity)| BasketLine { sku, quantity }),
        0..40,
    )
}

proptest! {
    #![proptest_config(config(256))]

    /// A merged basket has each SKU once, 1 to 999 units of it, at most 200 lines, and exactly
    /// the units the till sent.
    #[test]
    fn any_basket_merges_within_the_limits_or_is_refused(lines in lines()) {
        if let Ok(merged) = merge_basket(&lines) {
            prop_assert!(!merged.is_empty() && merged.len() <= MAX_LINES);
            for (i, (sku, quantity)) in merged.iter().enumerate() {
                prop_assert!((1..=MAX_UNITS_PER_LINE).contains(quantity), "{sku}: {quantity}");
                prop_assert!(merged[..i].iter().all(|(other, _)| other != sku), "{sku} twice");
            }
            let sent: i64 = lines.iter().map(|l| i64::from(l.quantity)).sum();
            let kept: i64 = merged.iter().map(|(_, q)| i64::from(*q)).sum();
            prop_assert_eq!(sent, kept);
        }
    }

    /// The total of any basket at any prices adds up exactly, or refuses to overflow.
    #[test]
    fn basket_totals_never_wrap(
        items in prop::collection::vec((any::<i64>(), 1..=MAX_UNITS_PER_LINE), 0..10),
    ) {
        let priced = items.iter().map(|(minor, q)| (Money::from_minor(*minor, Currency::Pln), *q));
        if let Ok(total) = basket_total(Currency::Pln, priced) {
            let exact: i128 = items.iter().map(|(m, q)| i128::from(*m) * i128::from(*q)).sum();
            prop_assert_eq!(i128::from(total.minor()), exact);
        }
    }

    /// An approval code is short and printable and never a card number.
    #[test]
    fn any_approval_code_is_short_and_never_a_card_number(
        text in prop_oneof![hostile_text(), "[0-9 -]{10,25}", "[A-Z0-9-]{1,70}"],
    ) {
        if let Ok(Some(code)) = card_reference(&text) {
            prop_assert!(!code.is_empty() && code.len() <= 64);
            prop_assert!(code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
            prop_assert!(code.chars().filter(char::is_ascii_digit).count() < 13);
        }
        let _ = TenderKind::from_code(&text);
    }

    /// Cash handed over, as a till types it: change is never negative.
    #[test]
    fn change_is_never_negative(
        tendered in prop_oneof![hostile_text(), number_text()],
        total in any::<i64>(),
    ) {
        if let Ok(tendered) = Money::parse(&tendered, Currency::Pln) {
            if let Ok(change) = change_due(Money::from_minor(total, Currency::Pln), tendered) {
                prop_assert!(change.minor() >= 0);
            }
        }
    }
}

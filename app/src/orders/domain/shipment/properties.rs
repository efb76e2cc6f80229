//! Properties of `TrackingNumber::parse` and `Carrier::parse`: staff paste tracking numbers
//! from carriers' e-mails, and they end up in links sent to customers.

use proptest::prelude::*;

use super::*;
use crate::test_inputs::{config, hostile_text, long_text};

proptest! {
    #![proptest_config(config(256))]

    /// Only 4–40 ASCII letters and digits ever reach a tracking link.
    #[test]
    fn any_text_is_a_clean_tracking_number_or_refused(
        text in prop_oneof![hostile_text(), long_text(), "[a-zA-Z0-9 -]{0,50}"],
        carrier in prop::sample::select(Carrier::ALL.to_vec()),
    ) {
        if let Ok(number) = TrackingNumber::parse(&text) {
            let n = number.as_str();
            prop_assert!((4..=40).contains(&n.len()), "{n:?}");
            prop_assert!(n.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()));
            prop_assert_eq!(TrackingNumber::parse(n), Ok(number.clone()));
            if let Some(url) = carrier.tracking_url(&number) {
                prop_assert!(url.starts_with("https://") && url.ends_with(n));
            }
        }
        let _ = Carrier::parse(&text);
    }

    #[test]
    fn carriers_read_back(carrier in prop::sample::select(Carrier::ALL.to_vec()), pad in "[ ]{0,2}") {
        prop_assert_eq!(Carrier::parse(&format!("{pad}{}{pad}", carrier.code())), Ok(carrier));
    }
}

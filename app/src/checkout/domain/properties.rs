//! Properties of `CouponCode::parse`: shoppers type coupon codes at checkout.

use proptest::prelude::*;

use super::*;
use crate::test_inputs::{config, hostile_text, long_text};

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn any_text_is_a_clean_code_or_refused(
        text in prop_oneof![hostile_text(), long_text(), "[ ]?[a-zA-Z0-9_-]{0,40}[ ]?"],
    ) {
        if let Ok(code) = CouponCode::parse(&text) {
            let c = code.as_str();
            prop_assert!((3..=32).contains(&c.len()), "{c:?}");
            prop_assert!(c.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_'));
            prop_assert_eq!(CouponCode::parse(&text.to_lowercase()), Ok(code.clone()));
            let json = serde_json::to_string(&code).expect("serialises");
            prop_assert_eq!(serde_json::from_str::<CouponCode>(&json).ok(), Some(code));
        }
    }
}

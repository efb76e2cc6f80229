//! Properties of `Sku::parse` over any text: tills scan them, the CSV import and the editor
//! take them, URLs carry them.

use proptest::prelude::*;

use super::*;
use crate::test_inputs::{config, hostile_text, long_text};

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn any_text_is_a_clean_sku_or_refused(
        text in prop_oneof![hostile_text(), long_text(), "[a-zA-Z0-9._-]{0,70}"],
    ) {
        if let Ok(sku) = Sku::parse(&text) {
            let sku = sku.as_str();
            prop_assert!((1..=Sku::MAX_LEN).contains(&sku.len()), "{sku:?}");
            prop_assert!(sku
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.')));
        }
    }

    #[test]
    fn skus_read_back_unchanged_in_any_case(text in "[ ]{0,2}[a-zA-Z0-9._-]{1,64}[ ]{0,2}") {
        let sku = Sku::parse(&text).expect("a valid SKU");
        prop_assert_eq!(Sku::parse(&text.to_lowercase()), Ok(sku.clone()));
        prop_assert_eq!(Sku::parse(sku.as_str()), Ok(sku.clone()));
        let json = serde_json::to_string(&sku).expect("serialises");
        prop_assert_eq!(serde_json::from_str::<Sku>(&json).ok(), Some(sku));
    }
}

//! Properties of `PurchaseOrderNumber::parse` (staff search for "PO-00042") and of the status
//! codes read back from forms.

use proptest::prelude::*;

use super::*;
use crate::test_inputs::{config, hostile_text, number_text};

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn any_text_is_a_positive_number_or_refused(
        text in prop_oneof![hostile_text(), number_text(), number_text().prop_map(|n| format!("PO-{n}"))],
    ) {
        if let Some(number) = PurchaseOrderNumber::parse(&text) {
            prop_assert!(number.0 > 0);
        }
        let _ = PurchaseOrderStatus::from_code(&text);
    }

    #[test]
    fn printed_numbers_read_back(id in 1..=i32::MAX) {
        let number = PurchaseOrderNumber(id);
        prop_assert_eq!(PurchaseOrderNumber::parse(&number.to_string()), Some(number));
        prop_assert_eq!(PurchaseOrderNumber::parse(&number.to_string().to_lowercase()), Some(number));
    }
}

//! Properties of `ReorderLevels::parse`: the reorder point and quantity staff type.

use proptest::prelude::*;

use super::*;
use crate::test_inputs::{config, hostile_text, number_text};

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn any_text_gives_levels_within_the_bounds_or_is_refused(
        point in prop_oneof![hostile_text(), number_text()],
        quantity in prop_oneof![hostile_text(), number_text()],
    ) {
        if let Ok(levels) = ReorderLevels::parse(&point, &quantity) {
            prop_assert!((0..=1_000_000).contains(&levels.point));
            prop_assert!((1..=1_000_000).contains(&levels.quantity));
        }
    }

    #[test]
    fn levels_read_back(point in 0..=1_000_000_i32, quantity in 1..=1_000_000_i32) {
        prop_assert_eq!(
            ReorderLevels::parse(&point.to_string(), &format!(" {quantity} ")),
            Ok(ReorderLevels { point, quantity })
        );
    }
}

//! Properties of `TaxRate::parse_percent` (staff type rates) and of taxing any amount.

use proptest::prelude::*;

use super::*;
use crate::test_inputs::{config, hostile_text, number_text};

fn rate() -> impl Strategy<Value = TaxRate> {
    (0_u32..=1_000_000).prop_map(|ppm| TaxRate::from_ppm(ppm).expect("at most 100 %"))
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn any_text_is_a_rate_from_0_to_100_percent_or_refused(
        text in prop_oneof![hostile_text(), number_text(), "[0-9]{1,3}([.,][0-9]{0,5})? ?%?"],
    ) {
        if let Ok(rate) = TaxRate::parse_percent(&text) {
            prop_assert!(rate.ppm() <= 1_000_000, "{text:?}");
        }
    }

    /// A rate's label ("8.875 %") reads back as the same rate.
    #[test]
    fn labels_read_back(rate in rate()) {
        prop_assert_eq!(TaxRate::parse_percent(&rate.label()), Ok(rate));
    }

    /// Any amount at any rate: net + tax = gross exactly, or an overflow error, never a panic.
    #[test]
    fn taxing_any_amount_adds_up_or_refuses(
        minor in prop_oneof![any::<i64>(), -1_000_000_i64..1_000_000],
        rate in rate(),
        inclusive in any::<bool>(),
    ) {
        let mode = if inclusive { PriceMode::TaxInclusive } else { PriceMode::TaxExclusive };
        let amount = Money::from_minor(minor, Currency::Pln);
        if let Ok(line) = TaxLine::compute(amount, rate, mode) {
            prop_assert_eq!(
                i128::from(line.net.minor()) + i128::from(line.tax.minor()),
                i128::from(line.gross.minor())
            );
            prop_assert!(line.tax.minor().unsigned_abs() <= minor.unsigned_abs());
        }
    }
}

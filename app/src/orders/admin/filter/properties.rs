//! Properties of `OrderFilter::from_pairs`: the orders list's URL, which staff bookmark, share
//! and edit by hand.

use proptest::prelude::*;

use super::*;
use crate::test_inputs::{config, decode_query, hostile_text, long_text, number_text};

const KEYS: [&str; 10] = [
    "q", "customer", "status", "from", "to", "min", "max", "page", "x", "",
];

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => hostile_text(),
        1 => long_text(),
        2 => number_text(),
        1 => "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        // Around the length at which a search text is cut.
        1 => "[a-z ]{250,260}",
        1 => "[+-]?[0-9]{1,6}-[0-9]{1,2}-[0-9]{1,2}",
        1 => prop::sample::select(OrderStatus::ALL.map(|s| s.code()).to_vec()).prop_map(str::to_string),
    ]
}

fn pairs() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec(
        (
            prop_oneof![
                5 => prop::sample::select(KEYS.to_vec()).prop_map(str::to_string),
                1 => hostile_text(),
            ],
            value(),
        ),
        0..20,
    )
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn any_query_gives_a_consistent_filter(pairs in pairs()) {
        let filter = OrderFilter::from_pairs(&pairs, Currency::Eur);
        prop_assert!(filter.page >= 1);
        prop_assert!(filter.text.chars().count() <= 254 && filter.customer.chars().count() <= 254);
        prop_assert!(filter.min_total.is_none_or(|m| m.minor() >= 0));
        prop_assert!(filter.max_total.is_none_or(|m| m.minor() >= 0));
        if let (Some(min), Some(max)) = (filter.min_total, filter.max_total) {
            prop_assert!(min.minor() <= max.minor());
        }
        if let (Some(from), Some(to)) = (filter.from, filter.to) {
            prop_assert!(from <= to);
        }
        // The dates become a time range without overflowing, whatever year was typed.
        let (start, end) = filter.placed_between();
        if let (Some(start), Some(end)) = (start, end) {
            prop_assert!(start < end);
        }
    }

    /// The list's links (other pages, the same filter bookmarked) read back as the same filter.
    #[test]
    fn a_filter_reads_back_from_its_own_link(pairs in pairs(), page in 1_u64..=100_000) {
        let filter = OrderFilter::from_pairs(&pairs, Currency::Eur);
        let query = filter.to_query(page);
        prop_assert!(query.bytes().all(|b| b.is_ascii_graphic()), "{query}");
        let back = decode_query(&query).expect("decodes");
        let again = OrderFilter::from_pairs(&back, Currency::Eur);
        prop_assert!(again.notices.is_empty(), "{:?}", again.notices);
        prop_assert_eq!(
            OrderFilter { notices: Vec::new(), page, ..filter },
            again
        );
    }

    /// Offsets come from the page number: it must be a page (1 to 100,000), whatever is sent.
    #[test]
    fn pages_are_bounded(page in prop_oneof![number_text(), hostile_text()]) {
        let filter = OrderFilter::from_pairs(&[("page".to_string(), page)], Currency::Eur);
        prop_assert!((1..=100_000).contains(&filter.page), "page {}", filter.page);
    }
}

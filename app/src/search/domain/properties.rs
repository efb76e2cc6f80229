//! Properties of `SearchQuery::from_params`: the whole `/search?…` query string is the
//! shopper's to write, so whatever arrives must become a bounded, canonical search.

use proptest::prelude::*;

use super::*;
use crate::test_inputs::{
    config, decode_query_value as decode, hostile_text, long_text, number_text,
};

const KEYS: [&str; 11] = [
    "q",
    "category",
    "brand",
    "attr",
    "min",
    "max",
    "stock",
    "sort",
    "page",
    "utm_source",
    "",
];

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => hostile_text(),
        1 => long_text(),
        1 => number_text(),
        2 => "[a-z0-9:-]{1,20}",
        // Around the length at which the text is cut.
        1 => "[a-z ]{195,210}",
        1 => prop::sample::select(SearchSort::ALL.map(|s| s.as_param()).to_vec()).prop_map(str::to_string),
    ]
}

fn params() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec(
        (
            prop_oneof![
                5 => prop::sample::select(KEYS.to_vec()).prop_map(str::to_string),
                1 => hostile_text(),
            ],
            value(),
        ),
        0..30,
    )
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn any_query_string_gives_a_bounded_search(params in params()) {
        let (query, notices) = SearchQuery::from_params(&params, Currency::Eur);
        prop_assert!(query.text.chars().count() <= MAX_TEXT_CHARS);
        prop_assert!(query.words.len() <= MAX_WORDS);
        prop_assert!(query.words.iter().all(|w| !w.is_empty() && w.chars().count() <= MAX_WORD_CHARS));
        prop_assert!(query.brands.len() <= MAX_FILTER_VALUES);
        prop_assert!(query.attributes.len() <= MAX_FILTER_VALUES);
        prop_assert!(query.attributes.iter().all(|a| a.contains(':')));
        prop_assert!((1..=10_000).contains(&query.page));
        prop_assert!(query.price_min.is_none_or(|m| m >= 0));
        prop_assert!(query.price_max.is_none_or(|m| m >= 0));
        if let (Some(min), Some(max)) = (query.price_min, query.price_max) {
            prop_assert!(min <= max);
        }
        // Each notice quotes at most a short part of what was sent.
        prop_assert!(notices.iter().all(|n| n.chars().count() < 200), "{notices:?}");
        // The link to this search is plain ASCII with every value encoded.
        let href = query.href(Currency::Eur);
        prop_assert!(href.starts_with("/search"));
        prop_assert!(href.bytes().all(|b| b.is_ascii_graphic()), "{href}");
    }

    /// The links the page writes (other pages, filters, sorts) lead to the same search: the
    /// query the page shows is canonical.
    #[test]
    fn a_search_reads_back_from_its_own_link(params in params()) {
        let (query, _) = SearchQuery::from_params(&params, Currency::Eur);
        let back: Vec<(String, String)> = query
            .to_params(Currency::Eur)
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        let (again, notices) = SearchQuery::from_params(&back, Currency::Eur);
        prop_assert_eq!(&again, &query);
        // The box keeps the whole text as typed, so only the notice about its extra words
        // comes again.
        let about_words = format!("Only the first {MAX_WORDS} words of your search were used.");
        prop_assert!(notices.iter().all(|n| *n == about_words), "{notices:?}");
    }

    #[test]
    fn query_values_are_encoded_reversibly(text in prop_oneof![hostile_text(), long_text()]) {
        let encoded = encode_query_value(&text);
        prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.~+%".contains(&b)));
        prop_assert_eq!(decode(&encoded), Some(text));
    }

    /// "Did you mean" compares each typed word (at most 40 characters) with the vocabulary.
    #[test]
    fn edit_distances_are_symmetric_and_bounded(a in "\\PC{0,40}", b in "\\PC{0,40}") {
        let d = edit_distance(&a, &b);
        prop_assert_eq!(d, edit_distance(&b, &a));
        prop_assert!(d <= a.chars().count().max(b.chars().count()));
        prop_assert_eq!(edit_distance(&a, &a), 0);
    }
}

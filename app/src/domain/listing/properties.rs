//! Properties of `ListingQuery::parse`: the `page` and `sort` of every product listing's URL,
//! which anyone can type.

use proptest::prelude::*;

use super::*;
use crate::test_inputs::{config, hostile_text, number_text};

fn sort() -> impl Strategy<Value = ProductSort> {
    prop::sample::select(ProductSort::ALL.to_vec())
}

proptest! {
    #![proptest_config(config(256))]

    /// Any page and sort: a page from 1 to `PageNumber::MAX` whose offset cannot overflow, or
    /// a short message naming the parameter.
    #[test]
    fn any_query_gives_a_bounded_page_or_a_short_error(
        page in prop::option::of(prop_oneof![number_text(), hostile_text()]),
        sort in prop::option::of(prop_oneof![hostile_text(), sort().prop_map(|s| s.as_param().to_string())]),
        per_page in any::<u32>(),
    ) {
        match ListingQuery::parse(page.as_deref(), sort.as_deref()) {
            Ok(query) => {
                prop_assert!((1..=PageNumber::MAX).contains(&query.page.get()), "{page:?}");
                let offset = query.offset(per_page);
                prop_assert_eq!(
                    u128::from(offset),
                    u128::from(query.page.get() - 1) * u128::from(per_page)
                );
            }
            Err(err) => {
                prop_assert!(matches!(err.field(), "page" | "sort"));
                prop_assert!(err.to_string().chars().count() < 160, "{err}");
            }
        }
    }

    /// Links to other pages write the page and sort that read back as the same query.
    #[test]
    fn pages_and_sorts_read_back(number in 1..=PageNumber::MAX, sort in sort()) {
        let query = ListingQuery::parse(Some(&number.to_string()), Some(sort.as_param()))
            .expect("a valid query");
        prop_assert_eq!(query.page.get(), number);
        prop_assert_eq!(query.sort, sort);
    }

    #[test]
    fn numbers_past_the_last_page_or_below_one_are_refused(
        number in prop_oneof![i128::from(i64::MIN)..=0, i128::from(PageNumber::MAX) + 1..=i128::from(u64::MAX)],
    ) {
        let err = ListingQuery::parse(Some(&number.to_string()), None).expect_err("not a page");
        prop_assert_eq!(err.field(), "page");
    }
}

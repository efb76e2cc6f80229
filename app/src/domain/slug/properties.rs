//! Properties of `Slug::parse` (URLs `/p/<slug>`, `/c/<slug>`, the CSV import) and
//! `Slug::from_title` (any product or category name).

use proptest::prelude::*;

use super::*;
use crate::test_inputs::{config, hostile_text, long_text};

fn is_clean(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= Slug::MAX_LEN
        && slug.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn any_text_is_a_clean_slug_or_refused(
        text in prop_oneof![hostile_text(), long_text(), "[a-z0-9-]{0,130}"],
    ) {
        if let Ok(slug) = Slug::parse(&text) {
            prop_assert!(is_clean(slug.as_str()), "{slug:?}");
            prop_assert_eq!(slug.as_str(), text.as_str());
        }
    }

    /// Any name, in any script and of any length, gives a clean slug or a clear refusal.
    #[test]
    fn any_title_gives_a_clean_slug_or_none(title in prop_oneof![hostile_text(), long_text()]) {
        let has_letters = deunicode::deunicode(&title).chars().any(|c| c.is_ascii_alphanumeric());
        prop_assert_eq!(Slug::from_title(&title).is_ok(), has_letters, "{:?}", title);
        if let Ok(slug) = Slug::from_title(&title) {
            prop_assert!(is_clean(slug.as_str()), "{title:?} → {slug:?}");
            prop_assert_eq!(Slug::parse(slug.as_str()), Ok(slug.clone()));
            let json = serde_json::to_string(&slug).expect("serialises");
            prop_assert_eq!(serde_json::from_str::<Slug>(&json).ok(), Some(slug));
        }
    }
}

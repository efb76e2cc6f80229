//! Properties of `NewPassword::parse` over any text (sign-up, password change and reset).

use proptest::prelude::*;

use super::*;
use crate::test_inputs::{config, hostile_text, long_text};

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn any_text_meets_the_policy_or_is_refused(
        text in prop_oneof![hostile_text(), long_text(), "\\PC{10,130}"],
        email in prop_oneof![hostile_text(), "[a-z]{1,10}@example\\.com"],
    ) {
        if let Ok(password) = NewPassword::parse(&text, &email) {
            let chars = password.expose().chars().count();
            prop_assert!((NewPassword::MIN_CHARS..=NewPassword::MAX_CHARS).contains(&chars));
            prop_assert!(!text.trim().eq_ignore_ascii_case(email.trim()));
            prop_assert!(text.chars().any(|c| !text.starts_with(c)));
            prop_assert_eq!(password.expose(), text.as_str(), "kept exactly as typed");
            let shown = format!("{password:?}");
            prop_assert!(!shown.contains(text.as_str()));
        }
    }
}

//! Properties of `EmailAddress::parse` over any text: sign-up, sign-in, password resets,
//! checkout as a guest and staff invitations all start with it.

use proptest::prelude::*;

use super::*;
use crate::test_inputs::{config, hostile_text, long_text};

/// Text shaped like an address, in any script and any case, sometimes too long.
fn address_like() -> impl Strategy<Value = String> {
    (
        prop_oneof!["[a-zA-Z0-9._+-]{1,70}", "[\\PC&&[^@\\s<>\",;]]{1,40}"],
        prop_oneof![
            "[a-zA-Z0-9-]{1,30}(\\.[a-zA-Z0-9-]{1,20}){1,3}",
            "[\\p{L}\\p{N}-]{1,20}\\.[\\p{L}]{2,8}",
            "[İIßẞΣσ]{1,130}\\.com",
        ],
    )
        .prop_map(|(local, domain)| format!("{local}@{domain}"))
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn any_text_is_an_address_within_the_limits_or_refused(
        text in prop_oneof![hostile_text(), long_text(), address_like()],
    ) {
        if let Ok(email) = EmailAddress::parse(&text) {
            let address = email.as_str();
            prop_assert!(!address.is_empty() && address.len() <= EmailAddress::MAX_LEN, "{address:?}");
            prop_assert_eq!(address.matches('@').count(), 1);
            prop_assert!(!address.chars().any(char::is_whitespace));
            prop_assert_eq!(address.to_lowercase(), address);
        }
    }

    /// An account's address is stored, put in sessions and sent to the browser, and read back
    /// (`serde(try_from)`) each time: whatever was accepted once is accepted again as it is.
    #[test]
    fn an_accepted_address_reads_back_unchanged(text in prop_oneof![address_like(), hostile_text()]) {
        if let Ok(email) = EmailAddress::parse(&text) {
            prop_assert_eq!(EmailAddress::parse(email.as_str()), Ok(email.clone()));
            let json = serde_json::to_string(&email).expect("serialises");
            prop_assert_eq!(serde_json::from_str::<EmailAddress>(&json).ok(), Some(email));
        }
    }
}

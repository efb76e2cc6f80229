//! Properties of `PostalAddress::parse` over any form input: checkout and the address book
//! both send what a stranger typed.

use proptest::prelude::*;

use super::*;
use crate::test_inputs::{config, hostile_text, long_text};

fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => hostile_text(),
        1 => long_text(),
        2 => "[A-Za-zżółć .-]{1,30}",
    ]
}

fn country() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(countries().map(|(code, _)| code).collect::<Vec<_>>())
            .prop_map(str::to_string),
        prop::sample::select(
            countries()
                .map(|(code, _)| code.to_lowercase())
                .collect::<Vec<_>>()
        ),
        hostile_text(),
    ]
}

/// A postal code in some country's shape, or anything.
fn postal_code() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{2}-[0-9]{3}",
        "[0-9]{4,5}",
        "[0-9]{5}-[0-9]{4}",
        "[0-9]{4} ?[a-zA-Z]{2}",
        "[0-9]{3} [0-9]{2}",
        "[A-Za-z][A-Za-z0-9]{1,3} [0-9][A-Za-z]{2}",
        hostile_text(),
    ]
}

fn input() -> impl Strategy<Value = AddressInput> {
    (
        field(),
        field(),
        field(),
        postal_code(),
        field(),
        field(),
        country(),
        prop_oneof!["[0-9 +()-]{0,45}", hostile_text()],
    )
        .prop_map(
            |(full_name, line1, line2, postal_code, city, region, country, phone)| AddressInput {
                full_name,
                line1,
                line2,
                postal_code,
                city,
                region,
                country,
                phone,
            },
        )
}

/// An address that should pass: a country we ship to with a postal code of its shape, and
/// names, streets and cities in any script.
fn valid_input() -> impl Strategy<Value = AddressInput> {
    let place = prop_oneof![
        ("[0-9]{2}-[0-9]{3}").prop_map(|code| ("PL", code)),
        ("[0-9]{5}").prop_map(|code| ("de", code)),
        ("[0-9]{4} ?[a-zA-Z]{2}").prop_map(|code| ("NL", code)),
        ("[A-Z][A-Z0-9]{1,3} [0-9][a-zA-Z]{2}").prop_map(|code| ("GB", code)),
        ("[0-9]{5}(-[0-9]{4})?").prop_map(|code| (" US ", code)),
        ("[0-9]{3} ?[0-9]{2}").prop_map(|code| ("CZ", code)),
    ];
    let text = |max: usize| {
        let pattern = format!("\\s{{0,2}}\\S[\\PC&&[^\\s]]{{0,{max}}}\\s{{0,2}}");
        proptest::string::string_regex(&pattern).expect("a valid pattern")
    };
    (text(60), text(100), text(60), place, "[0-9 +()-]{0,30}").prop_map(
        |(full_name, line1, city, (country, postal_code), phone)| AddressInput {
            full_name,
            line1,
            postal_code,
            city,
            country: country.to_string(),
            phone,
            ..AddressInput::default()
        },
    )
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn valid_addresses_are_accepted_and_pass_again_unchanged(input in valid_input()) {
        let address = PostalAddress::parse(input.clone());
        prop_assert!(address.is_ok(), "{input:?}: {address:?}");
        let address = address.expect("valid");
        prop_assert_eq!(PostalAddress::parse(address.parts().clone()), Ok(address));
    }

    /// Whatever was typed: an address that keeps every rule, or one problem naming its field.
    #[test]
    fn any_input_is_checked_without_panicking(input in input()) {
        match PostalAddress::parse(input) {
            Ok(address) => {
                let parts = address.parts();
                for (value, max) in [(&parts.full_name, 120), (&parts.line1, 200), (&parts.city, 120)] {
                    prop_assert!(!value.is_empty() && value.chars().count() <= max);
                }
                prop_assert!(parts.line2.chars().count() <= 200);
                prop_assert!(parts.region.chars().count() <= 120);
                prop_assert!(parts.phone.chars().count() <= 40);
                prop_assert!(countries().any(|(code, _)| code == parts.country));
                prop_assert!(parts.postal_code.is_ascii());
            }
            Err(problem) => {
                const FIELDS: [&str; 8] = [
                    "full_name", "line1", "line2", "postal_code", "city", "region", "country", "phone",
                ];
                prop_assert!(FIELDS.contains(&problem.field), "{}", problem.field);
                prop_assert!(!problem.message.is_empty());
            }
        }
    }

    /// A checked address is stored and later checked again (a saved address at checkout): it
    /// passes unchanged.
    #[test]
    fn a_checked_address_passes_again_unchanged(input in input()) {
        if let Ok(address) = PostalAddress::parse(input) {
            prop_assert_eq!(PostalAddress::parse(address.parts().clone()), Ok(address));
        }
    }
}

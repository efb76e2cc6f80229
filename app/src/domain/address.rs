//! Postal addresses: saved by customers and used at checkout. Postal codes are checked per
//! country, because a parcel with a malformed code comes back.

use serde::{Deserialize, Serialize};

/// Countries the shop ships to, with the shape of their postal codes (`9` a digit, `A` a letter,
/// anything else literal). Several shapes mean "any of these".
const COUNTRIES: &[(&str, &str, &[&str])] = &[
    ("AT", "Austria", &["9999"]),
    ("BE", "Belgium", &["9999"]),
    ("CZ", "Czechia", &["999 99", "99999"]),
    ("DE", "Germany", &["99999"]),
    ("ES", "Spain", &["99999"]),
    ("FR", "France", &["99999"]),
    ("GB", "United Kingdom", &[]),
    ("ID", "Indonesia", &["99999"]),
    ("IT", "Italy", &["99999"]),
    ("NL", "Netherlands", &["9999 AA", "9999AA"]),
    ("PL", "Poland", &["99-999"]),
    ("US", "United States", &["99999", "99999-9999"]),
];

/// The countries to offer in an address form, named in `language` and in its alphabetical
/// order: (ISO code, name).
pub fn countries_in(language: crate::i18n::Locale) -> Vec<(&'static str, &'static str)> {
    use crate::i18n::td_string;
    let mut named: Vec<(&'static str, &'static str)> = countries()
        .map(|(code, english)| {
            let name = match code {
                "AT" => td_string!(language, common.country_at),
                "BE" => td_string!(language, common.country_be),
                "CZ" => td_string!(language, common.country_cz),
                "DE" => td_string!(language, common.country_de),
                "ES" => td_string!(language, common.country_es),
                "FR" => td_string!(language, common.country_fr),
                "GB" => td_string!(language, common.country_gb),
                "ID" => td_string!(language, common.country_id),
                "IT" => td_string!(language, common.country_it),
                "NL" => td_string!(language, common.country_nl),
                "PL" => td_string!(language, common.country_pl),
                "US" => td_string!(language, common.country_us),
                _ => english,
            };
            (code, name)
        })
        .collect();
    // "Włochy" sorts with the W's, "Česko" would sort with the C's.
    named.sort_by_cached_key(|(_, name)| deunicode::deunicode(name).to_lowercase());
    named
}

/// The countries to offer in an address form: (ISO code, English name).
pub fn countries() -> impl Iterator<Item = (&'static str, &'static str)> {
    COUNTRIES.iter().map(|(code, name, _)| (*code, *name))
}

/// An address as typed into a form; every part may be missing until `PostalAddress::parse`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AddressInput {
    pub full_name: String,
    pub line1: String,
    pub line2: String,
    pub postal_code: String,
    pub city: String,
    pub region: String,
    pub country: String,
    pub phone: String,
}

/// An address that passed the checks: required parts present, lengths bounded, a country we
/// ship to and a postal code of that country's shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostalAddress(AddressInput);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct AddressError {
    /// The form field the message belongs next to.
    pub field: &'static str,
    pub message: String,
}

fn problem(field: &'static str, message: impl Into<String>) -> AddressError {
    AddressError {
        field,
        message: message.into(),
    }
}

fn matches_shape(code: &str, shape: &str) -> bool {
    code.len() == shape.len()
        && code.chars().zip(shape.chars()).all(|(c, s)| match s {
            '9' => c.is_ascii_digit(),
            'A' => c.is_ascii_alphabetic(),
            other => c == other,
        })
}

/// The UK's codes vary too much for one shape: "SW1A 1AA", "M1 1AE", "B33 8TH".
fn is_uk_postcode(code: &str) -> bool {
    let Some((outward, inward)) = code.split_once(' ') else {
        return false;
    };
    let inward_ok = matches_shape(inward, "9AA");
    let outward_ok = (2..=4).contains(&outward.len())
        && outward.starts_with(|c: char| c.is_ascii_alphabetic())
        && outward.chars().all(|c| c.is_ascii_alphanumeric());
    inward_ok && outward_ok
}

impl PostalAddress {
    pub fn parse(input: AddressInput) -> Result<PostalAddress, AddressError> {
        let address = tidied(&input);
        check_lengths(&address)?;
        check_phone(&address.phone)?;
        check_postal_code(&address.country, &address.postal_code)?;
        Ok(PostalAddress(address))
    }

    pub fn parts(&self) -> &AddressInput {
        &self.0
    }

    pub fn into_parts(self) -> AddressInput {
        self.0
    }
}

/// Runs of whitespace made single spaces, the postal code and country upper-cased.
fn tidied(input: &AddressInput) -> AddressInput {
    let tidy = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    AddressInput {
        full_name: tidy(&input.full_name),
        line1: tidy(&input.line1),
        line2: tidy(&input.line2),
        postal_code: tidy(&input.postal_code).to_uppercase(),
        city: tidy(&input.city),
        region: tidy(&input.region),
        country: input.country.trim().to_uppercase(),
        phone: tidy(&input.phone),
    }
}

/// The required parts present, and every part within its length.
fn check_lengths(address: &AddressInput) -> Result<(), AddressError> {
    for (field, value, label, max) in [
        ("full_name", &address.full_name, "the recipient's name", 120),
        ("line1", &address.line1, "the street and number", 200),
        ("city", &address.city, "the city", 120),
    ] {
        if value.is_empty() {
            return Err(problem(field, format!("Please enter {label}.")));
        }
        if value.chars().count() > max {
            return Err(problem(
                field,
                format!("This can be at most {max} characters."),
            ));
        }
    }
    for (field, value, max) in [
        ("line2", &address.line2, 200),
        ("region", &address.region, 120),
        ("phone", &address.phone, 40),
    ] {
        if value.chars().count() > max {
            return Err(problem(
                field,
                format!("This can be at most {max} characters."),
            ));
        }
    }
    Ok(())
}

fn check_phone(phone: &str) -> Result<(), AddressError> {
    if !phone.is_empty()
        && !phone
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')'))
    {
        return Err(problem(
            "phone",
            "A phone number may contain digits, spaces, +, - and brackets.",
        ));
    }
    Ok(())
}

/// A country we ship to, and a postal code of its shape.
fn check_postal_code(country: &str, postal_code: &str) -> Result<(), AddressError> {
    let Some((_, country_name, shapes)) = COUNTRIES.iter().find(|(code, _, _)| *code == country)
    else {
        return Err(problem("country", "Please choose a country we ship to."));
    };
    let code_ok = if country == "GB" {
        is_uk_postcode(postal_code)
    } else {
        shapes.iter().any(|shape| matches_shape(postal_code, shape))
    };
    if !code_ok {
        let example = match country {
            "GB" => "SW1A 1AA".to_string(),
            _ => shapes
                .first()
                .map(|s| s.replace('9', "1").replace('A', "B"))
                .unwrap_or_default(),
        };
        return Err(problem(
            "postal_code",
            format!(
                "“{postal_code}” is not a postal code in {country_name} (it looks like {example})."
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod properties;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn every_country_is_named_in_every_language_in_its_order() {
        for language in [Locale::en, Locale::pl, Locale::it, Locale::id] {
            let named = countries_in(language);
            assert_eq!(named.len(), COUNTRIES.len(), "{language:?}");
            let mut codes: Vec<&str> = named.iter().map(|(code, _)| *code).collect();
            codes.sort_unstable();
            let mut all: Vec<&str> = countries().map(|(code, _)| code).collect();
            all.sort_unstable();
            assert_eq!(codes, all, "{language:?}");
        }
        let polish = countries_in(Locale::pl);
        assert_eq!(polish.first(), Some(&("AT", "Austria")));
        assert!(polish.contains(&("IT", "Włochy")));
        assert!(polish.contains(&("DE", "Niemcy")));
        assert_eq!(
            countries_in(Locale::en).last(),
            Some(&("US", "United States"))
        );
    }

    fn input(country: &str, postal_code: &str) -> AddressInput {
        AddressInput {
            full_name: " Ada   Lovelace ".into(),
            line1: "ul. Długa 5".into(),
            postal_code: postal_code.into(),
            city: "Kraków".into(),
            country: country.into(),
            ..AddressInput::default()
        }
    }

    #[test]
    fn checks_postal_codes_per_country() {
        assert!(PostalAddress::parse(input("pl", "31-147")).is_ok());
        assert!(PostalAddress::parse(input("US", "94105-1234")).is_ok());
        assert!(PostalAddress::parse(input("NL", "1012 ab")).is_ok());
        assert!(PostalAddress::parse(input("GB", "SW1A 1AA")).is_ok());
        let err = PostalAddress::parse(input("PL", "31147")).expect_err("no dash");
        assert_eq!(err.field, "postal_code");
        assert!(err.message.contains("11-111"), "{}", err.message);
        assert!(PostalAddress::parse(input("DE", "1234")).is_err());
        assert!(PostalAddress::parse(input("GB", "SW1A1AA")).is_err());
    }

    #[test]
    fn tidies_spaces_and_requires_the_essentials() {
        let address = PostalAddress::parse(input("PL", "31-147")).expect("valid");
        assert_eq!(address.parts().full_name, "Ada Lovelace");
        assert_eq!(address.parts().country, "PL");
        let mut missing = input("PL", "31-147");
        missing.city = "  ".into();
        assert_eq!(
            PostalAddress::parse(missing).expect_err("no city").field,
            "city"
        );
        assert_eq!(
            PostalAddress::parse(input("XX", "1"))
                .expect_err("country")
                .field,
            "country"
        );
    }

    #[test]
    fn phone_numbers_are_digits_and_punctuation() {
        let mut with_phone = input("PL", "31-147");
        with_phone.phone = "+48 (12) 345-67-89".into();
        assert!(PostalAddress::parse(with_phone.clone()).is_ok());
        with_phone.phone = "call me".into();
        assert_eq!(
            PostalAddress::parse(with_phone).expect_err("letters").field,
            "phone"
        );
    }
}

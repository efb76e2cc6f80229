//! URL slugs: the readable part of `/p/<slug>` and `/c/<slug>`.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlugError {
    #[error("a slug cannot be empty")]
    Empty,
    #[error("a slug can be at most {max} characters long", max = Slug::MAX_LEN)]
    TooLong,
    #[error(
        "a slug may only contain lowercase letters a–z, digits and single hyphens between them"
    )]
    InvalidCharacters,
}

/// A lowercase ASCII slug: letters, digits and single inner hyphens ("linen-shirt-2").
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

impl Slug {
    pub const MAX_LEN: usize = 120;

    pub fn parse(text: &str) -> Result<Slug, SlugError> {
        if text.is_empty() {
            return Err(SlugError::Empty);
        }
        if text.len() > Slug::MAX_LEN {
            return Err(SlugError::TooLong);
        }
        let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
        if !text.chars().all(allowed)
            || text.starts_with('-')
            || text.ends_with('-')
            || text.contains("--")
        {
            return Err(SlugError::InvalidCharacters);
        }
        Ok(Slug(text.to_string()))
    }

    /// Derives a slug from a title in any script: "Żółta Koszula – Lniana" → "zolta-koszula-lniana".
    pub fn from_title(title: &str) -> Result<Slug, SlugError> {
        let ascii = deunicode::deunicode(title).to_ascii_lowercase();
        let mut slug = String::with_capacity(ascii.len());
        for ch in ascii.chars() {
            if ch.is_ascii_alphanumeric() {
                slug.push(ch);
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        slug.truncate(Slug::MAX_LEN);
        let trimmed = slug.trim_end_matches('-');
        Slug::parse(trimmed)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Slug {
    type Error = SlugError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Slug::parse(&value)
    }
}

impl From<Slug> for String {
    fn from(slug: Slug) -> String {
        slug.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod properties;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_clean_slugs() {
        for ok in ["shirt", "linen-shirt-2", "a", "2024-collection"] {
            assert_eq!(Slug::parse(ok).map(String::from), Ok(ok.to_string()));
        }
    }

    #[test]
    fn rejects_what_would_make_a_bad_url() {
        assert_eq!(Slug::parse(""), Err(SlugError::Empty));
        for bad in [
            "Shirt",
            "-shirt",
            "shirt-",
            "linen--shirt",
            "linen shirt",
            "żółw",
            "a/b",
        ] {
            assert_eq!(Slug::parse(bad), Err(SlugError::InvalidCharacters), "{bad}");
        }
        assert_eq!(Slug::parse(&"a".repeat(121)), Err(SlugError::TooLong));
    }

    #[test]
    fn derives_slugs_from_titles_in_any_language() {
        let slug = |t: &str| Slug::from_title(t).map(String::from);
        assert_eq!(
            slug("Żółta Koszula – Lniana"),
            Ok("zolta-koszula-lniana".into())
        );
        assert_eq!(slug("  Café   au Lait!! "), Ok("cafe-au-lait".into()));
        assert_eq!(slug("100% Cotton T-Shirt"), Ok("100-cotton-t-shirt".into()));
        assert_eq!(slug("!!!"), Err(SlugError::Empty));
        assert!(slug(&"word ".repeat(60)).is_ok_and(|s| s.len() <= Slug::MAX_LEN));
    }

    #[test]
    fn deserialising_checks_the_slug() {
        assert!(serde_json::from_str::<Slug>(r#""good-slug""#).is_ok());
        assert!(serde_json::from_str::<Slug>(r#""Bad Slug""#).is_err());
    }
}

//! Stock keeping units: the code a warehouse, a till and a supplier all use for one variant.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SkuError {
    #[error("a SKU cannot be empty")]
    Empty,
    #[error("a SKU can be at most {max} characters long", max = Sku::MAX_LEN)]
    TooLong,
    #[error("a SKU may only contain letters A–Z, digits, '-', '_' and '.'")]
    InvalidCharacters,
}

/// A SKU, normalised to upper case so that "ab-1" typed at a till finds "AB-1".
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Sku(String);

impl Sku {
    pub const MAX_LEN: usize = 64;

    pub fn parse(text: &str) -> Result<Sku, SkuError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(SkuError::Empty);
        }
        if text.len() > Sku::MAX_LEN {
            return Err(SkuError::TooLong);
        }
        if !text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            return Err(SkuError::InvalidCharacters);
        }
        Ok(Sku(text.to_ascii_uppercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Sku {
    type Error = SkuError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Sku::parse(&value)
    }
}

impl From<Sku> for String {
    fn from(sku: Sku) -> String {
        sku.0
    }
}

impl fmt::Display for Sku {
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
    fn normalises_case_and_whitespace() {
        assert_eq!(
            Sku::parse(" ts-001-blk.m ").map(String::from),
            Ok("TS-001-BLK.M".into())
        );
        assert_eq!(Sku::parse("AB_12"), Sku::parse("ab_12"));
    }

    #[test]
    fn rejects_bad_skus() {
        assert_eq!(Sku::parse("   "), Err(SkuError::Empty));
        assert_eq!(Sku::parse(&"A".repeat(65)), Err(SkuError::TooLong));
        for bad in ["AB 12", "AB/12", "ŻÓŁW", "A#1"] {
            assert_eq!(Sku::parse(bad), Err(SkuError::InvalidCharacters), "{bad}");
        }
    }
}

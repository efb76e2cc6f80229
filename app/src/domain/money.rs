//! Money as integer minor units plus an ISO 4217 currency. Every rounding and formatting rule for
//! amounts lives here, so no other module ever touches a float price.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::i18n::Locale;

/// The currencies the shop sells in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Currency {
    #[serde(rename = "PLN")]
    Pln,
    #[serde(rename = "EUR")]
    Eur,
    #[serde(rename = "USD")]
    Usd,
    #[serde(rename = "IDR")]
    Idr,
}

impl Currency {
    pub const ALL: [Currency; 4] = [Currency::Pln, Currency::Eur, Currency::Usd, Currency::Idr];

    /// The ISO 4217 code, as stored in the database and sent to payment gateways.
    pub fn code(self) -> &'static str {
        match self {
            Currency::Pln => "PLN",
            Currency::Eur => "EUR",
            Currency::Usd => "USD",
            Currency::Idr => "IDR",
        }
    }

    /// Digits after the decimal point in the minor unit (ISO 4217 exponent).
    pub fn exponent(self) -> u32 {
        2
    }

    fn minor_per_major(self) -> i64 {
        10_i64.pow(self.exponent())
    }

    /// Whether shoppers expect to see the fractional part. Rupiah prices are quoted in whole
    /// rupiah even though ISO 4217 gives the currency two decimals.
    fn shows_fraction(self, minor: i64) -> bool {
        match self {
            Currency::Idr => !minor
                .unsigned_abs()
                .is_multiple_of(self.minor_per_major().unsigned_abs()),
            _ => true,
        }
    }

    pub fn parse(code: &str) -> Result<Self, MoneyError> {
        Currency::ALL
            .into_iter()
            .find(|c| c.code().eq_ignore_ascii_case(code.trim()))
            .ok_or_else(|| MoneyError::UnknownCurrency(code.to_string()))
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("{0:?} is not a currency the shop sells in")]
    UnknownCurrency(String),
    #[error("cannot combine an amount in {0} with one in {1}")]
    CurrencyMismatch(Currency, Currency),
    #[error("the amount is too large")]
    Overflow,
    /// A typed amount above `Money::MAX_TYPED_MINOR` (in either direction).
    #[error("{0} is more than the shop accepts for one amount (at most {1})")]
    TooLarge(String, String),
    #[error("{0:?} is not an amount: use digits with at most two decimals, e.g. 12.99")]
    Unparsable(String),
}

/// An amount of money: integer minor units (cents, grosze) of one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    minor: i64,
    currency: Currency,
}

impl Money {
    /// The largest amount a person may type (a price, a cost, a refund): 10^12 minor units,
    /// ten billion in major units. Far above any real price, and low enough that no cart or
    /// order built from such prices can overflow: 999 units × 200 lines × 10^12 < i64::MAX.
    pub const MAX_TYPED_MINOR: i64 = 1_000_000_000_000;

    pub fn from_minor(minor: i64, currency: Currency) -> Self {
        Money { minor, currency }
    }

    pub fn minor(self) -> i64 {
        self.minor
    }

    pub fn currency(self) -> Currency {
        self.currency
    }

    fn same_currency(self, other: Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch(self.currency, other.currency))
        }
    }

    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let minor = self
            .minor
            .checked_add(other.minor)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::from_minor(minor, self.currency))
    }

    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let minor = self
            .minor
            .checked_sub(other.minor)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::from_minor(minor, self.currency))
    }

    /// The price of `quantity` units.
    pub fn times(self, quantity: u32) -> Result<Money, MoneyError> {
        let minor = self
            .minor
            .checked_mul(i64::from(quantity))
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::from_minor(minor, self.currency))
    }

    /// Parses a decimal amount typed by a person ("12.99", "12,99", "1 299.00", "12").
    pub fn parse(text: &str, currency: Currency) -> Result<Money, MoneyError> {
        let unparsable = || MoneyError::Unparsable(text.to_string());
        let cleaned: String = text
            .trim()
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '_')
            .map(|c| if c == ',' { '.' } else { c })
            .collect();
        let (negative, digits) = match cleaned.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, cleaned.as_str()),
        };
        let (major, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let exponent = currency.exponent() as usize;
        let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if major.is_empty()
            || !all_digits(major)
            || !all_digits(fraction)
            || fraction.len() > exponent
        {
            return Err(unparsable());
        }
        // More digits than an i64 holds is still a (far too large) amount, not a typo.
        let major: i64 = major.parse().unwrap_or(i64::MAX);
        let fraction_minor: i64 = format!("{fraction:0<exponent$}").parse().unwrap_or(0);
        let too_large = || {
            MoneyError::TooLarge(
                text.trim().chars().take(40).collect(),
                Money::from_minor(Money::MAX_TYPED_MINOR, currency).to_string(),
            )
        };
        let minor = major
            .checked_mul(currency.minor_per_major())
            .and_then(|m| m.checked_add(fraction_minor))
            .filter(|m| *m <= Money::MAX_TYPED_MINOR)
            .ok_or_else(too_large)?;
        Ok(Money::from_minor(
            if negative { -minor } else { minor },
            currency,
        ))
    }

    /// The amount as a plain decimal ("1234.50"), as schema.org and payment APIs expect it.
    pub fn to_decimal_string(self) -> String {
        let per = self.currency.minor_per_major();
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        let exponent = self.currency.exponent() as usize;
        format!(
            "{sign}{}.{:0exponent$}",
            abs / per.unsigned_abs(),
            abs % per.unsigned_abs()
        )
    }
}

/// Groups thousands: 1234567 → "1,234,567" with `,`.
fn group_thousands(value: u64, separator: char) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 2);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(ch);
    }
    out
}

/// A no-break space: an amount never wraps between its digits or before its currency.
const NBSP: char = '\u{a0}';

impl Money {
    /// The amount written as a reader of `language` expects it: "€1,234.50" in English,
    /// "1 234,50 €" in Polish, "1.234,50 €" in Italian, "Rp1.234.567" in Indonesian.
    ///
    /// Separators are CLDR's for each language, except that thousands are always grouped
    /// (CLDR starts at 10 000 in Polish and Italian; price lists read better aligned) and
    /// rupiah carry no space after "Rp", as Indonesian shops print them.
    pub fn in_language(self, language: Locale) -> InLanguage {
        InLanguage {
            money: self,
            language,
        }
    }

    fn number(self, group: char, decimal: char) -> String {
        let per = self.currency.minor_per_major().unsigned_abs();
        let abs = self.minor.unsigned_abs();
        let mut number = group_thousands(abs / per, group);
        if self.currency.shows_fraction(self.minor) {
            let exponent = self.currency.exponent() as usize;
            number.push_str(&format!("{decimal}{:0exponent$}", abs % per));
        }
        number
    }
}

/// `Money::in_language`'s result.
#[derive(Debug, Clone, Copy)]
pub struct InLanguage {
    money: Money,
    language: Locale,
}

impl fmt::Display for InLanguage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let money = self.money;
        let sign = if money.minor < 0 { "-" } else { "" };
        let code = money.currency.code();
        match self.language {
            Locale::en => write!(f, "{money}"),
            Locale::pl => {
                let number = money.number(NBSP, ',');
                let symbol = match money.currency {
                    Currency::Pln => "zł",
                    Currency::Eur => "€",
                    Currency::Usd | Currency::Idr => code,
                };
                write!(f, "{sign}{number}{NBSP}{symbol}")
            }
            Locale::it => {
                let number = money.number('.', ',');
                let symbol = match money.currency {
                    Currency::Eur => "€",
                    Currency::Pln | Currency::Usd | Currency::Idr => code,
                };
                write!(f, "{sign}{number}{NBSP}{symbol}")
            }
            Locale::id => {
                let number = money.number('.', ',');
                match money.currency {
                    Currency::Idr => write!(f, "{sign}Rp{number}"),
                    Currency::Eur => write!(f, "{sign}€{number}"),
                    Currency::Usd => write!(f, "{sign}US${number}"),
                    Currency::Pln => write!(f, "{sign}PLN{NBSP}{number}"),
                }
            }
        }
    }
}

impl fmt::Display for Money {
    /// English formatting for the storefront: "€1,234.50", "$9.99", "1,299.00 zł", "Rp 150,000".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.minor < 0 { "-" } else { "" };
        let number = self.number(',', '.');
        match self.currency {
            Currency::Eur => write!(f, "{sign}€{number}"),
            Currency::Usd => write!(f, "{sign}${number}"),
            Currency::Pln => write!(f, "{sign}{number} zł"),
            Currency::Idr => write!(f, "{sign}Rp {number}"),
        }
    }
}

#[cfg(test)]
mod properties;

#[cfg(test)]
mod tests {
    use super::*;

    fn eur(minor: i64) -> Money {
        Money::from_minor(minor, Currency::Eur)
    }

    #[test]
    fn formats_amounts_the_way_each_language_reads_them() {
        let written = |minor, currency, language| {
            Money::from_minor(minor, currency)
                .in_language(language)
                .to_string()
                .replace('\u{a0}', " ")
        };
        // The issue's examples, one per language.
        assert_eq!(written(123_456, Currency::Pln, Locale::pl), "1 234,56 zł");
        assert_eq!(written(123_456, Currency::Eur, Locale::it), "1.234,56 €");
        assert_eq!(written(123_456, Currency::Usd, Locale::en), "$1,234.56");
        assert_eq!(
            written(123_456_700, Currency::Idr, Locale::id),
            "Rp1.234.567"
        );
        // Every currency in every language keeps its digits, sign and fraction.
        assert_eq!(written(999, Currency::Eur, Locale::pl), "9,99 €");
        assert_eq!(
            written(-123_456_789, Currency::Usd, Locale::pl),
            "-1 234 567,89 USD"
        );
        assert_eq!(written(100, Currency::Pln, Locale::it), "1,00 PLN");
        assert_eq!(
            written(100_000_000, Currency::Usd, Locale::id),
            "US$1.000.000,00"
        );
        assert_eq!(written(5, Currency::Pln, Locale::id), "PLN 0,05");
        assert_eq!(
            written(15_000_050, Currency::Idr, Locale::id),
            "Rp150.000,50"
        );
        assert_eq!(
            written(-15_000_000, Currency::Idr, Locale::it),
            "-150.000 IDR"
        );
        // No-break spaces: a price never wraps inside.
        let polish = Money::from_minor(123_456, Currency::Pln)
            .in_language(Locale::pl)
            .to_string();
        assert!(!polish.contains(' '), "{polish:?}");
    }

    #[test]
    fn formats_each_currency_the_way_shoppers_read_it() {
        assert_eq!(eur(123_450).to_string(), "€1,234.50");
        assert_eq!(Money::from_minor(999, Currency::Usd).to_string(), "$9.99");
        assert_eq!(
            Money::from_minor(129_900, Currency::Pln).to_string(),
            "1,299.00 zł"
        );
        assert_eq!(
            Money::from_minor(15_000_000, Currency::Idr).to_string(),
            "Rp 150,000"
        );
        assert_eq!(
            Money::from_minor(15_000_050, Currency::Idr).to_string(),
            "Rp 150,000.50"
        );
        assert_eq!(eur(-5).to_string(), "-€0.05");
        assert_eq!(eur(0).to_string(), "€0.00");
    }

    #[test]
    fn decimal_string_is_plain() {
        assert_eq!(eur(123_450).to_decimal_string(), "1234.50");
        assert_eq!(eur(7).to_decimal_string(), "0.07");
        assert_eq!(eur(-1_00).to_decimal_string(), "-1.00");
    }

    #[test]
    fn adds_and_multiplies_in_minor_units() {
        assert_eq!(eur(1_99).checked_add(eur(1)), Ok(eur(2_00)));
        assert_eq!(eur(5_00).checked_sub(eur(7_50)), Ok(eur(-2_50)));
        assert_eq!(eur(3_33).times(3), Ok(eur(9_99)));
        assert_eq!(eur(0).times(1_000), Ok(eur(0)));
    }

    #[test]
    fn refuses_to_mix_currencies_or_overflow() {
        let usd = Money::from_minor(1, Currency::Usd);
        assert_eq!(
            eur(1).checked_add(usd),
            Err(MoneyError::CurrencyMismatch(Currency::Eur, Currency::Usd))
        );
        assert_eq!(eur(i64::MAX).checked_add(eur(1)), Err(MoneyError::Overflow));
        assert_eq!(eur(i64::MAX / 2 + 1).times(2), Err(MoneyError::Overflow));
    }

    #[test]
    fn parses_amounts_people_type() {
        assert_eq!(Money::parse("12.99", Currency::Eur), Ok(eur(12_99)));
        assert_eq!(Money::parse("12,9", Currency::Eur), Ok(eur(12_90)));
        assert_eq!(Money::parse(" 1 299 ", Currency::Eur), Ok(eur(129_900)));
        assert_eq!(Money::parse("-0.50", Currency::Eur), Ok(eur(-50)));
        for bad in ["", "abc", "1.999", "1.2.3", ".5", "€5", "--1"] {
            assert!(
                Money::parse(bad, Currency::Eur).is_err(),
                "{bad:?} should not parse"
            );
        }
        assert!(matches!(
            Money::parse("99999999999999999999", Currency::Eur),
            Err(MoneyError::TooLarge(..))
        ));
    }

    #[test]
    fn parses_currency_codes() {
        assert_eq!(Currency::parse("pln"), Ok(Currency::Pln));
        assert!(Currency::parse("GBP").is_err());
        let json = serde_json::to_string(&eur(100)).unwrap_or_default();
        assert_eq!(json, r#"{"minor":100,"currency":"EUR"}"#);
    }

    #[test]
    fn typed_amounts_are_bounded() {
        let max = Money::parse("10000000000.00", Currency::Eur).expect("the largest amount");
        assert_eq!(max.minor(), Money::MAX_TYPED_MINOR);
        for too_large in [
            "10000000000.01",
            "92233720368547758.07",
            "-92233720368547758.08",
            "99999999999999999999999999",
        ] {
            let err = Money::parse(too_large, Currency::Eur).expect_err(too_large);
            assert!(
                matches!(err, MoneyError::TooLarge(..)),
                "{too_large}: {err:?}"
            );
            assert!(err.to_string().contains("€10,000,000,000.00"), "{err}");
        }
        // The worst cart those amounts allow still adds up without overflow.
        let line = max.times(999).expect("a full line");
        let cart = std::iter::repeat_n(line, 200).try_fold(eur(0), |a, b| a.checked_add(b));
        assert!(cart.is_ok());
    }
}

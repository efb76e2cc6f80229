//! Sales tax and VAT: rates, prices that include tax (as in the EU) or exclude it (as in the
//! US), and the one rounding rule. Tax is worked out per rate over the whole order and rounded
//! once per rate, half away from zero, as EU invoices do; each order stores these tax lines.

use serde::{Deserialize, Serialize};

use super::money::{Currency, Money, MoneyError};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TaxError {
    #[error("“{0}” is not a tax rate (write it as a percentage such as 23 or 8.875).")]
    BadRate(String),
    #[error(transparent)]
    Money(#[from] MoneyError),
    #[error("the amount is too large to tax")]
    Overflow,
}

/// A tax rate in parts per million: 23 % is 230,000, New York's 8.875 % is 88,750.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TaxRate(u32);

impl TaxRate {
    const PER_MILLION: i128 = 1_000_000;
    pub const ZERO: TaxRate = TaxRate(0);

    pub fn from_ppm(ppm: u32) -> Result<TaxRate, TaxError> {
        if ppm > 1_000_000 {
            return Err(TaxError::BadRate(format!("{}", f64::from(ppm) / 10_000.0)));
        }
        Ok(TaxRate(ppm))
    }

    /// Parses "23", "8.875" or "5,5" (a percentage, at most four decimals, 0 to 100).
    pub fn parse_percent(text: &str) -> Result<TaxRate, TaxError> {
        let bad = || TaxError::BadRate(text.trim().to_string());
        let cleaned = text.trim().trim_end_matches('%').trim().replace(',', ".");
        let (whole, fraction) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
        if whole.is_empty()
            || fraction.len() > 4
            || !whole
                .chars()
                .chain(fraction.chars())
                .all(|c| c.is_ascii_digit())
        {
            return Err(bad());
        }
        let whole: u32 = whole.parse().map_err(|_| bad())?;
        let fraction: u32 = format!("{fraction:0<4}").parse().map_err(|_| bad())?;
        let ppm = whole
            .checked_mul(10_000)
            .and_then(|w| w.checked_add(fraction))
            .ok_or_else(bad)?;
        TaxRate::from_ppm(ppm).map_err(|_| bad())
    }

    pub fn ppm(self) -> u32 {
        self.0
    }

    /// How a receipt names this tax in `country` (ISO code): "VAT 23 %", "Sales tax 8.875 %".
    pub fn label_in(self, country: &str) -> String {
        let name = if country == "US" { "Sales tax" } else { "VAT" };
        format!("{name} {}", self.label())
    }

    /// "23 %", "8.875 %".
    pub fn label(self) -> String {
        let whole = self.0 / 10_000;
        let fraction = self.0 % 10_000;
        if fraction == 0 {
            format!("{whole} %")
        } else {
            let digits = format!("{fraction:04}");
            format!("{whole}.{} %", digits.trim_end_matches('0'))
        }
    }
}

/// Whether the shop's prices already contain the tax.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PriceMode {
    /// The shown price is what the customer pays; the tax is the part of it owed to the state.
    TaxInclusive,
    /// Tax is added on top of the shown price at checkout.
    TaxExclusive,
}

/// `numerator / denominator`, rounded half away from zero. `denominator` is positive.
fn div_round(numerator: i128, denominator: i128) -> i128 {
    let quotient = numerator / denominator;
    let remainder = numerator % denominator;
    if remainder.abs() * 2 >= denominator {
        quotient + numerator.signum()
    } else {
        quotient
    }
}

/// The tax owed on the amounts charged at one rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxLine {
    pub rate: TaxRate,
    /// The amount without tax.
    pub net: Money,
    pub tax: Money,
    /// What the customer pays for these items: net + tax.
    pub gross: Money,
}

impl TaxLine {
    /// Tax on `amount`, which includes or excludes tax as `mode` says.
    pub fn compute(amount: Money, rate: TaxRate, mode: PriceMode) -> Result<TaxLine, TaxError> {
        let currency = amount.currency();
        let value = i128::from(amount.minor());
        let ppm = i128::from(rate.0);
        let tax = match mode {
            PriceMode::TaxExclusive => div_round(value * ppm, TaxRate::PER_MILLION),
            PriceMode::TaxInclusive => div_round(value * ppm, TaxRate::PER_MILLION + ppm),
        };
        let tax = i64::try_from(tax).map_err(|_| TaxError::Overflow)?;
        let tax = Money::from_minor(tax, currency);
        let (net, gross) = match mode {
            PriceMode::TaxExclusive => (amount, amount.checked_add(tax)?),
            PriceMode::TaxInclusive => (amount.checked_sub(tax)?, amount),
        };
        Ok(TaxLine {
            rate,
            net,
            tax,
            gross,
        })
    }
}

/// An order's taxes: one line per rate (in rate order) and the totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxBreakdown {
    pub lines: Vec<TaxLine>,
    pub net: Money,
    pub tax: Money,
    pub gross: Money,
}

impl TaxBreakdown {
    /// `amounts` are what the order charges, each with its rate (goods, shipping, discounts as
    /// negative amounts); they are summed per rate first and each sum is taxed and rounded once.
    pub fn compute(
        currency: Currency,
        amounts: impl IntoIterator<Item = (Money, TaxRate)>,
        mode: PriceMode,
    ) -> Result<TaxBreakdown, TaxError> {
        let mut per_rate: std::collections::BTreeMap<TaxRate, Money> = Default::default();
        for (amount, rate) in amounts {
            let sum = per_rate
                .entry(rate)
                .or_insert(Money::from_minor(0, currency));
            *sum = sum.checked_add(amount)?;
        }
        let zero = Money::from_minor(0, currency);
        let mut breakdown = TaxBreakdown {
            lines: Vec::with_capacity(per_rate.len()),
            net: zero,
            tax: zero,
            gross: zero,
        };
        for (rate, amount) in per_rate {
            let line = TaxLine::compute(amount, rate, mode)?;
            breakdown.net = breakdown.net.checked_add(line.net)?;
            breakdown.tax = breakdown.tax.checked_add(line.tax)?;
            breakdown.gross = breakdown.gross.checked_add(line.gross)?;
            breakdown.lines.push(line);
        }
        Ok(breakdown)
    }
}

#[cfg(test)]
mod properties;

#[cfg(test)]
mod tests {
    use super::*;
    use PriceMode::{TaxExclusive as Excl, TaxInclusive as Incl};

    fn rate(percent: &str) -> TaxRate {
        TaxRate::parse_percent(percent).expect("rate")
    }

    fn money(currency: Currency, minor: i64) -> Money {
        Money::from_minor(minor, currency)
    }

    #[test]
    fn parses_and_labels_rates() {
        assert_eq!(rate("23").ppm(), 230_000);
        assert_eq!(rate("8.875").ppm(), 88_750);
        assert_eq!(rate("5,5 %").ppm(), 55_000);
        assert_eq!(rate("0").ppm(), 0);
        assert_eq!(rate("8.875").label(), "8.875 %");
        assert_eq!(rate("23").label(), "23 %");
        for bad in ["", "abc", "-5", "101", "1.23456", "2.5.1"] {
            assert!(TaxRate::parse_percent(bad).is_err(), "{bad}");
        }
    }

    /// Worked examples: (currency, amount in minor units, rate, mode, net, tax, gross).
    #[test]
    fn taxes_are_named_as_the_country_names_them() {
        assert_eq!(rate("23").label_in("PL"), "VAT 23 %");
        assert_eq!(rate("8.875").label_in("US"), "Sales tax 8.875 %");
    }

    #[test]
    fn worked_examples() {
        use Currency::{Eur, Idr, Pln, Usd};
        let table: &[(Currency, i64, &str, PriceMode, i64, i64, i64)] = &[
            // Poland, 23 % VAT in a 123.00 zł price.
            (Pln, 12_300, "23", Incl, 10_000, 2_300, 12_300),
            // Germany, 19 % in €9.99: 159.5 cents of tax round up to 1.60.
            (Eur, 999, "19", Incl, 839, 160, 999),
            // Germany, 7 % (books) in €12.00: 78.5 cents round up to 0.79.
            (Eur, 1_200, "7", Incl, 1_121, 79, 1_200),
            // France, 5.5 % in €4.20: 21.9 cents → 0.22.
            (Eur, 420, "5.5", Incl, 398, 22, 420),
            // Indonesia, 11 % in Rp 150,000 (no minor units): 14,864.86 → 14,865.
            (Idr, 150_000, "11", Incl, 135_135, 14_865, 150_000),
            // New York City, 8.875 % on $19.99: 177.41 cents → $1.77.
            (Usd, 1_999, "8.875", Excl, 1_999, 177, 2_176),
            // A half cent rounds away from zero: 10 % of $0.05 is 0.5 cents → 1 cent.
            (Usd, 5, "10", Excl, 5, 1, 6),
            // Nothing taxed at 0 %.
            (Usd, 2_500, "0", Excl, 2_500, 0, 2_500),
            // A discount (negative) is taxed symmetrically: -€9.99 at 19 % → -1.60.
            (Eur, -999, "19", Incl, -839, -160, -999),
        ];
        for &(currency, amount, percent, mode, net, tax, gross) in table {
            let line = TaxLine::compute(money(currency, amount), rate(percent), mode).expect("tax");
            assert_eq!(
                (line.net.minor(), line.tax.minor(), line.gross.minor()),
                (net, tax, gross),
                "{amount} {currency:?} at {percent} % ({mode:?})"
            );
        }
    }

    #[test]
    fn mixed_rates_are_summed_per_rate_and_rounded_once() {
        use Currency::Pln;
        // A Polish cart: two books at 5 % (39.99 zł each), a lamp at 23 % (199.99 zł) and
        // shipping at 23 % (14.99 zł), prices including VAT.
        let breakdown = TaxBreakdown::compute(
            Pln,
            [
                (money(Pln, 3_999), rate("5")),
                (money(Pln, 3_999), rate("5")),
                (money(Pln, 19_999), rate("23")),
                (money(Pln, 1_499), rate("23")),
            ],
            Incl,
        )
        .expect("taxes");
        // 5 %: 79.98 zł gross → 380.86 grosze → 3.81 zł tax. 23 %: 214.98 zł → 4,020.03 → 40.20 zł.
        let lines: Vec<(u32, i64, i64, i64)> = breakdown
            .lines
            .iter()
            .map(|l| (l.rate.ppm(), l.net.minor(), l.tax.minor(), l.gross.minor()))
            .collect();
        assert_eq!(
            lines,
            vec![
                (50_000, 7_617, 381, 7_998),
                (230_000, 17_478, 4_020, 21_498)
            ]
        );
        assert_eq!(breakdown.gross.minor(), 29_496);
        assert_eq!(breakdown.tax.minor(), 4_401);
        assert_eq!(
            breakdown.net.minor() + breakdown.tax.minor(),
            breakdown.gross.minor()
        );
    }

    #[test]
    fn exclusive_prices_add_tax_on_top() {
        use Currency::Usd;
        let breakdown = TaxBreakdown::compute(
            Usd,
            [
                (money(Usd, 1_000), rate("8.875")),
                (money(Usd, 1_000), rate("8.875")),
            ],
            Excl,
        )
        .expect("taxes");
        // Per rate, not per line: $20.00 × 8.875 % = 177.5 cents → $1.78.
        assert_eq!(breakdown.tax.minor(), 178);
        assert_eq!(breakdown.gross.minor(), 2_178);
    }
}

//! What an order costs at checkout: goods, coupon, shipping and tax, worked out in one place so
//! the cart page, the checkout page and the order the server stores can never disagree by a cent.
//! Tax itself is `tax.rs`'s job; this module only decides which amounts are taxed at which rate.

use serde::{Deserialize, Serialize};

use crate::cart::domain::{line_total, subtotal, CartError, Quantity};
use crate::domain::money::{Currency, Money, MoneyError};
use crate::domain::tax::{PriceMode, TaxBreakdown, TaxError, TaxRate};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckoutError {
    #[error("Your cart is empty.")]
    EmptyCart,
    #[error("“{0}” is not a coupon code.")]
    BadCouponCode(String),
    #[error("The coupon “{0}” does not exist or has expired.")]
    UnknownCoupon(String),
    #[error("This coupon applies to orders of {minimum} or more.")]
    CouponMinimum { minimum: Money },
    #[error("Some prices are in a different currency from your order. Please reload the page.")]
    CurrencyMismatch,
    #[error(transparent)]
    Money(#[from] MoneyError),
    #[error(transparent)]
    Tax(#[from] TaxError),
    #[error(transparent)]
    Cart(#[from] CartError),
}

/// Refuses an amount in another currency up front, so the arithmetic below can only fail by
/// overflowing and the shopper gets one clear message instead of a low-level one.
fn expect_currency(currency: Currency, amount: Money) -> Result<(), CheckoutError> {
    if amount.currency() == currency {
        Ok(())
    } else {
        Err(CheckoutError::CurrencyMismatch)
    }
}

/// A way to ship. The free-shipping threshold looks at the goods after the discount, so a
/// coupon cannot push an order over the threshold that it would not reach at the price paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippingRate {
    pub code: String,
    pub name: String,
    pub price: Money,
    pub free_from: Option<Money>,
}

impl ShippingRate {
    /// Compares minor units only: `quote` has already refused a threshold in another currency.
    pub fn price_for(&self, goods_after_discount: Money) -> Money {
        match self.free_from {
            Some(free_from) if goods_after_discount.minor() >= free_from.minor() => {
                Money::from_minor(0, self.price.currency())
            }
            _ => self.price,
        }
    }
}

/// A coupon code as a shopper types it. Codes are compared case-insensitively by storing them
/// uppercased; ASCII only, so a code read aloud or printed on a flyer has one spelling.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CouponCode(String);

impl CouponCode {
    const MIN_LEN: usize = 3;
    const MAX_LEN: usize = 32;

    pub fn parse(text: &str) -> Result<CouponCode, CheckoutError> {
        let trimmed = text.trim();
        let allowed = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
        if !(Self::MIN_LEN..=Self::MAX_LEN).contains(&trimmed.len())
            || !trimmed.chars().all(allowed)
        {
            return Err(CheckoutError::BadCouponCode(trimmed.to_string()));
        }
        Ok(CouponCode(trimmed.to_ascii_uppercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for CouponCode {
    type Error = CheckoutError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        CouponCode::parse(&value)
    }
}

impl From<CouponCode> for String {
    fn from(value: CouponCode) -> Self {
        value.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CouponValue {
    /// Basis points, so 12.5 % is exact: 1000 = 10 %, 1..=10000.
    Percent(u32),
    Fixed(Money),
}

impl CouponValue {
    const BASIS_POINTS_PER_WHOLE: i128 = 10_000;
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coupon {
    pub code: CouponCode,
    pub value: CouponValue,
    /// Goods (before the discount) needed before the coupon applies.
    pub minimum: Option<Money>,
}

impl Coupon {
    /// The amount taken off `goods`. It is clamped to 0..=goods whatever the stored value says,
    /// so a mistyped coupon in the admin can never make the shop pay the customer.
    pub fn discount(&self, goods: Money) -> Result<Money, CheckoutError> {
        let currency = goods.currency();
        if let Some(minimum) = self.minimum {
            expect_currency(currency, minimum)?;
            if goods.minor() < minimum.minor() {
                return Err(CheckoutError::CouponMinimum { minimum });
            }
        }
        let wanted = match self.value {
            CouponValue::Percent(basis_points) => {
                let off = div_round_half_away(
                    i128::from(goods.minor()) * i128::from(basis_points),
                    CouponValue::BASIS_POINTS_PER_WHOLE,
                );
                // Clamped below to at most `goods`, which is an i64, so this cannot saturate.
                i64::try_from(off).unwrap_or(i64::MAX)
            }
            CouponValue::Fixed(amount) => {
                expect_currency(currency, amount)?;
                amount.minor()
            }
        };
        let capped = wanted.min(goods.minor()).max(0);
        Ok(Money::from_minor(capped, currency))
    }

    /// What the storefront shows next to the code.
    pub fn label(&self) -> String {
        match self.value {
            CouponValue::Percent(basis_points) => {
                let whole = basis_points / 100;
                let fraction = basis_points % 100;
                if fraction == 0 {
                    format!("{whole} % off")
                } else {
                    let digits = format!("{fraction:02}");
                    format!("{whole}.{} % off", digits.trim_end_matches('0'))
                }
            }
            CouponValue::Fixed(amount) => format!("{amount} off"),
        }
    }
}

/// `numerator / denominator`, rounded half away from zero, as `tax.rs` rounds tax; a coupon
/// worth 9.995 cents is worth 10. `denominator` is positive.
fn div_round_half_away(numerator: i128, denominator: i128) -> i128 {
    let quotient = numerator / denominator;
    let remainder = numerator % denominator;
    if remainder.abs() * 2 >= denominator {
        quotient + numerator.signum()
    } else {
        quotient
    }
}

/// Splits `total` over `weights` in proportion, by the largest-remainder method: every share is
/// rounded down, then the cents left over go one each to the largest remainders (earlier lines
/// first on a tie). The shares always sum to `total` exactly, so no cent of a discount is lost
/// or invented between the order total and its tax lines. Callers keep `0 <= total <= sum of
/// weights` (a discount never exceeds the goods), which keeps each share within its weight.
fn share_out(total: i64, weights: &[i64]) -> Vec<i64> {
    let sum: i128 = weights.iter().map(|&w| i128::from(w)).sum();
    if sum <= 0 || total == 0 {
        return vec![0; weights.len()];
    }
    let total = i128::from(total);
    let mut shares: Vec<i128> = Vec::with_capacity(weights.len());
    let mut remainders: Vec<(i128, usize)> = Vec::with_capacity(weights.len());
    for (index, &weight) in weights.iter().enumerate() {
        let exact = total * i128::from(weight);
        shares.push(exact.div_euclid(sum));
        remainders.push((exact.rem_euclid(sum), index));
    }
    let left_over = total - shares.iter().sum::<i128>();
    // Largest remainder first; among equal remainders the earlier line.
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let left_over = usize::try_from(left_over).unwrap_or(0);
    for &(_, index) in remainders.iter().take(left_over) {
        shares[index] += 1;
    }
    // Each share lies between 0 and its weight because 0 <= total <= sum of weights.
    shares
        .into_iter()
        .map(|share| i64::try_from(share).unwrap_or(0))
        .collect()
}

/// One cart line as checkout prices it: the current unit price, not the one seen when added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteLine {
    pub unit_price: Money,
    pub quantity: Quantity,
    pub tax_rate: TaxRate,
}

#[derive(Debug, Clone, Copy)]
pub struct QuoteInput<'a> {
    pub currency: Currency,
    pub lines: &'a [QuoteLine],
    /// `None` while the shopper has not chosen a way to ship: the quote then shows no shipping.
    pub shipping: Option<&'a ShippingRate>,
    /// Shipping follows the goods to the destination, so it is taxed at that country's standard
    /// rate rather than at any one line's rate.
    pub shipping_tax_rate: TaxRate,
    pub coupon: Option<&'a Coupon>,
    pub mode: PriceMode,
}

/// What the order costs, as shown at checkout and stored with the order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// Unit price × quantity for each input line, in the same order.
    pub line_totals: Vec<Money>,
    pub goods: Money,
    /// A positive amount taken off the goods; 0 without a coupon.
    pub discount: Money,
    pub shipping: Money,
    pub taxes: TaxBreakdown,
    /// What the customer pays; always `taxes.gross`.
    pub total: Money,
}

/// Prices an order. The discount lowers each line's taxable amount in proportion to the line,
/// because a coupon on a mixed cart lowers the tax owed at every rate, not just at one.
pub fn quote(input: &QuoteInput<'_>) -> Result<Quote, CheckoutError> {
    let currency = input.currency;
    let zero = Money::from_minor(0, currency);
    if input.lines.is_empty() {
        return Err(CheckoutError::EmptyCart);
    }
    for line in input.lines {
        expect_currency(currency, line.unit_price)?;
    }
    if let Some(rate) = input.shipping {
        expect_currency(currency, rate.price)?;
        if let Some(free_from) = rate.free_from {
            expect_currency(currency, free_from)?;
        }
    }

    let line_totals = input
        .lines
        .iter()
        .map(|line| line_total(line.unit_price, line.quantity))
        .collect::<Result<Vec<Money>, CartError>>()?;
    let goods = subtotal(line_totals.iter().copied(), zero)?;
    let discount = match input.coupon {
        Some(coupon) => coupon.discount(goods)?,
        None => zero,
    };
    let goods_after_discount = goods.checked_sub(discount)?;
    let shipping = match input.shipping {
        Some(rate) => rate.price_for(goods_after_discount),
        None => zero,
    };

    let weights: Vec<i64> = line_totals.iter().map(|total| total.minor()).collect();
    let shares = share_out(discount.minor(), &weights);
    let mut amounts: Vec<(Money, TaxRate)> = Vec::with_capacity(input.lines.len() * 2 + 1);
    for ((line, total), share) in input.lines.iter().zip(&line_totals).zip(&shares) {
        amounts.push((*total, line.tax_rate));
        if *share != 0 {
            amounts.push((Money::from_minor(-share, currency), line.tax_rate));
        }
    }
    if shipping.minor() > 0 {
        amounts.push((shipping, input.shipping_tax_rate));
    }
    let taxes = TaxBreakdown::compute(currency, amounts, input.mode)?;

    let before_tax_on_top = goods_after_discount.checked_add(shipping)?;
    let total = match input.mode {
        PriceMode::TaxInclusive => before_tax_on_top,
        PriceMode::TaxExclusive => before_tax_on_top.checked_add(taxes.tax)?,
    };
    // Two independent sums of the same order; a difference means a cent was lost above.
    debug_assert_eq!(total, taxes.gross, "quote total disagrees with its taxes");

    Ok(Quote {
        line_totals,
        goods,
        discount,
        shipping,
        taxes,
        total,
    })
}

#[cfg(test)]
mod properties;

#[cfg(test)]
mod tests {
    use super::*;
    use Currency::{Eur, Idr, Pln, Usd};
    use PriceMode::{TaxExclusive as Excl, TaxInclusive as Incl};

    fn money(currency: Currency, minor: i64) -> Money {
        Money::from_minor(minor, currency)
    }

    fn eur(minor: i64) -> Money {
        money(Eur, minor)
    }

    fn rate(percent: &str) -> TaxRate {
        TaxRate::parse_percent(percent).expect("rate")
    }

    fn line(unit_price: Money, quantity: u32, percent: &str) -> QuoteLine {
        QuoteLine {
            unit_price,
            quantity: Quantity::new(quantity).expect("quantity"),
            tax_rate: rate(percent),
        }
    }

    fn coupon(code: &str, value: CouponValue, minimum: Option<Money>) -> Coupon {
        Coupon {
            code: CouponCode::parse(code).expect("code"),
            value,
            minimum,
        }
    }

    fn shipping_rate(price: Money, free_from: Option<Money>) -> ShippingRate {
        ShippingRate {
            code: "standard".into(),
            name: "Standard".into(),
            price,
            free_from,
        }
    }

    /// (rate ppm, net, tax, gross) per tax line, in minor units.
    fn tax_lines(quote: &Quote) -> Vec<(u32, i64, i64, i64)> {
        quote
            .taxes
            .lines
            .iter()
            .map(|l| (l.rate.ppm(), l.net.minor(), l.tax.minor(), l.gross.minor()))
            .collect()
    }

    #[test]
    fn coupon_codes_are_trimmed_uppercased_and_limited() {
        let code = CouponCode::parse("  summer-25_x ").expect("valid");
        assert_eq!(code.as_str(), "SUMMER-25_X");
        assert_eq!(CouponCode::parse("abc").map(|c| c.0), Ok("ABC".into()));
        assert!(CouponCode::parse(&"A".repeat(32)).is_ok());
        for bad in [
            "",
            "  ",
            "ab",
            "  ab  ",
            "SUMMER 25",
            "10%OFF",
            "ŻUBR",
            "straße",
        ] {
            assert!(CouponCode::parse(bad).is_err(), "{bad:?} should not parse");
        }
        assert_eq!(
            CouponCode::parse(&"A".repeat(33)),
            Err(CheckoutError::BadCouponCode("A".repeat(33)))
        );
        assert_eq!(
            CouponCode::parse(" 10%off ").map_err(|e| e.to_string()),
            Err("“10%off” is not a coupon code.".to_string())
        );
    }

    #[test]
    fn coupon_codes_parse_when_deserialized() {
        let code: CouponCode = serde_json::from_str(r#""welcome10""#).expect("valid");
        assert_eq!(code.as_str(), "WELCOME10");
        assert!(serde_json::from_str::<CouponCode>(r#""no spaces""#).is_err());
        assert_eq!(
            serde_json::to_string(&code).expect("serializes"),
            r#""WELCOME10""#
        );
    }

    #[test]
    fn percent_discounts_round_half_away_from_zero() {
        let ten = coupon("TEN", CouponValue::Percent(1_000), None);
        // 10 % of €9.95 = 99.5 cents → €1.00.
        assert_eq!(ten.discount(eur(995)), Ok(eur(100)));
        // 10 % of €9.94 = 99.4 cents → €0.99.
        assert_eq!(ten.discount(eur(994)), Ok(eur(99)));
        // 12.5 % of €0.04 = 0.5 cents → 1 cent.
        let eighth = coupon("EIGHTH", CouponValue::Percent(1_250), None);
        assert_eq!(eighth.discount(eur(4)), Ok(eur(1)));
        // 100 % takes everything, and nothing more.
        let all = coupon("ALL", CouponValue::Percent(10_000), None);
        assert_eq!(all.discount(eur(12_345)), Ok(eur(12_345)));
        // A value outside 1..=10000 is clamped rather than trusted.
        let too_much = coupon("BROKEN", CouponValue::Percent(25_000), None);
        assert_eq!(too_much.discount(eur(1_000)), Ok(eur(1_000)));
        assert_eq!(ten.discount(eur(0)), Ok(eur(0)));
    }

    #[test]
    fn fixed_discounts_are_capped_at_the_goods() {
        let five = coupon("FIVE", CouponValue::Fixed(eur(500)), None);
        assert_eq!(five.discount(eur(2_000)), Ok(eur(500)));
        assert_eq!(five.discount(eur(500)), Ok(eur(500)));
        assert_eq!(five.discount(eur(320)), Ok(eur(320)));
        let negative = coupon("ODD", CouponValue::Fixed(eur(-500)), None);
        assert_eq!(negative.discount(eur(2_000)), Ok(eur(0)));
        assert_eq!(
            five.discount(money(Usd, 2_000)),
            Err(CheckoutError::CurrencyMismatch)
        );
    }

    #[test]
    fn coupons_with_a_minimum_need_enough_goods() {
        let big = coupon("BIG", CouponValue::Fixed(eur(1_000)), Some(eur(5_000)));
        assert_eq!(big.discount(eur(5_000)), Ok(eur(1_000)));
        assert_eq!(
            big.discount(eur(4_999)),
            Err(CheckoutError::CouponMinimum {
                minimum: eur(5_000)
            })
        );
        assert_eq!(
            big.discount(eur(4_999)).map_err(|e| e.to_string()),
            Err("This coupon applies to orders of €50.00 or more.".to_string())
        );
        let elsewhere = coupon("BIG", CouponValue::Percent(500), Some(money(Pln, 100)));
        assert_eq!(
            elsewhere.discount(eur(5_000)),
            Err(CheckoutError::CurrencyMismatch)
        );
    }

    #[test]
    fn coupon_labels() {
        assert_eq!(
            coupon("A10", CouponValue::Percent(1_000), None).label(),
            "10 % off"
        );
        assert_eq!(
            coupon("A125", CouponValue::Percent(1_250), None).label(),
            "12.5 % off"
        );
        assert_eq!(
            coupon("A005", CouponValue::Percent(5), None).label(),
            "0.05 % off"
        );
        assert_eq!(
            coupon("EUR5", CouponValue::Fixed(eur(500)), None).label(),
            "€5.00 off"
        );
        assert_eq!(
            coupon("PLN20", CouponValue::Fixed(money(Pln, 2_000)), None).label(),
            "20.00 zł off"
        );
    }

    #[test]
    fn shipping_is_free_from_the_threshold_on() {
        let rate = shipping_rate(eur(490), Some(eur(5_000)));
        assert_eq!(rate.price_for(eur(4_999)), eur(490));
        assert_eq!(rate.price_for(eur(5_000)), eur(0));
        assert_eq!(rate.price_for(eur(5_001)), eur(0));
        let always_paid = shipping_rate(eur(490), None);
        assert_eq!(always_paid.price_for(eur(1_000_000)), eur(490));
    }

    #[test]
    fn discounts_are_shared_out_by_largest_remainder() {
        // €10.00 over three equal lines: 333.33… each; the one spare cent goes to the first.
        assert_eq!(
            share_out(1_000, &[2_000, 2_000, 2_000]),
            vec![334, 333, 333]
        );
        // Two spare cents, all remainders equal: earlier lines first.
        assert_eq!(share_out(2, &[100, 100, 100]), vec![1, 1, 0]);
        // The largest remainder wins over position: 1000 × 1497 / 9996 = 149.76 → 150.
        assert_eq!(
            share_out(1_000, &[5_999, 2_500, 1_497]),
            vec![600, 250, 150]
        );
        assert_eq!(share_out(1_700, &[1_200, 500]), vec![1_200, 500]);
        assert_eq!(share_out(0, &[1_200, 500]), vec![0, 0]);
        assert_eq!(share_out(0, &[0, 0]), vec![0, 0]);
        for (total, weights) in [
            (3, vec![1, 1, 1]),
            (1_000, vec![1_000, 1, 1]),
            (997, vec![3_333, 1, 6_666, 0, 42]),
            (12_345, vec![12_345]),
            (1, vec![7, 7, 7, 7]),
            (999_999, vec![999_999, 1, 500_000, 123_456_789]),
        ] {
            let shares = share_out(total, &weights);
            assert_eq!(
                shares.iter().sum::<i64>(),
                total,
                "{total} over {weights:?}"
            );
            for (share, weight) in shares.iter().zip(&weights) {
                assert!((0..=*weight).contains(share), "{shares:?} over {weights:?}");
            }
        }
    }

    #[test]
    fn an_empty_cart_has_no_quote() {
        let input = QuoteInput {
            currency: Eur,
            lines: &[],
            shipping: None,
            shipping_tax_rate: rate("19"),
            coupon: None,
            mode: Incl,
        };
        assert_eq!(quote(&input), Err(CheckoutError::EmptyCart));
        assert_eq!(CheckoutError::EmptyCart.to_string(), "Your cart is empty.");
    }

    #[test]
    fn every_amount_must_be_in_the_order_currency() {
        let eur_line = [line(eur(1_000), 1, "19")];
        let usd_line = [line(money(Usd, 1_000), 1, "19")];
        let eur_shipping = shipping_rate(eur(490), None);
        let usd_price = shipping_rate(money(Usd, 490), Some(eur(5_000)));
        let usd_threshold = shipping_rate(eur(490), Some(money(Usd, 5_000)));
        let usd_coupon = coupon("USD5", CouponValue::Fixed(money(Usd, 500)), None);
        let base = QuoteInput {
            currency: Eur,
            lines: &eur_line,
            shipping: Some(&eur_shipping),
            shipping_tax_rate: rate("19"),
            coupon: None,
            mode: Incl,
        };
        assert!(quote(&base).is_ok());
        for input in [
            QuoteInput {
                lines: &usd_line,
                ..base
            },
            QuoteInput {
                shipping: Some(&usd_price),
                ..base
            },
            QuoteInput {
                shipping: Some(&usd_threshold),
                ..base
            },
            QuoteInput {
                coupon: Some(&usd_coupon),
                ..base
            },
            QuoteInput {
                currency: Usd,
                lines: &usd_line,
                ..base
            },
        ] {
            assert_eq!(quote(&input), Err(CheckoutError::CurrencyMismatch));
        }
    }

    #[test]
    fn no_shipping_chosen_means_no_shipping_charged() {
        let lines = [line(eur(1_190), 1, "19")];
        let quote = quote(&QuoteInput {
            currency: Eur,
            lines: &lines,
            shipping: None,
            shipping_tax_rate: rate("19"),
            coupon: None,
            mode: Incl,
        })
        .expect("quote");
        assert_eq!(quote.shipping, eur(0));
        // €11.90 at 19 % inclusive: 11.90 × 19 / 119 = €1.90 exactly.
        assert_eq!(tax_lines(&quote), vec![(190_000, 1_000, 190, 1_190)]);
        assert_eq!(quote.total, eur(1_190));
    }

    #[test]
    fn free_shipping_adds_no_tax_line() {
        // Books only (7 %), shipping taxed at 19 % but free from €20.00: no 19 % line at all.
        let lines = [line(eur(1_070), 2, "7")];
        let free_from_twenty = shipping_rate(eur(390), Some(eur(2_000)));
        let quote = quote(&QuoteInput {
            currency: Eur,
            lines: &lines,
            shipping: Some(&free_from_twenty),
            shipping_tax_rate: rate("19"),
            coupon: None,
            mode: Incl,
        })
        .expect("quote");
        assert_eq!(quote.shipping, eur(0));
        // €21.40 at 7 % inclusive: 2,140 × 7 / 107 = 140 cents exactly.
        assert_eq!(tax_lines(&quote), vec![(70_000, 2_000, 140, 2_140)]);
    }

    #[test]
    fn overflow_is_an_error_not_a_wrap() {
        let lines = [
            line(eur(i64::MAX / 2), 1, "19"),
            line(eur(i64::MAX / 2), 1, "19"),
            line(eur(i64::MAX / 2), 1, "19"),
        ];
        let result = quote(&QuoteInput {
            currency: Eur,
            lines: &lines,
            shipping: None,
            shipping_tax_rate: rate("19"),
            coupon: None,
            mode: Incl,
        });
        assert_eq!(
            result,
            Err(CheckoutError::Cart(CartError::Money(MoneyError::Overflow)))
        );
    }

    /// A worked example: the input and every number the shopper sees, computed by hand.
    struct Example {
        name: &'static str,
        currency: Currency,
        lines: Vec<QuoteLine>,
        shipping: Option<ShippingRate>,
        shipping_tax_rate: &'static str,
        coupon: Option<Coupon>,
        mode: PriceMode,
        line_totals: Vec<i64>,
        goods: i64,
        discount: i64,
        shipping_charged: i64,
        /// (rate ppm, net, tax, gross)
        tax_lines: Vec<(u32, i64, i64, i64)>,
        total: i64,
    }

    #[test]
    fn worked_examples() {
        let pln = |minor| money(Pln, minor);
        let usd = |minor| money(Usd, minor);
        // Money keeps rupiah in ISO 4217's two decimals (sen); prices are whole rupiah.
        let idr = |rupiah: i64| money(Idr, rupiah * 100);
        let examples = vec![
            // (1) Poland, prices include 23 % VAT. 2 × 49.99 zł = 99.98 zł; shipping 14.99 zł
            // (free only from 200.00 zł). One rate, so one sum: 99.98 + 14.99 = 114.97 zł.
            // VAT inside it: 11,497 × 23 / 123 = 2,149.85 grosze → 21.50 zł; net 93.47 zł.
            Example {
                name: "PLN inclusive, one 23 % line and shipping",
                currency: Pln,
                lines: vec![line(pln(4_999), 2, "23")],
                shipping: Some(shipping_rate(pln(1_499), Some(pln(20_000)))),
                shipping_tax_rate: "23",
                coupon: None,
                mode: Incl,
                line_totals: vec![9_998],
                goods: 9_998,
                discount: 0,
                shipping_charged: 1_499,
                tax_lines: vec![(230_000, 9_347, 2_150, 11_497)],
                total: 11_497,
            },
            // (2) Germany, prices include VAT: headphones 1 × €59.99 (19 %), a book 2 × €12.50
            // (7 %), cables 3 × €4.99 (19 %). Goods 59.99 + 25.00 + 14.97 = €99.96.
            // 10 % coupon: 999.6 cents → €10.00. Shares of 1,000 over 5,999 / 2,500 / 1,497:
            // 600.14, 250.10, 149.76 → floors 600 + 250 + 149 = 999, the spare cent to the
            // largest remainder (149.76) → 600, 250, 150.
            // Shipping €4.90, free from €95.00: goods are €99.96 but €89.96 after the
            // discount, so shipping is charged.
            // 7 %: 2,500 − 250 = 2,250; tax 2,250 × 7 / 107 = 147.20 → 147; net 2,103.
            // 19 %: 5,999 − 600 + 1,497 − 150 + 490 = 7,236; tax 7,236 × 19 / 119 = 1,155.33
            // → 1,155; net 6,081.
            // Total 99.96 − 10.00 + 4.90 = €94.86 = 22.50 + 72.36.
            Example {
                name: "EUR inclusive, 19 % and 7 %, 10 % coupon",
                currency: Eur,
                lines: vec![
                    line(eur(5_999), 1, "19"),
                    line(eur(1_250), 2, "7"),
                    line(eur(499), 3, "19"),
                ],
                shipping: Some(shipping_rate(eur(490), Some(eur(9_500)))),
                shipping_tax_rate: "19",
                coupon: Some(coupon("TEN", CouponValue::Percent(1_000), None)),
                mode: Incl,
                line_totals: vec![5_999, 2_500, 1_497],
                goods: 9_996,
                discount: 1_000,
                shipping_charged: 490,
                tax_lines: vec![(70_000, 2_103, 147, 2_250), (190_000, 6_081, 1_155, 7_236)],
                total: 9_486,
            },
            // (3) New York City, tax added on top at 8.875 %: 1 × $24.99, 2 × $9.95,
            // 3 × $3.33 → 2,499 + 1,990 + 999 = $54.88. Fixed $5.00 coupon (minimum $20.00
            // met). Shares of 500: 227.68, 181.30, 91.02 → 227 + 181 + 91 = 499, spare cent to
            // the first → 228, 181, 91. Shipping $7.00 (free from $75.00, not reached).
            // One rate: 5,488 − 500 + 700 = 5,688; tax 5,688 × 0.08875 = 504.81 → $5.05.
            // Total 56.88 + 5.05 = $61.93.
            Example {
                name: "USD exclusive, New York, $5 coupon",
                currency: Usd,
                lines: vec![
                    line(usd(2_499), 1, "8.875"),
                    line(usd(995), 2, "8.875"),
                    line(usd(333), 3, "8.875"),
                ],
                shipping: Some(shipping_rate(usd(700), Some(usd(7_500)))),
                shipping_tax_rate: "8.875",
                coupon: Some(coupon(
                    "FIVE",
                    CouponValue::Fixed(usd(500)),
                    Some(usd(2_000)),
                )),
                mode: Excl,
                line_totals: vec![2_499, 1_990, 999],
                goods: 5_488,
                discount: 500,
                shipping_charged: 700,
                tax_lines: vec![(88_750, 5_688, 505, 6_193)],
                total: 6_193,
            },
            // (4) Indonesia, prices include 11 % PPN: 2 × Rp 150,000 + 1 × Rp 89,900 =
            // Rp 389,900. Shipping Rp 20,000, free from Rp 250,000 → free.
            // Tax 38,990,000 sen × 11 / 111 = 3,863,873.87 → 3,863,874 sen (Rp 38,638.74);
            // net 35,126,126 sen. Total Rp 389,900.
            Example {
                name: "IDR inclusive, free shipping above the threshold",
                currency: Idr,
                lines: vec![line(idr(150_000), 2, "11"), line(idr(89_900), 1, "11")],
                shipping: Some(shipping_rate(idr(20_000), Some(idr(250_000)))),
                shipping_tax_rate: "11",
                coupon: None,
                mode: Incl,
                line_totals: vec![30_000_000, 8_990_000],
                goods: 38_990_000,
                discount: 0,
                shipping_charged: 0,
                tax_lines: vec![(110_000, 35_126_126, 3_863_874, 38_990_000)],
                total: 38_990_000,
            },
            // (5) Germany, tax on top: a book €12.00 (7 %) and a pen €5.00 (19 %) = €17.00.
            // A €20.00 coupon is capped at €17.00; shares 1,200 and 500 wipe out both lines.
            // Goods after discount are €0, below the €50.00 threshold, so shipping €3.90 is
            // charged at 19 %: 390 × 0.19 = 74.1 → €0.74.
            // 7 %: 1,200 − 1,200 = 0. 19 %: 500 − 500 + 390 = 390 net, 74 tax, 464 gross.
            // Total 0 + 3.90 + 0.74 = €4.64.
            Example {
                name: "EUR exclusive, coupon larger than the goods",
                currency: Eur,
                lines: vec![line(eur(1_200), 1, "7"), line(eur(500), 1, "19")],
                shipping: Some(shipping_rate(eur(390), Some(eur(5_000)))),
                shipping_tax_rate: "19",
                coupon: Some(coupon("GIFT20", CouponValue::Fixed(eur(2_000)), None)),
                mode: Excl,
                line_totals: vec![1_200, 500],
                goods: 1_700,
                discount: 1_700,
                shipping_charged: 390,
                tax_lines: vec![(70_000, 0, 0, 0), (190_000, 390, 74, 464)],
                total: 464,
            },
        ];

        for example in examples {
            let name = example.name;
            let currency = example.currency;
            let quote = quote(&QuoteInput {
                currency,
                lines: &example.lines,
                shipping: example.shipping.as_ref(),
                shipping_tax_rate: rate(example.shipping_tax_rate),
                coupon: example.coupon.as_ref(),
                mode: example.mode,
            })
            .expect(name);
            let minor = |amounts: &[Money]| amounts.iter().map(|m| m.minor()).collect::<Vec<_>>();
            assert_eq!(minor(&quote.line_totals), example.line_totals, "{name}");
            assert_eq!(quote.goods, money(currency, example.goods), "{name}");
            assert_eq!(quote.discount, money(currency, example.discount), "{name}");
            assert_eq!(
                quote.shipping,
                money(currency, example.shipping_charged),
                "{name}"
            );
            assert_eq!(tax_lines(&quote), example.tax_lines, "{name}");
            assert_eq!(quote.total, money(currency, example.total), "{name}");
            assert_eq!(quote.total, quote.taxes.gross, "{name}");
            assert_eq!(
                quote.taxes.net.minor() + quote.taxes.tax.minor(),
                quote.taxes.gross.minor(),
                "{name}"
            );
        }
    }

    #[test]
    fn rupiah_totals_show_in_whole_rupiah() {
        let lines = [line(money(Idr, 15_000_000), 2, "11")];
        let quote = quote(&QuoteInput {
            currency: Idr,
            lines: &lines,
            shipping: None,
            shipping_tax_rate: rate("11"),
            coupon: None,
            mode: Incl,
        })
        .expect("quote");
        assert_eq!(quote.total.to_string(), "Rp 300,000");
    }

    #[test]
    fn quotes_cross_the_wire_unchanged() {
        let lines = [line(eur(1_999), 2, "19")];
        let quote = quote(&QuoteInput {
            currency: Eur,
            lines: &lines,
            shipping: None,
            shipping_tax_rate: rate("19"),
            coupon: None,
            mode: Incl,
        })
        .expect("quote");
        let json = serde_json::to_string(&quote).expect("serializes");
        let back: Quote = serde_json::from_str(&json).expect("deserializes");
        assert_eq!(back, quote);
    }
}

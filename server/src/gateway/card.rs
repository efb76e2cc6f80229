//! What the hosted form accepts as a card, and what the sandbox does with each test card.
//!
//! The full number and the security code go in and never come out: a valid card leaves this
//! module as an [`Outcome`] that carries only the brand and the last four digits, which is all
//! the gateway stores, logs or tells the shop.

/// The card networks the sandbox recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Brand {
    Visa,
    Mastercard,
    Amex,
}

impl Brand {
    /// The brand from the leading digits (IIN ranges), if it is one the sandbox knows.
    pub fn detect(digits: &str) -> Option<Brand> {
        let prefix = |len: usize| digits.get(..len).and_then(|p| p.parse::<u32>().ok());
        if is_amex(digits) {
            Some(Brand::Amex)
        } else if digits.starts_with('4') {
            Some(Brand::Visa)
        } else if matches!(prefix(2), Some(51..=55)) || matches!(prefix(4), Some(2221..=2720)) {
            Some(Brand::Mastercard)
        } else {
            None
        }
    }

    /// The name in the API and in webhooks.
    pub fn as_str(self) -> &'static str {
        match self {
            Brand::Visa => "visa",
            Brand::Mastercard => "mastercard",
            Brand::Amex => "amex",
        }
    }

    /// The name shown to shoppers.
    pub fn label(self) -> &'static str {
        match self {
            Brand::Visa => "Visa",
            Brand::Mastercard => "Mastercard",
            Brand::Amex => "American Express",
        }
    }
}

/// American Express numbers start with 34 or 37 and have a four-digit security code.
fn is_amex(digits: &str) -> bool {
    digits.starts_with("34") || digits.starts_with("37")
}

/// The part of a card that may be kept, logged and shown: brand and last four digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardSummary {
    pub brand: Brand,
    pub last4: String,
}

/// What a test card does when a shopper pays with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    Succeeds,
    Declined,
    /// Asks for a one-time confirmation first, like a bank's 3-D Secure step.
    NeedsConfirmation,
}

pub struct TestCard {
    pub number: &'static str,
    pub brand: Brand,
    pub behaviour: Behaviour,
}

/// The cards the sandbox answers to; the hosted page lists them.
pub const TEST_CARDS: [TestCard; 4] = [
    TestCard {
        number: "4242424242424242",
        brand: Brand::Visa,
        behaviour: Behaviour::Succeeds,
    },
    TestCard {
        number: "5555555555554444",
        brand: Brand::Mastercard,
        behaviour: Behaviour::Succeeds,
    },
    TestCard {
        number: "4000000000000002",
        brand: Brand::Visa,
        behaviour: Behaviour::Declined,
    },
    TestCard {
        number: "4000000000003220",
        brand: Brand::Visa,
        behaviour: Behaviour::NeedsConfirmation,
    },
];

/// What happens to a valid card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Approved(CardSummary),
    Declined(CardSummary),
    NeedsConfirmation(CardSummary),
    /// A well-formed number that is not one of the test cards.
    NotATestCard,
}

/// The outcome for a card number that is already known to be valid digits.
pub fn outcome(digits: &str) -> Outcome {
    let Some(card) = TEST_CARDS.iter().find(|card| card.number == digits) else {
        return Outcome::NotATestCard;
    };
    let summary = CardSummary {
        brand: card.brand,
        last4: last4(digits).to_string(),
    };
    match card.behaviour {
        Behaviour::Succeeds => Outcome::Approved(summary),
        Behaviour::Declined => Outcome::Declined(summary),
        Behaviour::NeedsConfirmation => Outcome::NeedsConfirmation(summary),
    }
}

fn last4(digits: &str) -> &str {
    &digits[digits.len().saturating_sub(4)..]
}

/// The Luhn (mod 10) checksum every card number carries in its last digit.
pub fn luhn_valid(digits: &str) -> bool {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 {
                    doubled - 9
                } else {
                    doubled
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// The digits of a typed card number: spaces and dashes dropped, then 12 to 19 digits that pass
/// the Luhn check.
pub fn parse_number(input: &str) -> Result<String, &'static str> {
    let digits: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if digits.is_empty() {
        return Err("Enter your card number.");
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err("A card number has digits only.");
    }
    if !(12..=19).contains(&digits.len()) {
        return Err("A card number has 12 to 19 digits.");
    }
    if !luhn_valid(&digits) {
        return Err("This card number is not valid: check it for typos.");
    }
    Ok(digits)
}

/// A month, as in "today" or a card's expiry date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct YearMonth {
    pub year: i32,
    pub month: u32,
}

/// A card's expiry month from "MM/YY", "MM / YY" or "MM/YYYY".
pub fn parse_expiry(input: &str) -> Result<YearMonth, &'static str> {
    const FORMAT: &str = "Enter the expiry date as MM/YY.";
    let input = input.trim();
    if input.is_empty() {
        return Err("Enter the expiry date.");
    }
    let (month, year) = input.split_once('/').ok_or(FORMAT)?;
    let (month, year) = (month.trim(), year.trim());
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(month) || !all_digits(year) || month.len() > 2 {
        return Err(FORMAT);
    }
    let month: u32 = month.parse().map_err(|_| FORMAT)?;
    if !(1..=12).contains(&month) {
        return Err("The expiry month must be between 01 and 12.");
    }
    let year: i32 = match year.len() {
        2 => 2000 + year.parse::<i32>().map_err(|_| FORMAT)?,
        4 => year.parse().map_err(|_| FORMAT)?,
        _ => return Err(FORMAT),
    };
    Ok(YearMonth { year, month })
}

/// A card is good until the end of its expiry month.
pub fn check_expiry(input: &str, today: YearMonth) -> Result<YearMonth, &'static str> {
    let expiry = parse_expiry(input)?;
    if expiry < today {
        return Err("This card has expired.");
    }
    Ok(expiry)
}

/// Three digits, or four for American Express (which prints them on the front).
pub fn check_cvc(input: &str, card_digits: &str) -> Result<(), &'static str> {
    let input = input.trim();
    let (length, message) = if is_amex(card_digits) {
        (
            4,
            "Enter the 4-digit security code from the front of the card.",
        )
    } else {
        (
            3,
            "Enter the 3-digit security code from the back of the card.",
        )
    };
    if input.len() == length && input.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(message)
    }
}

pub const NAME_MAX_CHARS: usize = 100;

pub fn check_name(input: &str) -> Result<(), &'static str> {
    let name = input.trim();
    if name.is_empty() {
        Err("Enter the name on the card.")
    } else if name.chars().count() > NAME_MAX_CHARS {
        Err("The name on the card can be at most 100 characters.")
    } else {
        Ok(())
    }
}

/// The fields of the hosted form as typed. Deliberately not `Debug`: it holds the number.
pub struct CardInput<'a> {
    pub number: &'a str,
    pub expiry: &'a str,
    pub cvc: &'a str,
    pub name: &'a str,
}

/// One message per field that is wrong.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors {
    pub card_number: Option<&'static str>,
    pub expiry: Option<&'static str>,
    pub cvc: Option<&'static str>,
    pub name: Option<&'static str>,
}

impl FieldErrors {
    pub fn is_empty(&self) -> bool {
        *self == FieldErrors::default()
    }
}

/// Checks every field and, when all are right, says what happens to the card.
pub fn validate(input: &CardInput<'_>, today: YearMonth) -> Result<Outcome, FieldErrors> {
    let number = parse_number(input.number);
    // The security code's length follows the brand, even when the number has a typo.
    let digits_so_far: String = input.number.chars().filter(char::is_ascii_digit).collect();
    let errors = FieldErrors {
        card_number: number.as_ref().err().copied(),
        expiry: check_expiry(input.expiry, today).err(),
        cvc: check_cvc(input.cvc, &digits_so_far).err(),
        name: check_name(input.name).err(),
    };
    match number {
        Ok(digits) if errors.is_empty() => Ok(outcome(&digits)),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: YearMonth = YearMonth {
        year: 2026,
        month: 5,
    };

    fn input<'a>(number: &'a str, expiry: &'a str, cvc: &'a str) -> CardInput<'a> {
        CardInput {
            number,
            expiry,
            cvc,
            name: "Ada Lovelace",
        }
    }

    #[test]
    fn luhn_accepts_real_numbers_and_refuses_typos() {
        for number in [
            "4242424242424242",
            "5555555555554444",
            "4000000000000002",
            "4000000000003220",
            "378282246310005",
            "4111111111111111",
            "79927398713",
        ] {
            assert!(luhn_valid(number), "{number}");
        }
        for number in [
            "4242424242424241",
            "4242424242424224",
            "79927398710",
            "",
            "4242x42424242424",
        ] {
            assert!(!luhn_valid(number), "{number}");
        }
    }

    #[test]
    fn numbers_lose_spaces_and_dashes_and_need_12_to_19_digits() {
        assert_eq!(
            parse_number(" 4242 4242-4242 4242 "),
            Ok("4242424242424242".to_string())
        );
        assert_eq!(parse_number(""), Err("Enter your card number."));
        assert_eq!(
            parse_number("4242 4242 4242 424a"),
            Err("A card number has digits only.")
        );
        assert_eq!(
            parse_number("42424242426"),
            Err("A card number has 12 to 19 digits.")
        );
        assert_eq!(
            parse_number("4242424242424241"),
            Err("This card number is not valid: check it for typos.")
        );
    }

    #[test]
    fn detects_brands_from_leading_digits() {
        assert_eq!(Brand::detect("4242424242424242"), Some(Brand::Visa));
        assert_eq!(Brand::detect("5555555555554444"), Some(Brand::Mastercard));
        assert_eq!(Brand::detect("2223003122003222"), Some(Brand::Mastercard));
        assert_eq!(Brand::detect("2720990000000000"), Some(Brand::Mastercard));
        assert_eq!(Brand::detect("2721000000000000"), None);
        assert_eq!(Brand::detect("378282246310005"), Some(Brand::Amex));
        assert_eq!(Brand::detect("341111111111111"), Some(Brand::Amex));
        assert_eq!(Brand::detect("6011111111111117"), None);
        assert_eq!(Brand::detect(""), None);
        for card in &TEST_CARDS {
            assert_eq!(
                Brand::detect(card.number),
                Some(card.brand),
                "{}",
                card.number
            );
        }
    }

    #[test]
    fn parses_expiry_dates_people_type() {
        let may_2027 = Ok(YearMonth {
            year: 2027,
            month: 5,
        });
        assert_eq!(parse_expiry("05/27"), may_2027);
        assert_eq!(parse_expiry("05 / 27"), may_2027);
        assert_eq!(parse_expiry(" 05/2027 "), may_2027);
        assert_eq!(parse_expiry("5/27"), may_2027);
        for bad in [
            "0527", "05-27", "05/7", "05/027", "ab/cd", "05/", "/27", "123/27",
        ] {
            assert_eq!(
                parse_expiry(bad),
                Err("Enter the expiry date as MM/YY."),
                "{bad}"
            );
        }
        assert_eq!(parse_expiry(""), Err("Enter the expiry date."));
        for month in ["00/27", "13/27"] {
            assert_eq!(
                parse_expiry(month),
                Err("The expiry month must be between 01 and 12."),
                "{month}"
            );
        }
    }

    #[test]
    fn a_card_is_good_until_the_end_of_its_month() {
        assert!(check_expiry("05/26", TODAY).is_ok(), "this month");
        assert!(check_expiry("06/26", TODAY).is_ok(), "next month");
        assert!(check_expiry("01/2030", TODAY).is_ok(), "years ahead");
        assert_eq!(check_expiry("04/26", TODAY), Err("This card has expired."));
        assert_eq!(check_expiry("12/25", TODAY), Err("This card has expired."));
        assert_eq!(
            check_expiry(
                "05/26",
                YearMonth {
                    year: 2026,
                    month: 6
                }
            ),
            Err("This card has expired.")
        );
    }

    #[test]
    fn security_code_length_follows_the_brand() {
        assert!(check_cvc("123", "4242424242424242").is_ok());
        assert!(check_cvc("1234", "4242424242424242").is_err());
        assert!(check_cvc("12", "5555555555554444").is_err());
        assert!(check_cvc("12a", "5555555555554444").is_err());
        assert!(check_cvc("", "5555555555554444").is_err());
        assert!(check_cvc("1234", "378282246310005").is_ok());
        assert!(check_cvc("123", "378282246310005").is_err());
        assert!(check_cvc("1234", "341111111111111").is_ok());
    }

    #[test]
    fn names_are_required_and_bounded() {
        assert!(check_name("Ada Lovelace").is_ok());
        assert!(check_name("   ").is_err());
        assert!(check_name(&"é".repeat(100)).is_ok());
        assert!(check_name(&"é".repeat(101)).is_err());
    }

    #[test]
    fn test_cards_map_to_their_outcomes() {
        let summary = |brand, last4: &str| CardSummary {
            brand,
            last4: last4.to_string(),
        };
        assert_eq!(
            outcome("4242424242424242"),
            Outcome::Approved(summary(Brand::Visa, "4242"))
        );
        assert_eq!(
            outcome("5555555555554444"),
            Outcome::Approved(summary(Brand::Mastercard, "4444"))
        );
        assert_eq!(
            outcome("4000000000000002"),
            Outcome::Declined(summary(Brand::Visa, "0002"))
        );
        assert_eq!(
            outcome("4000000000003220"),
            Outcome::NeedsConfirmation(summary(Brand::Visa, "3220"))
        );
        assert_eq!(outcome("4111111111111111"), Outcome::NotATestCard);
        assert_eq!(outcome("378282246310005"), Outcome::NotATestCard);
    }

    #[test]
    fn validates_the_whole_form() {
        assert_eq!(
            validate(&input("4242 4242 4242 4242", "12/30", "123"), TODAY),
            Ok(Outcome::Approved(CardSummary {
                brand: Brand::Visa,
                last4: "4242".to_string()
            }))
        );
        assert_eq!(
            validate(&input("378282246310005", "12/30", "1234"), TODAY),
            Ok(Outcome::NotATestCard)
        );
        let errors = validate(
            &CardInput {
                number: "4242424242424241",
                expiry: "01/20",
                cvc: "12",
                name: "",
            },
            TODAY,
        )
        .expect_err("every field is wrong");
        assert_eq!(
            errors,
            FieldErrors {
                card_number: Some("This card number is not valid: check it for typos."),
                expiry: Some("This card has expired."),
                cvc: Some("Enter the 3-digit security code from the back of the card."),
                name: Some("Enter the name on the card."),
            }
        );
        let only_cvc = validate(&input("3782 822463 10005", "12/30", "123"), TODAY)
            .expect_err("Amex needs four digits");
        assert_eq!(
            only_cvc,
            FieldErrors {
                cvc: Some("Enter the 4-digit security code from the front of the card."),
                ..FieldErrors::default()
            }
        );
    }
}

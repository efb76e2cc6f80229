//! E-mail addresses: the name of a customer's or staff member's account.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("Please enter your e-mail address.")]
    Empty,
    #[error("An e-mail address can be at most {max} characters long.", max = EmailAddress::MAX_LEN)]
    TooLong,
    #[error("“{0}” doesn't look like an e-mail address (it should be like name@example.com).")]
    Malformed(String),
}

/// An e-mail address, trimmed and lower-cased so that one person has one account whatever
/// capitals they type. Only the shape is checked here; that the person owns it is proven by the
/// verification mail.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

impl EmailAddress {
    /// RFC 5321's limit for a path, which is what a mail server will accept.
    pub const MAX_LEN: usize = 254;

    pub fn parse(text: &str) -> Result<EmailAddress, EmailError> {
        let typed = text.trim();
        if typed.is_empty() {
            return Err(EmailError::Empty);
        }
        // The rules apply to the address as stored: lower-casing can lengthen it or bring in
        // characters the rules refuse ("İ" becomes "i" and a combining dot), and a stored
        // address is read back through this same function.
        let text = typed.to_lowercase();
        if text.len() > Self::MAX_LEN {
            return Err(EmailError::TooLong);
        }
        let malformed = || EmailError::Malformed(typed.to_string());
        let (local, domain) = text.rsplit_once('@').ok_or_else(malformed)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.contains('@')
            && local.chars().all(|c| {
                !c.is_whitespace() && !c.is_control() && !matches!(c, '<' | '>' | '"' | ',' | ';')
            });
        if !domain_ok || !local_ok {
            return Err(malformed());
        }
        Ok(EmailAddress(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for EmailAddress {
    type Error = EmailError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        EmailAddress::parse(&value)
    }
}

impl From<EmailAddress> for String {
    fn from(value: EmailAddress) -> Self {
        value.0
    }
}

#[cfg(test)]
mod properties;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_and_spaces() {
        let email = EmailAddress::parse("  Ada.Lovelace@Example.COM ").expect("valid");
        assert_eq!(email.as_str(), "ada.lovelace@example.com");
    }

    #[test]
    fn refuses_what_no_mail_server_would_take() {
        for text in [
            "plainaddress",
            "@example.com",
            "ada@",
            "ada@example",
            "ada@.example.com",
            "ada@example..com",
            "ada lovelace@example.com",
            "ada@exa mple.com",
            "<ada>@example.com",
        ] {
            assert!(
                matches!(EmailAddress::parse(text), Err(EmailError::Malformed(_))),
                "{text} should be refused"
            );
        }
        assert_eq!(EmailAddress::parse("   "), Err(EmailError::Empty));
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(EmailAddress::parse(&long), Err(EmailError::TooLong));
    }

    /// Found by the properties: "a@İ.com" was accepted and stored as "a@i̇.com" (with a
    /// combining dot), which this function then refused, so mail to it failed for good.
    #[test]
    fn what_is_accepted_is_accepted_again_as_stored() {
        for text in ["a@İ.com", "İ@example.com", "ĞÜŞ@örnek.com.tr"] {
            if let Ok(email) = EmailAddress::parse(text) {
                assert_eq!(
                    EmailAddress::parse(email.as_str()),
                    Ok(email.clone()),
                    "{text}"
                );
            }
        }
        // The combining dot is not a letter of a domain name.
        assert_eq!(
            EmailAddress::parse("a@İ.com"),
            Err(EmailError::Malformed("a@İ.com".into()))
        );
    }

    #[test]
    fn accepts_plus_addressing_and_subdomains() {
        assert!(EmailAddress::parse("ada+shop@mail.example.co.uk").is_ok());
    }
}

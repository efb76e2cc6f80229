//! The rule a new password must meet. Hashing lives on the server (`backend::auth::password`).

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("Your password needs at least {min} characters.", min = NewPassword::MIN_CHARS)]
    TooShort,
    #[error("Your password can be at most {max} characters long.", max = NewPassword::MAX_CHARS)]
    TooLong,
    #[error("Your password must not be your e-mail address.")]
    SameAsEmail,
    #[error("Your password must not be a single repeated character.")]
    Repetitive,
}

/// A password someone chose, checked against the policy. Length matters more than character
/// classes (NIST SP 800-63B), and an upper bound keeps hashing affordable.
#[derive(Clone)]
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(text: &str, email: &str) -> Result<NewPassword, PasswordError> {
        let chars = text.chars().count();
        if chars < Self::MIN_CHARS {
            return Err(PasswordError::TooShort);
        }
        if chars > Self::MAX_CHARS {
            return Err(PasswordError::TooLong);
        }
        if text.trim().eq_ignore_ascii_case(email.trim()) {
            return Err(PasswordError::SameAsEmail);
        }
        let mut distinct = text.chars();
        let first = distinct.next();
        if distinct.all(|c| Some(c) == first) {
            return Err(PasswordError::Repetitive);
        }
        Ok(NewPassword(text.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Never printed: a password must not end up in a log line or a panic message.
impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

#[cfg(test)]
mod properties;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_the_policy() {
        let email = "ada@example.com";
        assert_eq!(
            NewPassword::parse("short", email).err(),
            Some(PasswordError::TooShort)
        );
        assert_eq!(
            NewPassword::parse(&"ab".repeat(65), email).err(),
            Some(PasswordError::TooLong)
        );
        assert_eq!(
            NewPassword::parse("ADA@example.com", email).err(),
            Some(PasswordError::SameAsEmail)
        );
        assert_eq!(
            NewPassword::parse("aaaaaaaaaaaa", email).err(),
            Some(PasswordError::Repetitive)
        );
        assert!(NewPassword::parse("correct horse battery", email).is_ok());
    }

    #[test]
    fn counts_characters_not_bytes() {
        // Ten characters, twenty bytes.
        assert!(NewPassword::parse("zażółćgęśl", "x@example.com").is_ok());
    }

    #[test]
    fn never_shows_itself_in_debug_output() {
        let password = NewPassword::parse("correct horse battery", "").expect("valid");
        assert!(!format!("{password:?}").contains("horse"));
    }
}

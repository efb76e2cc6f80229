//! The words of the account e-mails, in the account's language (the back office's invitation
//! is English, as the back office is).

use crate::backend::mail::Mail;
use crate::domain::EmailAddress;
use crate::i18n::{td_string, Locale};
use crate::SHOP_NAME;

/// "Hello Ada,\n\n" and the body, as every account mail starts.
fn greeting(language: Locale, name: &str, body: String) -> String {
    let hello = td_string!(language, mails.hello_name, name);
    format!("{hello}\n\n{body}\n")
}

pub fn verify_address(to: EmailAddress, name: &str, link: &str, language: Locale) -> Mail {
    Mail {
        to,
        subject: td_string!(language, mails.verify_subject, shop = SHOP_NAME),
        text: greeting(
            language,
            name,
            td_string!(language, mails.verify_body, link, shop = SHOP_NAME),
        ),
    }
}

/// Sent when someone signs up with an address that already has an account: the page says the
/// same thing either way, so only the owner of the mailbox learns that the account exists.
pub fn already_registered(to: EmailAddress, sign_in: &str, reset: &str, language: Locale) -> Mail {
    Mail {
        to,
        subject: td_string!(language, mails.already_subject, shop = SHOP_NAME),
        text: format!(
            "{}\n\n{}\n",
            td_string!(language, mails.hello),
            td_string!(
                language,
                mails.already_body,
                shop = SHOP_NAME,
                sign_in,
                reset
            )
        ),
    }
}

/// A new member of staff's first mail: who invited them, as what, and where to choose a password.
pub fn staff_invitation(
    to: EmailAddress,
    name: &str,
    inviter: &str,
    role: &str,
    link: &str,
) -> Mail {
    Mail {
        to,
        subject: format!("{inviter} invited you to the {SHOP_NAME} back office"),
        text: format!(
            "Hello {name},\n\n\
             {inviter} has made you an account in the {SHOP_NAME} back office, as {role}.\n\n\
             Choose your password here:\n\n{link}\n\n\
             The link works once and expires in one hour. After that, use \"Forgot your \
             password?\" on the sign-in page with this address.\n"
        ),
    }
}

pub fn reset_password(to: EmailAddress, name: &str, link: &str, language: Locale) -> Mail {
    Mail {
        to,
        subject: td_string!(language, mails.reset_subject, shop = SHOP_NAME),
        text: greeting(language, name, td_string!(language, mails.reset_body, link)),
    }
}

/// Sent once when an account collects many wrong passwords within an hour: guessing is slowed
/// for each address that guesses, so the owner is not locked out, but ought to know.
pub fn failed_sign_ins(
    to: EmailAddress,
    name: &str,
    failures: i64,
    reset: &str,
    language: Locale,
) -> Mail {
    Mail {
        to,
        subject: td_string!(language, mails.failed_subject, shop = SHOP_NAME),
        text: greeting(
            language,
            name,
            td_string!(
                language,
                mails.failed_body,
                shop = SHOP_NAME,
                failures,
                reset
            ),
        ),
    }
}

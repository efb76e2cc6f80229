//! The words of the account e-mails.

use crate::backend::mail::Mail;
use crate::domain::EmailAddress;
use crate::SHOP_NAME;

pub fn verify_address(to: EmailAddress, name: &str, link: &str) -> Mail {
    Mail {
        to,
        subject: format!("Confirm your e-mail address for {SHOP_NAME}"),
        text: format!(
            "Hello {name},\n\n\
             please confirm your e-mail address by opening this link:\n\n{link}\n\n\
             The link works once and expires in 24 hours. If you did not create an account \
             at {SHOP_NAME}, ignore this message.\n"
        ),
    }
}

/// Sent when someone signs up with an address that already has an account: the page says the
/// same thing either way, so only the owner of the mailbox learns that the account exists.
pub fn already_registered(to: EmailAddress, sign_in: &str, reset: &str) -> Mail {
    Mail {
        to,
        subject: format!("You already have an account at {SHOP_NAME}"),
        text: format!(
            "Hello,\n\n\
             someone (hopefully you) tried to create an account at {SHOP_NAME} with this \
             address, which already has one.\n\n\
             Sign in: {sign_in}\nForgot your password? {reset}\n\n\
             If this wasn't you, no action is needed.\n"
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

pub fn reset_password(to: EmailAddress, name: &str, link: &str) -> Mail {
    Mail {
        to,
        subject: format!("Reset your {SHOP_NAME} password"),
        text: format!(
            "Hello {name},\n\n\
             to choose a new password, open this link:\n\n{link}\n\n\
             The link works once and expires in one hour. If you did not ask for this, \
             ignore this message: your password stays as it is.\n"
        ),
    }
}

/// Sent once when an account collects many wrong passwords within an hour: guessing is slowed
/// for each address that guesses, so the owner is not locked out, but ought to know.
pub fn failed_sign_ins(to: EmailAddress, name: &str, failures: i64, reset: &str) -> Mail {
    Mail {
        to,
        subject: format!("Failed sign-ins to your {SHOP_NAME} account"),
        text: format!(
            "Hello {name},\n\n\
             someone has tried to sign in to your {SHOP_NAME} account with a wrong password \
             {failures} times within the last hour. Each address that keeps guessing is made to \
             wait longer and longer; you can still sign in as usual.\n\n\
             If this was you, no action is needed. If it wasn't, choose a new password that you \
             use nowhere else:\n\n{reset}\n"
        ),
    }
}

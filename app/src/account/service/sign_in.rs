//! Signing in with an e-mail address and a password.

use super::links::{issue_link, LinkPurpose};
use super::{email, find_by_email, limit};
use crate::account::mails;
use crate::backend::auth::{password, rate_limiter, secret, sessions, Actor};
use crate::backend::AppState;
use crate::domain::{FailureBackoff, RateLimit, Verdict};
use crate::error::AppError;
use crate::language::domain::language_of_code;

/// Checks an e-mail and password; the message for a wrong password and an unknown account is
/// the same.
///
/// Guessing is slowed, never turned into a lock-out of the owner: every attempt from one
/// address counts against that address; wrong passwords for one account from one address make
/// that address wait longer and longer (`FailureBackoff::SIGN_IN`), while the right password
/// from any other address still works; and when an account collects many wrong passwords from
/// anywhere, its owner gets a mail.
#[tracing::instrument(skip_all)]
pub async fn sign_in(
    state: &AppState,
    ip: &str,
    email_text: &str,
    password_text: &str,
) -> Result<Actor, AppError> {
    let email = email(email_text)?;
    let account_key = secret::digest(email.as_str());
    let pair_key = FailureBackoff::SIGN_IN.key(&account_key, &secret::digest(ip));
    limit(state, RateLimit::SIGN_IN_PER_IP, ip).await?;
    if let Verdict::Locked { retry_after_secs } =
        rate_limiter::backoff_verdict(&state.db, FailureBackoff::SIGN_IN, &pair_key).await?
    {
        tracing::warn!("sign-in attempts slowed for one account from one address");
        return Err(AppError::too_many_attempts(retry_after_secs));
    }
    let account = find_by_email(&state.db, &email).await?;
    let stored = account.as_ref().map(|a| a.password_hash.clone());
    if !password::verify(password_text.to_string(), stored).await? {
        rate_limiter::record_failure(&state.db, FailureBackoff::SIGN_IN, &pair_key).await?;
        if let Some(account) = &account {
            let alert = RateLimit::SIGN_IN_FAILURES_ALERT;
            if rate_limiter::count_towards_alert(&state.db, alert, &account_key).await? {
                let language = language_of_code(&account.language);
                state.mailer.send_later(mails::failed_sign_ins(
                    email.clone(),
                    &account.name,
                    alert.max_attempts,
                    &state.site.absolute_in(language, "/account/forgot"),
                    language,
                ));
            }
        }
        return Err(AppError::validation(
            "password",
            "The e-mail address or the password is wrong.",
        ));
    }
    let Some(account) = account else {
        return Err(AppError::Internal);
    };
    rate_limiter::clear_key(&state.db, &pair_key).await?;
    if account.email_verified_at.is_none() {
        let language = language_of_code(&account.language);
        let purpose = LinkPurpose::VerifyEmail;
        let link = issue_link(&state.db, state, account.id, purpose, language).await?;
        state
            .mailer
            .send_later(mails::verify_address(email, &account.name, &link, language));
        return Err(AppError::validation(
            "email",
            "Please confirm your e-mail address first: we have sent you a new link.",
        ));
    }
    sessions::actor_for(&state.db, account).await
}

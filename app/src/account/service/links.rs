//! E-mailed single-use links, and what opening them does: confirm the address, or set a new
//! password.

use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::{email, find_by_email, limit, new_password};
use crate::account::mails;
use crate::backend::auth::{password, rate_limiter, secret, sessions, unix_now};
use crate::backend::entities::{account_token, user};
use crate::backend::AppState;
use crate::domain::{FailureBackoff, RateLimit};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::language::domain::language_of_code;

/// What an e-mailed link is for, and how long it lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    VerifyEmail,
    ResetPassword,
}

impl LinkPurpose {
    fn code(self) -> &'static str {
        match self {
            LinkPurpose::VerifyEmail => "verify",
            LinkPurpose::ResetPassword => "reset",
        }
    }

    pub fn lifetime_secs(self) -> i64 {
        match self {
            LinkPurpose::VerifyEmail => 24 * 3600,
            LinkPurpose::ResetPassword => 3600,
        }
    }

    fn path(self) -> &'static str {
        match self {
            LinkPurpose::VerifyEmail => "/account/verify",
            LinkPurpose::ResetPassword => "/account/reset",
        }
    }
}

const EXPIRED_LINK: &str =
    "This link has expired or has already been used. Please ask for a new one.";

/// Creates a single-use link for `user_id` and returns its absolute URL.
pub(super) async fn issue_link<C: ConnectionTrait>(
    db: &C,
    state: &AppState,
    user_id: i32,
    purpose: LinkPurpose,
    language: Locale,
) -> Result<String, AppError> {
    let token = secret::new_secret().map_err(AppError::internal)?;
    let now = unix_now();
    account_token::ActiveModel {
        token_hash: Set(secret::digest(&token)),
        user_id: Set(user_id),
        purpose: Set(purpose.code().to_string()),
        created_at: Set(now),
        expires_at: Set(now + purpose.lifetime_secs()),
        used_at: Set(None),
    }
    .insert(db)
    .await?;
    let path = format!("{}?token={token}", purpose.path());
    Ok(state.site.absolute_in(language, &path))
}

/// The account a link belongs to, if the link is unused and unexpired (without using it).
async fn link_owner<C: ConnectionTrait>(
    db: &C,
    token: &str,
    purpose: LinkPurpose,
) -> Result<user::Model, AppError> {
    let found = account_token::Entity::find_by_id(secret::digest(token))
        .filter(account_token::Column::Purpose.eq(purpose.code()))
        .filter(account_token::Column::UsedAt.is_null())
        .filter(account_token::Column::ExpiresAt.gt(unix_now()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::validation("token", EXPIRED_LINK))?;
    user::Entity::find_by_id(found.user_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::validation("token", EXPIRED_LINK))
}

/// Marks a link used. Exactly one of two simultaneous uses wins: the update only matches an
/// unused row.
async fn use_link<C: ConnectionTrait>(
    db: &C,
    token: &str,
    purpose: LinkPurpose,
) -> Result<(), AppError> {
    let now = unix_now();
    let used = account_token::Entity::update_many()
        .col_expr(account_token::Column::UsedAt, Expr::value(now))
        .filter(account_token::Column::TokenHash.eq(secret::digest(token)))
        .filter(account_token::Column::Purpose.eq(purpose.code()))
        .filter(account_token::Column::UsedAt.is_null())
        .filter(account_token::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    if used.rows_affected == 1 {
        Ok(())
    } else {
        Err(AppError::validation("token", EXPIRED_LINK))
    }
}

pub async fn verify_email(state: &AppState, token: &str) -> Result<(), AppError> {
    let txn = crate::backend::db::begin_write(&state.db).await?;
    let account = link_owner(&txn, token, LinkPurpose::VerifyEmail).await?;
    use_link(&txn, token, LinkPurpose::VerifyEmail).await?;
    if account.email_verified_at.is_none() {
        user::ActiveModel {
            id: Set(account.id),
            email_verified_at: Set(Some(chrono::Utc::now())),
            ..Default::default()
        }
        .update(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Mails a reset link if the account exists; answers the same either way.
#[tracing::instrument(skip_all)]
pub async fn request_password_reset(
    state: &AppState,
    ip: &str,
    email_text: &str,
) -> Result<(), AppError> {
    let email = email(email_text)?;
    limit(state, RateLimit::RESET_PER_IP, ip).await?;
    limit(
        state,
        RateLimit::RESET_PER_ACCOUNT,
        &secret::digest(email.as_str()),
    )
    .await?;
    if let Some(account) = find_by_email(&state.db, &email).await? {
        let language = language_of_code(&account.language);
        let purpose = LinkPurpose::ResetPassword;
        let link = issue_link(&state.db, state, account.id, purpose, language).await?;
        state
            .mailer
            .send_later(mails::reset_password(email, &account.name, &link, language));
    }
    Ok(())
}

/// Sets a new password through a reset link. The link is only used up when the new password
/// is acceptable; every session of the account ends (whoever knew the old password is out).
#[tracing::instrument(skip_all)]
pub async fn reset_password(
    state: &AppState,
    token: &str,
    password_text: &str,
) -> Result<(), AppError> {
    let account = link_owner(&state.db, token, LinkPurpose::ResetPassword).await?;
    let email = email(&account.email)?;
    let password = new_password(password_text, &email)?;
    let hash = password::hash(password.expose().to_string()).await?;
    let txn = crate::backend::db::begin_write(&state.db).await?;
    use_link(&txn, token, LinkPurpose::ResetPassword).await?;
    user::ActiveModel {
        id: Set(account.id),
        password_hash: Set(hash),
        // Opening the mailed link proves the address too.
        email_verified_at: Set(Some(
            account.email_verified_at.unwrap_or_else(chrono::Utc::now),
        )),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    sessions::end_all_for_user(&txn, account.id).await?;
    // Other reset links mailed earlier must not reopen the account.
    account_token::Entity::update_many()
        .col_expr(account_token::Column::UsedAt, Expr::value(unix_now()))
        .filter(account_token::Column::UserId.eq(account.id))
        .filter(account_token::Column::Purpose.eq(LinkPurpose::ResetPassword.code()))
        .filter(account_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    txn.commit().await?;
    // Whoever proved they own the mailbox may try their new password at once, from anywhere.
    rate_limiter::clear_prefix(
        &state.db,
        &FailureBackoff::SIGN_IN.account_prefix(&secret::digest(&account.email)),
    )
    .await?;
    Ok(())
}

//! Accounts: signing up and in, e-mailed links, profile and saved addresses. Each operation
//! checks its input through the domain types first and writes in one transaction.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::mails;
use super::model::{AccountOverview, AccountSummary, SavedAddress};
use crate::backend::auth::{password, rate_limiter, secret, sessions, unix_now, Actor};
use crate::backend::entities::{account_token, address, staff_role, user};
use crate::backend::AppState;
use crate::domain::{
    AddressInput, EmailAddress, FailureBackoff, NewPassword, PostalAddress, RateLimit, Role,
    Verdict,
};
use crate::error::AppError;

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

fn email(text: &str) -> Result<EmailAddress, AppError> {
    Ok(EmailAddress::parse(text)?)
}

fn new_password(text: &str, email: &EmailAddress) -> Result<NewPassword, AppError> {
    Ok(NewPassword::parse(text, email.as_str())?)
}

fn display_name(text: &str) -> Result<String, AppError> {
    let name = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(AppError::validation("name", "Please tell us your name."));
    }
    if name.chars().count() > 120 {
        return Err(AppError::validation(
            "name",
            "Your name can be at most 120 characters.",
        ));
    }
    Ok(name)
}

async fn limit(state: &AppState, limit: RateLimit, subject: &str) -> Result<(), AppError> {
    rate_limiter::enforce(&state.db, limit, subject).await
}

async fn find_by_email<C: ConnectionTrait>(
    db: &C,
    email: &EmailAddress,
) -> Result<Option<user::Model>, AppError> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(db)
        .await?)
}

/// Creates a single-use link for `user_id` and returns its absolute URL.
async fn issue_link<C: ConnectionTrait>(
    db: &C,
    state: &AppState,
    user_id: i32,
    purpose: LinkPurpose,
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
    Ok(state
        .site
        .absolute(&format!("{}?token={token}", purpose.path())))
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

/// Creates an account of any kind (the command line makes staff and administrators this way).
/// Fails with a conflict when the address is taken.
pub async fn create_account(
    db: &sea_orm::DatabaseConnection,
    email_text: &str,
    name: &str,
    password_text: &str,
    role: &Role,
    verified: bool,
) -> Result<user::Model, AppError> {
    let email = email(email_text)?;
    let password = new_password(password_text, &email)?;
    let name = display_name(name)?;
    let staff_role_id = match role {
        Role::Staff { role_name, .. } => Some(
            staff_role::Entity::find()
                .filter(staff_role::Column::Name.eq(role_name.as_str()))
                .one(db)
                .await?
                .ok_or_else(|| {
                    AppError::validation(
                        "role",
                        format!("There is no staff role called “{role_name}”."),
                    )
                })?
                .id,
        ),
        _ => None,
    };
    let hash = password::hash(password.expose().to_string()).await?;
    let now = chrono::Utc::now();
    let inserted = user::ActiveModel {
        email: Set(email.to_string()),
        password_hash: Set(hash),
        name: Set(name),
        kind: Set(role.kind().to_string()),
        staff_role_id: Set(staff_role_id),
        email_verified_at: Set(verified.then_some(now)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await;
    match inserted {
        Ok(account) => Ok(account),
        Err(err)
            if matches!(
                err.sql_err(),
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
            ) =>
        {
            Err(AppError::Conflict(format!(
                "An account for {email} already exists."
            )))
        }
        Err(err) => Err(err.into()),
    }
}

/// Makes a staff account and mails its owner a link to choose their password: nobody, the
/// inviter included, ever knows a password for it before that. Choosing it confirms the address.
pub async fn invite_staff(
    state: &AppState,
    inviter: &Actor,
    email_text: &str,
    name: &str,
    role: &Role,
) -> Result<user::Model, AppError> {
    let mut unguessable = [0u8; 32];
    getrandom::fill(&mut unguessable).map_err(AppError::internal)?;
    let account = create_account(
        &state.db,
        email_text,
        name,
        &hex::encode(unguessable),
        role,
        false,
    )
    .await?;
    let link = issue_link(&state.db, state, account.id, LinkPurpose::ResetPassword).await?;
    state.mailer.send_later(mails::staff_invitation(
        email(&account.email)?,
        &account.name,
        &inviter.name,
        &role.label(),
        &link,
    ));
    Ok(account)
}

/// Signs a customer up and mails a confirmation link. If the address already has an account,
/// its owner gets a mail saying so instead; the answer is the same, so the form cannot be used
/// to find out who shops here.
#[tracing::instrument(skip_all)]
pub async fn sign_up(
    state: &AppState,
    ip: &str,
    name: &str,
    email_text: &str,
    password_text: &str,
) -> Result<EmailAddress, AppError> {
    let email = email(email_text)?;
    new_password(password_text, &email)?;
    display_name(name)?;
    limit(state, RateLimit::SIGN_UP_PER_IP, ip).await?;
    match create_account(
        &state.db,
        email.as_str(),
        name,
        password_text,
        &Role::Customer,
        false,
    )
    .await
    {
        Ok(account) => {
            let link = issue_link(&state.db, state, account.id, LinkPurpose::VerifyEmail).await?;
            state
                .mailer
                .send_later(mails::verify_address(email.clone(), &account.name, &link));
        }
        Err(AppError::Conflict(_)) => {
            let mail = mails::already_registered(
                email.clone(),
                &state.site.absolute("/account/sign-in"),
                &state.site.absolute("/account/forgot"),
            );
            state.mailer.send_later(mail);
        }
        Err(err) => return Err(err),
    }
    Ok(email)
}

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
                state.mailer.send_later(mails::failed_sign_ins(
                    email.clone(),
                    &account.name,
                    alert.max_attempts,
                    &state.site.absolute("/account/forgot"),
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
        let link = issue_link(&state.db, state, account.id, LinkPurpose::VerifyEmail).await?;
        state
            .mailer
            .send_later(mails::verify_address(email, &account.name, &link));
        return Err(AppError::validation(
            "email",
            "Please confirm your e-mail address first: we have sent you a new link.",
        ));
    }
    sessions::actor_for(&state.db, account).await
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
        let link = issue_link(&state.db, state, account.id, LinkPurpose::ResetPassword).await?;
        state
            .mailer
            .send_later(mails::reset_password(email, &account.name, &link));
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

pub fn summary(actor: &Actor) -> AccountSummary {
    AccountSummary {
        name: actor.name.clone(),
        email: actor.email.clone(),
        role: actor.role.label(),
        is_staff: actor.role.is_staff(),
    }
}

pub async fn overview(state: &AppState, actor: &Actor) -> Result<AccountOverview, AppError> {
    let addresses = address::Entity::find()
        .filter(address::Column::UserId.eq(actor.user_id))
        .order_by_desc(address::Column::IsDefault)
        .order_by_asc(address::Column::Id)
        .all(&state.db)
        .await?
        .into_iter()
        .map(|row| SavedAddress {
            id: row.id,
            is_default: row.is_default,
            address: AddressInput {
                full_name: row.full_name,
                line1: row.line1,
                line2: row.line2,
                postal_code: row.postal_code,
                city: row.city,
                region: row.region,
                country: row.country,
                phone: row.phone,
            },
        })
        .collect();
    Ok(AccountOverview {
        summary: summary(actor),
        addresses,
    })
}

pub async fn update_name(state: &AppState, actor: &Actor, name: &str) -> Result<(), AppError> {
    user::ActiveModel {
        id: Set(actor.user_id),
        name: Set(display_name(name)?),
        ..Default::default()
    }
    .update(&state.db)
    .await?;
    Ok(())
}

/// Saves a new address; the first one (or one marked so) becomes the default.
pub async fn add_address(
    state: &AppState,
    actor: &Actor,
    input: AddressInput,
    make_default: bool,
) -> Result<(), AppError> {
    let parts = PostalAddress::parse(input)
        .map_err(|e| AppError::validation(e.field, e.message))?
        .into_parts();
    let txn = crate::backend::db::begin_write(&state.db).await?;
    let existing = address::Entity::find()
        .filter(address::Column::UserId.eq(actor.user_id))
        .all(&txn)
        .await?;
    if existing.len() >= 20 {
        return Err(AppError::validation(
            "address",
            "You can keep at most 20 addresses.",
        ));
    }
    let is_default = make_default || existing.is_empty();
    if is_default {
        address::Entity::update_many()
            .col_expr(address::Column::IsDefault, Expr::value(false))
            .filter(address::Column::UserId.eq(actor.user_id))
            .exec(&txn)
            .await?;
    }
    address::ActiveModel {
        user_id: Set(actor.user_id),
        full_name: Set(parts.full_name),
        line1: Set(parts.line1),
        line2: Set(parts.line2),
        postal_code: Set(parts.postal_code),
        city: Set(parts.city),
        region: Set(parts.region),
        country: Set(parts.country),
        phone: Set(parts.phone),
        is_default: Set(is_default),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Deletes one of the actor's own addresses; someone else's address id is "not found".
pub async fn delete_address(state: &AppState, actor: &Actor, id: i32) -> Result<(), AppError> {
    let deleted = address::Entity::delete_many()
        .filter(address::Column::Id.eq(id))
        .filter(address::Column::UserId.eq(actor.user_id))
        .exec(&state.db)
        .await?;
    if deleted.rows_affected == 0 {
        return Err(AppError::not_found("this address"));
    }
    Ok(())
}

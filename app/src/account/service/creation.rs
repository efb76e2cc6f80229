//! New accounts: a customer signing up, a staff member invited, or any kind made from the
//! command line.

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use super::links::{issue_link, LinkPurpose};
use super::{display_name, email, limit, new_password};
use crate::account::mails;
use crate::backend::auth::{password, Actor};
use crate::backend::entities::{staff_role, user};
use crate::backend::AppState;
use crate::domain::{EmailAddress, RateLimit, Role};
use crate::error::AppError;
use crate::i18n::Locale;

/// Creates an account of any kind (the command line makes staff and administrators this way).
/// Fails with a conflict when the address is taken.
pub async fn create_account(
    db: &sea_orm::DatabaseConnection,
    email_text: &str,
    name: &str,
    password_text: &str,
    role: &Role,
    verified: bool,
    language: Locale,
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
        language: Set(language.to_string()),
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
        // The back office is in English for now.
        Locale::en,
    )
    .await?;
    let purpose = LinkPurpose::ResetPassword;
    let link = issue_link(&state.db, state, account.id, purpose, Locale::en).await?;
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
    language: Locale,
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
        language,
    )
    .await
    {
        Ok(account) => {
            let purpose = LinkPurpose::VerifyEmail;
            let link = issue_link(&state.db, state, account.id, purpose, language).await?;
            let mail = mails::verify_address(email.clone(), &account.name, &link, language);
            state.mailer.send_later(mail);
        }
        Err(AppError::Conflict(_)) => {
            let page = |path| state.site.absolute_in(language, path);
            let mail = mails::already_registered(
                email.clone(),
                &page("/account/sign-in"),
                &page("/account/forgot"),
                language,
            );
            state.mailer.send_later(mail);
        }
        Err(err) => return Err(err),
    }
    Ok(email)
}

//! Accounts: signing up and in, e-mailed links, profile and saved addresses. Each operation
//! checks its input through the domain types first and writes in one transaction.
//!
//! `creation` makes accounts (sign-up, staff invitations, the command line), `sign_in` checks
//! passwords, `links` issues and honours e-mailed links, and `profile` reads and edits the
//! account's name and addresses.

mod creation;
mod links;
mod profile;
mod sign_in;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::backend::auth::rate_limiter;
use crate::backend::entities::user;
use crate::backend::AppState;
use crate::domain::{EmailAddress, NewPassword, RateLimit};
use crate::error::AppError;

pub use creation::{create_account, invite_staff, sign_up};
pub use links::{request_password_reset, reset_password, verify_email, LinkPurpose};
pub use profile::{add_address, delete_address, overview, summary, update_name};
pub use sign_in::sign_in;

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

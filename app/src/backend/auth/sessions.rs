//! Sessions in the database, so that any app node recognises any signed-in browser. The cookie
//! holds a random secret; the row is keyed by its digest.

use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::{secret, Actor};
use crate::backend::entities::{session, staff_role, user};
use crate::domain::{Permission, Role, SessionPolicy};
use crate::error::AppError;

/// Opens a session for `user_id` and returns the secret for the cookie.
pub async fn start<C: ConnectionTrait>(db: &C, user_id: i32, now: i64) -> Result<String, AppError> {
    let secret = secret::new_secret().map_err(AppError::internal)?;
    session::ActiveModel {
        id: Set(secret::digest(&secret)),
        user_id: Set(user_id),
        created_at: Set(now),
        last_seen_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(secret)
}

/// The person behind a session cookie, if the session exists and is still live. A dead
/// session is deleted on sight; a live one is marked as seen (at most once a minute).
pub async fn find_actor<C: ConnectionTrait>(
    db: &C,
    policy: &SessionPolicy,
    cookie_secret: &str,
    now: i64,
) -> Result<Option<Actor>, AppError> {
    let id = secret::digest(cookie_secret);
    let Some(found) = session::Entity::find_by_id(id.clone()).one(db).await? else {
        return Ok(None);
    };
    if !policy.is_live(found.created_at, found.last_seen_at, now) {
        session::Entity::delete_by_id(id).exec(db).await?;
        return Ok(None);
    }
    if policy.needs_touch(found.last_seen_at, now) {
        // update_many: a sign-out racing this request may have deleted the row meanwhile.
        session::Entity::update_many()
            .col_expr(session::Column::LastSeenAt, Expr::value(now))
            .filter(session::Column::Id.eq(id))
            .exec(db)
            .await?;
    }
    let Some(account) = user::Entity::find_by_id(found.user_id).one(db).await? else {
        return Ok(None);
    };
    Ok(Some(actor_for(db, account).await?))
}

/// Ends one session (sign out).
pub async fn end<C: ConnectionTrait>(db: &C, cookie_secret: &str) -> Result<(), AppError> {
    session::Entity::delete_by_id(secret::digest(cookie_secret))
        .exec(db)
        .await?;
    Ok(())
}

/// Ends every session of one account ("sign out everywhere", a new password, a changed role).
pub async fn end_all_for_user<C: ConnectionTrait>(db: &C, user_id: i32) -> Result<u64, AppError> {
    let result = session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

/// The role a stored account has. An unknown kind or a missing staff role grants nothing.
pub async fn role_of<C: ConnectionTrait>(db: &C, account: &user::Model) -> Result<Role, AppError> {
    Ok(match account.kind.as_str() {
        "administrator" => Role::Administrator,
        "staff" => match account.staff_role_id {
            Some(role_id) => match staff_role::Entity::find_by_id(role_id).one(db).await? {
                Some(role) => Role::Staff {
                    permissions: Permission::parse_list(&role.permissions),
                    role_name: role.name,
                },
                None => Role::Customer,
            },
            None => Role::Customer,
        },
        _ => Role::Customer,
    })
}

pub async fn actor_for<C: ConnectionTrait>(
    db: &C,
    account: user::Model,
) -> Result<Actor, AppError> {
    let role = role_of(db, &account).await?;
    Ok(Actor {
        user_id: account.id,
        email: account.email,
        name: account.name,
        role,
        email_verified: account.email_verified_at.is_some(),
    })
}

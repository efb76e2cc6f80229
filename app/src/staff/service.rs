//! Staff accounts: who is staff with which role, inviting someone, changing a role. Every change
//! is written with its audit entry in one transaction.

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;

use super::model::{StaffDirectory, StaffMember};
use crate::audit;
use crate::backend::auth::{sessions, Actor};
use crate::backend::entities::{staff_role, user};
use crate::backend::AppState;
use crate::domain::Role;
use crate::error::AppError;

pub async fn staff_directory(state: &AppState) -> Result<StaffDirectory, AppError> {
    let roles = staff_role::Entity::find()
        .order_by_asc(staff_role::Column::Name)
        .all(&state.db)
        .await?;
    let members = user::Entity::find()
        .filter(user::Column::Kind.ne("customer"))
        .order_by_asc(user::Column::Email)
        .all(&state.db)
        .await?;
    let mut listed = Vec::with_capacity(members.len());
    for member in members {
        let role = sessions::role_of(&state.db, &member).await?.label();
        listed.push(StaffMember {
            email: member.email,
            name: member.name,
            role,
        });
    }
    let mut role_names = vec!["Administrator".to_string()];
    role_names.extend(roles.into_iter().map(|r| r.name));
    role_names.push("Customer".to_string());
    Ok(StaffDirectory {
        members: listed,
        roles: role_names,
    })
}

/// Invites someone to the back office with `role_name` (a staff role, or "Administrator", which
/// only an administrator may give).
pub async fn invite(
    state: &AppState,
    actor: &Actor,
    email: &str,
    name: &str,
    role_name: &str,
) -> Result<(), AppError> {
    let role = match role_name.trim() {
        "Administrator" if actor.role != Role::Administrator => return Err(AppError::Forbidden),
        "Administrator" => Role::Administrator,
        "" | "Customer" => {
            return Err(AppError::validation(
                "role",
                "Choose the role the new member of staff will have.",
            ))
        }
        other => Role::Staff {
            role_name: other.to_string(),
            permissions: Default::default(),
        },
    };
    let account = crate::account::service::invite_staff(state, actor, email, name, &role).await?;
    audit::record_after(
        &state.db,
        actor,
        "staff.invite",
        &account.email,
        &RoleRecord { role: role.label() },
    )
    .await
}

#[derive(Serialize)]
struct RoleRecord {
    role: String,
}

/// Gives an account another role. Its sessions end, so the change (up or down) takes effect at
/// once and a session opened under the old role cannot carry on with new rights.
pub async fn set_role(
    state: &AppState,
    actor: &Actor,
    email: &str,
    role_name: &str,
) -> Result<(), AppError> {
    let email = crate::domain::EmailAddress::parse(email)?;
    let txn = crate::backend::db::begin_write(&state.db).await?;
    let account = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::not_found(format!("an account for {email}")))?;
    if account.id == actor.user_id {
        return Err(AppError::validation(
            "email",
            "You cannot change your own role.",
        ));
    }
    let before_role = sessions::role_of(&txn, &account).await?;
    let granting_admin = role_name.trim() == "Administrator";
    if (granting_admin || before_role == Role::Administrator) && actor.role != Role::Administrator {
        return Err(AppError::Forbidden);
    }
    let before = before_role.label();
    let (kind, staff_role_id) = match role_name.trim() {
        "Administrator" => ("administrator", None),
        "Customer" => ("customer", None),
        name => {
            let role = staff_role::Entity::find()
                .filter(staff_role::Column::Name.eq(name))
                .one(&txn)
                .await?
                .ok_or_else(|| {
                    AppError::validation("role", format!("There is no role called “{name}”."))
                })?;
            ("staff", Some(role.id))
        }
    };
    user::ActiveModel {
        id: Set(account.id),
        kind: Set(kind.to_string()),
        staff_role_id: Set(staff_role_id),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    sessions::end_all_for_user(&txn, account.id).await?;
    audit::record_change(
        &txn,
        actor,
        "staff.role",
        email.as_str(),
        &RoleRecord { role: before },
        &RoleRecord {
            role: role_name.trim().to_string(),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

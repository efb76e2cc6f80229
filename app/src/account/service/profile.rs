//! The signed-in customer's own account: name and saved addresses.

use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use super::display_name;
use crate::account::model::{AccountOverview, AccountSummary, SavedAddress};
use crate::backend::auth::Actor;
use crate::backend::entities::{address, user};
use crate::backend::AppState;
use crate::domain::{AddressInput, PostalAddress};
use crate::error::AppError;

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

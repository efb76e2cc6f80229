//! Carts in the database: found by the guest's cookie or by the signed-in account, changed one
//! line at a time in a transaction that checks stock (`lines`), moved to the account at sign-in
//! (`adopt`), and read with a fixed number of queries whatever their length (`reading`).

mod adopt;
mod lines;
mod reading;

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};

use super::model::CartView;
use crate::backend::auth::{secret, unix_now};
use crate::backend::entities::cart;
use crate::error::AppError;

pub use adopt::adopt_guest_cart;
pub use lines::{add, remove, set_quantity};
use reading::view_of;

/// Whose cart: the signed-in account's, else the one named by the browser's cart cookie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CartOwner<'a> {
    pub user_id: Option<i32>,
    pub guest_token: Option<&'a str>,
}

async fn find<C: ConnectionTrait>(
    db: &C,
    owner: CartOwner<'_>,
) -> Result<Option<cart::Model>, AppError> {
    let query = match (owner.user_id, owner.guest_token) {
        (Some(user_id), _) => cart::Entity::find().filter(cart::Column::UserId.eq(user_id)),
        (None, Some(token)) => cart::Entity::find()
            .filter(cart::Column::TokenHash.eq(secret::digest(token)))
            .filter(cart::Column::UserId.is_null()),
        (None, None) => return Ok(None),
    };
    Ok(query.one(db).await?)
}

/// The owner's cart, created when there is none yet. For a new guest cart, also the secret the
/// browser must keep in its cart cookie.
async fn find_or_create<C: ConnectionTrait>(
    db: &C,
    owner: CartOwner<'_>,
) -> Result<(cart::Model, Option<String>), AppError> {
    if let Some(found) = find(db, owner).await? {
        return Ok((found, None));
    }
    let token = secret::new_secret().map_err(AppError::internal)?;
    let now = unix_now();
    let created = cart::ActiveModel {
        token_hash: Set(secret::digest(&token)),
        user_id: Set(owner.user_id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok((created, owner.user_id.is_none().then_some(token)))
}

async fn touch<C: ConnectionTrait>(db: &C, cart_id: i32) -> Result<(), AppError> {
    cart::Entity::update_many()
        .col_expr(cart::Column::UpdatedAt, Expr::value(unix_now()))
        .filter(cart::Column::Id.eq(cart_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The id of the owner's cart, if they have one.
pub async fn id_of(db: &DatabaseConnection, owner: CartOwner<'_>) -> Result<Option<i32>, AppError> {
    Ok(find(db, owner).await?.map(|cart| cart.id))
}

pub async fn view(db: &DatabaseConnection, owner: CartOwner<'_>) -> Result<CartView, AppError> {
    let cart = find(db, owner).await?;
    view_of(db, cart).await
}

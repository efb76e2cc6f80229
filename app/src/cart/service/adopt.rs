//! At sign-in, the guest cart of this browser joins the account's.

use std::collections::HashMap;

use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use super::{find, touch, CartOwner};
use crate::backend::entities::{cart, cart_line};
use crate::cart::domain::{Quantity, CART_LINE_LIMIT};
use crate::error::AppError;

/// At sign-in: the guest cart of this browser becomes the account's, or, when the account
/// already has one, its lines move there (quantities of the same item add up).
pub async fn adopt_guest_cart(
    db: &DatabaseConnection,
    guest_token: &str,
    user_id: i32,
) -> Result<(), AppError> {
    let txn = crate::backend::db::begin_write(db).await?;
    let guest_owner = CartOwner {
        user_id: None,
        guest_token: Some(guest_token),
    };
    let Some(guest) = find(&txn, guest_owner).await? else {
        return Ok(());
    };
    let account_owner = CartOwner {
        user_id: Some(user_id),
        guest_token: None,
    };
    match find(&txn, account_owner).await? {
        None => {
            cart::ActiveModel {
                id: Set(guest.id),
                user_id: Set(Some(user_id)),
                ..Default::default()
            }
            .update(&txn)
            .await?;
        }
        Some(account) => {
            let theirs: HashMap<i32, cart_line::Model> = cart_line::Entity::find()
                .filter(cart_line::Column::CartId.eq(account.id))
                .all(&txn)
                .await?
                .into_iter()
                .map(|line| (line.variant_id, line))
                .collect();
            for line in cart_line::Entity::find()
                .filter(cart_line::Column::CartId.eq(guest.id))
                .all(&txn)
                .await?
            {
                match theirs.get(&line.variant_id) {
                    Some(same) => {
                        let units = (same.quantity + line.quantity).min(Quantity::MAX as i32);
                        cart_line::ActiveModel {
                            id: Set(same.id),
                            quantity: Set(units),
                            ..Default::default()
                        }
                        .update(&txn)
                        .await?;
                    }
                    None if theirs.len() < CART_LINE_LIMIT => {
                        cart_line::ActiveModel {
                            id: Set(line.id),
                            cart_id: Set(account.id),
                            ..Default::default()
                        }
                        .update(&txn)
                        .await?;
                    }
                    None => {}
                }
            }
            cart::Entity::delete_by_id(guest.id).exec(&txn).await?;
            touch(&txn, account.id).await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

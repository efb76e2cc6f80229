//! Categories and brands in the database. Every change is audited and asks the search index
//! for a rebuild (category and brand names are in every product's document and facets).

mod brands;
mod categories;

pub use brands::*;
pub use categories::*;

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QuerySelect, Select};
use serde::Serialize;

use crate::audit;
use crate::backend::auth::Actor;
use crate::backend::change_feed::record_rebuild;
use crate::backend::entities::product;
use crate::domain::Slug;
use crate::error::AppError;

async fn product_counts<C: ConnectionTrait>(
    db: &C,
    column: product::Column,
) -> Result<HashMap<i32, u64>, AppError> {
    let rows: Vec<(Option<i32>, i64)> = product::Entity::find()
        .select_only()
        .column(column)
        .column_as(product::Column::Id.count(), "n")
        .group_by(column)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, n)| id.map(|id| (id, u64::try_from(n).unwrap_or(0))))
        .collect())
}

/// A category or brand is deleted only when nothing points at it any more: `users` finds the
/// rows that still do, and `why` tells the merchant what to move first.
async fn refuse_while_used<C: ConnectionTrait, E: EntityTrait>(
    db: &C,
    users: Select<E>,
    why: impl FnOnce() -> String,
) -> Result<(), AppError> {
    match users.one(db).await? {
        Some(_) => Err(AppError::Conflict(why())),
        None => Ok(()),
    }
}

fn named(name: &str, slug: &str) -> Result<(String, Slug), AppError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::validation(
            "name",
            "Give it a name of up to 100 characters.",
        ));
    }
    let slug = match slug.trim() {
        "" => Slug::from_title(name),
        given => Slug::parse(given),
    }
    .map_err(|e| AppError::validation("slug", format!("The web address: {e}.")))?;
    Ok((name.to_string(), slug))
}

#[derive(Serialize)]
struct NamedRecord<'a> {
    name: &'a str,
    slug: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<i32>,
}

async fn changed<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    action: &str,
    subject: &str,
    after: &impl Serialize,
) -> Result<(), AppError> {
    record_rebuild(db).await?;
    audit::record_after(db, actor, action, subject, after).await
}

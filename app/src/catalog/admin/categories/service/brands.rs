//! Brands: listed with their product counts, created, renamed, deleted when no product has them.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::{changed, named, product_counts, refuse_while_used, NamedRecord};
use crate::backend::auth::Actor;
use crate::backend::entities::{brand, product};
use crate::backend::AppState;
use crate::catalog::admin::categories::model::BrandRow;
use crate::error::AppError;

async fn brands_in<C: ConnectionTrait>(db: &C) -> Result<Vec<BrandRow>, AppError> {
    let counts = product_counts(db, product::Column::BrandId).await?;
    Ok(brand::Entity::find()
        .order_by_asc(brand::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|b| BrandRow {
            products: counts.get(&b.id).copied().unwrap_or(0),
            id: b.id,
            slug: b.slug,
            name: b.name,
        })
        .collect())
}

pub async fn brands(state: &AppState) -> Result<Vec<BrandRow>, AppError> {
    brands_in(&state.db).await
}

pub async fn save_brand(
    state: &AppState,
    actor: &Actor,
    id: i32,
    name: &str,
    slug: &str,
) -> Result<Vec<BrandRow>, AppError> {
    let (name, slug) = named(name, slug)?;
    let txn = crate::backend::db::begin_write(&state.db).await?;
    if let Some(other) = brand::Entity::find()
        .filter(brand::Column::Slug.eq(slug.as_str()))
        .filter(brand::Column::Id.ne(id))
        .one(&txn)
        .await?
    {
        return Err(AppError::validation(
            "slug",
            format!("“{slug}” is already the web address of {}.", other.name),
        ));
    }
    let mut row = brand::ActiveModel {
        name: Set(name.clone()),
        slug: Set(slug.as_str().to_string()),
        ..Default::default()
    };
    if id > 0 {
        brand::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or_else(|| AppError::not_found("this brand"))?;
        row.id = Set(id);
        row.update(&txn).await?;
    } else {
        row.insert(&txn).await?;
    }
    let action = if id > 0 {
        "brand.rename"
    } else {
        "brand.create"
    };
    changed(
        &txn,
        actor,
        action,
        slug.as_str(),
        &NamedRecord {
            name: &name,
            slug: slug.as_str(),
            parent: None,
        },
    )
    .await?;
    let list = brands_in(&txn).await?;
    txn.commit().await?;
    Ok(list)
}

pub async fn delete_brand(
    state: &AppState,
    actor: &Actor,
    id: i32,
) -> Result<Vec<BrandRow>, AppError> {
    let txn = crate::backend::db::begin_write(&state.db).await?;
    let found = brand::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::not_found("this brand"))?;
    refuse_while_used(
        &txn,
        product::Entity::find().filter(product::Column::BrandId.eq(id)),
        || {
            format!(
                "{} still has products: give them another brand first.",
                found.name
            )
        },
    )
    .await?;
    brand::Entity::delete_by_id(id).exec(&txn).await?;
    changed(
        &txn,
        actor,
        "brand.delete",
        &found.slug,
        &NamedRecord {
            name: &found.name,
            slug: &found.slug,
            parent: None,
        },
    )
    .await?;
    let list = brands_in(&txn).await?;
    txn.commit().await?;
    Ok(list)
}

//! Categories and brands in the database. Every change is audited and asks the search index
//! for a rebuild (category and brand names are in every product's document and facets).

use std::collections::HashMap;

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::Serialize;

use super::model::{BrandRow, CategoryNode};
use crate::audit;
use crate::backend::auth::Actor;
use crate::backend::change_feed::record_rebuild;
use crate::backend::entities::{brand, category, product};
use crate::backend::AppState;
use crate::catalog::domain::category_tree::{check_move, reordered};
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

async fn all_categories<C: ConnectionTrait>(db: &C) -> Result<Vec<category::Model>, AppError> {
    Ok(category::Entity::find()
        .order_by_asc(category::Column::Position)
        .order_by_asc(category::Column::Id)
        .all(db)
        .await?)
}

/// The tree in reading order: each category, then its sub-categories, siblings by position.
pub async fn tree(db_state: &AppState) -> Result<Vec<CategoryNode>, AppError> {
    tree_in(&db_state.db).await
}

async fn tree_in<C: ConnectionTrait>(db: &C) -> Result<Vec<CategoryNode>, AppError> {
    let all = all_categories(db).await?;
    let counts = product_counts(db, product::Column::CategoryId).await?;
    let mut out = Vec::with_capacity(all.len());
    // Depth-first from the top; a stack of (category, depth), children pushed in reverse.
    let mut stack: Vec<(&category::Model, usize)> = all
        .iter()
        .filter(|c| c.parent_id.is_none())
        .rev()
        .map(|c| (c, 0))
        .collect();
    while let Some((node, depth)) = stack.pop() {
        out.push(CategoryNode {
            id: node.id,
            parent_id: node.parent_id,
            slug: node.slug.clone(),
            name: node.name.clone(),
            depth,
            products: counts.get(&node.id).copied().unwrap_or(0),
        });
        stack.extend(
            all.iter()
                .filter(|c| c.parent_id == Some(node.id))
                .rev()
                .map(|c| (c, depth + 1)),
        );
    }
    Ok(out)
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

pub async fn save_category(
    state: &AppState,
    actor: &Actor,
    id: i32,
    name: &str,
    slug: &str,
    parent: i32,
) -> Result<Vec<CategoryNode>, AppError> {
    let (name, slug) = named(name, slug)?;
    let txn = crate::backend::db::begin_write(&state.db).await?;
    if let Some(other) = category::Entity::find()
        .filter(category::Column::Slug.eq(slug.as_str()))
        .filter(category::Column::Id.ne(id))
        .one(&txn)
        .await?
    {
        return Err(AppError::validation(
            "slug",
            format!("“{slug}” is already the web address of {}.", other.name),
        ));
    }
    let parent = (parent > 0).then_some(parent);
    if id > 0 {
        category::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or_else(|| AppError::not_found("this category"))?;
        category::ActiveModel {
            id: Set(id),
            name: Set(name.clone()),
            slug: Set(slug.as_str().to_string()),
            ..Default::default()
        }
        .update(&txn)
        .await?;
    } else {
        if let Some(parent) = parent {
            category::Entity::find_by_id(parent)
                .one(&txn)
                .await?
                .ok_or_else(|| {
                    AppError::validation("parent", "Choose an existing category to put it in.")
                })?;
        }
        let siblings = all_categories(&txn)
            .await?
            .into_iter()
            .filter(|c| c.parent_id == parent)
            .count();
        category::ActiveModel {
            parent_id: Set(parent),
            slug: Set(slug.as_str().to_string()),
            name: Set(name.clone()),
            description: Set(String::new()),
            position: Set(i32::try_from(siblings).unwrap_or(i32::MAX)),
            image_url: Set(None),
            seo_title: Set(None),
            seo_description: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let action = if id > 0 {
        "category.rename"
    } else {
        "category.create"
    };
    changed(
        &txn,
        actor,
        action,
        slug.as_str(),
        &NamedRecord {
            name: &name,
            slug: slug.as_str(),
            parent,
        },
    )
    .await?;
    let tree = tree_in(&txn).await?;
    txn.commit().await?;
    Ok(tree)
}

/// Moves a category (with its sub-categories) under `parent` at place `index`.
pub async fn move_category(
    state: &AppState,
    actor: &Actor,
    id: i32,
    parent: Option<i32>,
    index: usize,
) -> Result<Vec<CategoryNode>, AppError> {
    let txn = crate::backend::db::begin_write(&state.db).await?;
    let all = all_categories(&txn).await?;
    let parents: HashMap<i32, Option<i32>> = all.iter().map(|c| (c.id, c.parent_id)).collect();
    check_move(&parents, id, parent)?;
    let siblings: Vec<i32> = all
        .iter()
        .filter(|c| c.parent_id == parent)
        .map(|c| c.id)
        .collect();
    for (position, sibling) in reordered(&siblings, id, index).into_iter().enumerate() {
        let mut row = category::ActiveModel {
            id: Set(sibling),
            position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
            ..Default::default()
        };
        if sibling == id {
            row.parent_id = Set(parent);
        }
        row.update(&txn).await?;
    }
    let moved = all
        .iter()
        .find(|c| c.id == id)
        .map(|c| c.slug.clone())
        .unwrap_or_default();
    changed(&txn, actor, "category.move", &moved, &(parent, index)).await?;
    let tree = tree_in(&txn).await?;
    txn.commit().await?;
    Ok(tree)
}

/// Deletes an empty category: one with products or sub-categories stays, with a reason.
pub async fn delete_category(
    state: &AppState,
    actor: &Actor,
    id: i32,
) -> Result<Vec<CategoryNode>, AppError> {
    let txn = crate::backend::db::begin_write(&state.db).await?;
    let found = category::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::not_found("this category"))?;
    if category::Entity::find()
        .filter(category::Column::ParentId.eq(id))
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(AppError::Conflict(format!(
            "{} has sub-categories: move or delete them first.",
            found.name
        )));
    }
    if product::Entity::find()
        .filter(product::Column::CategoryId.eq(id))
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(AppError::Conflict(format!(
            "{} still has products: move them to another category first.",
            found.name
        )));
    }
    category::Entity::delete_by_id(id).exec(&txn).await?;
    changed(
        &txn,
        actor,
        "category.delete",
        &found.slug,
        &NamedRecord {
            name: &found.name,
            slug: &found.slug,
            parent: found.parent_id,
        },
    )
    .await?;
    let tree = tree_in(&txn).await?;
    txn.commit().await?;
    Ok(tree)
}

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
    if product::Entity::find()
        .filter(product::Column::BrandId.eq(id))
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(AppError::Conflict(format!(
            "{} still has products: give them another brand first.",
            found.name
        )));
    }
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

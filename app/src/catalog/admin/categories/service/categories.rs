//! The category tree: read in reading order, a category created, renamed, moved (with its
//! sub-categories) or deleted when empty.

use std::collections::HashMap;

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::{changed, named, product_counts, refuse_while_used, NamedRecord};
use crate::backend::auth::Actor;
use crate::backend::entities::{category, product};
use crate::backend::AppState;
use crate::catalog::admin::categories::model::CategoryNode;
use crate::catalog::domain::category_tree::{check_move, reordered};
use crate::domain::Slug;
use crate::error::AppError;

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

/// Creates a category (`id` 0) under `parent` (0: the top), or renames one.
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
    check_slug_free(&txn, id, &slug).await?;
    let parent = (parent > 0).then_some(parent);
    let action = if id > 0 {
        rename(&txn, id, &name, &slug).await?;
        "category.rename"
    } else {
        create(&txn, parent, &name, &slug).await?;
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

/// The web address must not be another category's.
async fn check_slug_free<C: ConnectionTrait>(
    txn: &C,
    id: i32,
    slug: &Slug,
) -> Result<(), AppError> {
    if let Some(other) = category::Entity::find()
        .filter(category::Column::Slug.eq(slug.as_str()))
        .filter(category::Column::Id.ne(id))
        .one(txn)
        .await?
    {
        return Err(AppError::validation(
            "slug",
            format!("“{slug}” is already the web address of {}.", other.name),
        ));
    }
    Ok(())
}

async fn rename<C: ConnectionTrait>(
    txn: &C,
    id: i32,
    name: &str,
    slug: &Slug,
) -> Result<(), AppError> {
    category::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or_else(|| AppError::not_found("this category"))?;
    category::ActiveModel {
        id: Set(id),
        name: Set(name.to_string()),
        slug: Set(slug.as_str().to_string()),
        ..Default::default()
    }
    .update(txn)
    .await?;
    Ok(())
}

/// A new category, last among its siblings.
async fn create<C: ConnectionTrait>(
    txn: &C,
    parent: Option<i32>,
    name: &str,
    slug: &Slug,
) -> Result<(), AppError> {
    if let Some(parent) = parent {
        category::Entity::find_by_id(parent)
            .one(txn)
            .await?
            .ok_or_else(|| {
                AppError::validation("parent", "Choose an existing category to put it in.")
            })?;
    }
    let siblings = all_categories(txn)
        .await?
        .into_iter()
        .filter(|c| c.parent_id == parent)
        .count();
    category::ActiveModel {
        parent_id: Set(parent),
        slug: Set(slug.as_str().to_string()),
        name: Set(name.to_string()),
        description: Set(String::new()),
        position: Set(i32::try_from(siblings).unwrap_or(i32::MAX)),
        image_url: Set(None),
        seo_title: Set(None),
        seo_description: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
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
    refuse_while_used(
        &txn,
        category::Entity::find().filter(category::Column::ParentId.eq(id)),
        || {
            format!(
                "{} has sub-categories: move or delete them first.",
                found.name
            )
        },
    )
    .await?;
    refuse_while_used(
        &txn,
        product::Entity::find().filter(product::Column::CategoryId.eq(id)),
        || {
            format!(
                "{} still has products: move them to another category first.",
                found.name
            )
        },
    )
    .await?;
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

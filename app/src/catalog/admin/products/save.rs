//! Saving a product from the editor or a CSV row: the whole product (texts, category, brand,
//! specifications, variants, options, prices, stock per location) in one transaction, so nothing
//! is ever saved half-way. What only the database can check (category and brand exist, web
//! address and SKUs free, stock not below what orders hold, the rights a change of price or
//! stock needs) is checked before the first write and comes back per field like the form's own.

mod checks;
mod rows;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Serialize;

use self::checks::{Before, References};
use self::rows::{save_row, save_specifications, save_variant};
use super::model::SavedProduct;
use crate::audit;
use crate::backend::auth::Actor;
use crate::backend::entities::{location, product, variant};
use crate::backend::AppState;
use crate::catalog::domain::{ProductDraft, ProductInput};
use crate::domain::{Currency, Money, Permission};
use crate::error::AppError;
use crate::inventory::{ledger, Mover};

/// Creates (`id` None) or updates a product and its variants; all or nothing.
pub async fn save(
    state: &AppState,
    actor: &Actor,
    id: Option<i32>,
    input: &ProductInput,
) -> Result<SavedProduct, AppError> {
    let txn = crate::backend::db::begin_write(&state.db).await?;
    let input = with_current_stock(&txn, input).await?;
    let draft = ProductDraft::parse(&input, state.site.currency).map_err(AppError::Invalid)?;
    let saved = write(&txn, actor, id, &draft, state.site.currency).await?;
    txn.commit().await?;
    Ok(saved)
}

/// The editor's stock numbers against what the shelves hold now: a level staff did not touch
/// keeps what sales and receipts made of it while the editor was open; a level they did change
/// that also moved meanwhile is refused, so a count is never made against a stale number.
async fn with_current_stock<C: ConnectionTrait>(
    txn: &C,
    input: &ProductInput,
) -> Result<ProductInput, AppError> {
    let mut input = input.clone();
    for v in &mut input.variants {
        let Ok(sku) = crate::domain::Sku::parse(&v.sku) else {
            continue;
        };
        let Some(found) = variant::Entity::find()
            .filter(variant::Column::Sku.eq(sku.as_str()))
            .one(txn)
            .await?
        else {
            continue;
        };
        for level in &mut v.stock {
            let Some(seen) = level.seen.as_deref().map(str::trim) else {
                continue;
            };
            let Some(place) = location::Entity::find()
                .filter(location::Column::Code.eq(level.location.trim()))
                .one(txn)
                .await?
            else {
                continue;
            };
            let now = ledger::level(txn, found.id, place.id)
                .await?
                .unwrap_or_default()
                .on_hand
                .to_string();
            if now == seen {
                continue;
            }
            if level.on_hand.trim() == seen {
                level.on_hand = now;
            } else {
                return Err(AppError::Conflict(format!(
                    "Stock of {sku} at {} changed to {now} while the editor was open; reload it and count again.",
                    place.name
                )));
            }
        }
    }
    Ok(input)
}

/// Writes a checked product inside the caller's transaction. Everything the database must
/// confirm is checked before the first write, so a refusal has written nothing.
pub async fn write<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    id: Option<i32>,
    draft: &ProductDraft,
    currency: Currency,
) -> Result<SavedProduct, AppError> {
    let mut problems = Vec::new();
    let found = References::check(txn, id, draft, &mut problems).await?;
    let before = Before::load(txn, found.this_id()).await?;
    let changes = before.changes_for(draft, found.existing.as_ref(), &mut problems);
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    if (changes.prices && !actor.role.allows(Permission::EditPrices))
        || (changes.stock && !actor.role.allows(Permission::EditStock))
    {
        return Err(AppError::Forbidden);
    }
    let before_record = found
        .existing
        .as_ref()
        .map(|p| ProductRecord::of_row(p, &before.variants, currency));

    let saved = save_row(txn, &found, draft, currency).await?;
    save_specifications(txn, saved.id, draft).await?;
    if !changes.removed.is_empty() {
        variant::Entity::delete_many()
            .filter(variant::Column::Id.is_in(changes.removed))
            .exec(txn)
            .await?;
    }
    let by = Mover::Staff(actor.email.clone());
    for (position, v) in draft.variants.iter().enumerate() {
        save_variant(txn, saved.id, position, v, currency, &before, &by).await?;
    }
    crate::backend::change_feed::record_products(txn, &[saved.id]).await?;

    let after = ProductRecord::of_draft(&saved, draft);
    match &before_record {
        Some(before) => {
            audit::record_change(txn, actor, "product.update", &saved.slug, before, &after).await?
        }
        None => audit::record_after(txn, actor, "product.create", &saved.slug, &after).await?,
    }
    Ok(SavedProduct {
        id: saved.id,
        slug: saved.slug,
    })
}

/// What is recorded in the audit log about a product.
#[derive(Serialize)]
struct ProductRecord {
    name: String,
    slug: String,
    published: bool,
    /// "SKU price" per variant.
    variants: Vec<String>,
}

impl ProductRecord {
    fn of_row(row: &product::Model, variants: &[variant::Model], currency: Currency) -> Self {
        ProductRecord {
            name: row.name.clone(),
            slug: row.slug.clone(),
            published: row.published,
            variants: variants
                .iter()
                .map(|v| {
                    let price = Money::from_minor(v.price_minor, currency);
                    format!("{} {}", v.sku, price.to_decimal_string())
                })
                .collect(),
        }
    }

    fn of_draft(saved: &product::Model, draft: &ProductDraft) -> Self {
        ProductRecord {
            name: saved.name.clone(),
            slug: saved.slug.clone(),
            published: saved.published,
            variants: draft
                .variants
                .iter()
                .map(|v| format!("{} {}", v.sku, v.price.to_decimal_string()))
                .collect(),
        }
    }
}

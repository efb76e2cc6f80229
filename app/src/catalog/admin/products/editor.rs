//! Opening a product in the editor and saving it back: the whole product (texts, category,
//! brand, specifications, variants, options, prices, stock per location) in one transaction, so
//! nothing is ever saved half-way. Problems found against the database (a web address or SKU
//! another product uses, stock below what orders hold) come back per field like the form's own.

use std::collections::HashMap;

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;

use super::model::{ProductEditor, SavedProduct};
use super::service::Vocabulary;
use crate::audit;
use crate::backend::auth::Actor;
use crate::backend::entities::{
    brand, category, location, product, product_specification, stock_level, variant,
    variant_option_value,
};
use crate::backend::AppState;
use crate::catalog::domain::product_draft::{SpecificationInput, StockInput, VariantInput};
use crate::catalog::domain::{FieldProblem, ProductDraft, ProductInput};
use crate::domain::{Currency, Money, Permission};
use crate::error::AppError;
use crate::inventory::{ledger, Mover};

async fn locations<C: ConnectionTrait>(db: &C) -> Result<Vec<location::Model>, AppError> {
    Ok(location::Entity::find()
        .order_by_asc(location::Column::Id)
        .all(db)
        .await?)
}

fn blank_variant(places: &[location::Model]) -> VariantInput {
    VariantInput {
        stock: places
            .iter()
            .map(|place| StockInput {
                location: place.code.clone(),
                on_hand: String::new(),
                seen: None,
            })
            .collect(),
        ..Default::default()
    }
}

pub async fn load(state: &AppState, id: Option<i32>) -> Result<ProductEditor, AppError> {
    let db = &state.db;
    let vocabulary = Vocabulary::load(state).await?;
    let places = locations(db).await?;
    let mut editor = ProductEditor {
        id,
        input: ProductInput {
            tax_class: "standard".into(),
            variants: vec![blank_variant(&places)],
            ..Default::default()
        },
        categories: vocabulary.category_choices(),
        brands: vocabulary.brand_choices(),
        locations: places
            .iter()
            .map(|l| (l.code.clone(), l.name.clone()))
            .collect(),
        reserved: vec![vec![0; places.len()]],
        media: Vec::new(),
    };
    let Some(id) = id else {
        return Ok(editor);
    };
    let found = product::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("this product"))?;
    let currency = Currency::parse(&found.currency).map_err(AppError::internal)?;
    let specifications = product_specification::Entity::find()
        .filter(product_specification::Column::ProductId.eq(id))
        .order_by_asc(product_specification::Column::Position)
        .all(db)
        .await?;
    let variants = variant::Entity::find()
        .filter(variant::Column::ProductId.eq(id))
        .order_by_asc(variant::Column::Position)
        .order_by_asc(variant::Column::Id)
        .all(db)
        .await?;
    let variant_ids: Vec<i32> = variants.iter().map(|v| v.id).collect();
    let options = variant_option_value::Entity::find()
        .filter(variant_option_value::Column::VariantId.is_in(variant_ids.clone()))
        .order_by_asc(variant_option_value::Column::Position)
        .all(db)
        .await?;
    let levels = stock_level::Entity::find()
        .filter(stock_level::Column::VariantId.is_in(variant_ids))
        .all(db)
        .await?;
    let level = |variant_id: i32, location_id: i32| {
        levels
            .iter()
            .find(|l| l.variant_id == variant_id && l.location_id == location_id)
    };
    editor.media = crate::catalog::admin::media::service::gallery(db, id).await?;
    let decimal = |minor: i64| Money::from_minor(minor, currency).to_decimal_string();
    editor.reserved = variants
        .iter()
        .map(|v| {
            places
                .iter()
                .map(|p| level(v.id, p.id).map_or(0, |l| l.reserved))
                .collect()
        })
        .collect();
    editor.input = ProductInput {
        name: found.name,
        slug: found.slug,
        description: found.description,
        category: vocabulary
            .category(found.category_id)
            .map(|c| c.slug.clone())
            .unwrap_or_default(),
        brand: found
            .brand_id
            .and_then(|b| vocabulary.brand(b))
            .map(|b| b.slug.clone())
            .unwrap_or_default(),
        seo_title: found.seo_title.unwrap_or_default(),
        seo_description: found.seo_description.unwrap_or_default(),
        video_url: found.video_url.unwrap_or_default(),
        published: found.published.then(|| "on".to_string()),
        tax_class: found.tax_class,
        specifications: specifications
            .into_iter()
            .map(|s| SpecificationInput {
                name: s.name,
                value: s.value,
            })
            .collect(),
        variants: variants
            .iter()
            .map(|v| VariantInput {
                sku: v.sku.clone(),
                options: options
                    .iter()
                    .filter(|o| o.variant_id == v.id)
                    .map(|o| format!("{}: {}", o.name, o.value))
                    .collect::<Vec<_>>()
                    .join(", "),
                price: decimal(v.price_minor),
                compare_at: v.compare_at_minor.map(decimal).unwrap_or_default(),
                weight_grams: v.weight_grams.to_string(),
                stock: places
                    .iter()
                    .map(|p| {
                        let on_hand = level(v.id, p.id).map_or(0, |l| l.on_hand).to_string();
                        StockInput {
                            location: p.code.clone(),
                            seen: Some(on_hand.clone()),
                            on_hand,
                        }
                    })
                    .collect(),
                remove: None,
            })
            .collect(),
    };
    Ok(editor)
}

fn problem(field: impl Into<String>, message: impl Into<String>) -> FieldProblem {
    FieldProblem {
        field: field.into(),
        message: message.into(),
    }
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
/// confirm (category, brand, web address and SKUs free, stock above what orders hold, the rights
/// a change of price or stock needs) is checked before the first write, so a refusal has written
/// nothing.
pub async fn write<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    id: Option<i32>,
    draft: &ProductDraft,
    currency: Currency,
) -> Result<SavedProduct, AppError> {
    let mut problems = Vec::new();

    let category_id = category::Entity::find()
        .filter(category::Column::Slug.eq(draft.category.as_str()))
        .one(txn)
        .await?
        .map(|c| c.id);
    if category_id.is_none() {
        problems.push(problem(
            "category",
            format!("There is no category “{}”.", draft.category),
        ));
    }
    let brand_id = match &draft.brand {
        None => None,
        Some(slug) => {
            let found = brand::Entity::find()
                .filter(brand::Column::Slug.eq(slug.as_str()))
                .one(txn)
                .await?;
            if found.is_none() {
                problems.push(problem("brand", format!("There is no brand “{slug}”.")));
            }
            found.map(|b| b.id)
        }
    };
    let existing = match id {
        Some(id) => Some(
            product::Entity::find_by_id(id)
                .one(txn)
                .await?
                .ok_or_else(|| AppError::not_found("this product"))?,
        ),
        None => None,
    };
    let this_id = existing.as_ref().map_or(-1, |p| p.id);
    if let Some(other) = product::Entity::find()
        .filter(product::Column::Slug.eq(draft.slug.as_str()))
        .filter(product::Column::Id.ne(this_id))
        .one(txn)
        .await?
    {
        problems.push(problem(
            "slug",
            format!(
                "“{}” is already the web address of {}.",
                draft.slug, other.name
            ),
        ));
    }
    let skus: Vec<String> = draft
        .variants
        .iter()
        .map(|v| v.sku.as_str().to_string())
        .collect();
    for taken in variant::Entity::find()
        .filter(variant::Column::Sku.is_in(skus))
        .filter(variant::Column::ProductId.ne(this_id))
        .all(txn)
        .await?
    {
        if let Some(v) = draft.variants.iter().find(|v| v.sku.as_str() == taken.sku) {
            problems.push(problem(
                format!("variants[{}][sku]", v.row),
                format!("The SKU {} belongs to another product.", taken.sku),
            ));
        }
    }
    let places = locations(txn).await?;
    let place_ids: HashMap<&str, i32> = places.iter().map(|p| (p.code.as_str(), p.id)).collect();

    let before_variants = variant::Entity::find()
        .filter(variant::Column::ProductId.eq(this_id))
        .all(txn)
        .await?;
    let before_levels = stock_level::Entity::find()
        .filter(
            stock_level::Column::VariantId
                .is_in(before_variants.iter().map(|v| v.id).collect::<Vec<_>>()),
        )
        .all(txn)
        .await?;
    let by_sku: HashMap<&str, &variant::Model> = before_variants
        .iter()
        .map(|v| (v.sku.as_str(), v))
        .collect();
    let level_of = |variant_id: i32, location_id: i32| {
        before_levels
            .iter()
            .find(|l| l.variant_id == variant_id && l.location_id == location_id)
    };

    let by = Mover::Staff(actor.email.clone());
    // What changes, to check the rights it needs and the stock that orders hold.
    // The tax class is a price setting: where prices exclude tax, moving a product from 23 % to
    // 5 % changes what customers pay as surely as a new price does.
    let mut prices_change = existing
        .as_ref()
        .is_some_and(|p| p.tax_class != draft.tax_class);
    let mut stock_changes = false;
    for v in &draft.variants {
        let before = by_sku.get(v.sku.as_str());
        if before.is_none_or(|b| {
            b.price_minor != v.price.minor() || b.compare_at_minor != v.compare_at.map(Money::minor)
        }) {
            prices_change = true;
        }
        for (j, (code, on_hand)) in v.stock.iter().enumerate() {
            let Some(&location_id) = place_ids.get(code.as_str()) else {
                problems.push(problem(
                    format!("variants[{}][stock][{j}][on_hand]", v.row),
                    format!("There is no location “{code}”."),
                ));
                continue;
            };
            let level = before.and_then(|b| level_of(b.id, location_id));
            let (current, reserved) = level.map_or((0, 0), |l| (l.on_hand, l.reserved));
            if *on_hand != current {
                stock_changes = true;
            }
            if *on_hand < reserved {
                problems.push(problem(
                    format!("variants[{}][stock][{j}][on_hand]", v.row),
                    format!("{reserved} units here are reserved for orders, so stock cannot go below {reserved}."),
                ));
            }
        }
    }
    let kept: Vec<&str> = draft.variants.iter().map(|v| v.sku.as_str()).collect();
    let removed: Vec<&variant::Model> = before_variants
        .iter()
        .filter(|v| !kept.contains(&v.sku.as_str()))
        .collect();
    for gone in &removed {
        let reserved: i32 = before_levels
            .iter()
            .filter(|l| l.variant_id == gone.id)
            .map(|l| l.reserved)
            .sum();
        if reserved > 0 {
            problems.push(problem("variants", format!("{} has {reserved} units reserved for orders: it can be removed once they are paid or released.", gone.sku)));
        }
        if before_levels
            .iter()
            .any(|l| l.variant_id == gone.id && l.on_hand != 0)
        {
            stock_changes = true;
        }
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    if (prices_change && !actor.role.allows(Permission::EditPrices))
        || (stock_changes && !actor.role.allows(Permission::EditStock))
    {
        return Err(AppError::Forbidden);
    }

    let now = chrono::Utc::now();
    let lowest = draft
        .variants
        .iter()
        .map(|v| v.price.minor())
        .min()
        .unwrap_or(0);
    let before_record = existing.as_ref().map(|p| ProductRecord {
        name: p.name.clone(),
        slug: p.slug.clone(),
        published: p.published,
        variants: before_variants
            .iter()
            .map(|v| {
                format!(
                    "{} {}",
                    v.sku,
                    Money::from_minor(v.price_minor, currency).to_decimal_string()
                )
            })
            .collect(),
    });
    let mut row = product::ActiveModel {
        slug: Set(draft.slug.as_str().to_string()),
        name: Set(draft.name.clone()),
        description: Set(draft.description.clone()),
        category_id: Set(category_id.unwrap_or_default()),
        brand_id: Set(brand_id),
        min_price_minor: Set(lowest),
        currency: Set(currency.code().to_string()),
        seo_title: Set(draft.seo_title.clone()),
        seo_description: Set(draft.seo_description.clone()),
        video_url: Set(draft.video_url.clone()),
        published: Set(draft.published),
        tax_class: Set(draft.tax_class.clone()),
        updated_at: Set(now),
        ..Default::default()
    };
    let saved = match &existing {
        Some(found) => {
            row.id = Set(found.id);
            row.update(txn).await?
        }
        None => {
            row.featured = Set(false);
            row.created_at = Set(now);
            row.insert(txn).await?
        }
    };

    product_specification::Entity::delete_many()
        .filter(product_specification::Column::ProductId.eq(saved.id))
        .exec(txn)
        .await?;
    for (position, (name, value)) in draft.specifications.iter().enumerate() {
        product_specification::ActiveModel {
            product_id: Set(saved.id),
            name: Set(name.clone()),
            value: Set(value.clone()),
            position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    if !removed.is_empty() {
        variant::Entity::delete_many()
            .filter(variant::Column::Id.is_in(removed.iter().map(|v| v.id).collect::<Vec<_>>()))
            .exec(txn)
            .await?;
    }
    for (position, v) in draft.variants.iter().enumerate() {
        let mut variant_row = variant::ActiveModel {
            product_id: Set(saved.id),
            sku: Set(v.sku.as_str().to_string()),
            price_minor: Set(v.price.minor()),
            currency: Set(currency.code().to_string()),
            compare_at_minor: Set(v.compare_at.map(Money::minor)),
            weight_grams: Set(v.weight_grams),
            position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
            ..Default::default()
        };
        let variant_id = match by_sku.get(v.sku.as_str()) {
            Some(before) => {
                variant_row.id = Set(before.id);
                variant_row.update(txn).await?.id
            }
            None => {
                variant_row.image_position = Set(None);
                variant_row.insert(txn).await?.id
            }
        };
        variant_option_value::Entity::delete_many()
            .filter(variant_option_value::Column::VariantId.eq(variant_id))
            .exec(txn)
            .await?;
        for (position, (name, value)) in v.options.iter().enumerate() {
            variant_option_value::ActiveModel {
                variant_id: Set(variant_id),
                name: Set(name.clone()),
                value: Set(value.clone()),
                position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
                ..Default::default()
            }
            .insert(txn)
            .await?;
        }
        for (code, on_hand) in &v.stock {
            let location_id = place_ids[code.as_str()];
            // Checked above: no count goes below what orders hold.
            ledger::count(
                txn,
                variant_id,
                location_id,
                *on_hand,
                "Saved in the product editor",
                &by,
            )
            .await?
            .map_err(|_| {
                AppError::Conflict(
                    "Orders took some of this stock while it was being saved; reload and try again."
                        .into(),
                )
            })?;
        }
    }
    crate::backend::change_feed::record_products(txn, &[saved.id]).await?;
    let after = ProductRecord {
        name: saved.name.clone(),
        slug: saved.slug.clone(),
        published: saved.published,
        variants: draft
            .variants
            .iter()
            .map(|v| format!("{} {}", v.sku, v.price.to_decimal_string()))
            .collect(),
    };
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

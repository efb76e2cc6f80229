//! The writes of a product save, once every check has passed: the product row, its
//! specifications, and each variant with its options and its stock as ledger counts.

use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::checks::{Before, References};
use crate::backend::entities::{product, product_specification, variant, variant_option_value};
use crate::catalog::domain::product_draft::VariantDraft;
use crate::catalog::domain::ProductDraft;
use crate::domain::{Currency, Money};
use crate::error::AppError;
use crate::inventory::{ledger, Mover};

pub(super) async fn save_row<C: ConnectionTrait>(
    txn: &C,
    found: &References,
    draft: &ProductDraft,
    currency: Currency,
) -> Result<product::Model, AppError> {
    let now = chrono::Utc::now();
    let lowest = draft
        .variants
        .iter()
        .map(|v| v.price.minor())
        .min()
        .unwrap_or(0);
    let mut row = product::ActiveModel {
        slug: Set(draft.slug.as_str().to_string()),
        name: Set(draft.name.clone()),
        description: Set(draft.description.clone()),
        category_id: Set(found.category_id),
        brand_id: Set(found.brand_id),
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
    Ok(match &found.existing {
        Some(existing) => {
            row.id = Set(existing.id);
            row.update(txn).await?
        }
        None => {
            row.featured = Set(false);
            row.created_at = Set(now);
            row.insert(txn).await?
        }
    })
}

/// A list index as stored; the draft's limits keep lists far shorter than `i32::MAX`.
fn list_position(index: usize) -> i32 {
    i32::try_from(index).unwrap_or(i32::MAX)
}

pub(super) async fn save_specifications<C: ConnectionTrait>(
    txn: &C,
    product_id: i32,
    draft: &ProductDraft,
) -> Result<(), AppError> {
    product_specification::Entity::delete_many()
        .filter(product_specification::Column::ProductId.eq(product_id))
        .exec(txn)
        .await?;
    // One INSERT for the whole list, not one per row.
    product_specification::Entity::insert_many(draft.specifications.iter().enumerate().map(
        |(index, (name, value))| product_specification::ActiveModel {
            product_id: Set(product_id),
            name: Set(name.clone()),
            value: Set(value.clone()),
            position: Set(list_position(index)),
            ..Default::default()
        },
    ))
    .on_empty_do_nothing()
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

/// One variant with its options, and its stock per location as ledger counts.
pub(super) async fn save_variant<C: ConnectionTrait>(
    txn: &C,
    product_id: i32,
    position: usize,
    v: &VariantDraft,
    currency: Currency,
    before: &Before,
    by: &Mover,
) -> Result<(), AppError> {
    let mut variant_row = variant::ActiveModel {
        product_id: Set(product_id),
        sku: Set(v.sku.as_str().to_string()),
        price_minor: Set(v.price.minor()),
        currency: Set(currency.code().to_string()),
        compare_at_minor: Set(v.compare_at.map(Money::minor)),
        weight_grams: Set(v.weight_grams),
        position: Set(list_position(position)),
        ..Default::default()
    };
    let variant_id = match before.variant(v.sku.as_str()) {
        Some(existing) => {
            variant_row.id = Set(existing.id);
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
    variant_option_value::Entity::insert_many(v.options.iter().enumerate().map(
        |(index, (name, value))| variant_option_value::ActiveModel {
            variant_id: Set(variant_id),
            name: Set(name.clone()),
            value: Set(value.clone()),
            position: Set(list_position(index)),
            ..Default::default()
        },
    ))
    .on_empty_do_nothing()
    .exec_without_returning(txn)
    .await?;
    for (code, on_hand) in &v.stock {
        // Checked in `changes_for`: the location exists and no count goes below what orders hold.
        let location_id = before
            .location_id(code)
            .ok_or_else(|| AppError::internal("a checked location vanished"))?;
        ledger::count(
            txn,
            variant_id,
            location_id,
            *on_hand,
            "Saved in the product editor",
            by,
        )
        .await?
        .map_err(|_| {
            AppError::Conflict(
                "Orders took some of this stock while it was being saved; reload and try again."
                    .into(),
            )
        })?;
    }
    Ok(())
}

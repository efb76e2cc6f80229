//! Saving a product from the editor or a CSV row: the whole product (texts, category, brand,
//! specifications, variants, options, prices, stock per location) in one transaction, so nothing
//! is ever saved half-way. What only the database can check (category and brand exist, web
//! address and SKUs free, stock not below what orders hold, the rights a change of price or
//! stock needs) is checked before the first write and comes back per field like the form's own.

use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::Serialize;

use super::model::SavedProduct;
use crate::audit;
use crate::backend::auth::Actor;
use crate::backend::entities::{
    brand, category, location, product, product_specification, stock_level, variant,
    variant_option_value,
};
use crate::backend::AppState;
use crate::catalog::domain::product_draft::VariantDraft;
use crate::catalog::domain::{FieldProblem, ProductDraft, ProductInput};
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

/// What the draft names that must exist (category, brand, the product itself) or must be free
/// (its web address, its SKUs).
struct References {
    category_id: i32,
    brand_id: Option<i32>,
    existing: Option<product::Model>,
}

impl References {
    async fn check<C: ConnectionTrait>(
        txn: &C,
        id: Option<i32>,
        draft: &ProductDraft,
        problems: &mut Vec<FieldProblem>,
    ) -> Result<References, AppError> {
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
        let found = References {
            category_id: category_id.unwrap_or_default(),
            brand_id,
            existing,
        };
        found.check_free(txn, draft, problems).await?;
        Ok(found)
    }

    /// The product's id, or -1 (no product has it) for a new one.
    fn this_id(&self) -> i32 {
        self.existing.as_ref().map_or(-1, |p| p.id)
    }

    /// The web address and the SKUs must not belong to another product.
    async fn check_free<C: ConnectionTrait>(
        &self,
        txn: &C,
        draft: &ProductDraft,
        problems: &mut Vec<FieldProblem>,
    ) -> Result<(), AppError> {
        if let Some(other) = product::Entity::find()
            .filter(product::Column::Slug.eq(draft.slug.as_str()))
            .filter(product::Column::Id.ne(self.this_id()))
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
            .filter(variant::Column::ProductId.ne(self.this_id()))
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
        Ok(())
    }
}

/// The product's variants and their stock as they are before the save, and the locations.
struct Before {
    variants: Vec<variant::Model>,
    levels: Vec<stock_level::Model>,
    places: Vec<location::Model>,
}

/// What a save changes that needs more than `EditProducts`, and the variants it removes.
struct Changes {
    prices: bool,
    stock: bool,
    removed: Vec<i32>,
}

impl Before {
    async fn load<C: ConnectionTrait>(txn: &C, product_id: i32) -> Result<Before, AppError> {
        let variants = variant::Entity::find()
            .filter(variant::Column::ProductId.eq(product_id))
            .all(txn)
            .await?;
        let levels = stock_level::Entity::find()
            .filter(
                stock_level::Column::VariantId
                    .is_in(variants.iter().map(|v| v.id).collect::<Vec<_>>()),
            )
            .all(txn)
            .await?;
        let places = super::open::locations(txn).await?;
        Ok(Before {
            variants,
            levels,
            places,
        })
    }

    fn variant(&self, sku: &str) -> Option<&variant::Model> {
        self.variants.iter().find(|v| v.sku == sku)
    }

    fn location_id(&self, code: &str) -> Option<i32> {
        self.places.iter().find(|p| p.code == code).map(|p| p.id)
    }

    fn level(&self, variant_id: i32, location_id: i32) -> Option<&stock_level::Model> {
        self.levels
            .iter()
            .find(|l| l.variant_id == variant_id && l.location_id == location_id)
    }

    /// Compares the draft with what is saved: which rights the save needs, and no stock count
    /// below what orders hold, no variant with reservations removed (`problems`).
    fn changes_for(
        &self,
        draft: &ProductDraft,
        existing: Option<&product::Model>,
        problems: &mut Vec<FieldProblem>,
    ) -> Changes {
        // The tax class is a price setting: where prices exclude tax, moving a product from 23 %
        // to 5 % changes what customers pay as surely as a new price does.
        let mut prices = existing.is_some_and(|p| p.tax_class != draft.tax_class);
        let mut stock = false;
        for v in &draft.variants {
            let before = self.variant(v.sku.as_str());
            if before.is_none_or(|b| {
                b.price_minor != v.price.minor()
                    || b.compare_at_minor != v.compare_at.map(Money::minor)
            }) {
                prices = true;
            }
            for (j, (code, on_hand)) in v.stock.iter().enumerate() {
                let field = format!("variants[{}][stock][{j}][on_hand]", v.row);
                let Some(location_id) = self.location_id(code) else {
                    problems.push(problem(field, format!("There is no location “{code}”.")));
                    continue;
                };
                let level = before.and_then(|b| self.level(b.id, location_id));
                let (current, reserved) = level.map_or((0, 0), |l| (l.on_hand, l.reserved));
                if *on_hand != current {
                    stock = true;
                }
                if *on_hand < reserved {
                    problems.push(problem(field, format!("{reserved} units here are reserved for orders, so stock cannot go below {reserved}.")));
                }
            }
        }
        let mut removed = Vec::new();
        for gone in self
            .variants
            .iter()
            .filter(|b| !draft.variants.iter().any(|v| v.sku.as_str() == b.sku))
        {
            let held = self.levels.iter().filter(|l| l.variant_id == gone.id);
            let reserved: i32 = held.clone().map(|l| l.reserved).sum();
            if reserved > 0 {
                problems.push(problem("variants", format!("{} has {reserved} units reserved for orders: it can be removed once they are paid or released.", gone.sku)));
            }
            if held.clone().any(|l| l.on_hand != 0) {
                stock = true;
            }
            removed.push(gone.id);
        }
        Changes {
            prices,
            stock,
            removed,
        }
    }
}

async fn save_row<C: ConnectionTrait>(
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

async fn save_specifications<C: ConnectionTrait>(
    txn: &C,
    product_id: i32,
    draft: &ProductDraft,
) -> Result<(), AppError> {
    product_specification::Entity::delete_many()
        .filter(product_specification::Column::ProductId.eq(product_id))
        .exec(txn)
        .await?;
    for (position, (name, value)) in draft.specifications.iter().enumerate() {
        product_specification::ActiveModel {
            product_id: Set(product_id),
            name: Set(name.clone()),
            value: Set(value.clone()),
            position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

/// One variant with its options, and its stock per location as ledger counts.
async fn save_variant<C: ConnectionTrait>(
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
        position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
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

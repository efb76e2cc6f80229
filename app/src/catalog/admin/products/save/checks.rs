//! What only the database can check before a product is saved: the category and brand it names
//! exist, its web address and SKUs belong to no other product, no stock count goes below what
//! orders hold, and which rights the change needs (prices, stock).

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::backend::entities::{brand, category, location, product, stock_level, variant};
use crate::catalog::domain::{FieldProblem, ProductDraft};
use crate::domain::Money;
use crate::error::AppError;

fn problem(field: impl Into<String>, message: impl Into<String>) -> FieldProblem {
    FieldProblem {
        field: field.into(),
        message: message.into(),
    }
}

/// What the draft names that must exist (category, brand, the product itself) or must be free
/// (its web address, its SKUs).
pub(super) struct References {
    pub(super) category_id: i32,
    pub(super) brand_id: Option<i32>,
    pub(super) existing: Option<product::Model>,
}

impl References {
    pub(super) async fn check<C: ConnectionTrait>(
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
    pub(super) fn this_id(&self) -> i32 {
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
pub(super) struct Before {
    pub(super) variants: Vec<variant::Model>,
    levels: Vec<stock_level::Model>,
    places: Vec<location::Model>,
}

/// What a save changes that needs more than `EditProducts`, and the variants it removes.
pub(super) struct Changes {
    pub(super) prices: bool,
    pub(super) stock: bool,
    pub(super) removed: Vec<i32>,
}

impl Before {
    pub(super) async fn load<C: ConnectionTrait>(
        txn: &C,
        product_id: i32,
    ) -> Result<Before, AppError> {
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
        let places = crate::catalog::admin::products::open::locations(txn).await?;
        Ok(Before {
            variants,
            levels,
            places,
        })
    }

    pub(super) fn variant(&self, sku: &str) -> Option<&variant::Model> {
        self.variants.iter().find(|v| v.sku == sku)
    }

    pub(super) fn location_id(&self, code: &str) -> Option<i32> {
        self.places.iter().find(|p| p.code == code).map(|p| p.id)
    }

    fn level(&self, variant_id: i32, location_id: i32) -> Option<&stock_level::Model> {
        self.levels
            .iter()
            .find(|l| l.variant_id == variant_id && l.location_id == location_id)
    }

    /// Compares the draft with what is saved: which rights the save needs, and no stock count
    /// below what orders hold, no variant with reservations removed (`problems`).
    pub(super) fn changes_for(
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

//! Opening a product in the editor: the product as its form shows it (or a blank one), with the
//! categories, brands and locations to choose from. Saving is `save`.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::model::ProductEditor;
use super::service::Vocabulary;
use crate::backend::entities::{
    location, product, product_specification, stock_level, variant, variant_option_value,
};
use crate::backend::AppState;
use crate::catalog::domain::product_draft::{SpecificationInput, StockInput, VariantInput};
use crate::catalog::domain::ProductInput;
use crate::domain::{Currency, Money};
use crate::error::AppError;

pub(super) async fn locations<C: ConnectionTrait>(
    db: &C,
) -> Result<Vec<location::Model>, AppError> {
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

/// The editor for product `id`, or a blank one (`None`).
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
    let saved = Saved::load(db, id).await?;
    editor.media = crate::catalog::admin::media::service::gallery(db, id).await?;
    editor.reserved = saved.reserved(&places);
    editor.input = saved.into_input(found, &vocabulary, &places, currency);
    Ok(editor)
}

/// A saved product's specifications, variants, options and stock levels.
struct Saved {
    specifications: Vec<product_specification::Model>,
    variants: Vec<variant::Model>,
    options: Vec<variant_option_value::Model>,
    levels: Vec<stock_level::Model>,
}

impl Saved {
    async fn load<C: ConnectionTrait>(db: &C, id: i32) -> Result<Saved, AppError> {
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
        Ok(Saved {
            specifications,
            variants,
            options,
            levels,
        })
    }

    fn level(&self, variant_id: i32, location_id: i32) -> Option<&stock_level::Model> {
        self.levels
            .iter()
            .find(|l| l.variant_id == variant_id && l.location_id == location_id)
    }

    /// Units held for orders, per variant and location.
    fn reserved(&self, places: &[location::Model]) -> Vec<Vec<i32>> {
        self.variants
            .iter()
            .map(|v| {
                places
                    .iter()
                    .map(|p| self.level(v.id, p.id).map_or(0, |l| l.reserved))
                    .collect()
            })
            .collect()
    }

    /// The product as its form shows it.
    fn into_input(
        self,
        found: product::Model,
        vocabulary: &Vocabulary,
        places: &[location::Model],
        currency: Currency,
    ) -> ProductInput {
        ProductInput {
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
            variants: self
                .variants
                .iter()
                .map(|v| self.variant_input(v, places, currency))
                .collect(),
            specifications: self
                .specifications
                .into_iter()
                .map(|s| SpecificationInput {
                    name: s.name,
                    value: s.value,
                })
                .collect(),
        }
    }

    /// One variant as its form rows show it; the stock shown is remembered as `seen`.
    fn variant_input(
        &self,
        v: &variant::Model,
        places: &[location::Model],
        currency: Currency,
    ) -> VariantInput {
        let decimal = |minor: i64| Money::from_minor(minor, currency).to_decimal_string();
        VariantInput {
            sku: v.sku.clone(),
            options: self
                .options
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
                    let on_hand = self.level(v.id, p.id).map_or(0, |l| l.on_hand).to_string();
                    StockInput {
                        location: p.code.clone(),
                        seen: Some(on_hand.clone()),
                        on_hand,
                    }
                })
                .collect(),
            remove: None,
        }
    }
}

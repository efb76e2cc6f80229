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

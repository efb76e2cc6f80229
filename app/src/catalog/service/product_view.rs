//! The product page: the product with its brand, category trail, specifications, pictures and
//! variants, each variant placed on the option axes the product varies along.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::{currency_of, image, link, summary, CategoryTree};
use crate::backend::entities::{
    brand, media, product, product_specification, variant, variant_option_value,
};
use crate::backend::SiteConfig;
use crate::catalog::model::{CategoryLink, Image, OptionAxis, ProductView, VariantView};
use crate::domain::Money;
use crate::error::AppError;
use crate::inventory::domain::Availability;

pub async fn product_page(
    db: &DatabaseConnection,
    site: &SiteConfig,
    slug: &str,
) -> Result<ProductView, AppError> {
    let row = product::Entity::find()
        .filter(product::Column::Slug.eq(slug))
        .filter(product::Column::Published.eq(true))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("this product"))?;
    let brand = match row.brand_id {
        Some(id) => brand::Entity::find_by_id(id).one(db).await?.map(|b| b.name),
        None => None,
    };
    let categories = category_trail(db, row.category_id).await?;
    let specifications = product_specification::Entity::find()
        .filter(product_specification::Column::ProductId.eq(row.id))
        .order_by_asc(product_specification::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.name, s.value))
        .collect();
    let media_rows = media::Entity::find()
        .filter(media::Column::ProductId.eq(row.id))
        .order_by_asc(media::Column::Position)
        .all(db)
        .await?;
    let (axes, variants) = variant_choices(db, row.id, &media_rows).await?;
    let images: Vec<Image> = media_rows.into_iter().map(image).collect();
    let canonical_url = site.absolute(&format!("/p/{}", row.slug));
    let seo_description = row
        .seo_description
        .clone()
        .unwrap_or_else(|| summary(&row.description));
    let view = ProductView {
        slug: row.slug.clone(),
        seo_title: row.seo_title.clone().unwrap_or_else(|| row.name.clone()),
        seo_description,
        name: row.name,
        description: row.description,
        brand,
        categories,
        specifications,
        axes,
        variants,
        images,
        video_url: row.video_url,
        canonical_url,
        json_ld: String::new(),
    };
    let json_ld = crate::catalog::structured_data::product_json_ld(&view, site);
    Ok(ProductView { json_ld, ..view })
}

/// The product's category with its ancestors, from the top of the tree down.
async fn category_trail(
    db: &DatabaseConnection,
    category_id: i32,
) -> Result<Vec<CategoryLink>, AppError> {
    let tree = CategoryTree::load(db).await?;
    Ok(match tree.by_id(category_id) {
        Some(own) => {
            let mut trail: Vec<CategoryLink> = tree.ancestors(own).into_iter().map(link).collect();
            trail.push(link(own));
            trail
        }
        None => vec![],
    })
}

/// The option axes and the variants on them, with their prices, stock and pictures (an index
/// into `media_rows`).
async fn variant_choices(
    db: &DatabaseConnection,
    product_id: i32,
    media_rows: &[media::Model],
) -> Result<(Vec<OptionAxis>, Vec<VariantView>), AppError> {
    let variants = variant::Entity::find()
        .filter(variant::Column::ProductId.eq(product_id))
        .order_by_asc(variant::Column::Position)
        .order_by_asc(variant::Column::Id)
        .all(db)
        .await?;
    let variant_ids: Vec<i32> = variants.iter().map(|v| v.id).collect();
    let option_values = variant_option_value::Entity::find()
        .filter(variant_option_value::Column::VariantId.is_in(variant_ids.clone()))
        .order_by_asc(variant_option_value::Column::Position)
        .all(db)
        .await?;
    let available = crate::inventory::available_online(db, &variant_ids).await?;

    let axes = axes_of(&variants, &option_values);
    let mut values_by_variant: HashMap<i32, Vec<(String, String)>> = HashMap::new();
    for ov in option_values {
        values_by_variant
            .entry(ov.variant_id)
            .or_default()
            .push((ov.name, ov.value));
    }
    let mut views = Vec::with_capacity(variants.len());
    for v in &variants {
        let currency = currency_of(&v.currency)?;
        let own = values_by_variant.remove(&v.id).unwrap_or_default();
        let values = axes
            .iter()
            .map(|axis| {
                own.iter()
                    .find(|(name, _)| *name == axis.name)
                    .map(|(_, value)| value.clone())
                    .unwrap_or_default()
            })
            .collect();
        views.push(VariantView {
            sku: v.sku.clone(),
            values,
            price: Money::from_minor(v.price_minor, currency),
            compare_at: v.compare_at_minor.map(|m| Money::from_minor(m, currency)),
            availability: Availability::from_available(available.get(&v.id).copied().unwrap_or(0)),
            image_index: v
                .image_position
                .and_then(|p| media_rows.iter().position(|m| m.position == p)),
        });
    }
    Ok((axes, views))
}

/// The option axes in position order, each with its values in the order variants first use them.
fn axes_of(
    variants: &[variant::Model],
    option_values: &[variant_option_value::Model],
) -> Vec<OptionAxis> {
    let mut named: Vec<(i32, OptionAxis)> = Vec::new();
    for v in variants {
        for ov in option_values.iter().filter(|ov| ov.variant_id == v.id) {
            match named.iter_mut().find(|(_, axis)| axis.name == ov.name) {
                Some((_, axis)) => {
                    if !axis.values.contains(&ov.value) {
                        axis.values.push(ov.value.clone());
                    }
                }
                None => named.push((
                    ov.position,
                    OptionAxis {
                        name: ov.name.clone(),
                        values: vec![ov.value.clone()],
                    },
                )),
            }
        }
    }
    named.sort_by_key(|(position, _)| *position);
    named.into_iter().map(|(_, axis)| axis).collect()
}

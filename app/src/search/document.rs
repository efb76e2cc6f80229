//! What the index knows about a product, read from the database in batches: its words (name,
//! brand, SKUs, categories, description, option values) and its facets (categories with their
//! ancestors, brand, attribute values, lowest price, whether any variant can be bought online).

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::prelude::DateTimeUtc;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::backend::entities::{brand, media, product, variant, variant_option_value};
use crate::catalog::service::CategoryTree;
use crate::error::AppError;
use crate::inventory::available_online;
use crate::search::domain::attribute_key;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductDocument {
    pub id: i32,
    pub slug: String,
    pub name: String,
    /// The first picture, for suggestions.
    pub image_url: Option<String>,
    pub brand: Option<(String, String)>,
    /// (slug, name) of the product's category and every category above it.
    pub categories: Vec<(String, String)>,
    pub skus: Vec<String>,
    pub description: String,
    /// (key such as "colour:navy", attribute name, value) per distinct option value.
    pub attributes: Vec<(String, String, String)>,
    /// The lowest variant price, in minor units.
    pub price_minor: i64,
    pub in_stock: bool,
    /// Unix seconds.
    pub created_at: i64,
}

/// Ids of every product shoppers can find, in id order.
pub async fn published_ids(db: &DatabaseConnection) -> Result<Vec<i32>, AppError> {
    Ok(product::Entity::find()
        .filter(product::Column::Published.eq(true))
        .select_only()
        .column(product::Column::Id)
        .order_by_asc(product::Column::Id)
        .into_tuple()
        .all(db)
        .await?)
}

/// Only the columns the index needs, as tuples: a full rebuild reads every row of the catalog,
/// and building whole models is most of its cost. (id, slug, name, description, category id,
/// brand id, lowest price, created at.)
type ProductRow = (
    i32,
    String,
    String,
    String,
    i32,
    Option<i32>,
    i64,
    DateTimeUtc,
);

/// (id, product id, SKU, price in minor units).
type VariantRow = (i32, i32, String, i64);

/// The documents of the published products among `ids` (seven queries for the batch).
pub async fn load(
    db: &DatabaseConnection,
    tree: &CategoryTree,
    ids: &[i32],
) -> Result<Vec<ProductDocument>, AppError> {
    let products = product_rows(db, ids).await?;
    let brands = brands_of(db, &products).await?;
    let product_ids: Vec<i32> = products.iter().map(|p| p.0).collect();
    let images = first_images(db, &product_ids).await?;
    let variants = variant_rows(db, product_ids).await?;
    let variant_ids: Vec<i32> = variants.iter().map(|v| v.0).collect();
    let options = option_values(db, &variant_ids).await?;
    let stock = available_online(db, &variant_ids).await?;
    let mut by_product: HashMap<i32, Vec<&VariantRow>> = HashMap::new();
    for v in &variants {
        by_product.entry(v.1).or_default().push(v);
    }

    Ok(products
        .into_iter()
        .map(
            |(id, slug, name, description, category_id, brand_id, min_price, created_at)| {
                let own = by_product.remove(&id).unwrap_or_default();
                ProductDocument {
                    id,
                    slug,
                    image_url: images.get(&id).cloned(),
                    brand: brand_id
                        .and_then(|b| brands.get(&b))
                        .map(|b| (b.slug.clone(), b.name.clone())),
                    categories: category_trail(tree, category_id),
                    skus: own.iter().map(|v| v.2.clone()).collect(),
                    description,
                    attributes: attributes_of(&own, &options),
                    price_minor: own.iter().map(|v| v.3).min().unwrap_or(min_price),
                    in_stock: own
                        .iter()
                        .any(|v| stock.get(&v.0).copied().unwrap_or(0) > 0),
                    created_at: created_at.timestamp().min(Utc::now().timestamp()),
                    name,
                }
            },
        )
        .collect())
}

async fn product_rows(db: &DatabaseConnection, ids: &[i32]) -> Result<Vec<ProductRow>, AppError> {
    Ok(product::Entity::find()
        .select_only()
        .columns([
            product::Column::Id,
            product::Column::Slug,
            product::Column::Name,
            product::Column::Description,
            product::Column::CategoryId,
            product::Column::BrandId,
            product::Column::MinPriceMinor,
            product::Column::CreatedAt,
        ])
        .filter(product::Column::Id.is_in(ids.to_vec()))
        .filter(product::Column::Published.eq(true))
        .into_tuple()
        .all(db)
        .await?)
}

async fn brands_of(
    db: &DatabaseConnection,
    products: &[ProductRow],
) -> Result<HashMap<i32, brand::Model>, AppError> {
    let brand_ids: Vec<i32> = products.iter().filter_map(|p| p.5).collect();
    Ok(brand::Entity::find()
        .filter(brand::Column::Id.is_in(brand_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b))
        .collect())
}

/// The first picture's URL by product.
async fn first_images(
    db: &DatabaseConnection,
    product_ids: &[i32],
) -> Result<HashMap<i32, String>, AppError> {
    Ok(media::Entity::find()
        .select_only()
        .columns([media::Column::ProductId, media::Column::Url])
        .filter(media::Column::ProductId.is_in(product_ids.to_vec()))
        .filter(media::Column::Position.eq(0))
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

async fn variant_rows(
    db: &DatabaseConnection,
    product_ids: Vec<i32>,
) -> Result<Vec<VariantRow>, AppError> {
    Ok(variant::Entity::find()
        .select_only()
        .columns([
            variant::Column::Id,
            variant::Column::ProductId,
            variant::Column::Sku,
            variant::Column::PriceMinor,
        ])
        .filter(variant::Column::ProductId.is_in(product_ids))
        .into_tuple()
        .all(db)
        .await?)
}

/// (option name, value) pairs by variant.
async fn option_values(
    db: &DatabaseConnection,
    variant_ids: &[i32],
) -> Result<HashMap<i32, Vec<(String, String)>>, AppError> {
    let mut options: HashMap<i32, Vec<(String, String)>> = HashMap::new();
    for (variant_id, name, value) in variant_option_value::Entity::find()
        .select_only()
        .columns([
            variant_option_value::Column::VariantId,
            variant_option_value::Column::Name,
            variant_option_value::Column::Value,
        ])
        .filter(variant_option_value::Column::VariantId.is_in(variant_ids.to_vec()))
        .into_tuple::<(i32, String, String)>()
        .all(db)
        .await?
    {
        options.entry(variant_id).or_default().push((name, value));
    }
    Ok(options)
}

/// The distinct option values of a product's variants, sorted by key.
fn attributes_of(
    variants: &[&VariantRow],
    options: &HashMap<i32, Vec<(String, String)>>,
) -> Vec<(String, String, String)> {
    let mut attributes: Vec<(String, String, String)> = variants
        .iter()
        .flat_map(|v| options.get(&v.0).into_iter().flatten())
        .map(|(n, v)| (attribute_key(n, v), n.clone(), v.clone()))
        .collect();
    attributes.sort();
    attributes.dedup_by(|a, b| a.0 == b.0);
    attributes
}

/// (slug, name) of the category and every category above it, from the top.
fn category_trail(tree: &CategoryTree, category_id: i32) -> Vec<(String, String)> {
    match tree.by_id(category_id) {
        Some(leaf) => tree
            .ancestors(leaf)
            .into_iter()
            .chain(std::iter::once(leaf))
            .map(|c| (c.slug.clone(), c.name.clone()))
            .collect(),
        None => Vec::new(),
    }
}

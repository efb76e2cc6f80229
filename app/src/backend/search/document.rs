//! What the index knows about a product, read from the database in batches: its words (name,
//! brand, SKUs, categories, description, option values) and its facets (categories with their
//! ancestors, brand, attribute values, lowest price, whether any variant can be bought online).

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::backend::entities::{brand, media, product, variant, variant_option_value};
use crate::backend::stock::available_online;
use crate::catalog::service::CategoryTree;
use crate::domain::search::attribute_key;
use crate::error::AppError;

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

/// The documents of the published products among `ids` (seven queries for the batch).
pub async fn load(
    db: &DatabaseConnection,
    tree: &CategoryTree,
    ids: &[i32],
) -> Result<Vec<ProductDocument>, AppError> {
    let products = product::Entity::find()
        .filter(product::Column::Id.is_in(ids.to_vec()))
        .filter(product::Column::Published.eq(true))
        .all(db)
        .await?;
    let brand_ids: Vec<i32> = products.iter().filter_map(|p| p.brand_id).collect();
    let brands: HashMap<i32, brand::Model> = brand::Entity::find()
        .filter(brand::Column::Id.is_in(brand_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b))
        .collect();
    let product_ids: Vec<i32> = products.iter().map(|p| p.id).collect();
    let images: HashMap<i32, String> = media::Entity::find()
        .filter(media::Column::ProductId.is_in(product_ids.clone()))
        .filter(media::Column::Position.eq(0))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.product_id, m.url))
        .collect();
    let variants = variant::Entity::find()
        .filter(variant::Column::ProductId.is_in(product_ids))
        .all(db)
        .await?;
    let variant_ids: Vec<i32> = variants.iter().map(|v| v.id).collect();
    let mut options: HashMap<i32, Vec<variant_option_value::Model>> = HashMap::new();
    for option in variant_option_value::Entity::find()
        .filter(variant_option_value::Column::VariantId.is_in(variant_ids.clone()))
        .all(db)
        .await?
    {
        options.entry(option.variant_id).or_default().push(option);
    }
    let stock = available_online(db, &variant_ids).await?;
    let mut by_product: HashMap<i32, Vec<&variant::Model>> = HashMap::new();
    for v in &variants {
        by_product.entry(v.product_id).or_default().push(v);
    }

    Ok(products
        .into_iter()
        .map(|p| {
            let own = by_product.remove(&p.id).unwrap_or_default();
            let mut attributes: Vec<(String, String, String)> = own
                .iter()
                .flat_map(|v| options.get(&v.id).into_iter().flatten())
                .map(|o| {
                    (
                        attribute_key(&o.name, &o.value),
                        o.name.clone(),
                        o.value.clone(),
                    )
                })
                .collect();
            attributes.sort();
            attributes.dedup_by(|a, b| a.0 == b.0);
            let categories = match tree.by_id(p.category_id) {
                Some(leaf) => tree
                    .ancestors(leaf)
                    .into_iter()
                    .chain(std::iter::once(leaf))
                    .map(|c| (c.slug.clone(), c.name.clone()))
                    .collect(),
                None => Vec::new(),
            };
            ProductDocument {
                id: p.id,
                slug: p.slug.clone(),
                image_url: images.get(&p.id).cloned(),
                brand: p
                    .brand_id
                    .and_then(|id| brands.get(&id))
                    .map(|b| (b.slug.clone(), b.name.clone())),
                categories,
                skus: own.iter().map(|v| v.sku.clone()).collect(),
                description: p.description.clone(),
                attributes,
                price_minor: own
                    .iter()
                    .map(|v| v.price_minor)
                    .min()
                    .unwrap_or(p.min_price_minor),
                in_stock: own
                    .iter()
                    .any(|v| stock.get(&v.id).copied().unwrap_or(0) > 0),
                created_at: p.created_at.timestamp().min(Utc::now().timestamp()),
                name: p.name,
            }
        })
        .collect())
}

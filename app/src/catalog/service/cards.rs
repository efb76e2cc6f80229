//! Listing cards: what a shelf or a category page shows of each product.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::{currency_of, image};
use crate::backend::entities::{brand, media, product, variant};
use crate::catalog::model::{Image, ProductCard, QuickAdd};
use crate::domain::Money;
use crate::error::AppError;

/// Listing cards for `rows`, in their order: three queries for the whole list.
pub async fn cards(
    db: &DatabaseConnection,
    rows: Vec<product::Model>,
) -> Result<Vec<ProductCard>, AppError> {
    let ids: Vec<i32> = rows.iter().map(|p| p.id).collect();
    let brand_ids: Vec<i32> = rows.iter().filter_map(|p| p.brand_id).collect();
    let brands: HashMap<i32, String> = brand::Entity::find()
        .filter(brand::Column::Id.is_in(brand_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b.name))
        .collect();
    let mut first_images: HashMap<i32, Image> = HashMap::new();
    for m in media::Entity::find()
        .filter(media::Column::ProductId.is_in(ids.clone()))
        .filter(media::Column::Position.eq(0))
        .all(db)
        .await?
    {
        first_images.insert(m.product_id, image(m));
    }
    // The struck-through price belongs to the cheapest variant, the one the card's price shows.
    let mut compare_at: HashMap<i32, (i64, i64)> = HashMap::new();
    let mut variants_of: HashMap<i32, Vec<variant::Model>> = HashMap::new();
    for v in variant::Entity::find()
        .filter(variant::Column::ProductId.is_in(ids))
        .all(db)
        .await?
    {
        variants_of.entry(v.product_id).or_default().push(v.clone());
        let Some(was) = v.compare_at_minor else {
            continue;
        };
        let entry = compare_at
            .entry(v.product_id)
            .or_insert((v.price_minor, was));
        if v.price_minor < entry.0 {
            *entry = (v.price_minor, was);
        }
    }
    // Products of one variant can be added from the listing: those need their stock.
    let single: Vec<i32> = variants_of
        .values()
        .filter(|vs| vs.len() == 1)
        .map(|vs| vs[0].id)
        .collect();
    let stock = crate::inventory::available_online(db, &single).await?;
    rows.into_iter()
        .map(|p| {
            let quick_add = match variants_of.get(&p.id).map(Vec::as_slice) {
                Some([only]) if stock.get(&only.id).copied().unwrap_or(0) > 0 => {
                    QuickAdd::Sku(only.sku.clone())
                }
                Some([_]) | None => QuickAdd::SoldOut,
                Some(_) => QuickAdd::ChooseOptions,
            };
            let currency = currency_of(&p.currency)?;
            let compare = compare_at
                .get(&p.id)
                .filter(|(price, _)| *price == p.min_price_minor)
                .map(|(_, was)| Money::from_minor(*was, currency));
            Ok(ProductCard {
                brand: p.brand_id.and_then(|id| brands.get(&id).cloned()),
                price: Money::from_minor(p.min_price_minor, currency),
                compare_at: compare,
                image: first_images.remove(&p.id),
                quick_add,
                slug: p.slug,
                name: p.name,
            })
        })
        .collect()
}

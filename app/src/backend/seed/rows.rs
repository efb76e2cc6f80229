//! The rows of the planned products, gathered table by table and written in multi-row batches.
//! Ids are chosen here, up front, so child rows point at their parents without reading back.

use chrono::{Duration, Utc};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};

use super::images::{product_image_key, IMAGE_SIZE};
use super::plan::{Kind, PlannedProduct, PlannedVariant};
use crate::backend::entities::{
    media, product, product_specification, stock_level, stock_movement, variant,
    variant_option_value,
};
use crate::backend::media_store::LocalMediaStore;
use crate::domain::Currency;
use crate::inventory::domain::MovementKind;

/// Rows per multi-row INSERT: well under SQLite's 32,766 bound parameters for the widest table.
const BATCH: usize = 500;

/// Rows waiting to be written, table by table.
#[derive(Default)]
pub(super) struct Rows {
    products: Vec<product::ActiveModel>,
    specifications: Vec<product_specification::ActiveModel>,
    variants: Vec<variant::ActiveModel>,
    option_values: Vec<variant_option_value::ActiveModel>,
    media: Vec<media::ActiveModel>,
    stock: Vec<stock_level::ActiveModel>,
    /// The ledger's opening movement for each stock level.
    movements: Vec<stock_movement::ActiveModel>,
    next_variant_id: i32,
}

/// Where a planned product goes: its id, its unique name and slug, and the rows it points at.
pub(super) struct Placement {
    pub(super) product_id: i32,
    pub(super) name: String,
    pub(super) slug: String,
    pub(super) brand_id: Option<i32>,
    pub(super) category_id: i32,
    pub(super) featured: bool,
}

impl Rows {
    /// Enough products wait for a batch of their own.
    pub(super) fn is_full(&self) -> bool {
        self.products.len() >= BATCH
    }

    /// The product, its specifications, its gallery and its variants with their options and
    /// opening stock.
    pub(super) fn add_product(
        &mut self,
        planned: &PlannedProduct,
        placement: Placement,
        currency: Currency,
        store: &LocalMediaStore,
    ) {
        let product_id = placement.product_id;
        let name = placement.name.clone();
        self.push_product(planned, placement, currency);
        self.push_specifications(planned, product_id);
        self.push_gallery(planned, product_id, &name, store);
        for (position, planned_variant) in planned.variants.iter().enumerate() {
            self.push_variant(planned, planned_variant, product_id, position, currency);
        }
    }

    fn push_product(&mut self, planned: &PlannedProduct, placement: Placement, currency: Currency) {
        let created_at = Utc::now()
            - Duration::days(planned.days_old)
            - Duration::minutes(placement.product_id as i64 % 1440);
        let min_price = planned
            .variants
            .iter()
            .map(|v| v.price_minor)
            .min()
            .unwrap_or(0);
        self.products.push(product::ActiveModel {
            id: Set(placement.product_id),
            slug: Set(placement.slug),
            description: Set(planned.description.clone()),
            category_id: Set(placement.category_id),
            brand_id: Set(placement.brand_id),
            min_price_minor: Set(min_price),
            currency: Set(currency.code().to_string()),
            seo_title: Set(None),
            seo_description: Set(None),
            video_url: Set(None),
            published: Set(planned.published),
            featured: Set(placement.featured),
            // Books carry the reduced VAT rate in most of Europe.
            tax_class: Set(if matches!(planned.kind, Kind::Books) {
                "reduced"
            } else {
                "standard"
            }
            .to_string()),
            created_at: Set(created_at),
            updated_at: Set(created_at),
            name: Set(placement.name),
        });
    }

    fn push_specifications(&mut self, planned: &PlannedProduct, product_id: i32) {
        for (position, (key, value)) in planned.specifications.iter().enumerate() {
            self.specifications
                .push(product_specification::ActiveModel {
                    product_id: Set(product_id),
                    name: Set(key.to_string()),
                    value: Set(value.clone()),
                    position: Set(position as i32),
                    ..Default::default()
                });
        }
    }

    /// The whole product in each colour, then a close-up of the first colour.
    fn push_gallery(
        &mut self,
        planned: &PlannedProduct,
        product_id: i32,
        name: &str,
        store: &LocalMediaStore,
    ) {
        let mut gallery: Vec<(String, String)> = planned
            .colours
            .iter()
            .map(|c| {
                (
                    product_image_key(planned.kind, c, 1),
                    format!("{name} in {}", c.name.to_lowercase()),
                )
            })
            .collect();
        if let Some(first) = planned.colours.first() {
            gallery.push((
                product_image_key(planned.kind, first, 2),
                format!("Close-up of the {name}"),
            ));
        }
        for (position, (key, alt)) in gallery.into_iter().enumerate() {
            self.media.push(media::ActiveModel {
                product_id: Set(product_id),
                url: Set(store.url_for(&key)),
                alt: Set(alt),
                width: Set(IMAGE_SIZE),
                height: Set(IMAGE_SIZE),
                position: Set(position as i32),
                ..Default::default()
            });
        }
    }

    fn push_variant(
        &mut self,
        planned: &PlannedProduct,
        planned_variant: &PlannedVariant,
        product_id: i32,
        position: usize,
        currency: Currency,
    ) {
        self.next_variant_id += 1;
        let variant_id = self.next_variant_id;
        self.variants.push(variant::ActiveModel {
            id: Set(variant_id),
            product_id: Set(product_id),
            sku: Set(planned_variant.sku.clone()),
            price_minor: Set(planned_variant.price_minor),
            currency: Set(currency.code().to_string()),
            compare_at_minor: Set(planned_variant.compare_at_minor),
            weight_grams: Set(planned_variant.weight_grams),
            image_position: Set(Some(planned_variant.colour_index as i32)),
            position: Set(position as i32),
        });
        for (axis_position, (axis, value)) in
            planned.axes.iter().zip(&planned_variant.values).enumerate()
        {
            self.option_values.push(variant_option_value::ActiveModel {
                variant_id: Set(variant_id),
                name: Set(axis.name.to_string()),
                value: Set(value.clone()),
                position: Set(axis_position as i32),
                ..Default::default()
            });
        }
        self.push_opening_stock(variant_id, planned_variant);
    }

    /// Each location's level, with the ledger's opening movement that explains it.
    fn push_opening_stock(&mut self, variant_id: i32, planned_variant: &PlannedVariant) {
        for (location_index, on_hand) in planned_variant.stock.iter().enumerate() {
            self.stock.push(stock_level::ActiveModel {
                variant_id: Set(variant_id),
                location_id: Set(location_index as i32 + 1),
                on_hand: Set(*on_hand),
                reserved: Set(0),
                ..Default::default()
            });
            self.movements.push(stock_movement::ActiveModel {
                variant_id: Set(variant_id),
                location_id: Set(location_index as i32 + 1),
                kind: Set(MovementKind::Adjustment.code().to_string()),
                on_hand_change: Set(*on_hand),
                reserved_change: Set(0),
                reason: Set("Opening stock".to_string()),
                actor: Set("system".to_string()),
                reference: Set(None),
                at: Set(chrono::Utc::now().timestamp()),
                ..Default::default()
            });
        }
    }

    pub(super) async fn flush(&mut self, txn: &impl ConnectionTrait) -> Result<(), DbErr> {
        insert_batches::<product::Entity, _>(txn, std::mem::take(&mut self.products)).await?;
        insert_batches::<product_specification::Entity, _>(
            txn,
            std::mem::take(&mut self.specifications),
        )
        .await?;
        insert_batches::<media::Entity, _>(txn, std::mem::take(&mut self.media)).await?;
        insert_batches::<variant::Entity, _>(txn, std::mem::take(&mut self.variants)).await?;
        insert_batches::<variant_option_value::Entity, _>(
            txn,
            std::mem::take(&mut self.option_values),
        )
        .await?;
        insert_batches::<stock_level::Entity, _>(txn, std::mem::take(&mut self.stock)).await?;
        insert_batches::<stock_movement::Entity, _>(txn, std::mem::take(&mut self.movements)).await
    }
}

async fn insert_batches<E, A>(txn: &impl ConnectionTrait, rows: Vec<A>) -> Result<(), DbErr>
where
    E: EntityTrait,
    E::Model: sea_orm::IntoActiveModel<A>,
    A: sea_orm::ActiveModelTrait<Entity = E>,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<A> = rows.by_ref().take(BATCH).collect();
        E::insert_many(batch).exec_without_returning(txn).await?;
    }
    Ok(())
}

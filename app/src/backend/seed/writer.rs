//! Stores the planned demo catalog: one transaction, multi-row inserts in batches, ids chosen
//! up front so child rows can point at their parents without reading anything back.

use chrono::{Duration, Utc};
use indicatif::{ProgressBar, ProgressStyle};
use sea_orm::{
    ActiveValue::Set, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait,
    Statement, TransactionTrait,
};

use super::images::{category_svg, product_image_key, product_svg, IMAGE_SIZE};
use super::plan::{
    self, brand_names, plan_product, sub_categories, PlannedProduct, CATEGORIES, PALETTE,
};
use crate::backend::entities::{
    brand, category, location, media, product, product_specification, stock_level, stock_movement,
    variant, variant_option_value,
};
use crate::backend::media_store::{LocalMediaStore, MediaStoreError};
use crate::domain::{Currency, Slug};
use crate::inventory::domain::MovementKind;

#[derive(Debug, Clone)]
pub struct SeedOptions {
    pub products: usize,
    pub currency: Currency,
    pub show_progress: bool,
}

impl Default for SeedOptions {
    fn default() -> Self {
        SeedOptions {
            products: 240,
            currency: Currency::Eur,
            show_progress: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedSummary {
    pub categories: usize,
    pub brands: usize,
    pub products: usize,
    pub variants: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("the database already holds a catalog; seed an empty database (a new DATABASE_URL)")]
    NotEmpty,
    #[error(transparent)]
    Database(#[from] DbErr),
    #[error(transparent)]
    Media(#[from] MediaStoreError),
}

/// Rows per multi-row INSERT: well under SQLite's 32,766 bound parameters for the widest table.
const BATCH: usize = 500;

/// The demo stock locations, in the order `PlannedVariant::stock` refers to them.
const LOCATIONS: [(&str, &str, &str, &str, &str); 2] = [
    (
        "WH-MAIN",
        "Central warehouse",
        "warehouse",
        "ul. Logistyczna 4",
        "Łódź",
    ),
    (
        "ST-KRK",
        "Kraków store",
        "store",
        "ul. Floriańska 21",
        "Kraków",
    ),
];

pub async fn seed(
    db: &DatabaseConnection,
    media_store: &LocalMediaStore,
    options: &SeedOptions,
) -> Result<SeedSummary, SeedError> {
    if !super::catalog_is_empty(db).await? {
        return Err(SeedError::NotEmpty);
    }
    write_images(media_store)?;

    let txn = db.begin().await?;
    let brands = brand_names();
    brand::Entity::insert_many(
        brands
            .iter()
            .enumerate()
            .map(|(i, name)| brand::ActiveModel {
                id: Set(i as i32 + 1),
                slug: Set(slug_of(name)),
                name: Set(name.to_string()),
            }),
    )
    .exec(&txn)
    .await?;

    let category_ids = insert_categories(&txn, media_store).await?;
    location::Entity::insert_many(LOCATIONS.iter().enumerate().map(
        |(i, (code, name, kind, address, city))| location::ActiveModel {
            id: Set(i as i32 + 1),
            code: Set(code.to_string()),
            name: Set(name.to_string()),
            kind: Set(kind.to_string()),
            address: Set(address.to_string()),
            city: Set(city.to_string()),
            country: Set("PL".to_string()),
            sells_online: Set(true),
            // The warehouse serves online orders first; the store's shelf after it.
            online_rank: Set(i as i32),
        },
    ))
    .exec(&txn)
    .await?;

    let progress = if options.show_progress {
        let bar = ProgressBar::new(options.products as u64);
        if let Ok(style) = ProgressStyle::with_template(
            "{msg:>10} [{bar:40}] {pos}/{len} products ({per_sec}, {eta} left)",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message("seeding");
        bar
    } else {
        ProgressBar::hidden()
    };

    let mut rows = Rows::default();
    let mut slugs = std::collections::HashSet::new();
    let mut variant_count = 0;
    for index in 0..options.products {
        let planned = plan_product(index);
        let product_id = index as i32 + 1;
        let (name, slug) = unique_name(&planned, index, &mut slugs);
        let brand_id = brands
            .iter()
            .position(|b| *b == planned.brand)
            .map(|i| i as i32 + 1);
        rows.add_product(
            &planned,
            product_id,
            name,
            slug,
            brand_id,
            category_ids[planned.sub_category],
            options.currency,
            index < 300 && index % 11 == 0,
            media_store,
        );
        variant_count += planned.variants.len();
        if rows.products.len() >= BATCH {
            rows.flush(&txn).await?;
            progress.set_position(index as u64 + 1);
        }
    }
    rows.flush(&txn).await?;
    reset_id_sequences(&txn).await?;
    super::checkout::insert_demo_coupons(&txn, options.currency).await?;
    crate::backend::change_feed::record_rebuild(&txn)
        .await
        .map_err(|e| sea_orm::DbErr::Custom(e.to_string()))?;
    txn.commit().await?;
    progress.finish_with_message("done");

    Ok(SeedSummary {
        categories: category_ids.len() + CATEGORIES.len(),
        brands: brands.len(),
        products: options.products,
        variants: variant_count,
    })
}

fn slug_of(name: &str) -> String {
    Slug::from_title(name)
        .map(String::from)
        .unwrap_or_else(|_| "item".to_string())
}

/// Large catalogs repeat names; later ones get a series number, so names and slugs stay unique.
fn unique_name(
    planned: &PlannedProduct,
    index: usize,
    slugs: &mut std::collections::HashSet<String>,
) -> (String, String) {
    let mut name = planned.name.clone();
    let mut slug = slug_of(&name);
    let mut series = 2 + index / 1000;
    while !slugs.insert(slug.clone()) {
        name = format!("{} {series}", planned.name);
        slug = slug_of(&name);
        series += 1;
    }
    (name, slug)
}

fn write_images(store: &LocalMediaStore) -> Result<(), MediaStoreError> {
    for kind in plan::Kind::ALL {
        for colour in PALETTE {
            for view in [1, 2] {
                store.put(
                    &product_image_key(kind, colour, view),
                    product_svg(kind, colour, view).as_bytes(),
                )?;
            }
        }
    }
    Ok(())
}

/// Returns the id of each sub-category, in `sub_categories()` order.
async fn insert_categories(
    txn: &impl ConnectionTrait,
    store: &LocalMediaStore,
) -> Result<Vec<i32>, SeedError> {
    let mut models = Vec::new();
    let mut sub_ids = Vec::new();
    let mut next_id = 1;
    for (position, top) in CATEGORIES.iter().enumerate() {
        let top_id = next_id;
        next_id += 1;
        let colour = &PALETTE[position % PALETTE.len()];
        let key = format!("seed/category-{}.svg", top.slug);
        let image_url = store.put(&key, category_svg(top.kind, colour).as_bytes())?;
        models.push(category::ActiveModel {
            id: Set(top_id),
            parent_id: Set(None),
            slug: Set(top.slug.to_string()),
            name: Set(top.name.to_string()),
            description: Set(top.description.to_string()),
            position: Set(position as i32),
            image_url: Set(Some(image_url.clone())),
            seo_title: Set(Some(format!(
                "{} – shop {} online",
                top.name,
                top.name.to_lowercase()
            ))),
            seo_description: Set(Some(top.description.to_string())),
        });
        for (sub_position, sub) in top.children.iter().enumerate() {
            models.push(category::ActiveModel {
                id: Set(next_id),
                parent_id: Set(Some(top_id)),
                slug: Set(sub.slug.to_string()),
                name: Set(sub.name.to_string()),
                description: Set(format!(
                    "{} from our {} range.",
                    sub.name,
                    top.name.to_lowercase()
                )),
                position: Set(sub_position as i32),
                image_url: Set(Some(image_url.clone())),
                seo_title: Set(None),
                seo_description: Set(None),
            });
            sub_ids.push(next_id);
            next_id += 1;
        }
    }
    debug_assert_eq!(sub_ids.len(), sub_categories().len());
    category::Entity::insert_many(models).exec(txn).await?;
    Ok(sub_ids)
}

/// Rows waiting to be written, table by table.
#[derive(Default)]
struct Rows {
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

impl Rows {
    #[allow(clippy::too_many_arguments)]
    fn add_product(
        &mut self,
        planned: &PlannedProduct,
        product_id: i32,
        name: String,
        slug: String,
        brand_id: Option<i32>,
        category_id: i32,
        currency: Currency,
        featured: bool,
        store: &LocalMediaStore,
    ) {
        let created_at = Utc::now()
            - Duration::days(planned.days_old)
            - Duration::minutes(product_id as i64 % 1440);
        let min_price = planned
            .variants
            .iter()
            .map(|v| v.price_minor)
            .min()
            .unwrap_or(0);
        self.products.push(product::ActiveModel {
            id: Set(product_id),
            slug: Set(slug),
            description: Set(planned.description.clone()),
            category_id: Set(category_id),
            brand_id: Set(brand_id),
            min_price_minor: Set(min_price),
            currency: Set(currency.code().to_string()),
            seo_title: Set(None),
            seo_description: Set(None),
            video_url: Set(None),
            published: Set(planned.published),
            featured: Set(featured),
            // Books carry the reduced VAT rate in most of Europe.
            tax_class: Set(if matches!(planned.kind, super::plan::Kind::Books) {
                "reduced"
            } else {
                "standard"
            }
            .to_string()),
            created_at: Set(created_at),
            updated_at: Set(created_at),
            name: Set(name.clone()),
        });
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
        // Gallery: the whole product in each colour, then a close-up of the first colour.
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
        for (position, planned_variant) in planned.variants.iter().enumerate() {
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
    }

    async fn flush(&mut self, txn: &impl ConnectionTrait) -> Result<(), DbErr> {
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

/// Rows were written with explicit ids; PostgreSQL's sequences must be moved past them or the
/// next ordinary insert would collide. SQLite derives the next id from the table itself.
async fn reset_id_sequences(txn: &impl ConnectionTrait) -> Result<(), DbErr> {
    if txn.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    for table in ["brands", "categories", "locations", "products", "variants"] {
        let sql = format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
        );
        txn.execute(Statement::from_string(DbBackend::Postgres, sql))
            .await?;
    }
    Ok(())
}

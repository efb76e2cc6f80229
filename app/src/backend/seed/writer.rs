//! Stores the planned demo catalog: one transaction, multi-row inserts in batches, ids chosen
//! up front so child rows can point at their parents without reading anything back.

use indicatif::{ProgressBar, ProgressStyle};
use sea_orm::{
    ActiveValue::Set, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait,
    Statement, TransactionTrait,
};

use super::images::{category_svg, product_image_key, product_svg};
use super::plan::{
    self, brand_names, plan_product, sub_categories, PlannedProduct, CATEGORIES, PALETTE,
};
use super::rows::{Placement, Rows};
use crate::backend::entities::{brand, category, location};
use crate::backend::media_store::{LocalMediaStore, MediaStoreError};
use crate::domain::{Currency, Slug};

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
    insert_brands(&txn, &brands).await?;
    let category_ids = insert_categories(&txn, media_store).await?;
    insert_locations(&txn).await?;
    let progress = progress_bar(options);
    let variants = insert_products(
        &txn,
        media_store,
        options,
        Parents {
            brands: &brands,
            categories: &category_ids,
        },
        &progress,
    )
    .await?;
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
        variants,
    })
}

async fn insert_brands(txn: &impl ConnectionTrait, brands: &[&str]) -> Result<(), DbErr> {
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
    .exec(txn)
    .await?;
    Ok(())
}

async fn insert_locations(txn: &impl ConnectionTrait) -> Result<(), DbErr> {
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
    .exec(txn)
    .await?;
    Ok(())
}

/// A bar on the terminal for `mercato seed`; nothing when seeding on a first start.
fn progress_bar(options: &SeedOptions) -> ProgressBar {
    if !options.show_progress {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(options.products as u64);
    if let Ok(style) = ProgressStyle::with_template(
        "{msg:>10} [{bar:40}] {pos}/{len} products ({per_sec}, {eta} left)",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message("seeding");
    bar
}

/// The rows products point at: brands by their position in `brand_names()`, sub-categories by
/// their position in `sub_categories()`.
struct Parents<'a> {
    brands: &'a [&'a str],
    categories: &'a [i32],
}

/// Plans and writes every product, a batch at a time. Returns how many variants were made.
async fn insert_products(
    txn: &impl ConnectionTrait,
    media_store: &LocalMediaStore,
    options: &SeedOptions,
    parents: Parents<'_>,
    progress: &ProgressBar,
) -> Result<usize, DbErr> {
    let mut rows = Rows::default();
    let mut slugs = std::collections::HashSet::new();
    let mut variant_count = 0;
    for index in 0..options.products {
        let planned = plan_product(index);
        let (name, slug) = unique_name(&planned, index, &mut slugs);
        let placement = Placement {
            product_id: index as i32 + 1,
            name,
            slug,
            brand_id: parents
                .brands
                .iter()
                .position(|b| *b == planned.brand)
                .map(|i| i as i32 + 1),
            category_id: parents.categories[planned.sub_category],
            featured: index < 300 && index % 11 == 0,
        };
        rows.add_product(&planned, placement, options.currency, media_store);
        variant_count += planned.variants.len();
        if rows.is_full() {
            rows.flush(txn).await?;
            progress.set_position(index as u64 + 1);
        }
    }
    rows.flush(txn).await?;
    Ok(variant_count)
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

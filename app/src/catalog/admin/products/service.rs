//! The products list and its bulk actions. A page of the list is five queries whatever its
//! length; the stock filter is a subquery over the online locations' stock levels.

use std::collections::HashMap;

use sea_orm::sea_query::{Expr, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
};
use serde::Serialize;

use super::model::{
    Choices, ProductFilter, ProductListing, ProductRow, StockState, PRODUCTS_PER_PAGE,
};
use crate::audit;
use crate::backend::auth::Actor;
use crate::backend::db::{contains_text, sum_as_bigint};
use crate::backend::entities::{brand, category, location, product, stock_level, variant};
use crate::backend::AppState;
use crate::domain::{page_count, page_offset, Currency, Money, PageNumber};
use crate::error::AppError;
use crate::inventory::domain::Availability;

pub fn filter_from(pairs: &[(String, String)]) -> ProductFilter {
    let mut filter = ProductFilter {
        page: 1,
        ..Default::default()
    };
    for (key, value) in pairs {
        let value = value.trim().chars().take(200).collect::<String>();
        match key.as_str() {
            "text" => filter.text = value,
            "category" => filter.category = value,
            "brand" => filter.brand = value,
            "published" if value == "yes" || value == "no" => filter.published = value,
            "stock" if StockState::from_code(&value).is_some() => filter.stock = value,
            "page" => filter.page = PageNumber::parse(&value).map_or(1, |p| u64::from(p.get())),
            _ => {}
        }
    }
    filter
}

/// The products with more than `threshold` units available online over all their variants.
fn more_than(threshold: i64) -> SelectStatement {
    let available = sum_as_bigint(
        Expr::col((stock_level::Entity, stock_level::Column::OnHand)).sub(Expr::col((
            stock_level::Entity,
            stock_level::Column::Reserved,
        ))),
    );
    Query::select()
        .column((variant::Entity, variant::Column::ProductId))
        .from(stock_level::Entity)
        .inner_join(
            variant::Entity,
            Expr::col((variant::Entity, variant::Column::Id))
                .equals((stock_level::Entity, stock_level::Column::VariantId)),
        )
        .inner_join(
            location::Entity,
            Expr::col((location::Entity, location::Column::Id))
                .equals((stock_level::Entity, stock_level::Column::LocationId)),
        )
        .and_where(Expr::col((location::Entity, location::Column::SellsOnline)).eq(true))
        .group_by_col((variant::Entity, variant::Column::ProductId))
        .and_having(Expr::expr(available).gt(threshold))
        .to_owned()
}

fn select(
    filter: &ProductFilter,
    category_id: Option<i32>,
    brand_id: Option<i32>,
) -> Select<product::Entity> {
    let mut select = product::Entity::find();
    if !filter.text.is_empty() {
        let sku_owners = Query::select()
            .column(variant::Column::ProductId)
            .from(variant::Entity)
            .and_where(Expr::col(variant::Column::Sku).eq(filter.text.to_uppercase()))
            .to_owned();
        select = select.filter(
            sea_orm::Condition::any()
                .add(contains_text(product::Column::Name, &filter.text))
                .add(contains_text(product::Column::Slug, &filter.text))
                .add(product::Column::Id.in_subquery(sku_owners)),
        );
    }
    if let Some(id) = category_id {
        select = select.filter(product::Column::CategoryId.eq(id));
    }
    if let Some(id) = brand_id {
        select = select.filter(product::Column::BrandId.eq(id));
    }
    match filter.published.as_str() {
        "yes" => select = select.filter(product::Column::Published.eq(true)),
        "no" => select = select.filter(product::Column::Published.eq(false)),
        _ => {}
    }
    let low = Availability::LOW_STOCK_THRESHOLD;
    match StockState::from_code(&filter.stock) {
        Some(StockState::InStock) => {
            select = select.filter(product::Column::Id.in_subquery(more_than(low)))
        }
        Some(StockState::Low) => {
            select = select
                .filter(product::Column::Id.in_subquery(more_than(0)))
                .filter(product::Column::Id.not_in_subquery(more_than(low)))
        }
        Some(StockState::Out) => {
            select = select.filter(product::Column::Id.not_in_subquery(more_than(0)))
        }
        None => {}
    }
    select
}

/// The shop's categories and brands, read once for a page.
pub struct Vocabulary {
    categories: Vec<category::Model>,
    brands: Vec<brand::Model>,
}

impl Vocabulary {
    pub async fn load(state: &AppState) -> Result<Vocabulary, AppError> {
        Ok(Vocabulary {
            categories: category::Entity::find()
                .order_by_asc(category::Column::Name)
                .all(&state.db)
                .await?,
            brands: brand::Entity::find()
                .order_by_asc(brand::Column::Name)
                .all(&state.db)
                .await?,
        })
    }

    pub fn category_choices(&self) -> Choices {
        self.categories
            .iter()
            .map(|c| (c.slug.clone(), c.name.clone()))
            .collect()
    }

    pub fn brand_choices(&self) -> Choices {
        self.brands
            .iter()
            .map(|b| (b.slug.clone(), b.name.clone()))
            .collect()
    }

    pub fn category(&self, id: i32) -> Option<&category::Model> {
        self.categories.iter().find(|c| c.id == id)
    }

    pub fn brand(&self, id: i32) -> Option<&brand::Model> {
        self.brands.iter().find(|b| b.id == id)
    }

    /// The id of the category with `slug`; an unknown slug matches nothing (-1), none all.
    fn category_filter(&self, slug: &str) -> Option<i32> {
        (!slug.is_empty()).then(|| {
            self.categories
                .iter()
                .find(|c| c.slug == slug)
                .map_or(-1, |c| c.id)
        })
    }

    fn brand_filter(&self, slug: &str) -> Option<i32> {
        (!slug.is_empty()).then(|| {
            self.brands
                .iter()
                .find(|b| b.slug == slug)
                .map_or(-1, |b| b.id)
        })
    }
}

/// One page of the products list, with the filter's choices.
pub async fn list(
    state: &AppState,
    pairs: &[(String, String)],
) -> Result<ProductListing, AppError> {
    let filter = filter_from(pairs);
    let vocabulary = Vocabulary::load(state).await?;
    let query = select(
        &filter,
        vocabulary.category_filter(&filter.category),
        vocabulary.brand_filter(&filter.brand),
    );
    let matching = query.clone().count(&state.db).await?;
    let products = query
        .order_by_desc(product::Column::UpdatedAt)
        .order_by_desc(product::Column::Id)
        .offset(page_offset(filter.page, PRODUCTS_PER_PAGE))
        .limit(PRODUCTS_PER_PAGE)
        .all(&state.db)
        .await?;
    let ids: Vec<i32> = products.iter().map(|p| p.id).collect();
    let variant_counts = variant_counts(&state.db, &ids).await?;
    let available = available_per_product(&state.db, ids).await?;
    let rows = products
        .into_iter()
        .map(|p| row_of(p, &vocabulary, &variant_counts, &available))
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(ProductListing {
        pages: u64::from(page_count(matching, PRODUCTS_PER_PAGE as u32)),
        matching,
        filter,
        rows,
        categories: vocabulary.category_choices(),
        brands: vocabulary.brand_choices(),
    })
}

/// How many variants each of the products has.
async fn variant_counts<C: ConnectionTrait>(
    db: &C,
    ids: &[i32],
) -> Result<HashMap<i32, i64>, AppError> {
    Ok(variant::Entity::find()
        .select_only()
        .column(variant::Column::ProductId)
        .column_as(variant::Column::Id.count(), "n")
        .filter(variant::Column::ProductId.is_in(ids.to_vec()))
        .group_by(variant::Column::ProductId)
        .into_tuple::<(i32, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// The units available online of each product, over all its variants.
async fn available_per_product<C: ConnectionTrait>(
    db: &C,
    ids: Vec<i32>,
) -> Result<HashMap<i32, i64>, AppError> {
    let variant_owner: HashMap<i32, i32> = variant::Entity::find()
        .select_only()
        .columns([variant::Column::Id, variant::Column::ProductId])
        .filter(variant::Column::ProductId.is_in(ids))
        .into_tuple::<(i32, i32)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let available =
        crate::inventory::available_online(db, &variant_owner.keys().copied().collect::<Vec<_>>())
            .await?;
    let mut per_product: HashMap<i32, i64> = HashMap::new();
    for (variant_id, units) in available {
        if let Some(owner) = variant_owner.get(&variant_id) {
            *per_product.entry(*owner).or_default() += units;
        }
    }
    Ok(per_product)
}

fn row_of(
    p: product::Model,
    vocabulary: &Vocabulary,
    variant_counts: &HashMap<i32, i64>,
    available: &HashMap<i32, i64>,
) -> Result<ProductRow, AppError> {
    let currency = Currency::parse(&p.currency).map_err(AppError::internal)?;
    Ok(ProductRow {
        variants: u32::try_from(variant_counts.get(&p.id).copied().unwrap_or(0)).unwrap_or(0),
        available: available.get(&p.id).copied().unwrap_or(0),
        category: vocabulary
            .category(p.category_id)
            .map(|c| c.name.clone())
            .unwrap_or_default(),
        brand: p
            .brand_id
            .and_then(|b| vocabulary.brand(b))
            .map(|b| b.name.clone())
            .unwrap_or_default(),
        price_from: Money::from_minor(p.min_price_minor, currency),
        id: p.id,
        name: p.name,
        slug: p.slug,
        published: p.published,
    })
}

#[derive(Serialize)]
struct BulkRecord<'a> {
    action: &'a str,
    products: &'a [i32],
    #[serde(skip_serializing_if = "str::is_empty")]
    category: &'a str,
}

/// Publishes, unpublishes or moves products, all or none, and tells the search index.
pub async fn bulk(
    state: &AppState,
    actor: &Actor,
    ids: &[i32],
    action: &str,
    category_slug: &str,
) -> Result<u64, AppError> {
    if ids.is_empty() {
        return Err(AppError::validation(
            "ids",
            "Tick at least one product first.",
        ));
    }
    if ids.len() > 1_000 {
        return Err(AppError::validation(
            "ids",
            "Change at most 1,000 products at once.",
        ));
    }
    let txn = crate::backend::db::begin_write(&state.db).await?;
    let mut update = product::Entity::update_many()
        .col_expr(product::Column::UpdatedAt, Expr::value(chrono::Utc::now()));
    update = match action {
        "publish" => update.col_expr(product::Column::Published, Expr::value(true)),
        "unpublish" => update.col_expr(product::Column::Published, Expr::value(false)),
        "move" => {
            let target = category::Entity::find()
                .filter(category::Column::Slug.eq(category_slug.trim()))
                .one(&txn)
                .await?
                .ok_or_else(|| {
                    AppError::validation("category", "Choose the category to move the products to.")
                })?;
            update.col_expr(product::Column::CategoryId, Expr::value(target.id))
        }
        _ => {
            return Err(AppError::validation(
                "action",
                "Choose what to do with the ticked products.",
            ))
        }
    };
    let changed = update
        .filter(product::Column::Id.is_in(ids.to_vec()))
        .exec(&txn)
        .await?
        .rows_affected;
    crate::backend::change_feed::record_products(&txn, ids).await?;
    audit::record_after(
        &txn,
        actor,
        "products.bulk",
        &format!("{changed} products"),
        &BulkRecord {
            action,
            products: ids,
            category: category_slug.trim(),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(changed)
}

//! Importing and exporting the catalog as CSV (the format is in `csv.rs`).
//!
//! An import checks every row first: the rules of each product, then what only the database
//! knows (categories, brands, SKUs of other products, stock that orders hold), then writes in one
//! transaction: with "all or nothing" a single problem leaves the catalog untouched; with "valid
//! only" the products with problems are skipped and reported, the rest are written.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::Json;
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};
use serde::Deserialize;

use super::csv::{self as format, COLUMNS, STOCK_PREFIX};
use super::model::ImportReport;
use crate::audit;
use crate::backend::auth::{require_in_headers, Actor};
use crate::backend::entities::{
    brand, category, location, product, product_specification, stock_level, variant,
    variant_option_value,
};
use crate::backend::AppState;
use crate::domain::{Currency, Money, Permission};
use crate::error::AppError;

pub async fn import(
    state: &AppState,
    actor: &Actor,
    bytes: &[u8],
    valid_only: bool,
) -> Result<ImportReport, AppError> {
    let currency = state.site.currency;
    let file = format::read(bytes, currency);
    let mut problems = file.problems;
    let mut report = ImportReport {
        rows: file.rows,
        products: file.products.len() as u64 + file.rejected,
        created: 0,
        updated: 0,
        skipped: file.rejected,
        problems: Vec::new(),
        imported: false,
    };
    // The products that pass the rules go through the database's checks too (in a transaction
    // that is rolled back unless everything may be written), so one pass reports everything.
    let txn = crate::backend::db::begin_write(&state.db).await?;
    let existing: HashMap<String, i32> = product::Entity::find()
        .all(&txn)
        .await?
        .into_iter()
        .map(|p| (p.slug, p.id))
        .collect();
    for item in &file.products {
        let id = existing.get(item.draft.slug.as_str()).copied();
        match super::save::write(&txn, actor, id, &item.draft, currency).await {
            Ok(_) if id.is_some() => report.updated += 1,
            Ok(_) => report.created += 1,
            Err(AppError::Invalid(found)) => {
                report.skipped += 1;
                problems.extend(format::locate_all(&found, &item.lines, &file.stock_columns));
            }
            Err(other) => return Err(other),
        }
    }
    problems.sort_by(|a, b| (a.line, &a.column).cmp(&(b.line, &b.column)));
    if !problems.is_empty() && !valid_only {
        // Nothing is committed: dropping the transaction rolls every product back.
        report.created = 0;
        report.updated = 0;
        report.skipped = 0;
        report.problems = problems;
        return Ok(report);
    }
    let written = report.created + report.updated;
    audit::record_after(
        &txn,
        actor,
        "products.import",
        &format!("{written} products from {} rows", report.rows),
        &(report.created, report.updated, report.skipped),
    )
    .await?;
    txn.commit().await?;
    report.problems = problems;
    report.imported = written > 0;
    Ok(report)
}

/// Every product, one row per variant, in the import's format.
pub async fn export(state: &AppState) -> Result<String, AppError> {
    let catalog = Catalog::load(&state.db).await?;
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
    header.extend(
        catalog
            .places
            .iter()
            .map(|p| format!("{STOCK_PREFIX}{}", p.code)),
    );
    out.write_record(&header).map_err(AppError::internal)?;
    for p in &catalog.products {
        let currency = Currency::parse(&p.currency).map_err(AppError::internal)?;
        for (i, v) in catalog
            .variants
            .get(&p.id)
            .into_iter()
            .flatten()
            .enumerate()
        {
            out.write_record(catalog.row(p, i == 0, v, currency))
                .map_err(AppError::internal)?;
        }
    }
    let bytes = out.into_inner().map_err(AppError::internal)?;
    String::from_utf8(bytes).map_err(AppError::internal)
}

/// The whole catalog as the export writes it, read in one query per table.
struct Catalog {
    places: Vec<location::Model>,
    /// Category id → slug.
    categories: HashMap<i32, String>,
    /// Brand id → slug.
    brands: HashMap<i32, String>,
    products: Vec<product::Model>,
    /// Product id → (name, value), in order.
    specs: HashMap<i32, Vec<(String, String)>>,
    /// Product id → its variants, in order.
    variants: HashMap<i32, Vec<variant::Model>>,
    /// Variant id → "Name: value", in order.
    options: HashMap<i32, Vec<String>>,
    /// (variant id, location id) → units on hand.
    levels: HashMap<(i32, i32), i32>,
}

impl Catalog {
    async fn load<C: ConnectionTrait>(db: &C) -> Result<Catalog, AppError> {
        let places = location::Entity::find()
            .order_by_asc(location::Column::Id)
            .all(db)
            .await?;
        let categories: HashMap<i32, String> = category::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c.slug))
            .collect();
        let brands: HashMap<i32, String> = brand::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|b| (b.id, b.slug))
            .collect();
        let products = product::Entity::find()
            .order_by_asc(product::Column::Id)
            .all(db)
            .await?;
        let mut specs: HashMap<i32, Vec<(String, String)>> = HashMap::new();
        for s in product_specification::Entity::find()
            .order_by_asc(product_specification::Column::Position)
            .all(db)
            .await?
        {
            specs
                .entry(s.product_id)
                .or_default()
                .push((s.name, s.value));
        }
        let mut variants: HashMap<i32, Vec<variant::Model>> = HashMap::new();
        for v in variant::Entity::find()
            .order_by_asc(variant::Column::Position)
            .order_by_asc(variant::Column::Id)
            .all(db)
            .await?
        {
            variants.entry(v.product_id).or_default().push(v);
        }
        let mut options: HashMap<i32, Vec<String>> = HashMap::new();
        for o in variant_option_value::Entity::find()
            .order_by_asc(variant_option_value::Column::Position)
            .all(db)
            .await?
        {
            options
                .entry(o.variant_id)
                .or_default()
                .push(format!("{}: {}", o.name, o.value));
        }
        let levels: HashMap<(i32, i32), i32> = stock_level::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|l| ((l.variant_id, l.location_id), l.on_hand))
            .collect();
        Ok(Catalog {
            places,
            categories,
            brands,
            products,
            specs,
            variants,
            options,
            levels,
        })
    }

    /// The row of variant `v` of product `p`: the product's own fields only on its `first` row.
    fn row(
        &self,
        p: &product::Model,
        first: bool,
        v: &variant::Model,
        currency: Currency,
    ) -> Vec<String> {
        let decimal = |minor: i64| Money::from_minor(minor, currency).to_decimal_string();
        let own = |text: String| if first { text } else { String::new() };
        let mut row = vec![
            p.slug.clone(),
            own(p.name.clone()),
            own(p.description.clone()),
            own(self
                .categories
                .get(&p.category_id)
                .cloned()
                .unwrap_or_default()),
            own(p
                .brand_id
                .and_then(|b| self.brands.get(&b).cloned())
                .unwrap_or_default()),
            own(if p.published { "yes" } else { "no" }.to_string()),
            own(p.tax_class.clone()),
            own(p.seo_title.clone().unwrap_or_default()),
            own(p.seo_description.clone().unwrap_or_default()),
            own(p.video_url.clone().unwrap_or_default()),
            own(format::specifications_text(
                self.specs.get(&p.id).map_or(&[][..], Vec::as_slice),
            )),
            v.sku.clone(),
            self.options
                .get(&v.id)
                .map(|o| o.join(", "))
                .unwrap_or_default(),
            decimal(v.price_minor),
            v.compare_at_minor.map(decimal).unwrap_or_default(),
            v.weight_grams.to_string(),
        ];
        row.extend(self.places.iter().map(|place| {
            self.levels
                .get(&(v.id, place.id))
                .copied()
                .unwrap_or(0)
                .to_string()
        }));
        row
    }
}

#[derive(Deserialize)]
pub struct ImportQuery {
    #[serde(default)]
    mode: String,
}

/// `POST /api/admin/products/import?mode=all|valid` with the CSV file as the body.
pub async fn import_route(
    State(state): State<AppState>,
    Query(query): Query<ImportQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let done = async {
        let actor = require_in_headers(&state, &headers, Permission::EditProducts).await?;
        import(&state, &actor, &body, query.mode == "valid").await
    };
    match done.await {
        Ok(report) => Json(report).into_response(),
        Err(error) => error.into_json_response(),
    }
}

/// `GET /admin/products/export.csv`: the whole catalog as a download.
pub async fn export_route(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let done = async {
        require_in_headers(&state, &headers, Permission::ViewCatalog).await?;
        export(&state).await
    };
    match done.await {
        Ok(text) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"products.csv\"",
                ),
            ],
            text,
        )
            .into_response(),
        Err(error) => error.into_json_response(),
    }
}

//! Axum handlers for the sitemap files and robots.txt.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

use super::sitemap::{
    in_every_language, robots_txt, sitemap_index, url_set, SitemapEntry, PRODUCTS_PER_SITEMAP,
};
use crate::backend::entities::product;
use crate::backend::AppState;
use crate::catalog::service::CategoryTree;
use crate::domain::PageNumber;
use crate::error::AppError;

fn xml(body: String) -> Response {
    (
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        body,
    )
        .into_response()
}

pub async fn robots(State(state): State<AppState>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        robots_txt(&state.site.site_url),
    )
        .into_response()
}

/// `/sitemap.xml`: an index of the page sitemap and as many product sitemaps as needed.
pub async fn index(State(state): State<AppState>) -> Result<Response, AppError> {
    let count = product::Entity::find()
        .filter(product::Column::Published.eq(true))
        .count(&state.db)
        .await?;
    let files = count.div_ceil(PRODUCTS_PER_SITEMAP).max(1);
    let file = |path: String| SitemapEntry {
        location: state.site.absolute(&path),
        last_modified: None,
        alternates: Vec::new(),
    };
    let mut entries = vec![file("/sitemaps/pages.xml".into())];
    entries.extend((1..=files).map(|n| file(format!("/sitemaps/products-{n}.xml"))));
    Ok(xml(sitemap_index(&entries)))
}

/// `/sitemaps/pages.xml`: the home page and every category, in every language.
pub async fn pages(State(state): State<AppState>) -> Result<Response, AppError> {
    let tree = CategoryTree::load(&state.db).await?;
    let site = &state.site.site_url;
    let mut entries = in_every_language(site, "/", None);
    for category in tree.all() {
        entries.extend(in_every_language(
            site,
            &format!("/c/{}", category.slug),
            None,
        ));
    }
    Ok(xml(url_set(&entries)))
}

/// `/sitemaps/{file}` where file is `products-N.xml`.
pub async fn products(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    let no_such_sitemap = || AppError::not_found("this sitemap");
    let number = file
        .strip_prefix("products-")
        .and_then(|rest| rest.strip_suffix(".xml"))
        .and_then(PageNumber::parse)
        .ok_or_else(no_such_sitemap)?;
    let rows: Vec<(String, chrono::DateTime<chrono::Utc>)> = product::Entity::find()
        .filter(product::Column::Published.eq(true))
        .select_only()
        .column(product::Column::Slug)
        .column(product::Column::UpdatedAt)
        .order_by_asc(product::Column::Id)
        .offset(number.offset(PRODUCTS_PER_SITEMAP))
        .limit(PRODUCTS_PER_SITEMAP)
        .into_tuple()
        .all(&state.db)
        .await?;
    if rows.is_empty() && number != PageNumber::FIRST {
        return Err(no_such_sitemap());
    }
    let entries: Vec<SitemapEntry> = rows
        .into_iter()
        .flat_map(|(slug, updated)| {
            let last_modified = Some(updated.format("%Y-%m-%d").to_string());
            in_every_language(&state.site.site_url, &format!("/p/{slug}"), last_modified)
        })
        .collect();
    Ok(xml(url_set(&entries)))
}

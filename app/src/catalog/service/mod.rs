//! Reading the catalog for the storefront. Every listing is a fixed, small number of queries
//! whatever its length (no query per product): the home page and category pages here, listing
//! cards in `cards`, the product page in `product_view`, and the category tree in `tree`.

mod cards;
mod product_view;
mod tree;

use std::collections::HashMap;

use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, Order, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::model::{CategoryLink, CategoryTile, CategoryView, HomeView, Image};
use crate::backend::entities::{category, media, product};
use crate::backend::SiteConfig;
use crate::domain::{page_count, Currency, ListingQuery, Paged, ProductSort};
use crate::error::AppError;

pub use cards::cards;
pub use product_view::product_page;
pub use tree::CategoryTree;

pub const PRODUCTS_PER_PAGE: u32 = 24;
const HOME_SHELF: u64 = 8;

pub async fn home(db: &DatabaseConnection, site: &SiteConfig) -> Result<HomeView, AppError> {
    let tree = CategoryTree::load(db).await?;
    let counts = published_counts_by_category(db).await?;
    let categories = tree
        .children_of(None)
        .into_iter()
        .map(|top| {
            let product_count = tree
                .subtree_ids(top.id)
                .iter()
                .map(|id| counts.get(id).copied().unwrap_or(0))
                .sum();
            CategoryTile {
                link: link(top),
                description: top.description.clone(),
                image: top.image_url.clone().map(|url| Image {
                    url,
                    alt: String::new(),
                    width: 800,
                    height: 800,
                }),
                product_count,
            }
        })
        .collect();

    let featured = product::Entity::find()
        .filter(product::Column::Published.eq(true))
        .filter(product::Column::Featured.eq(true))
        .order_by_desc(product::Column::CreatedAt)
        .limit(HOME_SHELF)
        .all(db)
        .await?;
    let newest = product::Entity::find()
        .filter(product::Column::Published.eq(true))
        .order_by_desc(product::Column::CreatedAt)
        .order_by_desc(product::Column::Id)
        .limit(HOME_SHELF)
        .all(db)
        .await?;
    Ok(HomeView {
        canonical_url: site.absolute("/"),
        categories,
        featured: cards(db, featured).await?,
        newest: cards(db, newest).await?,
    })
}

pub async fn top_categories(db: &DatabaseConnection) -> Result<Vec<CategoryLink>, AppError> {
    let tree = CategoryTree::load(db).await?;
    Ok(tree.children_of(None).into_iter().map(link).collect())
}

pub async fn category_page(
    db: &DatabaseConnection,
    site: &SiteConfig,
    slug: &str,
    query: ListingQuery,
) -> Result<CategoryView, AppError> {
    let tree = CategoryTree::load(db).await?;
    let category = tree
        .by_slug(slug)
        .ok_or_else(|| AppError::not_found("this category"))?;
    let ids = tree.subtree_ids(category.id);
    let listed = || {
        product::Entity::find()
            .filter(product::Column::Published.eq(true))
            .filter(product::Column::CategoryId.is_in(ids.clone()))
    };
    let total = listed().count(db).await?;
    let pages = page_count(total, PRODUCTS_PER_PAGE);
    let page = query.page.get();
    if page > pages {
        return Err(AppError::not_found(format!(
            "page {page} of {} (it has {pages} page{})",
            category.name,
            if pages == 1 { "" } else { "s" }
        )));
    }
    let (column, order) = match query.sort {
        ProductSort::Newest => (product::Column::CreatedAt, Order::Desc),
        ProductSort::PriceLowToHigh => (product::Column::MinPriceMinor, Order::Asc),
        ProductSort::PriceHighToLow => (product::Column::MinPriceMinor, Order::Desc),
        ProductSort::Name => (product::Column::Name, Order::Asc),
    };
    let rows = listed()
        .order_by(column, order.clone())
        .order_by(product::Column::Id, order)
        .offset(query.offset(PRODUCTS_PER_PAGE))
        .limit(u64::from(PRODUCTS_PER_PAGE))
        .all(db)
        .await?;

    let mut path = format!("/c/{}", category.slug);
    if page > 1 {
        path.push_str(&format!("?page={page}"));
    }
    Ok(CategoryView {
        category: link(category),
        description: category.description.clone(),
        seo_title: category
            .seo_title
            .clone()
            .unwrap_or_else(|| category.name.clone()),
        seo_description: category
            .seo_description
            .clone()
            .unwrap_or_else(|| summary(&category.description)),
        ancestors: tree.ancestors(category).into_iter().map(link).collect(),
        children: tree
            .children_of(Some(category.id))
            .into_iter()
            .map(link)
            .collect(),
        sort: query.sort,
        products: Paged {
            items: cards(db, rows).await?,
            page,
            per_page: PRODUCTS_PER_PAGE,
            total,
        },
        canonical_url: site.absolute(&path),
    })
}

async fn published_counts_by_category(
    db: &DatabaseConnection,
) -> Result<HashMap<i32, u64>, AppError> {
    let rows: Vec<(i32, i64)> = product::Entity::find()
        .select_only()
        .column(product::Column::CategoryId)
        .column_as(product::Column::Id.count(), "n")
        .filter(product::Column::Published.eq(true))
        .group_by(product::Column::CategoryId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, n)| (id, u64::try_from(n).unwrap_or(0)))
        .collect())
}

fn currency_of(code: &str) -> Result<Currency, AppError> {
    Currency::parse(code).map_err(AppError::internal)
}

/// A stored picture as pages show it (the cart shows the same).
pub(crate) fn image(m: media::Model) -> Image {
    Image {
        url: m.url,
        alt: m.alt,
        width: m.width,
        height: m.height,
    }
}

fn link(c: &category::Model) -> CategoryLink {
    CategoryLink {
        slug: c.slug.clone(),
        name: c.name.clone(),
    }
}

/// A meta description from running text: the first sentences that fit in 155 characters.
fn summary(text: &str) -> String {
    const LIMIT: usize = 155;
    if text.chars().count() <= LIMIT {
        return text.to_string();
    }
    let cut: String = text.chars().take(LIMIT - 1).collect();
    match cut.rfind(". ") {
        Some(end) if end > 60 => cut[..=end].to_string(),
        _ => format!("{}…", cut.trim_end()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_fit_a_meta_description() {
        assert_eq!(summary("Short."), "Short.");
        let long = "A sentence that is long enough to matter here. ".repeat(10);
        let s = summary(&long);
        assert!(s.chars().count() <= 155 && s.ends_with('.'), "{s}");
    }
}

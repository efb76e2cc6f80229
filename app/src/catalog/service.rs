//! Reading the catalog for the storefront. Every listing is a fixed, small number of queries
//! whatever its length (no query per product).

use std::collections::HashMap;

use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, Order, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::model::{
    CategoryLink, CategoryTile, CategoryView, HomeView, Image, OptionAxis, ProductCard,
    ProductView, QuickAdd, VariantView,
};
use crate::backend::entities::{
    brand, category, media, product, product_specification, variant, variant_option_value,
};
use crate::backend::SiteConfig;
use crate::domain::{page_count, Currency, ListingQuery, Money, Paged, ProductSort};
use crate::error::AppError;
use crate::inventory::domain::Availability;

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

pub async fn product_page(
    db: &DatabaseConnection,
    site: &SiteConfig,
    slug: &str,
) -> Result<ProductView, AppError> {
    let not_found = || AppError::not_found("this product");
    let row = product::Entity::find()
        .filter(product::Column::Slug.eq(slug))
        .filter(product::Column::Published.eq(true))
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    let brand = match row.brand_id {
        Some(id) => brand::Entity::find_by_id(id).one(db).await?.map(|b| b.name),
        None => None,
    };
    let tree = CategoryTree::load(db).await?;
    let categories = match tree.by_id(row.category_id) {
        Some(own) => {
            let mut trail: Vec<CategoryLink> = tree.ancestors(own).into_iter().map(link).collect();
            trail.push(link(own));
            trail
        }
        None => vec![],
    };
    let specifications = product_specification::Entity::find()
        .filter(product_specification::Column::ProductId.eq(row.id))
        .order_by_asc(product_specification::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.name, s.value))
        .collect();
    let media_rows = media::Entity::find()
        .filter(media::Column::ProductId.eq(row.id))
        .order_by_asc(media::Column::Position)
        .all(db)
        .await?;
    let variants = variant::Entity::find()
        .filter(variant::Column::ProductId.eq(row.id))
        .order_by_asc(variant::Column::Position)
        .order_by_asc(variant::Column::Id)
        .all(db)
        .await?;
    let variant_ids: Vec<i32> = variants.iter().map(|v| v.id).collect();
    let option_values = variant_option_value::Entity::find()
        .filter(variant_option_value::Column::VariantId.is_in(variant_ids.clone()))
        .order_by_asc(variant_option_value::Column::Position)
        .all(db)
        .await?;
    let available = crate::inventory::available_online(db, &variant_ids).await?;

    let axes = axes_of(&variants, &option_values);
    let mut values_by_variant: HashMap<i32, Vec<(String, String)>> = HashMap::new();
    for ov in option_values {
        values_by_variant
            .entry(ov.variant_id)
            .or_default()
            .push((ov.name, ov.value));
    }
    let mut variant_views = Vec::with_capacity(variants.len());
    for v in &variants {
        let currency = currency_of(&v.currency)?;
        let own = values_by_variant.remove(&v.id).unwrap_or_default();
        let values = axes
            .iter()
            .map(|axis| {
                own.iter()
                    .find(|(name, _)| *name == axis.name)
                    .map(|(_, value)| value.clone())
                    .unwrap_or_default()
            })
            .collect();
        variant_views.push(VariantView {
            sku: v.sku.clone(),
            values,
            price: Money::from_minor(v.price_minor, currency),
            compare_at: v.compare_at_minor.map(|m| Money::from_minor(m, currency)),
            availability: Availability::from_available(available.get(&v.id).copied().unwrap_or(0)),
            image_index: v
                .image_position
                .and_then(|p| media_rows.iter().position(|m| m.position == p)),
        });
    }
    let images: Vec<Image> = media_rows.into_iter().map(image).collect();
    let canonical_url = site.absolute(&format!("/p/{}", row.slug));
    let seo_description = row
        .seo_description
        .clone()
        .unwrap_or_else(|| summary(&row.description));
    let view = ProductView {
        slug: row.slug.clone(),
        seo_title: row.seo_title.clone().unwrap_or_else(|| row.name.clone()),
        seo_description,
        name: row.name,
        description: row.description,
        brand,
        categories,
        specifications,
        axes,
        variants: variant_views,
        images,
        video_url: row.video_url,
        canonical_url,
        json_ld: String::new(),
    };
    let json_ld = super::structured_data::product_json_ld(&view, site);
    Ok(ProductView { json_ld, ..view })
}

/// The option axes in position order, each with its values in the order variants first use them.
fn axes_of(
    variants: &[variant::Model],
    option_values: &[variant_option_value::Model],
) -> Vec<OptionAxis> {
    let mut named: Vec<(i32, OptionAxis)> = Vec::new();
    for v in variants {
        for ov in option_values.iter().filter(|ov| ov.variant_id == v.id) {
            match named.iter_mut().find(|(_, axis)| axis.name == ov.name) {
                Some((_, axis)) => {
                    if !axis.values.contains(&ov.value) {
                        axis.values.push(ov.value.clone());
                    }
                }
                None => named.push((
                    ov.position,
                    OptionAxis {
                        name: ov.name.clone(),
                        values: vec![ov.value.clone()],
                    },
                )),
            }
        }
    }
    named.sort_by_key(|(position, _)| *position);
    named.into_iter().map(|(_, axis)| axis).collect()
}

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

/// The whole category tree: a few dozen rows, read once per request and walked in memory.
pub struct CategoryTree {
    nodes: Vec<category::Model>,
}

impl CategoryTree {
    pub async fn load(db: &DatabaseConnection) -> Result<Self, AppError> {
        let mut nodes = category::Entity::find().all(db).await?;
        nodes.sort_by_key(|c| (c.position, c.id));
        Ok(CategoryTree { nodes })
    }

    pub fn all(&self) -> &[category::Model] {
        &self.nodes
    }

    pub(crate) fn by_slug(&self, slug: &str) -> Option<&category::Model> {
        self.nodes.iter().find(|c| c.slug == slug)
    }

    pub(crate) fn by_id(&self, id: i32) -> Option<&category::Model> {
        self.nodes.iter().find(|c| c.id == id)
    }

    fn children_of(&self, parent: Option<i32>) -> Vec<&category::Model> {
        self.nodes
            .iter()
            .filter(|c| c.parent_id == parent)
            .collect()
    }

    /// The category and everything below it.
    pub(crate) fn subtree_ids(&self, root: i32) -> Vec<i32> {
        let mut ids = vec![root];
        let mut next = 0;
        while next < ids.len() {
            let parent = ids[next];
            ids.extend(
                self.nodes
                    .iter()
                    .filter(|c| c.parent_id == Some(parent))
                    .map(|c| c.id),
            );
            next += 1;
        }
        ids
    }

    /// From the top of the tree down to the parent; a broken tree (a cycle) stops the walk.
    pub(crate) fn ancestors(&self, node: &category::Model) -> Vec<&category::Model> {
        let mut chain = Vec::new();
        let mut parent = node.parent_id;
        while let Some(id) = parent {
            match self.by_id(id) {
                Some(p) if chain.len() < self.nodes.len() => {
                    chain.push(p);
                    parent = p.parent_id;
                }
                _ => break,
            }
        }
        chain.reverse();
        chain
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

//! Searching on behalf of the server functions: suggestions while typing, and a results page
//! with facets, corrections and, when nothing matched, popular products instead.

use std::collections::BTreeMap;

use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::index::Labels;
use crate::backend::auth::unix_now;
use crate::backend::entities::{product, search_query};
use crate::backend::AppState;
use crate::domain::{page_count, Currency, Money};
use crate::error::AppError;
use crate::search::domain::{correction, words_of, FilterKind};
use crate::search::domain::{SearchQuery, SearchSort};
use crate::search::model::{
    CategorySuggestion, Facet, FacetValue, ProductSuggestion, SearchResults, SortChoice,
    Suggestions,
};

pub const PER_PAGE: usize = 24;
const SUGGESTED_PRODUCTS: usize = 6;
const SUGGESTED_CATEGORIES: usize = 3;

/// Whether every word of the search starts a word of `name` ("sho" → "Shoes").
fn name_matches(words: &[String], name: &str) -> bool {
    let own = words_of(name);
    !words.is_empty()
        && words
            .iter()
            .all(|w| own.iter().any(|o| o.starts_with(w.as_str())))
}

pub async fn suggest(state: &AppState, text: &str) -> Result<Suggestions, AppError> {
    let currency = state.site.currency;
    let (query, _) = SearchQuery::from_params(&[("q".to_string(), text.to_string())], currency);
    if query.words.is_empty() {
        return Ok(Suggestions {
            text: text.to_string(),
            ..Suggestions::default()
        });
    }
    let index = state.search.clone();
    let products = index.suggest(&query, SUGGESTED_PRODUCTS)?;
    let categories = index.with_labels(|labels| {
        let mut found: Vec<CategorySuggestion> = labels
            .categories
            .iter()
            .filter(|(_, (name, _))| name_matches(&query.words, name))
            .map(|(slug, (name, _))| CategorySuggestion {
                name: name.clone(),
                href: format!("/c/{slug}"),
            })
            .collect();
        found.sort_by(|a, b| a.name.cmp(&b.name));
        found.truncate(SUGGESTED_CATEGORIES);
        found
    });
    Ok(Suggestions {
        text: text.to_string(),
        categories,
        products: products
            .into_iter()
            .map(|p| ProductSuggestion {
                href: format!("/p/{}", p.slug),
                name: p.name,
                brand: p.brand,
                price: Money::from_minor(p.price_minor, currency),
                image_url: p.image_url,
            })
            .collect(),
    })
}

/// Drops filter values the catalog does not have, saying so.
fn known_filters(query: &mut SearchQuery, labels: &Labels, notices: &mut Vec<String>) {
    if let Some(category) = &query.category {
        if !labels.categories.contains_key(category) {
            notices.push(format!(
                "There is no category “{category}”; showing every category."
            ));
            query.category = None;
        }
    }
    let unknown_brands: Vec<String> = query
        .brands
        .iter()
        .filter(|b| !labels.brands.contains_key(*b))
        .cloned()
        .collect();
    for brand in unknown_brands {
        notices.push(format!("There is no brand “{brand}”; ignored."));
        query.brands.retain(|b| *b != brand);
    }
    let unknown_attributes: Vec<String> = query
        .attributes
        .iter()
        .filter(|a| !labels.attributes.contains_key(*a))
        .cloned()
        .collect();
    for attribute in unknown_attributes {
        notices.push(format!(
            "No product has “{attribute}”; that filter was ignored."
        ));
        query.attributes.retain(|a| *a != attribute);
    }
}

fn facets(
    query: &SearchQuery,
    counts: &super::facets::FacetCounts,
    labels: &Labels,
    currency: Currency,
) -> Vec<Facet> {
    let count = |field: &'static str, value: &str| {
        counts
            .counts
            .get(&(field, value.to_string()))
            .copied()
            .unwrap_or(0)
    };
    let mut facets = Vec::new();

    // Categories: the chosen one's children (or the top level), with a way back up.
    let parent_of_shown = query.category.clone();
    let mut categories: Vec<FacetValue> = labels
        .categories
        .iter()
        .filter(|(_, (_, parent))| *parent == parent_of_shown)
        .map(|(slug, (name, _))| (slug, name, count("category", slug)))
        .filter(|(_, _, n)| *n > 0)
        .map(|(slug, name, n)| FacetValue {
            label: name.clone(),
            count: n,
            selected: false,
            href: query.in_category(Some(slug)).href(currency),
        })
        .collect();
    categories.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
    if let Some(chosen) = &query.category {
        if let Some((name, parent)) = labels.categories.get(chosen) {
            categories.insert(
                0,
                FacetValue {
                    label: name.clone(),
                    count: count("category", chosen),
                    selected: true,
                    href: query.in_category(parent.as_deref()).href(currency),
                },
            );
        }
    }
    if !categories.is_empty() {
        facets.push(Facet {
            name: "Category".into(),
            values: categories,
        });
    }

    let mut brands: Vec<FacetValue> = labels
        .brands
        .iter()
        .map(|(slug, name)| (slug, name, count("brand", slug)))
        .filter(|(slug, _, n)| *n > 0 || query.brands.contains(slug))
        .map(|(slug, name, n)| FacetValue {
            label: name.clone(),
            count: n,
            selected: query.brands.contains(slug),
            href: query.toggled(FilterKind::Brand, slug).href(currency),
        })
        .collect();
    brands.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
    if !brands.is_empty() {
        facets.push(Facet {
            name: "Brand".into(),
            values: brands,
        });
    }

    // One facet per attribute ("Colour", "Size"…), values in the order the counts give.
    let mut by_name: BTreeMap<String, (String, Vec<FacetValue>)> = BTreeMap::new();
    for (key, (name, value)) in &labels.attributes {
        let n = count("attr", key);
        let selected = query.attributes.contains(key);
        if n == 0 && !selected {
            continue;
        }
        let group = key.split_once(':').map(|(g, _)| g).unwrap_or(key);
        by_name
            .entry(group.to_string())
            .or_insert_with(|| (name.clone(), Vec::new()))
            .1
            .push(FacetValue {
                label: value.clone(),
                count: n,
                selected,
                href: query.toggled(FilterKind::Attribute, key).href(currency),
            });
    }
    for (_, (name, mut values)) in by_name {
        values.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
        facets.push(Facet { name, values });
    }

    let mut stock_toggled = query.on_page(1);
    stock_toggled.in_stock = !query.in_stock;
    facets.push(Facet {
        name: "Availability".into(),
        values: vec![FacetValue {
            label: "In stock only".into(),
            count: counts.in_stock,
            selected: query.in_stock,
            href: stock_toggled.href(currency),
        }],
    });
    facets
}

/// Round price edges in the shop's currency (10, 25, 50, 100… of it) for the price buckets.
fn price_edges(currency: Currency) -> Vec<i64> {
    let unit = 10_i64.pow(currency.exponent()) * if currency == Currency::Idr { 10_000 } else { 1 };
    [10, 25, 50, 100, 250, 500, 1000, 2500, 5000]
        .iter()
        .map(|edge| edge * unit)
        .collect()
}

/// The price ranges that hold matches, as links (only while no price limit is set).
fn price_buckets(
    query: &SearchQuery,
    counts: &super::facets::FacetCounts,
    edges: &[i64],
    currency: Currency,
) -> Option<Facet> {
    if query.price_min.is_some() || query.price_max.is_some() {
        return None;
    }
    let money = |m: i64| Money::from_minor(m, currency).to_string();
    let values: Vec<FacetValue> = counts
        .buckets
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(i, n)| {
            let low = i.checked_sub(1).map(|j| edges[j]);
            let high = edges.get(i).copied();
            let mut range = query.on_page(1);
            range.price_min = low;
            range.price_max = high.map(|h| h - 1);
            let label = match (low, high) {
                (None, Some(h)) => format!("Under {}", money(h)),
                (Some(l), Some(h)) => format!("{} – {}", money(l), money(h)),
                (Some(l), None) => format!("{} and more", money(l)),
                (None, None) => "Any price".to_string(),
            };
            FacetValue {
                label,
                count: *n,
                selected: false,
                href: range.href(currency),
            }
        })
        .collect();
    (values.len() > 1).then(|| Facet {
        name: "Price range".into(),
        values,
    })
}

pub async fn results(state: &AppState, raw_query: &str) -> Result<SearchResults, AppError> {
    let currency = state.site.currency;
    let params: Vec<(String, String)> = form_urlencoded::parse(raw_query.as_bytes())
        .into_owned()
        .take(100)
        .collect();
    let (mut query, mut notices) = SearchQuery::from_params(&params, currency);
    let index = state.search.clone();
    index.with_labels(|labels| known_filters(&mut query, labels, &mut notices));

    let per_page = PER_PAGE;
    let offset = (query.page.saturating_sub(1) as usize) * per_page;
    let edges = price_edges(currency);
    let hits = index.search(&query, offset, per_page, Some(&edges), false)?;
    let pages = page_count(hits.total as u64, per_page as u32);
    if hits.total > 0 && query.page > pages {
        notices.push(format!("There are only {pages} pages of results."));
    }

    let products = cards_in_order(state, &hits.ids).await?;
    let mut facets = index.with_labels(|labels| facets(&query, &hits.facets, labels, currency));
    facets.extend(price_buckets(&query, &hits.facets, &edges, currency));
    let span = hits.facets.price_min.zip(hits.facets.price_max);
    let correction = if hits.total == 0 && !query.words.is_empty() {
        index
            .with_labels(|labels| {
                correction(
                    &query.words,
                    |w| labels.vocabulary.contains_key(w),
                    labels.vocabulary.iter(),
                )
            })
            .map(|text| {
                let mut corrected = query.on_page(1);
                corrected.words = words_of(&text);
                corrected.text = text.clone();
                (text, corrected.href(currency))
            })
    } else {
        None
    };
    let popular = if hits.total == 0 {
        popular(state).await?
    } else {
        Vec::new()
    };
    record(state, &query, hits.total, currency);

    let mut cleared = SearchQuery {
        text: query.text.clone(),
        words: query.words.clone(),
        sort: query.sort,
        page: 1,
        ..SearchQuery::default()
    };
    cleared.page = 1;
    Ok(SearchResults {
        notices,
        total: hits.total as u64,
        products,
        facets,
        price_span: span.map(|(low, high)| {
            (
                Money::from_minor(low, currency),
                Money::from_minor(high, currency),
            )
        }),
        sorts: SearchSort::ALL
            .into_iter()
            .map(|sort| SortChoice {
                label: sort.label().into(),
                href: query.sorted(sort).href(currency),
                selected: sort == query.sort,
            })
            .collect(),
        page: query.page,
        pages,
        previous_href: (query.page > 1).then(|| query.on_page(query.page - 1).href(currency)),
        next_href: (query.page < pages).then(|| query.on_page(query.page + 1).href(currency)),
        correction,
        popular,
        clear_href: cleared.href(currency),
        query,
    })
}

/// Listing cards for product ids, in the index's order.
async fn cards_in_order(
    state: &AppState,
    ids: &[i32],
) -> Result<Vec<crate::catalog::model::ProductCard>, AppError> {
    let mut rows = product::Entity::find()
        .filter(product::Column::Id.is_in(ids.to_vec()))
        .filter(product::Column::Published.eq(true))
        .all(&state.db)
        .await?;
    rows.sort_by_key(|row| ids.iter().position(|id| *id == row.id));
    crate::catalog::service::cards(&state.db, rows).await
}

/// What to show when nothing matched: featured products, newest first.
async fn popular(state: &AppState) -> Result<Vec<crate::catalog::model::ProductCard>, AppError> {
    let rows = product::Entity::find()
        .filter(product::Column::Published.eq(true))
        .filter(product::Column::Featured.eq(true))
        .order_by_desc(product::Column::CreatedAt)
        .limit(8)
        .all(&state.db)
        .await?;
    crate::catalog::service::cards(&state.db, rows).await
}

/// Keeps the search for the merchant's analytics, off the shopper's time.
fn record(state: &AppState, query: &SearchQuery, results: usize, currency: Currency) {
    if query.words.is_empty() && !query.has_filters() {
        return;
    }
    let filters: Vec<String> = query
        .to_params(currency)
        .into_iter()
        .filter(|(k, _)| !matches!(*k, "q" | "page" | "sort"))
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let row = search_query::ActiveModel {
        text: Set(query.text.chars().take(200).collect()),
        filters: Set(filters.join("&").chars().take(1000).collect()),
        results: Set(i64::try_from(results).unwrap_or(i64::MAX)),
        searched_at: Set(unix_now()),
        ..Default::default()
    };
    let db = state.db.clone();
    tokio::spawn(async move {
        if let Err(err) = row.insert(&db).await {
            tracing::warn!(error = %err, "could not record a search");
        }
    });
}

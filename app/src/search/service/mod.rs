//! Searching on behalf of the server functions: suggestions while typing, and a results page
//! with facets, corrections and, when nothing matched, popular products instead.

mod filters;

use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::backend::auth::unix_now;
use crate::backend::entities::{product, search_query};
use crate::backend::AppState;
use crate::domain::{page_count, Currency, Money};
use crate::error::AppError;
use crate::search::domain::{correction, words_of};
use crate::search::domain::{SearchQuery, SearchSort};
use crate::search::model::{
    CategorySuggestion, ProductSuggestion, SearchResults, SortChoice, Suggestions,
};
use crate::search::SearchIndex;
use filters::{facets, known_filters, price_buckets, price_edges};

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
        did_you_mean(&index, &query, currency)
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
        sorts: sort_choices(&query, currency),
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

/// The search with its words corrected to the shop's vocabulary, and its link, if some word
/// has a close, more common spelling.
fn did_you_mean(
    index: &SearchIndex,
    query: &SearchQuery,
    currency: Currency,
) -> Option<(String, String)> {
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
}

fn sort_choices(query: &SearchQuery, currency: Currency) -> Vec<SortChoice> {
    SearchSort::ALL
        .into_iter()
        .map(|sort| SortChoice {
            sort,
            href: query.sorted(sort).href(currency),
            selected: sort == query.sort,
        })
        .collect()
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

//! The results page's filters: values the catalog does not know dropped, and the facets, each
//! value a link that adds or removes one filter.

use std::collections::BTreeMap;

use crate::domain::{Currency, Money};
use crate::search::domain::{FilterKind, SearchQuery};
use crate::search::facets::FacetCounts;
use crate::search::index::Labels;
use crate::search::model::{Facet, FacetKind, FacetValue};

/// Drops filter values the catalog does not have, saying so.
pub(super) fn known_filters(query: &mut SearchQuery, labels: &Labels, notices: &mut Vec<String>) {
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

/// The category, brand, attribute and availability facets of a search.
pub(super) fn facets(
    query: &SearchQuery,
    counts: &FacetCounts,
    labels: &Labels,
    currency: Currency,
) -> Vec<Facet> {
    let mut facets = Vec::new();
    facets.extend(category_facet(query, counts, labels, currency));
    facets.extend(brand_facet(query, counts, labels, currency));
    facets.extend(attribute_facets(query, counts, labels, currency));
    facets.push(availability_facet(query, counts, currency));
    facets
}

/// Matches with `value` in `field`.
fn count_of(counts: &FacetCounts, field: &'static str, value: &str) -> u64 {
    counts
        .counts
        .get(&(field, value.to_string()))
        .copied()
        .unwrap_or(0)
}

/// Most matches first, then by label.
fn by_count(values: &mut [FacetValue]) {
    values.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
}

/// Categories: the chosen one's children (or the top level), with a way back up.
fn category_facet(
    query: &SearchQuery,
    counts: &FacetCounts,
    labels: &Labels,
    currency: Currency,
) -> Option<Facet> {
    let parent_of_shown = query.category.clone();
    let mut categories: Vec<FacetValue> = labels
        .categories
        .iter()
        .filter(|(_, (_, parent))| *parent == parent_of_shown)
        .map(|(slug, (name, _))| (slug, name, count_of(counts, "category", slug)))
        .filter(|(_, _, n)| *n > 0)
        .map(|(slug, name, n)| FacetValue {
            label: name.clone(),
            count: n,
            selected: false,
            href: query.in_category(Some(slug)).href(currency),
            price_range: None,
        })
        .collect();
    by_count(&mut categories);
    if let Some(chosen) = &query.category {
        if let Some((name, parent)) = labels.categories.get(chosen) {
            categories.insert(
                0,
                FacetValue {
                    label: name.clone(),
                    count: count_of(counts, "category", chosen),
                    selected: true,
                    href: query.in_category(parent.as_deref()).href(currency),
                    price_range: None,
                },
            );
        }
    }
    (!categories.is_empty()).then(|| Facet {
        kind: FacetKind::Category,
        name: "Category".into(),
        values: categories,
    })
}

fn brand_facet(
    query: &SearchQuery,
    counts: &FacetCounts,
    labels: &Labels,
    currency: Currency,
) -> Option<Facet> {
    let mut brands: Vec<FacetValue> = labels
        .brands
        .iter()
        .map(|(slug, name)| (slug, name, count_of(counts, "brand", slug)))
        .filter(|(slug, _, n)| *n > 0 || query.brands.contains(slug))
        .map(|(slug, name, n)| FacetValue {
            label: name.clone(),
            count: n,
            selected: query.brands.contains(slug),
            href: query.toggled(FilterKind::Brand, slug).href(currency),
            price_range: None,
        })
        .collect();
    by_count(&mut brands);
    (!brands.is_empty()).then(|| Facet {
        kind: FacetKind::Brand,
        name: "Brand".into(),
        values: brands,
    })
}

/// One facet per attribute ("Colour", "Size"…), values in the order the counts give.
fn attribute_facets(
    query: &SearchQuery,
    counts: &FacetCounts,
    labels: &Labels,
    currency: Currency,
) -> Vec<Facet> {
    let mut by_name: BTreeMap<String, (String, Vec<FacetValue>)> = BTreeMap::new();
    for (key, (name, value)) in &labels.attributes {
        let n = count_of(counts, "attr", key);
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
                price_range: None,
            });
    }
    by_name
        .into_values()
        .map(|(name, mut values)| {
            by_count(&mut values);
            Facet {
                kind: FacetKind::Attribute,
                name,
                values,
            }
        })
        .collect()
}

fn availability_facet(query: &SearchQuery, counts: &FacetCounts, currency: Currency) -> Facet {
    let mut stock_toggled = query.on_page(1);
    stock_toggled.in_stock = !query.in_stock;
    Facet {
        kind: FacetKind::Availability,
        name: "Availability".into(),
        values: vec![FacetValue {
            label: "In stock only".into(),
            count: counts.in_stock,
            selected: query.in_stock,
            href: stock_toggled.href(currency),
            price_range: None,
        }],
    }
}

/// Round price edges in the shop's currency (10, 25, 50, 100… of it) for the price buckets.
pub(super) fn price_edges(currency: Currency) -> Vec<i64> {
    let unit = 10_i64.pow(currency.exponent()) * if currency == Currency::Idr { 10_000 } else { 1 };
    [10, 25, 50, 100, 250, 500, 1000, 2500, 5000]
        .iter()
        .map(|edge| edge * unit)
        .collect()
}

/// The price ranges that hold matches, as links (only while no price limit is set).
pub(super) fn price_buckets(
    query: &SearchQuery,
    counts: &FacetCounts,
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
                price_range: Some((
                    low.map(|l| Money::from_minor(l, currency)),
                    high.map(|h| Money::from_minor(h, currency)),
                )),
            }
        })
        .collect();
    (values.len() > 1).then(|| Facet {
        kind: FacetKind::PriceRange,
        name: "Price range".into(),
        values,
    })
}

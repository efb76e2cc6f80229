//! `/search?q=…`: results with facets. Every filter is a link or a GET form on the URL, so a
//! result page can be shared, reloaded and walked with Back and Forward, and renders fully on
//! the server before the WASM loads.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_location;

use crate::catalog::components::ProductGrid;
use crate::i18n::{td, td_string};
use crate::language::use_language;
use crate::layout::ErrorPage;
use crate::search::api::search_products;
use crate::search::model::{Facet, FacetKind, FacetValue, SearchResults};

stylance::import_crate_style!(style, "src/search/pages/results.module.css");

#[component]
pub fn SearchPage() -> impl IntoView {
    let location = use_location();
    let results = Resource::new(
        move || location.search.get().trim_start_matches('?').to_string(),
        search_products,
    );
    view! {
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| view! { <p class="loading">{td!(crate::language::use_language(), search.searching)}</p> }>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(found) => view! { <Results found/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Results(found: SearchResults) -> impl IntoView {
    let language = crate::language::use_language();
    let heading = if found.query.text.is_empty() {
        td_string!(language, search.all_products).to_string()
    } else {
        td_string!(
            language,
            search.results_for,
            query = found.query.text.clone()
        )
    };
    let count = match found.total {
        0 => td_string!(language, search.found_none).to_string(),
        n => td_string!(language, search.found, count = n),
    };
    let query = found.query.clone();
    view! {
        <Title text=heading.clone()/>
        <div class=style::layout>
            <aside class=style::facets aria-label=td_string!(language, search.filters)>
                {found.facets.into_iter().map(|facet| view! { <FacetList facet/> }).collect_view()}
                <PriceFilter found_query=query.clone() span=found.price_span/>
                {query.has_filters().then(|| view! {
                    <p><a href=crate::language::href(&found.clear_href)>{td!(language, search.clear_filters)}</a></p>
                })}
            </aside>
            <section class=style::main aria-labelledby="results-heading">
                <h1 id="results-heading">{heading}</h1>
                {found.notices.into_iter().map(|n| view! { <p class=style::notice role="status">{n}</p> }).collect_view()}
                <div class=style::toolbar>
                    <p data-testid="result-count">{count}</p>
                    <nav aria-label=td_string!(language, search.sort_by) class=style::sorts>
                        <span>{td!(language, search.sort_by)}</span>
                        {found.sorts.into_iter().map(|s| view! {
                            <a href=crate::language::href(&s.href) aria-current=s.selected.then_some("true")>{sort_name(s.sort)}</a>
                        }).collect_view()}
                    </nav>
                </div>
                {found.correction.map(|(text, href)| view! {
                    <p class=style::correction>{td!(language, search.did_you_mean)}" " <a href=crate::language::href(&href)>{text}</a> "?"</p>
                })}
                {if found.products.is_empty() {
                    view! {
                        <p>{td!(language, search.try_fewer_words)}</p>
                        {(!found.popular.is_empty()).then(|| view! {
                            <h2>{td!(language, search.popular_now)}</h2>
                            <ProductGrid products=found.popular label=td_string!(language, search.popular_products)/>
                        })}
                    }.into_any()
                } else {
                    view! { <ProductGrid products=found.products label=td_string!(language, search.search_results)/> }.into_any()
                }}
                {(found.pages > 1).then(|| view! {
                    <nav class=style::pages aria-label=td_string!(language, common.pages)>
                        {found.previous_href.map(|href| view! { <a href=crate::language::href(&href) rel="prev">{td!(language, common.previous)}</a> })}
                        <span>{td_string!(language, common.page_of, page = found.page, pages = found.pages)}</span>
                        {found.next_href.map(|href| view! { <a href=crate::language::href(&href) rel="next">{td!(language, common.next)}</a> })}
                    </nav>
                })}
            </section>
        </div>
    }
}

#[component]
fn FacetList(facet: Facet) -> impl IntoView {
    let language = use_language();
    let kind = facet.kind;
    let name = match kind {
        FacetKind::Category => td_string!(language, search.facet_category).to_string(),
        FacetKind::Brand => td_string!(language, search.facet_brand).to_string(),
        FacetKind::Availability => td_string!(language, search.facet_availability).to_string(),
        FacetKind::PriceRange => td_string!(language, search.facet_price_range).to_string(),
        FacetKind::Attribute => facet.name.clone(),
    };
    let label = name.clone();
    view! {
        <section class=style::facet aria-label=label>
            <h2>{name}</h2>
            <ul>
                {facet.values.into_iter().map(|v| view! {
                    <li>
                        <a href=crate::language::href(&v.href) aria-current=v.selected.then_some("true") class=style::value>
                            <span class=style::check aria-hidden="true">{if v.selected { "☑" } else { "☐" }}</span>
                            <span>{value_label(kind, &v)}</span>
                            <span class=style::count>{v.count}</span>
                        </a>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// Min and max inputs: a GET form that keeps every other part of the search.
#[component]
fn PriceFilter(
    found_query: crate::search::domain::SearchQuery,
    span: Option<(crate::domain::Money, crate::domain::Money)>,
) -> impl IntoView {
    let currency = span.map(|(low, _)| low.currency());
    let decimal = move |minor: Option<i64>| match (minor, currency) {
        (Some(m), Some(c)) => crate::domain::Money::from_minor(m, c).to_decimal_string(),
        _ => String::new(),
    };
    let language = crate::language::use_language();
    let min = decimal(found_query.price_min);
    let max = decimal(found_query.price_max);
    let keep: Vec<(&'static str, String)> = currency
        .map(|c| found_query.to_params(c))
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, _)| !matches!(*k, "min" | "max" | "page"))
        .collect();
    view! {
        <section class=style::facet aria-label=td_string!(language, search.price)>
            <h2>{td!(language, search.price)}</h2>
            <form action=crate::language::href("/search") method="get" class=style::price>
                {keep.into_iter().map(|(k, v)| view! { <input type="hidden" name=k value=v/> }).collect_view()}
                <label>{td!(language, search.price_from)}" " <input name="min" inputmode="decimal" value=min
                    placeholder=span.map(|(low, _)| low.to_decimal_string()).unwrap_or_default()/></label>
                <label>{td!(language, search.price_to)}" " <input name="max" inputmode="decimal" value=max
                    placeholder=span.map(|(_, high)| high.to_decimal_string()).unwrap_or_default()/></label>
                <button type="submit">{td!(language, search.apply)}</button>
            </form>
        </section>
    }
}

/// A sort order as the shopper reads it.
fn sort_name(sort: crate::search::domain::SearchSort) -> &'static str {
    use crate::search::domain::SearchSort;
    let language = crate::language::use_language();
    match sort {
        SearchSort::Relevance => td_string!(language, search.sort_relevance),
        SearchSort::PriceAsc => td_string!(language, search.sort_price_asc),
        SearchSort::PriceDesc => td_string!(language, search.sort_price_desc),
        SearchSort::Newest => td_string!(language, search.sort_newest),
    }
}

/// A facet value as the page's reader reads it: the shop's own values in their language, a
/// price range in their way of writing money, product content as it is.
fn value_label(kind: FacetKind, value: &FacetValue) -> String {
    let language = use_language();
    let money = |amount: crate::domain::Money| amount.in_language(language).to_string();
    match (kind, value.price_range) {
        (FacetKind::Availability, _) => td_string!(language, search.in_stock_only).to_string(),
        (FacetKind::PriceRange, Some((None, Some(below)))) => {
            td_string!(language, search.price_under, amount = money(below))
        }
        (FacetKind::PriceRange, Some((Some(from), Some(below)))) => {
            format!("{} – {}", money(from), money(below))
        }
        (FacetKind::PriceRange, Some((Some(from), None))) => {
            td_string!(language, search.price_and_more, amount = money(from))
        }
        _ => value.label.clone(),
    }
}

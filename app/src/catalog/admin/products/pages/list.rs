//! `/admin/products`: the catalog with filters in the URL and bulk actions on ticked rows.

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_location;

use crate::back_office::{style, AdminSection};
use crate::catalog::admin::products::api::{admin_products, BulkEditProducts};
use crate::catalog::admin::products::model::{
    Choices, ProductFilter, ProductListing, ProductRow, StockState,
};
use crate::catalog::components::PageLinks;
use crate::domain::Permission;
use crate::layout::form::{CsrfField, FormStatus};
use crate::layout::Loaded;
use crate::search::domain::encode_query_value;

#[component]
pub fn AdminProductsPage() -> impl IntoView {
    let location = use_location();
    let bulk = ServerAction::<BulkEditProducts>::new();
    let products = Resource::new(
        move || {
            (
                location.search.get().trim_start_matches('?').to_string(),
                bulk.version().get(),
            )
        },
        |(query, _)| admin_products(query),
    );
    view! {
        <AdminSection title="Products" needs=Some(Permission::ViewCatalog)>
            <p class=style::inline>
                <a class="button" href="/admin/products/new">"New product"</a>
                <a href="/admin/products/import">"Import or export (CSV)"</a>
            </p>
            <Loaded resource=products render=move |listing| view! { <ProductTable listing bulk/> }/>
            <FormStatus value=bulk.value() success=|n| Some(format!("{n} product(s) changed."))/>
        </AdminSection>
    }
}

fn options(choices: &[(String, String)], selected: &str) -> impl IntoView {
    choices
        .iter()
        .map(|(slug, name)| view! { <option value=slug.clone() selected=slug == selected>{name.clone()}</option> })
        .collect_view()
}

#[component]
fn ProductTable(listing: ProductListing, bulk: ServerAction<BulkEditProducts>) -> impl IntoView {
    let filter = listing.filter.clone();
    let ticked = RwSignal::new(BTreeSet::<i32>::new());
    let query_base = [
        ("text", filter.text.clone()),
        ("category", filter.category.clone()),
        ("brand", filter.brand.clone()),
        ("published", filter.published.clone()),
        ("stock", filter.stock.clone()),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| format!("{k}={}&", encode_query_value(&v)))
    .collect::<String>();
    let href = move |n: u32| format!("/admin/products?{query_base}page={n}");
    view! {
        <ProductFilters filter=filter.clone() categories=listing.categories.clone() brands=listing.brands/>
        <p>{format!("{} product{} found.", listing.matching, if listing.matching == 1 { "" } else { "s" })}</p>
        <BulkActions bulk ticked categories=listing.categories/>
        <table class="data">
            <thead><tr>
                <th scope="col"><span class="visually-hidden">"Tick"</span></th>
                <th scope="col">"Product"</th><th scope="col">"Category"</th><th scope="col">"Brand"</th>
                <th scope="col">"Variants"</th><th scope="col">"From"</th><th scope="col">"Available online"</th>
                <th scope="col">"Shown"</th>
            </tr></thead>
            <tbody>
                {listing.rows.into_iter().map(|row| product_row(row, ticked)).collect_view()}
            </tbody>
        </table>
        <PageLinks
            page=u32::try_from(filter.page).unwrap_or(u32::MAX)
            pages=u32::try_from(listing.pages).unwrap_or(u32::MAX)
            href
        />
    }
}

/// The filters, sent as a GET form so they stay in the URL.
#[component]
fn ProductFilters(filter: ProductFilter, categories: Choices, brands: Choices) -> impl IntoView {
    view! {
        <Form action="/admin/products" attr:class=style::filters attr:aria-label="Filter products">
            <label>"Name or SKU" <input type="search" name="text" value=filter.text.clone()/></label>
            <label>"Category"
                <select name="category">
                    <option value="">"Any"</option>
                    {options(&categories, &filter.category)}
                </select>
            </label>
            <label>"Brand"
                <select name="brand">
                    <option value="">"Any"</option>
                    {options(&brands, &filter.brand)}
                </select>
            </label>
            <label>"Published"
                <select name="published">
                    <option value="">"Any"</option>
                    <option value="yes" selected=filter.published == "yes">"Published"</option>
                    <option value="no" selected=filter.published == "no">"Hidden"</option>
                </select>
            </label>
            <label>"Stock"
                <select name="stock">
                    <option value="">"Any"</option>
                    {StockState::ALL.into_iter().map(|s| view! {
                        <option value=s.code() selected=filter.stock == s.code()>{s.label()}</option>
                    }).collect_view()}
                </select>
            </label>
            <button class="button" type="submit">"Filter"</button>
            <a href="/admin/products">"Clear"</a>
        </Form>
    }
}

/// What to do with the ticked products.
#[component]
fn BulkActions(
    bulk: ServerAction<BulkEditProducts>,
    ticked: RwSignal<BTreeSet<i32>>,
    categories: Choices,
) -> impl IntoView {
    let ids =
        move || ticked.with(|set| set.iter().map(i32::to_string).collect::<Vec<_>>().join(","));
    view! {
        <ActionForm action=bulk attr:class=style::inline attr:aria-label="Change ticked products">
            <CsrfField/>
            <input type="hidden" name="ids" prop:value=ids/>
            <label for="bulk-action">"With the ticked products"</label>
            <select id="bulk-action" name="action">
                <option value="publish">"Publish"</option>
                <option value="unpublish">"Hide from the shop"</option>
                <option value="move">"Move to category…"</option>
            </select>
            <label for="bulk-category" class="visually-hidden">"Category to move to"</label>
            <select id="bulk-category" name="category">
                {options(&categories, "")}
            </select>
            <button class="button" type="submit" disabled=move || ticked.with(BTreeSet::is_empty)>"Apply"</button>
        </ActionForm>
    }
}

/// One product of the table, with its tick box.
fn product_row(row: ProductRow, ticked: RwSignal<BTreeSet<i32>>) -> impl IntoView {
    let id = row.id;
    view! {
        <tr>
            <td><input type="checkbox" aria-label=format!("Tick {}", row.name)
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    ticked.update(|set| { if on { set.insert(id); } else { set.remove(&id); } });
                }/></td>
            <td><a href=format!("/admin/products/{id}")>{row.name}</a><br/><small>{row.slug}</small></td>
            <td>{row.category}</td>
            <td>{row.brand}</td>
            <td>{row.variants}</td>
            <td>{row.price_from.to_string()}</td>
            <td>{row.available}</td>
            <td>{if row.published { "Published" } else { "Hidden" }}</td>
        </tr>
    }
}

use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::catalog::api::category_page;
use crate::catalog::components::{Breadcrumbs, Pagination, ProductGrid};
use crate::catalog::model::CategoryView;
use crate::domain::ProductSort;
use crate::i18n::{td, td_string};
use crate::layout::ErrorPage;

stylance::import_crate_style!(style, "src/catalog/pages/category.module.css");

#[component]
pub fn CategoryPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let request = move || {
        (
            params.read().get("slug").unwrap_or_default(),
            query.read().get("page"),
            query.read().get("sort"),
        )
    };
    let category = Resource::new(request, |(slug, page, sort)| {
        category_page(slug, page, sort)
    });
    view! {
        <Suspense fallback=|| view! { <p class="loading">{crate::i18n::td!(crate::language::use_language(), common.loading)}</p> }>
            {move || Suspend::new(async move {
                match category.await {
                    Ok(view) => view! { <Category view/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Category(view: CategoryView) -> impl IntoView {
    let base = view.category.href();
    let current_sort = view.sort;
    let pages = view.products.total_pages();
    let page = view.products.page;
    let total = view.products.total;
    let language = crate::language::use_language();
    let title = if page > 1 {
        td_string!(
            language,
            catalog.title_page,
            title = view.seo_title.clone(),
            page
        )
    } else {
        view.seo_title.clone()
    };
    let sort_href = {
        let base = base.clone();
        move |sort: ProductSort| {
            if sort == ProductSort::default() {
                base.clone()
            } else {
                format!("{base}?sort={}", sort.as_param())
            }
        }
    };
    view! {
        <Title text=title.clone()/>
        <Meta name="description" content=view.seo_description.clone()/>
        <Link rel="canonical" href=crate::language::url(&view.canonical_url)/>
        <Meta property="og:type" content="website"/>
        <Meta property="og:title" content=title/>
        <Meta property="og:description" content=view.seo_description/>
        <Meta property="og:url" content=crate::language::url(&view.canonical_url)/>

        <Breadcrumbs trail=view.ancestors current=view.category.name.clone()/>
        <header class=style::intro>
            <h1>{view.category.name.clone()}</h1>
            <p>{view.description}</p>
            {(!view.children.is_empty()).then(|| view! {
                <ul class=style::children aria-label=td_string!(language, catalog.subcategories)>
                    {view.children.into_iter().map(|c| view! { <li><A href=crate::language::href(&c.href())>{c.name}</A></li> }).collect_view()}
                </ul>
            })}
        </header>

        <div class=style::toolbar>
            <p class=style::count role="status">
                {td_string!(language, catalog.product_count, count = total)}
                {(pages > 1).then(|| format!(" · {}", td_string!(language, common.page_of, page, pages)))}
            </p>
            <nav aria-label=td_string!(language, catalog.sort_products) class=style::sorts>
                <span class=style::sort_label>{td!(language, catalog.sort_by)}</span>
                <ul>
                    {ProductSort::ALL.into_iter().map(|sort| {
                        let current = (sort == current_sort).then_some("true");
                        // A plain link: the router still navigates without a reload, and unlike <A> it
                        // does not mark every link to this same path as the current page.
                        view! { <li><a href=crate::language::href(&sort_href(sort)) aria-current=current>{sort_name(sort)}</a></li> }
                    }).collect_view()}
                </ul>
            </nav>
        </div>

        <h2 class="visually-hidden">{td!(language, catalog.products)}</h2>
        {if view.products.items.is_empty() {
            view! { <p class=style::empty>{td!(language, catalog.empty_category)}</p> }.into_any()
        } else {
            view! { <ProductGrid products=view.products.items label=td_string!(language, catalog.products_in, name = view.category.name.clone())/> }.into_any()
        }}
        <Pagination base page pages sort=current_sort/>
    }
}

/// A sort order as the shopper reads it.
fn sort_name(sort: ProductSort) -> &'static str {
    let language = crate::language::use_language();
    match sort {
        ProductSort::Newest => td_string!(language, catalog.sort_newest),
        ProductSort::PriceLowToHigh => td_string!(language, catalog.sort_price_asc),
        ProductSort::PriceHighToLow => td_string!(language, catalog.sort_price_desc),
        ProductSort::Name => td_string!(language, catalog.sort_name),
    }
}

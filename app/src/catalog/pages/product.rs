use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::use_params_map;

use crate::cart::components::AddToCartForm;
use crate::catalog::api::product_page;
use crate::catalog::components::{Breadcrumbs, Gallery, PriceTag, VariantPicker};
use crate::catalog::model::ProductView;
use crate::i18n::{td, td_string};
use crate::inventory::domain::Availability;
use crate::layout::ErrorPage;

stylance::import_crate_style!(style, "src/catalog/pages/product.module.css");

#[component]
pub fn ProductPage() -> impl IntoView {
    let params = use_params_map();
    let product = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        product_page,
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">{crate::i18n::td!(crate::language::use_language(), common.loading)}</p> }>
            {move || Suspend::new(async move {
                match product.await {
                    Ok(product) => view! { <ProductDetail product/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProductDetail(product: ProductView) -> impl IntoView {
    let first = product.default_variant().cloned();
    let selection = RwSignal::new(first.as_ref().map(|v| v.values.clone()).unwrap_or_default());
    let shown_image = RwSignal::new(first.and_then(|v| v.image_index).unwrap_or(0));
    let og_image = product.images.first().map(|i| i.url.clone());
    let language = crate::language::use_language();
    let canonical_url = crate::language::url(&product.canonical_url);
    let head = view! {
        <Title text=product.seo_title.clone()/>
        <Meta name="description" content=product.seo_description.clone()/>
        <Link rel="canonical" href=canonical_url.clone()/>
        <Meta property="og:type" content="product"/>
        <Meta property="og:title" content=product.name.clone()/>
        <Meta property="og:description" content=product.seo_description.clone()/>
        <Meta property="og:url" content=canonical_url/>
        {og_image.map(|url| view! { <Meta property="og:image" content=url/> })}
    };
    let trail = product.categories.clone();
    let name = product.name.clone();
    let brand = product.brand.clone();
    let description = product.description.clone();
    let specifications = product.specifications.clone();
    let images = product.images.clone();
    let video_url = product.video_url.clone();
    let json_ld = product.json_ld.clone();
    let product = StoredValue::new(product);
    let current =
        Memo::new(move |_| selection.with(|s| product.with_value(|p| p.variant_with(s).cloned())));

    view! {
        {head}
        <Breadcrumbs trail current=name.clone()/>
        <div class=style::layout>
            <Gallery images shown=shown_image/>
            <section class=style::buy aria-labelledby="product-name">
                {brand.map(|b| view! { <p class=style::brand>{b}</p> })}
                <h1 id="product-name">{name}</h1>
                <p class=style::price data-testid="price" aria-live="polite">
                    {move || current.get().map(|v| view! { <PriceTag price=v.price compare_at=v.compare_at/> })}
                </p>
                <VariantPicker product selection shown_image/>
                <p class=style::stock aria-live="polite" data-testid="availability">
                    {move || current.get().map(|v| {
                        let class = match v.availability {
                            Availability::InStock => style::in_stock,
                            Availability::Low { .. } => style::low,
                            Availability::OutOfStock => style::out,
                        };
                        view! { <span class=class>{availability_text(v.availability)}</span> }
                    })}
                </p>
                <AddToCartForm
                    sku=Signal::derive(move || current.get().map(|v| v.sku).unwrap_or_default())
                    can_buy=Signal::derive(move || current.get().is_some_and(|v| v.availability.can_buy()))
                />
                <p class=style::sku>
                    {td!(language, catalog.sku)}" " <span data-testid="sku">{move || current.get().map(|v| v.sku).unwrap_or_default()}</span>
                </p>
                <div class=style::description>
                    <h2 class="visually-hidden">{td!(language, catalog.description)}</h2>
                    <p>{description}</p>
                    {video_url.map(|url| view! { <p><a href=url rel="noopener">{td!(language, catalog.watch_video)}</a></p> })}
                </div>
            </section>
        </div>
        {(!specifications.is_empty()).then(|| view! {
            <section class=style::specs aria-labelledby="specs-heading">
                <h2 id="specs-heading">{td!(language, catalog.specifications)}</h2>
                <table>
                    <tbody>
                        {specifications.into_iter().map(|(k, v)| view! {
                            <tr><th scope="row">{k}</th><td>{v}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        })}
        <script type="application/ld+json" inner_html=json_ld></script>
    }
}

/// "In stock", "Only 2 left", "Out of stock" in the page's language.
fn availability_text(availability: Availability) -> String {
    let language = crate::language::use_language();
    match availability {
        Availability::InStock => td_string!(language, catalog.in_stock).to_string(),
        Availability::Low { left } => td_string!(language, catalog.only_left, count = left),
        Availability::OutOfStock => td_string!(language, catalog.out_of_stock).to_string(),
    }
}

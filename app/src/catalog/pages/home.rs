use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::components::A;

use crate::catalog::api::home_page;
use crate::catalog::components::ProductGrid;
use crate::catalog::model::HomeView;
use crate::i18n::{td, td_string};
use crate::layout::ErrorPage;

stylance::import_crate_style!(style, "src/catalog/pages/home.module.css");

#[component]
pub fn HomePage() -> impl IntoView {
    let home = Resource::new(|| (), |_| home_page());
    let language = crate::language::use_language();
    view! {
        <Title text=""/>
        <Meta name="description" content=td_string!(language, catalog.home_description)/>
        <Suspense fallback=|| view! { <p class="loading">{crate::i18n::td!(crate::language::use_language(), common.loading)}</p> }>
            {move || Suspend::new(async move {
                match home.await {
                    Ok(view) => view! { <Home view/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Home(view: HomeView) -> impl IntoView {
    let first_category = view.categories.first().map(|c| c.link.clone());
    let language = crate::language::use_language();
    view! {
        <Link rel="canonical" href=crate::language::url(&view.canonical_url)/>
        <section class=style::hero aria-labelledby="hero-heading">
            <div>
                <h1 id="hero-heading">{td!(language, catalog.hero_title)}</h1>
                <p>{td!(language, catalog.hero_text)}</p>
                {first_category.map(|c| view! { <A href=crate::language::href(&c.href()) attr:class="button">{td_string!(language, catalog.shop_category, name = c.name)}</A> })}
            </div>
        </section>

        <section aria-labelledby="categories-heading" class=style::section>
            <h2 id="categories-heading">{td!(language, catalog.by_category)}</h2>
            <ul class=style::categories>
                {view.categories.into_iter().map(|c| view! {
                    <li>
                        <A href=crate::language::href(&c.link.href()) attr:class=style::tile>
                            {c.image.map(|img| view! {
                                <img src=img.url alt="" width=img.width height=img.height loading="lazy" decoding="async"/>
                            })}
                            <span class=style::tile_name>{c.link.name}</span>
                            <span class=style::tile_count>{td_string!(language, catalog.product_count, count = c.product_count)}</span>
                        </A>
                    </li>
                }).collect_view()}
            </ul>
        </section>

        {(!view.featured.is_empty()).then(|| view! {
            <section aria-labelledby="featured-heading" class=style::section>
                <h2 id="featured-heading">{td!(language, catalog.featured)}</h2>
                <ProductGrid products=view.featured label=td_string!(language, catalog.featured_products)/>
            </section>
        })}

        <section aria-labelledby="newest-heading" class=style::section>
            <h2 id="newest-heading">{td!(language, catalog.new_in)}</h2>
            <ProductGrid products=view.newest label=td_string!(language, catalog.newest_products)/>
        </section>
    }
}

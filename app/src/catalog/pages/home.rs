use crate::i18n::{t, t_string, use_i18n};
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::components::A;

use crate::catalog::api::home_page;
use crate::catalog::components::ProductGrid;
use crate::catalog::model::HomeView;
use crate::layout::ErrorPage;

stylance::import_crate_style!(style, "src/catalog/pages/home.module.css");

#[component]
pub fn HomePage() -> impl IntoView {
    let home = Resource::new(|| (), |_| home_page());
    let i18n = use_i18n();
    view! {
        <Title text=""/>
        <Meta name="description" content=t_string!(i18n, catalog.home_description)/>
        <Suspense fallback=|| view! { <p class="loading">{crate::i18n::t!(crate::i18n::use_i18n(), common.loading)}</p> }>
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
    let i18n = use_i18n();
    view! {
        <Link rel="canonical" href=crate::language::url(&view.canonical_url)/>
        <section class=style::hero aria-labelledby="hero-heading">
            <div>
                <h1 id="hero-heading">{t!(i18n, catalog.hero_title)}</h1>
                <p>{t!(i18n, catalog.hero_text)}</p>
                {first_category.map(|c| view! { <A href=c.href() attr:class="button">{t_string!(i18n, catalog.shop_category, name = c.name)}</A> })}
            </div>
        </section>

        <section aria-labelledby="categories-heading" class=style::section>
            <h2 id="categories-heading">{t!(i18n, catalog.by_category)}</h2>
            <ul class=style::categories>
                {view.categories.into_iter().map(|c| view! {
                    <li>
                        <A href=c.link.href() attr:class=style::tile>
                            {c.image.map(|img| view! {
                                <img src=img.url alt="" width=img.width height=img.height loading="lazy" decoding="async"/>
                            })}
                            <span class=style::tile_name>{c.link.name}</span>
                            <span class=style::tile_count>{t_string!(i18n, catalog.product_count, count = c.product_count)}</span>
                        </A>
                    </li>
                }).collect_view()}
            </ul>
        </section>

        {(!view.featured.is_empty()).then(|| view! {
            <section aria-labelledby="featured-heading" class=style::section>
                <h2 id="featured-heading">{t!(i18n, catalog.featured)}</h2>
                <ProductGrid products=view.featured label=t_string!(i18n, catalog.featured_products)/>
            </section>
        })}

        <section aria-labelledby="newest-heading" class=style::section>
            <h2 id="newest-heading">{t!(i18n, catalog.new_in)}</h2>
            <ProductGrid products=view.newest label=t_string!(i18n, catalog.newest_products)/>
        </section>
    }
}

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
    view! {
        <Title text=""/>
        <Meta name="description" content="Clothing, footwear, audio, kitchen, lighting, books and more — shipped within one working day."/>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
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
    view! {
        <Link rel="canonical" href=view.canonical_url/>
        <section class=style::hero aria-labelledby="hero-heading">
            <div>
                <h1 id="hero-heading">"Well-made things, delivered tomorrow"</h1>
                <p>"Clothing, footwear, audio, kitchen and more from independent makers. Free returns within 30 days."</p>
                {first_category.map(|c| view! { <A href=c.href() attr:class="button">"Shop "{c.name}</A> })}
            </div>
        </section>

        <section aria-labelledby="categories-heading" class=style::section>
            <h2 id="categories-heading">"Shop by category"</h2>
            <ul class=style::categories>
                {view.categories.into_iter().map(|c| view! {
                    <li>
                        <A href=c.link.href() attr:class=style::tile>
                            {c.image.map(|img| view! {
                                <img src=img.url alt="" width=img.width height=img.height loading="lazy" decoding="async"/>
                            })}
                            <span class=style::tile_name>{c.link.name}</span>
                            <span class=style::tile_count>{format!("{} products", c.product_count)}</span>
                        </A>
                    </li>
                }).collect_view()}
            </ul>
        </section>

        {(!view.featured.is_empty()).then(|| view! {
            <section aria-labelledby="featured-heading" class=style::section>
                <h2 id="featured-heading">"Featured"</h2>
                <ProductGrid products=view.featured label="Featured products"/>
            </section>
        })}

        <section aria-labelledby="newest-heading" class=style::section>
            <h2 id="newest-heading">"New in"</h2>
            <ProductGrid products=view.newest label="Newest products"/>
        </section>
    }
}

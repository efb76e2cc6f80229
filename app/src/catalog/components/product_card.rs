use leptos::prelude::*;
use leptos_router::components::A;

use super::PriceTag;
use crate::cart::components::AddToCartForm;
use crate::catalog::model::{ProductCard, QuickAdd};
use crate::i18n::{td, td_string};

stylance::import_crate_style!(style, "src/catalog/components/product_card.module.css");

/// A grid of product cards. The first row's images load eagerly; the rest wait until scrolled to.
#[component]
pub fn ProductGrid(products: Vec<ProductCard>, #[prop(into)] label: String) -> impl IntoView {
    view! {
        <ul class=style::grid aria-label=label>
            {products
                .into_iter()
                .enumerate()
                .map(|(i, product)| view! { <li><Card product eager=i < 4/></li> })
                .collect_view()}
        </ul>
    }
}

#[component]
fn Card(product: ProductCard, eager: bool) -> impl IntoView {
    let href = product.href();
    let language = crate::language::use_language();
    let add_label = td_string!(
        language,
        catalog.add_named_to_cart,
        name = product.name.clone()
    );
    let quick_add = match product.quick_add {
        QuickAdd::Sku(sku) => view! {
            <AddToCartForm sku=Signal::stored(sku) can_buy=Signal::stored(true) compact_label=add_label/>
        }
        .into_any(),
        QuickAdd::ChooseOptions => {
            view! { <a class=style::options href=crate::language::href(&href)>{td!(language, catalog.choose_options)}</a> }.into_any()
        }
        QuickAdd::SoldOut => view! { <p class=style::sold_out>{td!(language, catalog.sold_out)}</p> }.into_any(),
    };
    view! {
        <article class=style::card data-price=product.price.minor()>
            <A href=crate::language::href(&href) attr:class=style::image_link attr:tabindex="-1" attr:aria-hidden="true">
                {product.image.map(|img| view! {
                    <img
                        class=style::image
                        srcset=crate::catalog::domain::media::srcset(&img.url)
                        sizes="(max-width: 40rem) 50vw, 18rem"
                        src=img.url
                        alt=""
                        width=img.width
                        height=img.height
                        loading=if eager { "eager" } else { "lazy" }
                        decoding="async"
                    />
                })}
            </A>
            <div class=style::body>
                {product.brand.map(|b| view! { <p class=style::brand>{b}</p> })}
                <h3 class=style::name><A href=crate::language::href(&href)>{product.name}</A></h3>
                <PriceTag price=product.price compare_at=product.compare_at from=true/>
                <div class=style::quick_add>{quick_add}</div>
            </div>
        </article>
    }
}

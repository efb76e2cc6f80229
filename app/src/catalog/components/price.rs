use leptos::prelude::*;

use crate::domain::Money;
use crate::i18n::td;

stylance::import_crate_style!(style, "src/catalog/components/price.module.css");

/// A price, with the earlier price struck through when the item is on sale.
#[component]
pub fn PriceTag(
    price: Money,
    #[prop(default = None)] compare_at: Option<Money>,
    #[prop(optional)] from: bool,
) -> impl IntoView {
    let on_sale = compare_at.filter(|was| was.minor() > price.minor());
    let language = crate::language::use_language();
    view! {
        <span class=style::price>
            {from.then(|| view! { <span class=style::from>{td!(language, catalog.price_from)}" "</span> })}
            <span class=move || if on_sale.is_some() { style::sale } else { style::now }>{price.in_language(language).to_string()}</span>
            {on_sale.map(|was| view! {
                <s class=style::was><span class="visually-hidden">{td!(language, catalog.price_was)}" "</span>{was.in_language(language).to_string()}</s>
            })}
        </span>
    }
}

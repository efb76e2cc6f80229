use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::cart::api::{view_cart, RemoveFromCart, SetCartQuantity};
use crate::cart::components::{cart_version, notify_cart_changed};
use crate::cart::domain::PriceChange;
use crate::cart::model::{CartLineView, CartView};
use crate::i18n::{td, td_string};
use crate::language::use_language;
use crate::layout::form::{CsrfField, FormStatus};
use crate::layout::ErrorPage;

stylance::import_crate_style!(style, "src/cart/pages/cart.module.css");

#[component]
pub fn CartPage() -> impl IntoView {
    let set = ServerAction::<SetCartQuantity>::new();
    let remove = ServerAction::<RemoveFromCart>::new();
    Effect::new(move |_| {
        if matches!(set.value().get(), Some(Ok(_))) || matches!(remove.value().get(), Some(Ok(_))) {
            notify_cart_changed();
        }
    });
    let cart = Resource::new(cart_version, |_| view_cart());
    let language = use_language();
    view! {
        <Title text=td_string!(language, cart.your_cart)/>
        <Meta name="robots" content="noindex"/>
        <h1>{td!(language, cart.your_cart)}</h1>
        <FormStatus value=set.value() success=|_| None/>
        <Suspense fallback=|| view! { <p class="loading">{crate::i18n::td!(crate::language::use_language(), common.loading)}</p> }>
            {move || Suspend::new(async move {
                match cart.await {
                    Ok(cart) if cart.is_empty() => view! {
                        <p>{td!(language, cart.empty)}</p>
                        <p><a class="button" href=crate::language::href("/")>{td!(language, cart.continue_shopping)}</a></p>
                    }.into_any(),
                    Ok(cart) => view! { <CartTable cart set remove/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CartTable(
    cart: CartView,
    set: ServerAction<SetCartQuantity>,
    remove: ServerAction<RemoveFromCart>,
) -> impl IntoView {
    let problems = cart.has_problems();
    let language = use_language();
    view! {
        <ul class=style::lines aria-label=td_string!(language, cart.items_in_cart)>
            {cart.lines.into_iter().map(|line| view! { <CartLine line set remove/> }).collect_view()}
        </ul>
        <div class=style::summary>
            <p class=style::subtotal>
                <span>{td!(language, cart.subtotal)}</span>
                <strong data-testid="subtotal">{cart.subtotal.map(|m| m.in_language(language).to_string()).unwrap_or_default()}</strong>
            </p>
            <p class=style::note>{td!(language, cart.shipping_at_checkout)}</p>
            {if problems {
                view! {
                    <p class=style::problem role="alert">{td!(language, cart.has_problems)}</p>
                }.into_any()
            } else {
                view! { <p><a class="button" href=crate::language::href("/checkout")>{td!(language, cart.proceed)}</a></p> }.into_any()
            }}
            <p><a href=crate::language::href("/")>{td!(language, cart.continue_shopping)}</a></p>
        </div>
    }
}

#[component]
fn CartLine(
    line: CartLineView,
    set: ServerAction<SetCartQuantity>,
    remove: ServerAction<RemoveFromCart>,
) -> impl IntoView {
    let input_id = format!("quantity-{}", line.sku);
    let language = use_language();
    let price_note = match line.price_change {
        PriceChange::Unchanged => None,
        PriceChange::Up { was } => Some(td_string!(
            language,
            cart.price_up,
            was = was.in_language(language)
        )),
        PriceChange::Down { was } => Some(td_string!(
            language,
            cart.price_down,
            was = was.in_language(language)
        )),
    };
    let (sku_for_set, sku_for_remove) = (line.sku.clone(), line.sku.clone());
    let label = td_string!(language, cart.quantity_of, name = line.product_name.clone());
    let remove_label = td_string!(
        language,
        cart.remove_named,
        name = line.product_name.clone()
    );
    view! {
        <li class=style::line>
            {line.image.map(|image| view! {
                <img src=image.url alt="" width=image.width height=image.height loading="lazy" class=style::image/>
            })}
            <div class=style::what>
                <h2 class=style::name><a href=crate::language::href(&line.product_href)>{line.product_name}</a></h2>
                {(!line.variant_label.is_empty()).then(|| view! { <p>{line.variant_label}</p> })}
                <p>{td_string!(language, cart.each, price = line.unit_price.in_language(language))}</p>
                {price_note.map(|note| view! { <p class=style::changed>{note}</p> })}
                {line.problem.map(|problem| view! { <p class=style::problem role="alert">{problem}</p> })}
            </div>
            <ActionForm action=set attr:class=style::quantity>
                <CsrfField/>
                <input type="hidden" name="sku" value=sku_for_set/>
                <label for=input_id.clone() class="visually-hidden">{label}</label>
                <input id=input_id name="quantity" type="number" min="1" max="999" inputmode="numeric" value=line.quantity.to_string()/>
                <button class="link-button" type="submit">{td!(language, cart.update)}</button>
            </ActionForm>
            <p class=style::total data-testid="line-total">{line.line_total.in_language(language).to_string()}</p>
            <ActionForm action=remove attr:class=style::remove>
                <CsrfField/>
                <input type="hidden" name="sku" value=sku_for_remove/>
                <button class="link-button" type="submit" aria-label=remove_label>{td!(language, cart.remove)}</button>
            </ActionForm>
        </li>
    }
}

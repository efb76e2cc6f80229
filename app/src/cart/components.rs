//! The cart outside its page: the header's mini-cart with its badge, the add-to-cart form of
//! the product page, and the signal that tells them the cart changed.

use leptos::prelude::*;

use super::api::{view_cart, AddToCart};
use crate::i18n::{td, td_string};
use crate::language::use_language;
use crate::layout::form::{CsrfField, FormStatus};

stylance::import_crate_style!(style, "src/cart/components.module.css");

/// Bumped after every change to the cart, so that everything showing it reloads.
#[derive(Debug, Clone, Copy)]
pub struct CartChanged(pub RwSignal<u32>);

pub fn provide_cart_changed() {
    provide_context(CartChanged(RwSignal::new(0)));
}

pub fn notify_cart_changed() {
    if let Some(CartChanged(version)) = use_context::<CartChanged>() {
        version.update(|v| *v += 1);
    }
}

/// The cart's version, to key resources that show the cart.
pub fn cart_version() -> u32 {
    use_context::<CartChanged>().map_or(0, |CartChanged(version)| version.get())
}

/// The header's cart: a badge with the number of items, opening a summary of the lines.
#[component]
pub fn MiniCart() -> impl IntoView {
    let cart = Resource::new(cart_version, |_| view_cart());
    // The summary closes when the shopper moves to another page.
    let open = RwSignal::new(false);
    let location = leptos_router::hooks::use_location();
    Effect::new(move |_| {
        location.pathname.track();
        open.set(false);
    });
    let language = use_language();
    view! {
        <Suspense fallback=move || view! { <a href=crate::language::href("/cart") class=style::trigger>{td!(language, cart.cart)}</a> }>
            {move || Suspend::new(async move {
                let cart = cart.await.unwrap_or_default();
                let count = cart.item_count;
                let label = match count {
                    0 => td_string!(language, cart.cart_empty).to_string(),
                    n => td_string!(language, cart.cart_items, count = n),
                };
                view! {
                    <details
                        class=style::mini
                        prop:open=move || open.get()
                        on:toggle=move |ev| open.set(event_target::<leptos::web_sys::Element>(&ev).has_attribute("open"))
                    >
                        <summary class=style::trigger aria-label=label>
                            {td!(language, cart.cart)}
                            <span class=style::badge data-testid="cart-count" aria-hidden="true">{count}</span>
                        </summary>
                        <div class=style::panel>
                            {if cart.is_empty() {
                                view! { <p>{td!(language, cart.empty)}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class=style::lines>
                                        {cart.lines.iter().map(|line| view! {
                                            <li>
                                                <span>{format!("{} × {}", line.quantity, line.product_name)}</span>
                                                <span>{line.line_total.in_language(language).to_string()}</span>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                    <p class=style::total>
                                        <span>{td!(language, cart.subtotal)}</span>
                                        <strong>{cart.subtotal.map(|m| m.in_language(language).to_string()).unwrap_or_default()}</strong>
                                    </p>
                                }.into_any()
                            }}
                            <a class="button" href=crate::language::href("/cart")>{td!(language, cart.go_to_cart)}</a>
                        </div>
                    </details>
                }
            })}
        </Suspense>
    }
}

/// "Add to cart" for the variant the shopper picked. Without WASM it is a plain form that
/// returns to the page it was on.
#[component]
pub fn AddToCartForm(
    /// The SKU of the chosen variant.
    sku: Signal<String>,
    can_buy: Signal<bool>,
    /// In listings: one unit, no quantity field, and this accessible name for the button
    /// ("Add Everyday Mug to cart") so that a page of buttons can be told apart.
    #[prop(optional, into)]
    compact_label: Option<String>,
) -> impl IntoView {
    let compact = compact_label.is_some();
    let language = use_language();
    let action = ServerAction::<AddToCart>::new();
    let toast = RwSignal::new(false);
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(_))) {
            notify_cart_changed();
            toast.set(true);
        }
    });
    view! {
        <ActionForm action attr:class=style::add>
            <CsrfField/>
            <input type="hidden" name="sku" value=sku/>
            {if compact {
                view! { <input type="hidden" name="quantity" value="1"/> }.into_any()
            } else {
                view! {
                    <label for="add-quantity" class="visually-hidden">{td!(language, cart.quantity)}</label>
                    <input id="add-quantity" class=style::quantity name="quantity" type="number" min="1" max="999" value="1" inputmode="numeric"/>
                }
                .into_any()
            }}
            <button
                class="button"
                type="submit"
                aria-label=compact_label
                disabled=move || !can_buy.get() || action.pending().get()
            >
                {td!(language, cart.add_to_cart)}
            </button>
        </ActionForm>
        <FormStatus value=action.value() success=|_| None/>
        <Show when=move || toast.get()>
            <div class=style::toast role="status">
                <p>{td!(language, cart.added)}</p>
                <div class=style::toast_actions>
                    <a class="button" href=crate::language::href("/cart")>{td!(language, cart.go_to_cart)}</a>
                    <button class="link-button" type="button" on:click=move |_| toast.set(false)>
                        {td!(language, cart.continue_shopping)}
                    </button>
                </div>
            </div>
        </Show>
    }
}

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::account::model::SavedAddress;
use crate::checkout::api::{begin_checkout, PlaceOrder, ReviewCheckout};
use crate::checkout::model::{CheckoutForm, CheckoutReview, CheckoutStart, ShippingChoice};
use crate::domain::address::countries_in;
use crate::domain::AddressInput;
use crate::error::AppError;
use crate::i18n::{td, td_string};
use crate::language::use_language;
use crate::layout::form::style as form_style;
use crate::layout::ErrorPage;
use crate::orders::components::{Totals, TotalsList};

stylance::import_crate_style!(style, "src/checkout/pages/checkout.module.css");

#[component]
pub fn CheckoutPage() -> impl IntoView {
    let start = Resource::new(|| (), |_| begin_checkout());
    let language = use_language();
    view! {
        <Title text=td_string!(language, checkout.title)/>
        <Meta name="robots" content="noindex"/>
        <h1>{td!(language, checkout.title)}</h1>
        <Suspense fallback=|| view! { <p class="loading">{crate::i18n::td!(crate::language::use_language(), common.loading)}</p> }>
            {move || Suspend::new(async move {
                match start.await {
                    Ok(start) if start.cart.is_empty() => view! {
                        <p>{td!(language, cart.empty)}</p>
                        <p><a class="button" href=crate::language::href("/")>{td!(language, cart.continue_shopping)}</a></p>
                    }.into_any(),
                    Ok(start) => view! { <Checkout start/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One text input bound to a signal, labelled.
#[component]
fn Field(
    label: &'static str,
    id: &'static str,
    value: RwSignal<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    view! {
        <div class=form_style::field>
            <label for=id>{label}</label>
            <input id=id type=kind autocomplete=autocomplete required=required bind:value=value/>
        </div>
    }
}

/// The address fields as signals, so a saved address can fill them in.
#[derive(Clone, Copy)]
struct AddressFields {
    full_name: RwSignal<String>,
    line1: RwSignal<String>,
    line2: RwSignal<String>,
    postal_code: RwSignal<String>,
    city: RwSignal<String>,
    region: RwSignal<String>,
    country: RwSignal<String>,
    phone: RwSignal<String>,
}

impl AddressFields {
    fn new(from: &AddressInput) -> Self {
        AddressFields {
            full_name: RwSignal::new(from.full_name.clone()),
            line1: RwSignal::new(from.line1.clone()),
            line2: RwSignal::new(from.line2.clone()),
            postal_code: RwSignal::new(from.postal_code.clone()),
            city: RwSignal::new(from.city.clone()),
            region: RwSignal::new(from.region.clone()),
            country: RwSignal::new(from.country.clone()),
            phone: RwSignal::new(from.phone.clone()),
        }
    }

    fn fill(&self, from: &AddressInput) {
        self.full_name.set(from.full_name.clone());
        self.line1.set(from.line1.clone());
        self.line2.set(from.line2.clone());
        self.postal_code.set(from.postal_code.clone());
        self.city.set(from.city.clone());
        self.region.set(from.region.clone());
        self.country.set(from.country.clone());
        self.phone.set(from.phone.clone());
    }

    fn get(&self) -> AddressInput {
        AddressInput {
            full_name: self.full_name.get(),
            line1: self.line1.get(),
            line2: self.line2.get(),
            postal_code: self.postal_code.get(),
            city: self.city.get(),
            region: self.region.get(),
            country: self.country.get(),
            phone: self.phone.get(),
        }
    }
}

/// The default saved address, else the first, else an empty one in Poland.
fn starting_address(saved: &[SavedAddress]) -> AddressInput {
    saved
        .iter()
        .find(|a| a.is_default)
        .or(saved.first())
        .map(|a| a.address.clone())
        .unwrap_or_else(|| AddressInput {
            country: "PL".into(),
            ..Default::default()
        })
}

#[component]
fn Checkout(start: CheckoutStart) -> impl IntoView {
    let email = RwSignal::new(start.email.clone());
    let address = AddressFields::new(&starting_address(&start.saved_addresses));
    let shipping = RwSignal::new(
        start
            .shipping_methods
            .first()
            .map(|m| m.code.clone())
            .unwrap_or_default(),
    );
    let coupon = RwSignal::new(String::new());
    let attempt = start.attempt.clone();
    let form = Memo::new(move |_| CheckoutForm {
        email: email.get(),
        address: address.get(),
        shipping_method: shipping.get(),
        coupon: coupon.get(),
        attempt: attempt.clone(),
    });

    let review = ServerAction::<ReviewCheckout>::new();
    let place = ServerAction::<PlaceOrder>::new();
    // The review holds for the form it was made from; any change asks for a new one.
    let reviewed = RwSignal::new(None::<CheckoutForm>);
    Effect::new(move |_| {
        if let Some(Ok(placed)) = place.value().get() {
            // The payment page belongs to the provider: a full navigation, not a route change.
            let _ = window().location().set_href(&placed.payment_url);
        }
    });

    let language = use_language();
    view! {
        <div class=style::layout>
            <form
                class=style::details
                aria-label=td_string!(language, checkout.your_details)
                on:submit=move |ev| {
                    ev.prevent_default();
                    reviewed.set(Some(form.get_untracked()));
                    review.dispatch(ReviewCheckout { form: form.get_untracked() });
                }
            >
                <fieldset class=style::group>
                    <legend>{td!(language, checkout.contact)}</legend>
                    <Field label=td_string!(language, checkout.email) id="checkout-email" value=email kind="email" autocomplete="email" required=true/>
                </fieldset>
                <AddressFieldset saved=start.saved_addresses address/>
                <ShippingFieldset methods=start.shipping_methods shipping/>
                <fieldset class=style::group>
                    <legend>{td!(language, checkout.coupon)}</legend>
                    <Field label=td_string!(language, checkout.coupon_code) id="checkout-coupon" value=coupon/>
                </fieldset>
                <button type="submit" class="button" disabled=move || review.pending().get()>
                    {td!(language, checkout.review_order)}
                </button>
            </form>
            <Summary review reviewed place form/>
        </div>
    }
}

/// The shipping address, which a saved address can fill in.
#[component]
fn AddressFieldset(saved: Vec<SavedAddress>, address: AddressFields) -> impl IntoView {
    let language = use_language();
    view! {
        <fieldset class=style::group>
            <legend>{td!(language, checkout.shipping_address)}</legend>
            {(!saved.is_empty()).then(|| view! { <SavedAddressPicker saved address/> })}
            <Field label=td_string!(language, checkout.full_name) id="checkout-name" value=address.full_name autocomplete="shipping name" required=true/>
            <Field label=td_string!(language, checkout.line1) id="checkout-line1" value=address.line1 autocomplete="shipping address-line1" required=true/>
            <Field label=td_string!(language, checkout.line2) id="checkout-line2" value=address.line2 autocomplete="shipping address-line2"/>
            <div class=style::pair>
                <Field label=td_string!(language, checkout.postal_code) id="checkout-postal" value=address.postal_code autocomplete="shipping postal-code" required=true/>
                <Field label=td_string!(language, checkout.city) id="checkout-city" value=address.city autocomplete="shipping address-level2" required=true/>
            </div>
            <Field label=td_string!(language, checkout.region) id="checkout-region" value=address.region autocomplete="shipping address-level1"/>
            <div class=form_style::field>
                <label for="checkout-country">{td!(language, checkout.country)}</label>
                <select
                    id="checkout-country"
                    autocomplete="shipping country"
                    prop:value=move || address.country.get()
                    on:change=move |ev| address.country.set(event_target_value(&ev))
                >
                    {countries_in(language).into_iter().map(|(code, name)| view! {
                        <option value=code selected=move || address.country.get() == code>{name}</option>
                    }).collect_view()}
                </select>
            </div>
            <Field label=td_string!(language, checkout.phone) id="checkout-phone" value=address.phone kind="tel" autocomplete="shipping tel"/>
        </fieldset>
    }
}

#[component]
fn SavedAddressPicker(saved: Vec<SavedAddress>, address: AddressFields) -> impl IntoView {
    let options = saved
        .iter()
        .map(|a| {
            view! {
                <option value=a.id.to_string() selected=a.is_default>{a.one_line()}</option>
            }
        })
        .collect_view();
    let language = use_language();
    view! {
        <div class=form_style::field>
            <label for="checkout-saved">{td!(language, checkout.saved_address)}</label>
            <select id="checkout-saved" on:change=move |ev| {
                let chosen = event_target_value(&ev);
                if let Some(found) = saved.iter().find(|a| a.id.to_string() == chosen) {
                    address.fill(&found.address);
                }
            }>
                {options}
            </select>
        </div>
    }
}

#[component]
fn ShippingFieldset(methods: Vec<ShippingChoice>, shipping: RwSignal<String>) -> impl IntoView {
    let language = use_language();
    view! {
        <fieldset class=style::group>
            <legend>{td!(language, checkout.shipping)}</legend>
            {methods.into_iter().map(|method| {
                let code = method.code.clone();
                let id = format!("shipping-{}", method.code);
                let note = method
                    .free_from
                    .map(|from| format!(" · {}", td_string!(language, checkout.free_from, amount = from.in_language(language))))
                    .unwrap_or_default();
                let checked = {
                    let code = code.clone();
                    move || shipping.get() == code
                };
                view! {
                    <label class=style::choice for=id.clone()>
                        <input
                            type="radio"
                            id=id.clone()
                            name="shipping_method"
                            value=code.clone()
                            prop:checked=checked
                            on:change=move |_| shipping.set(code.clone())
                        />
                        <span>{method.name}</span>
                        <span class=style::price>{format!("{}{note}", method.price.in_language(language))}</span>
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// The order's exact amounts once reviewed for the form as it is, and any error.
#[component]
fn Summary(
    review: ServerAction<ReviewCheckout>,
    reviewed: RwSignal<Option<CheckoutForm>>,
    place: ServerAction<PlaceOrder>,
    form: Memo<CheckoutForm>,
) -> impl IntoView {
    let current_review = Memo::new(move |_| match review.value().get() {
        Some(Ok(done)) if reviewed.get().as_ref() == Some(&form.get()) => Some(done),
        _ => None,
    });
    let error = move || {
        let from_place = place.value().get().and_then(Result::err);
        let from_review = review.value().get().and_then(Result::err);
        from_place.or(from_review)
    };
    let language = use_language();
    view! {
        <section class=style::summary aria-labelledby="review-heading">
            <h2 id="review-heading">{td!(language, checkout.your_order)}</h2>
            <div aria-live="polite">
                {move || error().map(|e: AppError| view! {
                    <p class=form_style::error role="alert">{e.to_string()}</p>
                })}
            </div>
            {move || match current_review.get() {
                Some(done) => view! { <Review review=done place form/> }.into_any(),
                None => view! {
                    <p class=style::note>{td!(language, checkout.fill_in)}</p>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Review(
    review: CheckoutReview,
    place: ServerAction<PlaceOrder>,
    form: Memo<CheckoutForm>,
) -> impl IntoView {
    let total = review.total;
    let language = use_language();
    view! {
        <ul class=style::lines aria-label=td_string!(language, checkout.items)>
            {review.lines.into_iter().map(|line| view! {
                <li>
                    <span>{format!("{} × {}", line.quantity, line.product_name)}
                        {(!line.variant_label.is_empty()).then(|| view! { <small>{line.variant_label}</small> })}
                    </span>
                    <span>{line.line_total.in_language(language).to_string()}</span>
                </li>
            }).collect_view()}
        </ul>
        <TotalsList totals=Totals {
            goods: review.goods,
            discount: review.discount,
            shipping_method: review.shipping_method,
            shipping: review.shipping,
            taxes: review.taxes,
            prices_include_tax: review.prices_include_tax,
            total,
            refunded: None,
        }/>
        <button
            type="button"
            class="button"
            disabled=move || place.pending().get()
            on:click=move |_| {
                place.dispatch(PlaceOrder { form: form.get_untracked() });
            }
        >
            {move || if place.pending().get() {
                td_string!(language, checkout.placing).to_string()
            } else {
                td_string!(language, checkout.place_and_pay, total = total.in_language(language))
            }}
        </button>
        <p class=style::note>{td!(language, checkout.secure_page)}</p>
    }
}

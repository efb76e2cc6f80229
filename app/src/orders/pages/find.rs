use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use super::OrderDetails;
use crate::i18n::{td, td_string};
use crate::language::use_language;
use crate::layout::form::{style as form_style, CsrfField, FormStatus, TextField};
use crate::orders::api::FindOrder;

/// `/orders/find`: a guest finds an order by the e-mail address and the order number.
#[component]
pub fn FindOrderPage() -> impl IntoView {
    let find = ServerAction::<FindOrder>::new();
    // The confirmation mail links here with the number filled in.
    let number = leptos_router::hooks::use_query_map()
        .read_untracked()
        .get("number")
        .unwrap_or_default();
    let language = use_language();
    view! {
        <Title text=td_string!(language, orders.find_title)/>
        <Meta name="robots" content="noindex"/>
        {move || match find.value().get() {
            Some(Ok(order)) => view! { <OrderDetails order/> }.into_any(),
            _ => {
                let number = number.clone();
                view! {
                <section class=form_style::panel aria-labelledby="find-heading">
                    <h1 id="find-heading">{td!(language, orders.find_title)}</h1>
                    <p>{td!(language, orders.find_lead)}</p>
                    <ActionForm action=find attr:class=form_style::form>
                        <CsrfField/>
                        <TextField label=td_string!(language, orders.email) name="email" kind="email" autocomplete="email" required=true/>
                        <TextField label=td_string!(language, orders.number) name="number" required=true value=number hint=td_string!(language, orders.number_hint)/>
                        <FormStatus value=find.value() success=|_| None/>
                        <button type="submit" class="button">{td!(language, orders.find)}</button>
                    </ActionForm>
                </section>
            }.into_any()
            }
        }}
    }
}

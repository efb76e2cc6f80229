use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use super::OrderDetails;
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
    view! {
        <Title text="Find your order"/>
        <Meta name="robots" content="noindex"/>
        {move || match find.value().get() {
            Some(Ok(order)) => view! { <OrderDetails order/> }.into_any(),
            _ => {
                let number = number.clone();
                view! {
                <section class=form_style::panel aria-labelledby="find-heading">
                    <h1 id="find-heading">"Find your order"</h1>
                    <p>"Enter the e-mail address you ordered with and the order number from your confirmation."</p>
                    <ActionForm action=find attr:class=form_style::form>
                        <CsrfField/>
                        <TextField label="E-mail" name="email" kind="email" autocomplete="email" required=true/>
                        <TextField label="Order number" name="number" required=true value=number hint="It starts with M, e.g. M7K2QX9HD."/>
                        <FormStatus value=find.value() success=|_| None/>
                        <button type="submit" class="button">"Find order"</button>
                    </ActionForm>
                </section>
            }.into_any()
            }
        }}
    }
}

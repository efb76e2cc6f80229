use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use super::OrderDetails;
use crate::cart::components::notify_cart_changed;
use crate::layout::ErrorPage;
use crate::orders::api::order_details;
use crate::orders::domain::OrderStatus;

/// `/order/<number>`: the confirmation page after payment (with `?key=` from the link), and a
/// signed-in customer's view of one of their orders.
#[component]
pub fn OrderPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let order = Resource::new(
        move || {
            (
                params.read().get("number").unwrap_or_default(),
                query.read().get("key"),
            )
        },
        |(number, key)| order_details(number, key),
    );
    // Paying empties the cart on the server; the header learns it here, whichever of the two
    // loaded first.
    Effect::new(move |_| {
        if let Some(Ok(order)) = order.get() {
            if order.status == OrderStatus::Paid {
                notify_cart_changed();
            }
        }
    });
    let language = crate::language::use_language();
    view! {
        <Title text=crate::i18n::td_string!(language, orders.your_order)/>
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| view! { <p class="loading">{crate::i18n::td!(crate::language::use_language(), common.loading)}</p> }>
            {move || Suspend::new(async move {
                match order.await {
                    Ok(order) => view! { <OrderDetails order/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

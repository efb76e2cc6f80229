use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::inventory::api::variant_by_sku;
use crate::inventory::model::VariantAdmin;
use crate::layout::ErrorPage;

/// A SKU search (a plain GET form, so the result has a URL) and the variant it finds, handed to
/// `found`; `reload` loads it again. `found` runs inside a `Suspense` and must make no resources
/// (nor components that do): make them beside the lookup and hand them in (see `StockLookup` in
/// `stock.rs` for why).
#[component]
pub fn VariantLookup<F, V>(reload: Signal<usize>, found: F) -> impl IntoView
where
    F: Fn(VariantAdmin) -> V + Send + Sync + Copy + 'static,
    V: IntoView + Send + 'static,
{
    let query = use_query_map();
    let sku = move || query.read().get("sku").unwrap_or_default();
    let variant = Resource::new(
        move || (sku(), reload.get()),
        |(sku, _)| async move {
            if sku.trim().is_empty() {
                None
            } else {
                Some(variant_by_sku(sku).await)
            }
        },
    );
    view! {
        <form method="get" class=crate::back_office::style::inline role="search">
            <label for="sku">"SKU"</label>
            <input id="sku" name="sku" value=sku autocomplete="off" required/>
            <button class="button" type="submit">"Find"</button>
        </form>
        <Suspense fallback=|| view! { <p class="loading">{crate::i18n::td!(crate::language::use_language(), common.loading)}</p> }>
            {move || Suspend::new(async move {
                match variant.await {
                    None => ().into_any(),
                    Some(Ok(variant)) => found(variant).into_any(),
                    Some(Err(error)) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

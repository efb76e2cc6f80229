use leptos::prelude::*;

use crate::back_office::{style, AdminSection};
use crate::catalog::admin::products::api::SetPrice;
use crate::domain::Permission;
use crate::inventory::VariantLookup;
use crate::layout::form::{CsrfField, FormStatus};

#[component]
pub fn PricesPage() -> impl IntoView {
    let save = ServerAction::<SetPrice>::new();
    let reload = Signal::derive(move || save.version().get());
    view! {
        <AdminSection title="Prices" needs=Some(Permission::EditPrices)>
            <VariantLookup reload found=move |variant| view! {
                <h2>{format!("{} · {}", variant.product_name, variant.variant_name)}</h2>
                <ActionForm action=save attr:class=style::inline>
                    <CsrfField/>
                    <input type="hidden" name="sku" value=variant.sku.clone()/>
                    <label for="price">"Price"</label>
                    <input id="price" name="price" inputmode="decimal" value=variant.price.clone()/>
                    <button class="button" type="submit">"Save price"</button>
                </ActionForm>
            }/>
            <FormStatus value=save.value() success=|_| Some("Price saved.".to_string())/>
        </AdminSection>
    }
}

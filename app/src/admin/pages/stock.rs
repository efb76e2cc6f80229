use leptos::prelude::*;

use super::section::{style, AdminSection};
use super::variant_lookup::VariantLookup;
use crate::admin::api::SetStockLevel;
use crate::domain::Permission;
use crate::layout::form::{CsrfField, FormStatus};

#[component]
pub fn StockPage() -> impl IntoView {
    let save = ServerAction::<SetStockLevel>::new();
    let reload = Signal::derive(move || save.version().get());
    view! {
        <AdminSection title="Stock levels" needs=Some(Permission::EditStock)>
            <VariantLookup reload found=move |variant| view! {
                <h2>{format!("{} · {}", variant.product_name, variant.variant_name)}</h2>
                <p>{format!("SKU {}", variant.sku)}</p>
                <table class="data">
                    <thead><tr><th scope="col">"Location"</th><th scope="col">"Reserved"</th><th scope="col">"On hand"</th></tr></thead>
                    <tbody>
                        {variant.stock.into_iter().map(|level| {
                            let input_id = format!("on-hand-{}", level.location_code);
                            let label = format!("On hand at {}", level.location_name);
                            let sku = variant.sku.clone();
                            view! {
                                <tr>
                                    <th scope="row">{level.location_name}</th>
                                    <td>{level.reserved}</td>
                                    <td>
                                        <ActionForm action=save attr:class=style::inline>
                                            <CsrfField/>
                                            <input type="hidden" name="sku" value=sku/>
                                            <input type="hidden" name="location" value=level.location_code/>
                                            <label class="visually-hidden" for=input_id.clone()>{label}</label>
                                            <input id=input_id name="on_hand" inputmode="numeric" value=level.on_hand.to_string()/>
                                            <button class="button" type="submit">"Save"</button>
                                        </ActionForm>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }/>
            <FormStatus value=save.value() success=|_| Some("Stock level saved.".to_string())/>
        </AdminSection>
    }
}

use leptos::prelude::*;

use crate::back_office::{style, AdminSection};
use crate::domain::Permission;
use crate::inventory::api::{list_locations, SetLocationOnline};
use crate::layout::form::{CsrfField, FormStatus};
use crate::layout::Loaded;

/// `/admin/locations`: warehouses and stores, which of them serve online orders, and the order
/// online orders reserve stock from them in.
#[component]
pub fn LocationsPage() -> impl IntoView {
    let save = ServerAction::<SetLocationOnline>::new();
    let locations = Resource::new(move || save.version().get(), |_| list_locations());
    view! {
        <AdminSection title="Locations" needs=Some(Permission::EditStock)>
            <p>"Online orders reserve stock from the locations that serve them, lowest order number first."</p>
            <Loaded resource=locations render=move |rows| view! {
                <table class="data">
                    <thead><tr>
                        <th scope="col">"Location"</th><th scope="col">"Kind"</th><th scope="col">"Online orders"</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|row| {
                            let rank_label = format!("Reservation order of {}", row.name);
                            let online_label = format!("{} serves online orders", row.name);
                            view! {
                                <tr>
                                    <th scope="row">{row.name.clone()}<br/><small>{row.code.clone()}</small></th>
                                    <td>{row.kind.clone()}</td>
                                    <td>
                                        <ActionForm action=save attr:class=style::inline>
                                            <CsrfField/>
                                            <input type="hidden" name="code" value=row.code.clone()/>
                                            <label><input type="checkbox" name="sells_online" checked=row.sells_online aria-label=online_label/>" serves them"</label>
                                            <label>" order " <input name="online_rank" inputmode="numeric" size="4" aria-label=rank_label value=row.online_rank.to_string()/></label>
                                            <button class="button" type="submit">"Save"</button>
                                        </ActionForm>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }/>
            <FormStatus value=save.value() success=|_| Some("Location saved.".to_string())/>
        </AdminSection>
    }
}

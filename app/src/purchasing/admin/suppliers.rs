use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::back_office::{style, AdminSection};
use crate::domain::Permission;
use crate::inventory::api::list_locations;
use crate::inventory::domain::AutoReorder;
use crate::layout::form::{CsrfField, FormStatus};
use crate::layout::Loaded;
use crate::purchasing::api::{
    get_supplier, list_suppliers, OrderByHand, SaveSupplier, SetSupplierItem,
};
use crate::purchasing::model::{SupplierDetail, SupplierRow};

/// `/admin/suppliers`: every supplier, and a form for a new one.
#[component]
pub fn SuppliersPage() -> impl IntoView {
    let save = ServerAction::<SaveSupplier>::new();
    let suppliers = Resource::new(move || save.version().get(), |_| list_suppliers());
    view! {
        <AdminSection title="Suppliers" needs=Some(Permission::ManagePurchasing)>
            <Loaded resource=suppliers render=|rows| view! { <SupplierTable rows/> }/>
            <h2>"New supplier"</h2>
            <SupplierForm save existing=None/>
        </AdminSection>
    }
}

#[component]
fn SupplierTable(rows: Vec<SupplierRow>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p>"No suppliers yet."</p> }.into_any();
    }
    view! {
        <table class="data">
            <thead><tr>
                <th scope="col">"Supplier"</th><th scope="col">"Lead time"</th>
                <th scope="col">"Automatic reordering"</th><th scope="col">"Items"</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|row| view! {
                    <tr>
                        <td><a href=format!("/admin/suppliers/{}", row.id)>{row.name}</a><br/><small>{row.email}</small></td>
                        <td>{format!("{} days", row.lead_time_days)}</td>
                        <td>{row.auto_reorder.label()}</td>
                        <td>{row.items}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// The supplier's name, e-mail, lead time and reordering mode; empty for a new supplier.
#[component]
fn SupplierForm(save: ServerAction<SaveSupplier>, existing: Option<SupplierRow>) -> impl IntoView {
    let id = existing
        .as_ref()
        .map(|s| s.id.to_string())
        .unwrap_or_default();
    let name = existing
        .as_ref()
        .map(|s| s.name.clone())
        .unwrap_or_default();
    let email = existing
        .as_ref()
        .map(|s| s.email.clone())
        .unwrap_or_default();
    let lead = existing
        .as_ref()
        .map_or_else(|| "7".to_string(), |s| s.lead_time_days.to_string());
    let mode = existing
        .as_ref()
        .map(|s| s.auto_reorder)
        .unwrap_or_default();
    let is_new = existing.is_none();
    view! {
        <ActionForm action=save attr:class=style::stacked>
            <CsrfField/>
            <input type="hidden" name="id" value=id/>
            <label>"Name" <input name="name" required value=name autocomplete="organization"/></label>
            <label>"E-mail for purchase orders" <input name="email" type="email" required value=email/></label>
            <label>"Lead time (days)" <input name="lead_time_days" inputmode="numeric" value=lead/></label>
            <label>"Automatic reordering"
                <select name="auto_reorder">
                    {AutoReorder::ALL.into_iter().map(|m| view! {
                        <option value=m.code() selected=m == mode>{m.label()}</option>
                    }).collect_view()}
                </select>
            </label>
            <button class="button" type="submit">{if is_new { "Add supplier" } else { "Save supplier" }}</button>
        </ActionForm>
        <FormStatus value=save.value() success=|_| Some("Supplier saved.".to_string())/>
    }
}

/// `/admin/suppliers/:id`: the supplier's details and the SKUs they supply at what cost.
#[component]
pub fn SupplierPage() -> impl IntoView {
    let params = use_params_map();
    let save = ServerAction::<SaveSupplier>::new();
    let add_item = ServerAction::<SetSupplierItem>::new();
    let supplier = Resource::new(
        move || {
            (
                params.with(|p| {
                    p.get("id")
                        .and_then(|id| id.parse::<i32>().ok())
                        .unwrap_or(0)
                }),
                save.version().get(),
                add_item.version().get(),
            )
        },
        |(id, _, _)| get_supplier(id),
    );
    view! {
        <AdminSection title="Supplier" needs=Some(Permission::ManagePurchasing)>
            <p><a href="/admin/suppliers">"← All suppliers"</a></p>
            <Loaded resource=supplier render=move |detail| view! { <SupplierView detail save add_item/> }/>
            <OrderForm supplier_id=Signal::derive(move || {
                params.with(|p| p.get("id").and_then(|id| id.parse::<i32>().ok()).unwrap_or(0))
            })/>
        </AdminSection>
    }
}

#[component]
fn SupplierView(
    detail: SupplierDetail,
    save: ServerAction<SaveSupplier>,
    add_item: ServerAction<SetSupplierItem>,
) -> impl IntoView {
    let id = detail.supplier.id;
    view! {
        <h2>{detail.supplier.name.clone()}</h2>
        <SupplierForm save existing=Some(detail.supplier.clone())/>
        <h2>"Items supplied"</h2>
        {if detail.items.is_empty() {
            view! { <p>"No items yet: add the SKUs this supplier delivers."</p> }.into_any()
        } else {
            view! {
                <table class="data">
                    <thead><tr>
                        <th scope="col">"SKU"</th><th scope="col">"Product"</th>
                        <th scope="col">"Their SKU"</th><th scope="col">"Cost price"</th>
                    </tr></thead>
                    <tbody>
                        {detail.items.into_iter().map(|item| view! {
                            <tr>
                                <td>{item.sku}</td>
                                <td>{item.product_name}</td>
                                <td>{item.supplier_sku.unwrap_or_default()}</td>
                                <td>{item.cost.to_string()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }
            .into_any()
        }}
        <h3>"Add or change an item"</h3>
        <ActionForm action=add_item attr:class=style::stacked>
            <CsrfField/>
            <input type="hidden" name="supplier_id" value=id.to_string()/>
            <label>"SKU" <input name="sku" required autocapitalize="characters"/></label>
            <label>"Cost price" <input name="cost" required inputmode="decimal" placeholder="12.50"/></label>
            <label>"Supplier's own SKU (optional)" <input name="supplier_sku"/></label>
            <button class="button" type="submit">"Save item"</button>
        </ActionForm>
        <FormStatus value=add_item.value() success=|_| Some("Item saved.".to_string())/>
    }
}

/// Orders from this supplier by hand: the line joins the supplier's draft for that location.
#[component]
fn OrderForm(supplier_id: Signal<i32>) -> impl IntoView {
    let order = ServerAction::<OrderByHand>::new();
    let locations = Resource::new(|| (), |_| list_locations());
    view! {
        <h2>"Order by hand"</h2>
        <ActionForm action=order attr:class=style::filters>
            <CsrfField/>
            <input type="hidden" name="supplier_id" value=move || supplier_id.get().to_string()/>
            <label>"SKU to order " <input name="sku" required autocapitalize="characters"/></label>
            <label>"Units to order " <input name="quantity" inputmode="numeric" size="5" required/></label>
            <label>"Deliver to "
                <Loaded resource=locations render=|places| view! {
                    <select name="location">
                        {places.into_iter().map(|p| view! { <option value=p.code>{p.name}</option> }).collect_view()}
                    </select>
                }/>
            </label>
            <button class="button" type="submit">"Add to a draft purchase order"</button>
        </ActionForm>
        {move || order.value().get().and_then(Result::ok).map(|number| view! {
            <p class=style::success role="status">
                "Added to " <a href=format!("/admin/purchase-orders/{number}")>{number.clone()}</a> "."
            </p>
        })}
        <FormStatus value=order.value() success=|_: &String| None/>
    }
}

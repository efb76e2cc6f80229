//! `/admin/orders`: every order, newest first, filtered from the URL so a view can be
//! bookmarked. The filter form is a GET form: it works before the WASM loads.

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_location;

use crate::back_office::{style, AdminSection};
use crate::catalog::components::PageLinks;
use crate::domain::{Money, Permission};
use crate::layout::Loaded;
use crate::orders::admin::api::admin_orders;
use crate::orders::admin::model::OrderList;
use crate::orders::domain::OrderStatus;

#[component]
pub fn AdminOrdersPage() -> impl IntoView {
    let location = use_location();
    let orders = Resource::new(
        move || location.search.get().trim_start_matches('?').to_string(),
        admin_orders,
    );
    view! {
        <AdminSection title="Orders" needs=Some(Permission::ViewOrders)>
            <Loaded resource=orders render=|list| view! { <OrdersTable list/> }/>
        </AdminSection>
    }
}

fn decimal(amount: Option<Money>) -> String {
    amount.map(Money::to_decimal_string).unwrap_or_default()
}

#[component]
fn OrdersTable(list: OrderList) -> impl IntoView {
    let filter = list.filter.clone();
    let selected = filter.status;
    let page = filter.page;
    let pages = u32::try_from(list.pages).unwrap_or(u32::MAX);
    let for_links = filter.clone();
    let href = move |n: u32| format!("/admin/orders?{}", for_links.to_query(u64::from(n)));
    view! {
        <Form action="/admin/orders" attr:class=style::filters attr:aria-label="Filter orders">
            <label>"Number or e-mail" <input type="search" name="q" value=filter.text.clone()/></label>
            <label>"Status"
                <select name="status">
                    <option value="" selected=selected.is_none()>"Any"</option>
                    {OrderStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.code() selected=selected == Some(s)>{s.label()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>"Placed from" <input type="date" name="from" value=filter.from.map(|d| d.to_string()).unwrap_or_default()/></label>
            <label>"to" <input type="date" name="to" value=filter.to.map(|d| d.to_string()).unwrap_or_default()/></label>
            <label>"Customer" <input name="customer" value=filter.customer.clone()/></label>
            <label>"Total from" <input name="min" inputmode="decimal" value=decimal(filter.min_total)/></label>
            <label>"to" <input name="max" inputmode="decimal" value=decimal(filter.max_total)/></label>
            <button class="button" type="submit">"Filter"</button>
            <a href="/admin/orders">"Clear"</a>
        </Form>
        {filter.notices.into_iter().map(|notice| view! { <p class=style::notice role="status">{notice}</p> }).collect_view()}
        <p>{format!("{} order{} found.", list.matching, if list.matching == 1 { "" } else { "s" })}</p>
        {(!list.rows.is_empty()).then(|| view! {
            <table class="data">
                <thead><tr>
                    <th scope="col">"Order"</th><th scope="col">"Placed"</th><th scope="col">"Customer"</th>
                    <th scope="col">"Status"</th><th scope="col">"Items"</th><th scope="col">"Total"</th>
                </tr></thead>
                <tbody>
                    {list.rows.into_iter().map(|row| view! {
                        <tr>
                            <td><a href=format!("/admin/orders/{}", row.number)>{row.number.clone()}</a></td>
                            <td>{row.placed_at}</td>
                            <td>{row.customer_name}<br/><small>{row.email}</small></td>
                            <td>{row.status.label()}</td>
                            <td>{row.items}</td>
                            <td>{row.total.to_string()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
        <PageLinks page=u32::try_from(page).unwrap_or(u32::MAX) pages href/>
    }
}

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::{admin_customer, admin_customers};
use super::model::{CustomerDetail, CustomerList};
use crate::back_office::{style, AdminSection};
use crate::catalog::components::PageLinks;
use crate::domain::Permission;
use crate::layout::Loaded;
use crate::search::domain::encode_query_value;

/// `/admin/customers?text=…&page=…`.
#[component]
pub fn AdminCustomersPage() -> impl IntoView {
    let query = use_query_map();
    let customers = Resource::new(
        move || query.with(|q| (q.get("text"), q.get("page").and_then(|p| p.parse().ok()))),
        |(text, page)| admin_customers(text, page),
    );
    view! {
        <AdminSection title="Customers" needs=Some(Permission::ViewCustomers)>
            <Loaded resource=customers render=|list| view! { <CustomerTable list/> }/>
        </AdminSection>
    }
}

fn page_link(text: &str, page: u32) -> String {
    format!(
        "/admin/customers?text={}&page={page}",
        encode_query_value(text)
    )
}

#[component]
fn CustomerTable(list: CustomerList) -> impl IntoView {
    let text = list.text.clone();
    let href = move |n: u32| page_link(&text, n);
    view! {
        <Form action="/admin/customers" attr:class=style::filters attr:role="search">
            <label>"Name or e-mail" <input type="search" name="text" value=list.text.clone()/></label>
            <button class="button" type="submit">"Search"</button>
        </Form>
        <p>{format!("{} customer{}.", list.matching, if list.matching == 1 { "" } else { "s" })}</p>
        <table class="data">
            <thead><tr>
                <th scope="col">"Customer"</th><th scope="col">"Joined"</th>
                <th scope="col">"Orders"</th><th scope="col">"Spent"</th>
            </tr></thead>
            <tbody>
                {list.rows.into_iter().map(|row| view! {
                    <tr>
                        <td><a href=format!("/admin/customers/{}", row.id)>{row.name}</a><br/><small>{row.email}</small></td>
                        <td>{row.joined}</td>
                        <td>{row.orders}</td>
                        <td>{row.spent.to_string()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <PageLinks
            page=u32::try_from(list.page).unwrap_or(u32::MAX)
            pages=u32::try_from(list.pages).unwrap_or(u32::MAX)
            href
        />
    }
}

/// `/admin/customers/:id`.
#[component]
pub fn AdminCustomerPage() -> impl IntoView {
    let params = use_params_map();
    let customer = Resource::new(
        move || {
            params.with(|p| {
                p.get("id")
                    .and_then(|id| id.parse::<i32>().ok())
                    .unwrap_or(0)
            })
        },
        admin_customer,
    );
    view! {
        <AdminSection title="Customer" needs=Some(Permission::ViewCustomers)>
            <p><a href="/admin/customers">"← All customers"</a></p>
            <Loaded resource=customer render=|detail| view! { <CustomerCard detail/> }/>
        </AdminSection>
    }
}

#[component]
fn CustomerCard(detail: CustomerDetail) -> impl IntoView {
    view! {
        <h2>{detail.name}</h2>
        <p>
            {detail.email}
            {if detail.verified { " · address confirmed" } else { " · address not confirmed yet" }}
            <br/>{format!("Customer since {} · {} spent", detail.joined, detail.spent)}
        </p>
        <h3>"Saved addresses"</h3>
        {if detail.addresses.is_empty() {
            view! { <p>"None saved."</p> }.into_any()
        } else {
            view! { <ul>{detail.addresses.into_iter().map(|a| view! { <li>{a}</li> }).collect_view()}</ul> }.into_any()
        }}
        <h3>"Orders"</h3>
        {if detail.orders.is_empty() {
            view! { <p>"No orders yet."</p> }.into_any()
        } else {
            view! {
                <table class="data">
                    <thead><tr><th scope="col">"Order"</th><th scope="col">"Placed"</th><th scope="col">"Items"</th><th scope="col">"Status"</th><th scope="col">"Total"</th></tr></thead>
                    <tbody>
                        {detail.orders.into_iter().map(|o| view! {
                            <tr>
                                <td><a href=format!("/admin/orders/{}", o.number)>{o.number.clone()}</a></td>
                                <td>{o.placed_at}</td><td>{o.item_count}</td><td>{o.status.label()}</td><td>{o.total.to_string()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}

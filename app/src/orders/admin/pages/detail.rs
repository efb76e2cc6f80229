//! `/admin/orders/:number`: one order with its lines, amounts, payment, shipments and timeline,
//! and the actions its status allows. The server decides what is allowed; the page only offers it.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::back_office::{style, AdminSection};
use crate::domain::Money;
use crate::domain::Permission;
use crate::layout::form::{CsrfField, FormStatus};
use crate::layout::Loaded;
use crate::orders::admin::api::{
    admin_order, CancelOrder, FulfilOrder, MarkOrderDelivered, RefundOrder,
};
use crate::orders::admin::model::{HandledLine, OrderDetail, ShipmentView, TimelineEntry};
use crate::orders::components::{Totals, TotalsList};
use crate::orders::model::{OrderLineView, OrderView};

#[component]
pub fn AdminOrderPage() -> impl IntoView {
    let params = use_params_map();
    let fulfil = ServerAction::<FulfilOrder>::new();
    let deliver = ServerAction::<MarkOrderDelivered>::new();
    let cancel = ServerAction::<CancelOrder>::new();
    let refund = ServerAction::<RefundOrder>::new();
    let order = Resource::new(
        move || {
            (
                params.with(|p| p.get("number").unwrap_or_default()),
                fulfil.version().get()
                    + deliver.version().get()
                    + cancel.version().get()
                    + refund.version().get(),
            )
        },
        |(number, _)| admin_order(number),
    );
    view! {
        <AdminSection title="Order" needs=Some(Permission::ViewOrders)>
            <p><a href="/admin/orders">"← All orders"</a></p>
            <Loaded resource=order render=move |detail| view! { <OrderHandling detail fulfil deliver cancel refund/> }/>
            <FormStatus value=fulfil.value() success=|_| Some("The order is marked as shipped and the customer has been e-mailed.".to_string())/>
            <FormStatus value=deliver.value() success=|_| Some("The order is marked as delivered.".to_string())/>
            <FormStatus value=cancel.value() success=|_| Some("The order is cancelled.".to_string())/>
            <FormStatus value=refund.value() success=|_| Some("The refund went through.".to_string())/>
        </AdminSection>
    }
}

#[component]
fn OrderHandling(
    detail: OrderDetail,
    fulfil: ServerAction<FulfilOrder>,
    deliver: ServerAction<MarkOrderDelivered>,
    cancel: ServerAction<CancelOrder>,
    refund: ServerAction<RefundOrder>,
) -> impl IntoView {
    let OrderDetail {
        order,
        customer,
        phone,
        payment_provider,
        payment_id,
        lines,
        shipments,
        timeline,
        actions,
        refundable,
        carriers,
    } = detail;
    let number = order.number.clone();
    let payment_reference = format!("{} {}", payment_provider, payment_id.unwrap_or_default());
    let restockable = lines.clone();
    view! {
        <OrderSummary order handled=lines customer phone payment_reference/>
        {(!shipments.is_empty()).then(|| view! { <Shipments shipments/> })}
        {actions.fulfil.then(|| view! { <ShipForm action=fulfil number=number.clone() carriers/> })}
        {actions.deliver.then(|| view! { <DeliverForm action=deliver number=number.clone()/> })}
        {actions.refund.then(|| view! { <RefundForm action=refund number=number.clone() refundable lines=restockable/> })}
        {actions.cancel.then(|| view! { <CancelForm action=cancel number=number.clone()/> })}
        <Timeline entries=timeline/>
    }
}

/// The order as placed: who, where to, how paid, its lines and its amounts.
#[component]
fn OrderSummary(
    order: OrderView,
    handled: Vec<HandledLine>,
    customer: String,
    phone: String,
    payment_reference: String,
) -> impl IntoView {
    let totals = Totals::from(&order);
    view! {
        <section aria-labelledby="order-heading">
            <h2 id="order-heading">{format!("Order {}", order.number)}</h2>
            <p>
                {format!("Placed {} · ", order.placed_at)}
                <strong data-testid="order-status">{order.status.label()}</strong>
            </p>
            <div class=style::columns>
                <div>
                    <h3>"Customer"</h3>
                    <p>{customer}<br/>{order.email.clone()}<br/>{phone}</p>
                </div>
                <div>
                    <h3>"Shipping to"</h3>
                    <address>{order.ship_to.into_iter().map(|line| view! { {line}<br/> }).collect_view()}</address>
                </div>
                <div>
                    <h3>"Payment"</h3>
                    <p>
                        {order.paid_with.unwrap_or_else(|| "Not paid yet".to_string())}<br/>
                        <small>{payment_reference}</small>
                    </p>
                </div>
            </div>
            <OrderLines lines=order.lines handled/>
            <TotalsList totals=totals/>
        </section>
    }
}

/// Each line as sold, with how many of its units went back to stock.
#[component]
fn OrderLines(lines: Vec<OrderLineView>, handled: Vec<HandledLine>) -> impl IntoView {
    view! {
        <table class="data">
            <thead><tr>
                <th scope="col">"Item"</th><th scope="col">"SKU"</th><th scope="col">"Quantity"</th>
                <th scope="col">"Unit price"</th><th scope="col">"Total"</th><th scope="col">"Back in stock"</th>
            </tr></thead>
            <tbody>
                {lines.into_iter().zip(handled).map(|(line, handled)| view! {
                    <tr>
                        <td>{line.product_name}{(!line.variant_label.is_empty()).then(|| view! { <br/><small>{line.variant_label}</small> })}</td>
                        <td>{line.sku}</td>
                        <td>{line.quantity}</td>
                        <td>{line.unit_price.to_string()}</td>
                        <td>{line.line_total.to_string()}</td>
                        <td>{handled.restocked}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn Shipments(shipments: Vec<ShipmentView>) -> impl IntoView {
    view! {
        <section>
            <h2>"Shipments"</h2>
            <ul>
                {shipments.into_iter().map(|s| view! {
                    <li>
                        {format!("{} · {} · ", s.shipped_at, s.carrier)}
                        {match s.tracking_url {
                            Some(url) => view! { <a href=url rel="noopener noreferrer" target="_blank">{s.tracking_number}</a> }.into_any(),
                            None => view! { <span>{s.tracking_number}</span> }.into_any(),
                        }}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn ShipForm(
    action: ServerAction<FulfilOrder>,
    number: String,
    carriers: Vec<(String, String)>,
) -> impl IntoView {
    view! {
        <section>
            <h2>"Ship the order"</h2>
            <ActionForm action attr:class=style::inline>
                <CsrfField/>
                <input type="hidden" name="number" value=number/>
                <label for="carrier">"Carrier"</label>
                <select id="carrier" name="carrier">
                    {carriers.into_iter().map(|(code, name)| view! { <option value=code>{name}</option> }).collect_view()}
                </select>
                <label for="tracking-number">"Tracking number"</label>
                <input id="tracking-number" name="tracking_number" required autocomplete="off"/>
                <button class="button" type="submit">"Mark as shipped"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn DeliverForm(action: ServerAction<MarkOrderDelivered>, number: String) -> impl IntoView {
    view! {
        <ActionForm action attr:class=style::inline>
            <CsrfField/>
            <input type="hidden" name="number" value=number/>
            <button class="button" type="submit">"Mark as delivered"</button>
        </ActionForm>
    }
}

/// An amount to refund, and the units of each line that go back to stock with it.
#[component]
fn RefundForm(
    action: ServerAction<RefundOrder>,
    number: String,
    refundable: Money,
    lines: Vec<HandledLine>,
) -> impl IntoView {
    view! {
        <section>
            <h2>"Refund"</h2>
            <p>{format!("Up to {} can be refunded. Leave the amount empty to refund all of it.", refundable)}</p>
            <ActionForm action attr:class=style::stacked>
                <CsrfField/>
                <input type="hidden" name="number" value=number/>
                <label for="refund-amount">"Amount"</label>
                <input id="refund-amount" name="amount" inputmode="decimal" autocomplete="off"/>
                <fieldset>
                    <legend>"Put items back in stock"</legend>
                    {lines.into_iter().filter(|l| l.restocked < l.quantity).map(|line| {
                        let id = format!("restock-{}", line.line_id);
                        view! {
                            <label for=id.clone()>{format!("{} (up to {})", line.sku, line.quantity - line.restocked)}</label>
                            <input id=id name=format!("restock[{}]", line.line_id) inputmode="numeric" value="0"/>
                        }
                    }).collect_view()}
                </fieldset>
                <button class="button" type="submit">"Refund"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn CancelForm(action: ServerAction<CancelOrder>, number: String) -> impl IntoView {
    view! {
        <section>
            <h2>"Cancel"</h2>
            <p>"Cancelling gives the reserved or sold items back to stock; a paid order gets all its money back."</p>
            <ActionForm action attr:class=style::inline>
                <CsrfField/>
                <input type="hidden" name="number" value=number/>
                <button class="button" type="submit">"Cancel order"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn Timeline(entries: Vec<TimelineEntry>) -> impl IntoView {
    view! {
        <section>
            <h2>"Timeline"</h2>
            <ol class=style::timeline>
                {entries.into_iter().map(|entry| view! {
                    <li>
                        <time>{entry.at}</time>
                        " "{entry.text}
                        {entry.by.map(|by| view! { <small>{format!(" — {by}")}</small> })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

use leptos::prelude::*;

use crate::orders::components::{Totals, TotalsList};
use crate::orders::domain::OrderStatus;
use crate::orders::model::{OrderSummary, OrderView};

stylance::import_crate_style!(style, "src/orders/pages/order.module.css");

fn headline(order: &OrderView) -> (String, String) {
    match order.status {
        OrderStatus::PendingPayment => (
            format!("Order {} is waiting for payment", order.number),
            "We have reserved your items. As soon as the payment is confirmed you will get an e-mail.".into(),
        ),
        OrderStatus::Paid => (
            format!("Thank you! Order {} is confirmed", order.number),
            format!("We have sent a confirmation to {}.", order.email),
        ),
        OrderStatus::Cancelled => (
            format!("Order {} was cancelled", order.number),
            "It was not paid in time, so the items went back on sale. Nothing was charged.".into(),
        ),
        other => (
            format!("Order {}", order.number),
            format!("This order is {}.", other.label()),
        ),
    }
}

/// One order as its customer sees it.
#[component]
pub fn OrderDetails(order: OrderView) -> impl IntoView {
    let (title, lead) = headline(&order);
    let totals = Totals::from(&order);
    view! {
        <article class=style::order>
            <header>
                <h1>{title}</h1>
                <p>{lead}</p>
                <p class=style::meta>
                    {format!("Placed {} · ", order.placed_at)}
                    <span data-testid="order-status">{order.status.label()}</span>
                </p>
                {order.payment_url.clone().map(|url| view! {
                    <p><a class="button" href=url>"Pay now"</a></p>
                })}
            </header>
            <ul class=style::lines aria-label="Items">
                {order.lines.into_iter().map(|line| view! {
                    <li>
                        <span>
                            {format!("{} × {}", line.quantity, line.product_name)}
                            {(!line.variant_label.is_empty()).then(|| view! { <small>{line.variant_label}</small> })}
                            <small>{format!("SKU {} · {} each", line.sku, line.unit_price)}</small>
                        </span>
                        <span>{line.line_total.to_string()}</span>
                    </li>
                }).collect_view()}
            </ul>
            <div class=style::amounts>
                <TotalsList totals/>
            </div>
            <div class=style::columns>
                <section>
                    <h2>"Shipping to"</h2>
                    <address>{order.ship_to.into_iter().map(|line| view! { {line}<br/> }).collect_view()}</address>
                </section>
                {order.paid_with.map(|card| view! {
                    <section>
                        <h2>"Payment"</h2>
                        <p>{card}</p>
                    </section>
                })}
            </div>
        </article>
    }
}

/// A customer's orders, newest first.
#[component]
pub fn OrderHistory(orders: Vec<OrderSummary>) -> impl IntoView {
    if orders.is_empty() {
        return view! { <p>"You haven't ordered anything yet."</p> }.into_any();
    }
    view! {
        <table class=style::history>
            <thead>
                <tr><th scope="col">"Order"</th><th scope="col">"Placed"</th><th scope="col">"Items"</th><th scope="col">"Status"</th><th scope="col">"Total"</th></tr>
            </thead>
            <tbody>
                {orders.into_iter().map(|order| view! {
                    <tr>
                        <td><a href=crate::language::href(&order.href())>{order.number.clone()}</a></td>
                        <td>{order.placed_at}</td>
                        <td>{order.item_count}</td>
                        <td>{order.status.label()}</td>
                        <td>{order.total.to_string()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

use leptos::prelude::*;

use crate::domain::moment::in_language;
use crate::i18n::{td, td_string, Locale};
use crate::language::use_language;
use crate::orders::components::{status_text, Totals, TotalsList};
use crate::orders::domain::OrderStatus;
use crate::orders::model::{OrderSummary, OrderView};

stylance::import_crate_style!(style, "src/orders/pages/order.module.css");

fn headline(language: Locale, order: &OrderView) -> (String, String) {
    let number = order.number.clone();
    match order.status {
        OrderStatus::PendingPayment => (
            td_string!(language, orders.waiting_title, number),
            td_string!(language, orders.waiting_lead).into(),
        ),
        OrderStatus::Paid => (
            td_string!(language, orders.paid_title, number),
            td_string!(language, orders.paid_lead, email = order.email.clone()),
        ),
        OrderStatus::Cancelled => (
            td_string!(language, orders.cancelled_title, number),
            td_string!(language, orders.cancelled_lead).into(),
        ),
        other => (
            td_string!(language, orders.other_title, number),
            td_string!(
                language,
                orders.other_lead,
                status = status_text(language, other)
            ),
        ),
    }
}

/// One order as its customer sees it.
#[component]
pub fn OrderDetails(order: OrderView) -> impl IntoView {
    let language = use_language();
    let (title, lead) = headline(language, &order);
    let totals = Totals::from(&order);
    view! {
        <article class=style::order>
            <header>
                <h1>{title}</h1>
                <p>{lead}</p>
                <p class=style::meta>
                    {format!("{} · ", td_string!(language, orders.placed, date = in_language(order.placed_at, language)))}
                    <span data-testid="order-status">{status_text(language, order.status)}</span>
                </p>
                {order.payment_url.clone().map(|url| view! {
                    <p><a class="button" href=url>{td!(language, orders.pay_now)}</a></p>
                })}
            </header>
            <ul class=style::lines aria-label=td_string!(language, orders.items)>
                {order.lines.into_iter().map(|line| view! {
                    <li>
                        <span>
                            {format!("{} × {}", line.quantity, line.product_name)}
                            {(!line.variant_label.is_empty()).then(|| view! { <small>{line.variant_label}</small> })}
                            <small>{td_string!(language, orders.sku_each, sku = line.sku.clone(), price = line.unit_price.in_language(language))}</small>
                        </span>
                        <span>{line.line_total.in_language(language).to_string()}</span>
                    </li>
                }).collect_view()}
            </ul>
            <div class=style::amounts>
                <TotalsList totals/>
            </div>
            <div class=style::columns>
                <section>
                    <h2>{td!(language, orders.shipping_to)}</h2>
                    <address>{order.ship_to.into_iter().map(|line| view! { {line}<br/> }).collect_view()}</address>
                </section>
                {order.paid_with.map(|card| view! {
                    <section>
                        <h2>{td!(language, orders.payment)}</h2>
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
    let language = use_language();
    if orders.is_empty() {
        return view! { <p>{td!(language, orders.none_yet)}</p> }.into_any();
    }
    view! {
        <table class=style::history>
            <thead>
                <tr>
                    <th scope="col">{td!(language, orders.col_order)}</th>
                    <th scope="col">{td!(language, orders.col_placed)}</th>
                    <th scope="col">{td!(language, orders.items)}</th>
                    <th scope="col">{td!(language, orders.col_status)}</th>
                    <th scope="col">{td!(language, orders.total)}</th>
                </tr>
            </thead>
            <tbody>
                {orders.into_iter().map(|order| view! {
                    <tr>
                        <td><a href=crate::language::href(&order.href())>{order.number.clone()}</a></td>
                        <td>{in_language(order.placed_at, language)}</td>
                        <td>{order.item_count}</td>
                        <td>{status_text(language, order.status)}</td>
                        <td>{order.total.in_language(language).to_string()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

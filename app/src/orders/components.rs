//! What an order costs, line by line: shown at the checkout's review and on the order's page.

use leptos::prelude::*;

use crate::domain::Money;
use crate::i18n::Locale;
use crate::i18n::{td, td_string};
use crate::language::use_language;
use crate::orders::domain::OrderStatus;
use crate::orders::model::{OrderView, TaxLineView};

stylance::import_crate_style!(style, "src/orders/components.module.css");

/// The amounts of an order (placed or about to be).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Totals {
    pub goods: Money,
    /// (coupon, amount taken off).
    pub discount: Option<(String, Money)>,
    pub shipping_method: String,
    pub shipping: Money,
    pub taxes: Vec<TaxLineView>,
    pub prices_include_tax: bool,
    pub total: Money,
    pub refunded: Option<Money>,
}

impl From<&OrderView> for Totals {
    fn from(order: &OrderView) -> Totals {
        Totals {
            goods: order.goods,
            discount: order.discount.clone(),
            shipping_method: order.shipping_method.clone(),
            shipping: order.shipping,
            taxes: order.taxes.clone(),
            prices_include_tax: order.prices_include_tax,
            total: order.total,
            refunded: order.refunded,
        }
    }
}

#[component]
pub fn TotalsList(totals: Totals) -> impl IntoView {
    let language = use_language();
    let money = move |amount: Money| amount.in_language(language).to_string();
    let include_tax = totals.prices_include_tax;
    view! {
        <dl class=style::totals>
            <div><dt>{td!(language, orders.goods)}</dt><dd>{money(totals.goods)}</dd></div>
            {totals.discount.map(|(code, amount)| view! {
                <div><dt>{td_string!(language, orders.coupon_named, code)}</dt><dd>{format!("−{}", money(amount))}</dd></div>
            })}
            <div><dt>{totals.shipping_method}</dt><dd>{money(totals.shipping)}</dd></div>
            {totals.taxes.into_iter().map(|tax| {
                let label = if include_tax {
                    td_string!(language, orders.tax_included, tax = tax.label)
                } else {
                    td_string!(language, orders.tax_added, tax = tax.label)
                };
                view! { <div><dt>{label}</dt><dd>{money(tax.tax)}</dd></div> }
            }).collect_view()}
            <div class=style::total><dt>{td!(language, orders.total)}</dt><dd data-testid="order-total">{money(totals.total)}</dd></div>
            {totals.refunded.map(|amount| view! {
                <div><dt>{td!(language, orders.refunded)}</dt><dd>{money(amount)}</dd></div>
            })}
        </dl>
    }
}

/// An order's status as its customer reads it ("paid", "opłacone").
pub fn status_text(language: Locale, status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::PendingPayment => td_string!(language, orders.status_pending_payment),
        OrderStatus::Paid => td_string!(language, orders.status_paid),
        OrderStatus::Fulfilled => td_string!(language, orders.status_fulfilled),
        OrderStatus::Delivered => td_string!(language, orders.status_delivered),
        OrderStatus::Cancelled => td_string!(language, orders.status_cancelled),
        OrderStatus::PartlyRefunded => td_string!(language, orders.status_partly_refunded),
        OrderStatus::Refunded => td_string!(language, orders.status_refunded),
    }
}

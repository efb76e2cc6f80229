//! What an order costs, line by line: shown at the checkout's review and on the order's page.

use leptos::prelude::*;

use crate::domain::Money;
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
    let tax_note = if totals.prices_include_tax {
        "included"
    } else {
        "added"
    };
    view! {
        <dl class=style::totals>
            <div><dt>"Goods"</dt><dd>{totals.goods.to_string()}</dd></div>
            {totals.discount.map(|(label, amount)| view! {
                <div><dt>{format!("Coupon {label}")}</dt><dd>{format!("−{amount}")}</dd></div>
            })}
            <div><dt>{totals.shipping_method}</dt><dd>{totals.shipping.to_string()}</dd></div>
            {totals.taxes.into_iter().map(|tax| view! {
                <div><dt>{format!("{} ({tax_note})", tax.label)}</dt><dd>{tax.tax.to_string()}</dd></div>
            }).collect_view()}
            <div class=style::total><dt>"Total"</dt><dd data-testid="order-total">{totals.total.to_string()}</dd></div>
            {totals.refunded.map(|amount| view! {
                <div><dt>"Refunded"</dt><dd>{amount.to_string()}</dd></div>
            })}
        </dl>
    }
}

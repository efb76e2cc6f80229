//! The words of the order e-mails, in the language the order was placed in.

use crate::backend::mail::Mail;
use crate::domain::{EmailAddress, Money};
use crate::i18n::{td_string, Locale};
use crate::orders::model::OrderView;
use crate::SHOP_NAME;

pub fn confirmation(to: EmailAddress, order: &OrderView, link: &str, language: Locale) -> Mail {
    let money = |amount: Money| amount.in_language(language).to_string();
    let number = order.number.clone();
    let mut text = format!(
        "{}\n\n{}\n\n",
        td_string!(language, mails.order_thanks),
        td_string!(
            language,
            mails.order_placed,
            number = number.clone(),
            date = crate::domain::moment::in_language(order.placed_at, language)
        ),
    );
    for line in &order.lines {
        let label = if line.variant_label.is_empty() {
            String::new()
        } else {
            format!(" ({})", line.variant_label)
        };
        text.push_str(&format!(
            "{} × {}{label}  {}\n",
            line.quantity,
            line.product_name,
            money(line.line_total)
        ));
    }
    text.push_str(&format!(
        "\n{}: {}\n",
        td_string!(language, orders.goods),
        money(order.goods)
    ));
    if let Some((code, amount)) = &order.discount {
        let coupon = td_string!(language, orders.coupon_named, code = code.clone());
        text.push_str(&format!("{coupon}: −{}\n", money(*amount)));
    }
    text.push_str(&format!(
        "{}: {}\n",
        order.shipping_method,
        money(order.shipping)
    ));
    for tax in &order.taxes {
        let label = if order.prices_include_tax {
            td_string!(language, orders.tax_included, tax = tax.label.clone())
        } else {
            tax.label.clone()
        };
        text.push_str(&format!("{label}: {}\n", money(tax.tax)));
    }
    text.push_str(&format!(
        "{}: {}\n",
        td_string!(language, mails.total_paid),
        money(order.total)
    ));
    if let Some(card) = &order.paid_with {
        text.push_str(&format!(
            "{}\n",
            td_string!(language, mails.paid_with, card = card.clone())
        ));
    }
    text.push_str(&format!(
        "\n{}:\n{}\n\n{}\n",
        td_string!(language, orders.shipping_to),
        order.ship_to.join("\n"),
        td_string!(language, mails.see_order, link)
    ));
    Mail {
        to,
        subject: td_string!(language, mails.order_subject, shop = SHOP_NAME, number),
        text,
    }
}

/// The order is on its way: carrier, tracking number and, where the carrier has one, the link to
/// follow the parcel.
pub struct Shipped<'a> {
    pub number: &'a str,
    pub carrier: &'a str,
    pub tracking_number: &'a str,
    pub tracking_url: Option<&'a str>,
    pub order_link: &'a str,
}

pub fn shipped(to: EmailAddress, parcel: Shipped<'_>, language: Locale) -> Mail {
    let Shipped {
        number,
        carrier,
        tracking_number,
        tracking_url,
        order_link,
    } = parcel;
    let follow = match tracking_url {
        Some(url) => format!("{}\n", td_string!(language, mails.follow_parcel, url)),
        None => String::new(),
    };
    Mail {
        to,
        subject: td_string!(language, mails.shipped_subject, shop = SHOP_NAME, number),
        text: format!(
            "{}\n\n{}\n{follow}\n{}\n",
            td_string!(language, mails.shipped_body, number, carrier),
            td_string!(language, mails.tracking_number, number = tracking_number),
            td_string!(language, mails.your_order_link, link = order_link),
        ),
    }
}

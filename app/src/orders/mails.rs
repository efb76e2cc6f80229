//! The words of the order e-mails.

use crate::backend::mail::Mail;
use crate::domain::EmailAddress;
use crate::orders::model::OrderView;
use crate::SHOP_NAME;

pub fn confirmation(to: EmailAddress, order: &OrderView, link: &str) -> Mail {
    let mut text = format!(
        "Thank you for your order!\n\n\
         Order {number}, placed {placed}.\n\n",
        number = order.number,
        placed = order.placed_at
    );
    for line in &order.lines {
        let label = if line.variant_label.is_empty() {
            String::new()
        } else {
            format!(" ({})", line.variant_label)
        };
        text.push_str(&format!(
            "{} × {}{label}  {}\n",
            line.quantity, line.product_name, line.line_total
        ));
    }
    text.push_str(&format!("\nGoods: {}\n", order.goods));
    if let Some((code, amount)) = &order.discount {
        text.push_str(&format!("Coupon {code}: −{amount}\n"));
    }
    text.push_str(&format!("{}: {}\n", order.shipping_method, order.shipping));
    for tax in &order.taxes {
        let included = if order.prices_include_tax {
            " (included)"
        } else {
            ""
        };
        text.push_str(&format!("{}{included}: {}\n", tax.label, tax.tax));
    }
    text.push_str(&format!("Total paid: {}\n", order.total));
    if let Some(card) = &order.paid_with {
        text.push_str(&format!("Paid with {card}\n"));
    }
    text.push_str(&format!(
        "\nShipping to:\n{}\n\nSee your order at any time: {link}\n",
        order.ship_to.join("\n")
    ));
    Mail {
        to,
        subject: format!("Your {SHOP_NAME} order {}", order.number),
        text,
    }
}

/// The order is on its way: carrier, tracking number and, where the carrier has one, the link to
/// follow the parcel.
pub fn shipped(
    to: EmailAddress,
    number: &str,
    carrier: &str,
    tracking_number: &str,
    tracking_url: Option<&str>,
    order_link: &str,
) -> Mail {
    let follow = match tracking_url {
        Some(url) => format!("Follow your parcel: {url}\n"),
        None => String::new(),
    };
    Mail {
        to,
        subject: format!("Your {SHOP_NAME} order {number} is on its way"),
        text: format!(
            "Good news: your order {number} has been handed to {carrier}.\n\n\
             Tracking number: {tracking_number}\n{follow}\n\
             Your order: {order_link}\n"
        ),
    }
}

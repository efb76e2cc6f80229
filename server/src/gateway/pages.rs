//! The HTML of the hosted pages: small, self-contained documents with an inline style sheet and
//! no scripts. Every value that comes from a request is escaped; card numbers and security
//! codes are never put back into a page.

use std::fmt::Write as _;

use super::card::{Behaviour, CardSummary, FieldErrors, TEST_CARDS};
use super::store::Payment;

/// A message above the card form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Banner {
    Invalid,
    Declined,
    NotATestCard,
    ConfirmationFailed,
}

impl Banner {
    pub fn text(self) -> &'static str {
        match self {
            Banner::Invalid => "Please check the fields marked below.",
            Banner::Declined => "Your card was declined. Try another card, or go back to the shop.",
            Banner::NotATestCard => {
                "This is a test gateway: use one of the test cards listed below."
            }
            Banner::ConfirmationFailed => {
                "We could not confirm this payment with your bank. Try another card."
            }
        }
    }
}

/// What the shopper typed that may be shown again, and what went wrong.
#[derive(Debug, Clone, Default)]
pub struct FormState<'a> {
    pub expiry: &'a str,
    pub name: &'a str,
    pub errors: FieldErrors,
    pub banner: Option<Banner>,
}

/// Escapes text for HTML content and double- or single-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Digits after the decimal point of a currency's minor unit. Rupiah amounts are in
/// hundredths like the shop's `Money` keeps them, but shown without ".00" (see `format_amount`).
fn exponent(currency: &str) -> u32 {
    match currency {
        "JPY" | "KRW" | "VND" | "CLP" | "ISK" | "HUF" | "TWD" | "UGX" => 0,
        "BHD" | "JOD" | "KWD" | "OMR" | "TND" => 3,
        _ => 2,
    }
}

/// An amount in minor units for shoppers: "€1,234.50", "$9.99", "1,299.00 zł", "Rp 150,000",
/// "¥1,500", "12.00 CHF".
pub fn format_amount(minor: i64, currency: &str) -> String {
    let per = 10_u64.pow(exponent(currency));
    let abs = minor.unsigned_abs();
    let sign = if minor < 0 { "-" } else { "" };
    let mut number = group_thousands(abs / per);
    let hide_fraction = per == 1 || (currency == "IDR" && abs.is_multiple_of(per));
    if !hide_fraction {
        let width = exponent(currency) as usize;
        let _ = write!(number, ".{:0width$}", abs % per);
    }
    match currency {
        "EUR" => format!("{sign}€{number}"),
        "USD" => format!("{sign}${number}"),
        "GBP" => format!("{sign}£{number}"),
        "JPY" => format!("{sign}¥{number}"),
        "IDR" => format!("{sign}Rp {number}"),
        "PLN" => format!("{sign}{number} zł"),
        other => format!("{sign}{number} {}", escape(other)),
    }
}

fn group_thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

fn amount(payment: &Payment) -> String {
    format_amount(payment.amount, &payment.currency)
}

const STYLE: &str = "\
*{box-sizing:border-box}\
body{margin:0;min-height:100vh;display:flex;align-items:flex-start;justify-content:center;\
background:#f3f4f6;color:#111827;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}\
main{width:100%;max-width:28rem;margin:2rem 1rem;padding:1.5rem;background:#fff;border-radius:12px;\
box-shadow:0 1px 3px rgba(0,0,0,.12)}\
.mode{display:inline-block;margin:0 0 1rem;padding:.1rem .6rem;border-radius:999px;background:#fef3c7;\
color:#92400e;font-size:.8rem;font-weight:600;text-transform:uppercase;letter-spacing:.04em}\
.merchant{margin:0;color:#4b5563}\
h1{margin:.25rem 0 .5rem;font-size:1.5rem}\
.amount{margin:0 0 1rem;font-size:2rem;font-weight:700}\
.description{margin:0 0 1rem;color:#374151}\
.banner{margin:0 0 1rem;padding:.75rem 1rem;border-radius:8px;background:#fee2e2;color:#991b1b;\
border:1px solid #fca5a5}\
.field{margin:0 0 1rem}\
.row{display:flex;gap:1rem}.row .field{flex:1}\
label{display:block;margin-bottom:.25rem;font-weight:600;font-size:.9rem}\
input{width:100%;padding:.6rem .75rem;border:1px solid #d1d5db;border-radius:8px;font:inherit}\
input[aria-invalid=true]{border-color:#dc2626}\
.error{margin:.25rem 0 0;color:#b91c1c;font-size:.875rem}\
button{width:100%;padding:.75rem;border:0;border-radius:8px;background:#111827;color:#fff;\
font:inherit;font-weight:600;cursor:pointer}\
button.secondary{margin-top:.5rem;background:#fff;color:#111827;border:1px solid #d1d5db}\
.back{display:inline-block;margin-top:1rem;color:#1d4ed8}\
.test{margin-top:1.5rem;padding-top:1rem;border-top:1px solid #e5e7eb;font-size:.875rem;color:#4b5563}\
.test h2{margin:0 0 .25rem;font-size:.95rem;color:#111827}\
.test ul{margin:.5rem 0 0;padding-left:1.1rem}\
code{font-family:ui-monospace,Menlo,Consolas,monospace}";

fn document(title: &str, merchant: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<meta name=\"robots\" content=\"noindex\">\
<title>{title} · {merchant}</title><style>{STYLE}</style></head>\
<body><main><p class=\"mode\">Test mode</p>{body}</main></body></html>\n",
        title = escape(title),
        merchant = escape(merchant),
    )
}

fn header(payment: &Payment, merchant: &str) -> String {
    let description = if payment.description.trim().is_empty() {
        String::new()
    } else {
        format!(
            "<p class=\"description\">{}</p>",
            escape(&payment.description)
        )
    };
    format!(
        "<p class=\"merchant\">Pay {merchant}</p><p class=\"amount\">{amount}</p>{description}",
        merchant = escape(merchant),
        amount = escape(&amount(payment)),
    )
}

fn back_link(url: &str, text: &str) -> String {
    format!(
        "<a class=\"back\" href=\"{}\">{}</a>",
        escape(url),
        escape(text)
    )
}

struct Field<'a> {
    id: &'a str,
    label: &'a str,
    value: &'a str,
    autocomplete: &'a str,
    inputmode: Option<&'a str>,
    placeholder: &'a str,
    error: Option<&'a str>,
}

fn field(f: &Field<'_>) -> String {
    let inputmode = f
        .inputmode
        .map(|mode| format!(" inputmode=\"{mode}\""))
        .unwrap_or_default();
    let (invalid, error) = match f.error {
        Some(message) => (
            format!(
                " aria-invalid=\"true\" aria-describedby=\"{id}-error\"",
                id = f.id
            ),
            format!(
                "<p class=\"error\" id=\"{id}-error\">{message}</p>",
                id = f.id,
                message = escape(message)
            ),
        ),
        None => (String::new(), String::new()),
    };
    format!(
        "<div class=\"field\"><label for=\"{id}\">{label}</label>\
<input id=\"{id}\" name=\"{id}\" type=\"text\" value=\"{value}\" autocomplete=\"{autocomplete}\"\
{inputmode} placeholder=\"{placeholder}\" required{invalid}>{error}</div>",
        id = f.id,
        label = escape(f.label),
        value = escape(f.value),
        autocomplete = f.autocomplete,
        placeholder = escape(f.placeholder),
    )
}

fn spaced(number: &str) -> String {
    number
        .as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

fn test_cards() -> String {
    let mut items = String::new();
    for card in &TEST_CARDS {
        let what = match card.behaviour {
            Behaviour::Succeeds => "succeeds",
            Behaviour::Declined => "is declined",
            Behaviour::NeedsConfirmation => "asks for a confirmation step first",
        };
        let _ = write!(
            items,
            "<li><code>{}</code> {}: {what}</li>",
            spaced(card.number),
            card.brand.label()
        );
    }
    format!(
        "<section class=\"test\"><h2>This is a test gateway</h2>\
<p>No real money moves and no real card is accepted. Use one of these cards with any future \
expiry date, any 3-digit security code and any name:</p><ul>{items}</ul></section>"
    )
}

/// The card form, fresh or with the shopper's mistakes marked.
pub fn card_form(payment: &Payment, merchant: &str, form: &FormState<'_>) -> String {
    let banner = form
        .banner
        .map(|b| {
            format!(
                "<p class=\"banner\" role=\"alert\">{}</p>",
                escape(b.text())
            )
        })
        .unwrap_or_default();
    let number = field(&Field {
        id: "card_number",
        label: "Card number",
        value: "",
        autocomplete: "cc-number",
        inputmode: Some("numeric"),
        placeholder: "1234 1234 1234 1234",
        error: form.errors.card_number,
    });
    let expiry = field(&Field {
        id: "expiry",
        label: "Expiry date",
        value: form.expiry,
        autocomplete: "cc-exp",
        inputmode: Some("numeric"),
        placeholder: "MM/YY",
        error: form.errors.expiry,
    });
    let cvc = field(&Field {
        id: "cvc",
        label: "Security code (CVC)",
        value: "",
        autocomplete: "cc-csc",
        inputmode: Some("numeric"),
        placeholder: "123",
        error: form.errors.cvc,
    });
    let name = field(&Field {
        id: "name",
        label: "Name on card",
        value: form.name,
        autocomplete: "cc-name",
        inputmode: None,
        placeholder: "",
        error: form.errors.name,
    });
    let amount = escape(&amount(payment));
    let body = format!(
        "{header}<h1>Card details</h1>{banner}\
<form method=\"post\" action=\"/pay/{id}\" novalidate>{number}<div class=\"row\">{expiry}{cvc}</div>{name}\
<button type=\"submit\">Pay {amount}</button></form>{back}{tests}",
        header = header(payment, merchant),
        id = escape(&payment.id),
        back = back_link(&payment.cancel_url, "Back to the shop"),
        tests = test_cards(),
    );
    document(&format!("Pay {amount}"), merchant, &body)
}

/// The bank's confirmation step (a stand-in for 3-D Secure).
pub fn confirmation(payment: &Payment, merchant: &str, card: &CardSummary) -> String {
    let body = format!(
        "{header}<h1>Confirm your payment</h1>\
<p>Your bank asks you to confirm this payment of {amount} to {merchant_text} with your {brand} card \
ending in {last4}.</p>\
<form method=\"post\" action=\"/pay/{id}/confirm\">\
<button type=\"submit\" name=\"decision\" value=\"complete\">Complete</button>\
<button type=\"submit\" name=\"decision\" value=\"fail\" class=\"secondary\">Fail</button></form>\
<section class=\"test\"><h2>Test mode</h2><p>Choose what the bank answers: \
<strong>Complete</strong> confirms the payment, <strong>Fail</strong> refuses it.</p></section>",
        header = header(payment, merchant),
        amount = escape(&amount(payment)),
        merchant_text = escape(merchant),
        brand = card.brand.label(),
        last4 = escape(&card.last4),
        id = escape(&payment.id),
    );
    document("Confirm your payment", merchant, &body)
}

pub fn complete(payment: &Payment, merchant: &str) -> String {
    let body = format!(
        "{header}<h1>This payment is complete</h1><p>Thank you: {merchant_text} has received your payment.</p>{back}",
        header = header(payment, merchant),
        merchant_text = escape(merchant),
        back = back_link(&payment.success_url, "Back to the shop"),
    );
    document("Payment complete", merchant, &body)
}

pub fn expired(payment: &Payment, merchant: &str) -> String {
    let body = format!(
        "{header}<h1>This payment link has expired</h1>\
<p>Nothing was charged. Go back to the shop to start the payment again.</p>{back}",
        header = header(payment, merchant),
        back = back_link(&payment.cancel_url, "Back to the shop"),
    );
    document("Payment link expired", merchant, &body)
}

pub fn not_found(merchant: &str) -> String {
    document(
        "Payment not found",
        merchant,
        "<h1>Payment not found</h1><p>This payment link is not valid. \
Go back to the shop and start the payment again.</p>",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_amounts_in_minor_units() {
        assert_eq!(format_amount(123_450, "EUR"), "€1,234.50");
        assert_eq!(format_amount(999, "USD"), "$9.99");
        assert_eq!(format_amount(5, "GBP"), "£0.05");
        assert_eq!(format_amount(129_900, "PLN"), "1,299.00 zł");
        assert_eq!(format_amount(1_500, "JPY"), "¥1,500");
        assert_eq!(format_amount(15_000_000, "IDR"), "Rp 150,000");
        assert_eq!(format_amount(15_000_050, "IDR"), "Rp 150,000.50");
        assert_eq!(format_amount(1_200, "CHF"), "12.00 CHF");
        assert_eq!(format_amount(1_234, "KWD"), "1.234 KWD");
    }

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn test_card_numbers_are_grouped_for_reading() {
        assert_eq!(spaced("4242424242424242"), "4242 4242 4242 4242");
    }
}

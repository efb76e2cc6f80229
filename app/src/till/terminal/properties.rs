//! Properties of what an external till posts to `POST /api/pos/v1/sales`: any body is decoded
//! or refused, and whatever decodes goes through the sale's checks without a panic.

use proptest::prelude::*;
use serde_json::{json, Value};

use super::*;
use crate::domain::{Currency, Money};
use crate::test_inputs::{config, hostile_text, number_text};
use crate::till::domain::TenderKind;
use crate::till::domain::{card_reference, merge_basket};

fn json_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        hostile_text().prop_map(Value::from),
        number_text().prop_map(Value::from),
    ]
}

/// A sale of the documented shape, with any values in its fields.
fn sale_like() -> impl Strategy<Value = Value> {
    let line = (
        prop_oneof![3 => "[A-Z]{1,3}-[0-9]".prop_map(Value::from), 1 => json_value()],
        prop_oneof![3 => (-5_i64..1_100).prop_map(Value::from), 1 => json_value()],
    )
        .prop_map(|(sku, quantity)| json!({"sku": sku, "quantity": quantity}));
    (
        prop::collection::vec(line, 0..6),
        prop_oneof![
            2 => prop::sample::select(vec!["cash", "card", "card_present"]).prop_map(Value::from),
            1 => json_value(),
        ],
        prop_oneof![
            Just(Value::Null),
            number_text().prop_map(Value::from),
            json_value()
        ],
        prop_oneof![
            Just(Value::Null),
            "[A-Z0-9-]{0,70}".prop_map(Value::from),
            json_value()
        ],
        prop_oneof![
            Just(Value::Null),
            json_value(),
            "\\PC{0,120}".prop_map(Value::from)
        ],
        prop_oneof![
            Just(Value::Null),
            "ST-[A-Z]{3}".prop_map(Value::from),
            json_value()
        ],
    )
        .prop_map(
            |(lines, method, tendered, reference, client_reference, location)| {
                json!({
                    "location": location,
                    "lines": lines,
                    "payment": {"method": method, "tendered": tendered, "reference": reference},
                    "client_reference": client_reference,
                })
            },
        )
}

/// The checks `record_sale` makes before it touches the database.
fn check(sale: &SaleRequest) {
    let _ = merge_basket(&sale.lines);
    let _ = TenderKind::from_code(&sale.payment.method);
    if let Some(tendered) = &sale.payment.tendered {
        let _ = Money::parse(tendered, Currency::Pln);
    }
    let _ = card_reference(sale.payment.reference.as_deref().unwrap_or(""));
    let _ = sale
        .client_reference
        .as_deref()
        .map(str::trim)
        .is_some_and(|r| r.chars().count() > 100);
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn any_bytes_are_decoded_or_refused(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        if let Ok(sale) = serde_json::from_slice::<SaleRequest>(&bytes) {
            check(&sale);
        }
    }

    /// Sales of the right shape with any values: decoded ones pass the checks without a
    /// panic, and what decodes encodes back to the same sale.
    #[test]
    fn sale_shaped_bodies_are_decoded_and_checked(body in sale_like()) {
        let bytes = body.to_string().into_bytes();
        if let Ok(sale) = serde_json::from_slice::<SaleRequest>(&bytes) {
            check(&sale);
            let again = serde_json::to_vec(&sale).expect("encodes");
            prop_assert_eq!(serde_json::from_slice::<SaleRequest>(&again).ok(), Some(sale));
        }
    }
}

//! JSON bodies for the webhook properties of both gateways: events of the right shape with any
//! values in them, and any JSON at all.

use proptest::prelude::*;
use serde_json::{json, Value};

use crate::test_inputs::hostile_text;

/// Field names both providers' events use, so that generated objects reach the decoders.
const KEYS: [&str; 22] = [
    "id",
    "type",
    "data",
    "object",
    "status",
    "payment_status",
    "amount",
    "amount_total",
    "amount_refunded",
    "currency",
    "reference",
    "client_reference_id",
    "url",
    "card_brand",
    "card_last4",
    "payment_intent",
    "latest_charge",
    "payment_method_details",
    "card",
    "brand",
    "last4",
    "",
];

/// Any JSON value, with objects keyed mostly by the providers' field names.
pub fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        hostile_text().prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map(
                prop_oneof![
                    4 => prop::sample::select(KEYS.to_vec()).prop_map(str::to_string),
                    1 => hostile_text(),
                ],
                inner,
                0..8,
            )
            .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// An event of the usual shape with some of its values replaced by anything.
pub fn event_like(event_types: &'static [&'static str]) -> impl Strategy<Value = Value> {
    (
        prop::sample::select(event_types.to_vec()),
        prop::collection::vec((prop::sample::select(KEYS.to_vec()), any_json()), 0..4),
        prop::collection::vec((prop::sample::select(KEYS.to_vec()), any_json()), 0..3),
    )
        .prop_map(|(kind, object_changes, event_changes)| {
            let mut object = json!({
                "id": "pay_1", "status": "succeeded", "payment_status": "paid",
                "amount": 1999, "amount_total": 1999, "amount_refunded": 0, "currency": "eur",
                "reference": "M7K2QX9HD", "client_reference_id": "M7K2QX9HD",
                "url": "http://127.0.0.1/pay", "card_brand": "visa", "card_last4": "4242",
                "payment_intent": "pi_1",
            });
            for (key, value) in object_changes {
                object[key] = value;
            }
            let mut event = json!({"id": "evt_1", "type": kind, "data": {"object": object}});
            for (key, value) in event_changes {
                event[key] = value;
            }
            event
        })
}

/// A body as bytes: an event-like or any JSON document, or bytes that are not JSON at all.
pub fn body(event_types: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => event_like(event_types).prop_map(|v| v.to_string().into_bytes()),
        1 => any_json().prop_map(|v| v.to_string().into_bytes()),
        1 => prop::collection::vec(any::<u8>(), 0..100),
    ]
}

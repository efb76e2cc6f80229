//! Properties of `StripeGateway::verify_webhook` over any body and header.

use proptest::prelude::*;

use super::*;
use crate::payments::signature;
use crate::payments::webhook_bodies::{any_json, body};
use crate::test_inputs::{config, hostile_text};

const SECRET: &str = "whsec_stripe";
const TYPES: &[&str] = &[
    "checkout.session.completed",
    "checkout.session.async_payment_succeeded",
    "checkout.session.async_payment_failed",
    "checkout.session.expired",
    "charge.refunded",
];

fn gateway() -> StripeGateway {
    StripeGateway::new("http://127.0.0.1:9", "sk_test", SECRET)
}

fn headers(value: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    if let Ok(value) = value.parse() {
        headers.insert(SIGNATURE_HEADER, value);
    }
    headers
}

proptest! {
    #![proptest_config(config(128))]

    /// A correctly signed body of any content is read or refused as a bad payload; an event
    /// about a payment is only accepted with the session it is about.
    #[test]
    fn any_signed_body_is_read_or_refused(body in body(TYPES), now in 1_700_000_000_i64..1_800_000_000) {
        let header = signature::sign(SECRET, now, &body);
        match gateway().verify_webhook(&headers(&header), &body, now) {
            Ok(event) => {
                if event.kind != EventKind::Other {
                    prop_assert!(TYPES[..3].contains(&event.event_type.as_str()), "{}", event.event_type);
                }
                prop_assert_eq!(event.payment.currency.to_uppercase(), event.payment.currency.clone());
            }
            Err(err) => prop_assert!(matches!(err, PaymentError::BadPayload(_)), "{err}"),
        }
    }

    /// Any JSON as a Checkout Session's object reads or is refused, never panics.
    #[test]
    fn any_session_object_is_read_or_refused(object in any_json()) {
        if let Ok(session) = serde_json::from_value::<Session>(object) {
            let _ = session.facts();
        }
    }

    #[test]
    fn a_wrong_signature_is_always_refused(
        body in body(TYPES),
        other in "[a-z_]{0,20}",
        header in hostile_text(),
        now in 1_700_000_000_i64..1_800_000_000,
    ) {
        if other != SECRET {
            let forged = signature::sign(&other, now, &body);
            let result = gateway().verify_webhook(&headers(&forged), &body, now);
            prop_assert!(matches!(result, Err(PaymentError::BadSignature(_))));
        }
        let result = gateway().verify_webhook(&headers(&header), &body, now);
        prop_assert!(matches!(result, Err(PaymentError::BadSignature(_))));
    }
}

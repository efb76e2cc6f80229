//! Properties of `SandboxGateway::verify_webhook` over any body and header.

use proptest::prelude::*;

use super::*;
use crate::payments::signature;
use crate::payments::webhook_bodies::body;
use crate::test_inputs::{config, hostile_text};

const SECRET: &str = "whsec_sandbox";
const TYPES: &[&str] = &[
    "payment.succeeded",
    "payment.declined",
    "refund.succeeded",
    "x",
];

fn gateway() -> SandboxGateway {
    SandboxGateway::new("http://127.0.0.1:9", "sk_test", SECRET)
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

    /// A correctly signed body of any content is read or refused as a bad payload.
    #[test]
    fn any_signed_body_is_read_or_refused(body in body(TYPES), now in 1_700_000_000_i64..1_800_000_000) {
        let header = signature::sign(SECRET, now, &body);
        match gateway().verify_webhook(&headers(&header), &body, now) {
            Ok(event) => {
                let kind = match event.event_type.as_str() {
                    "payment.succeeded" => EventKind::PaymentSucceeded,
                    "payment.declined" => EventKind::PaymentDeclined,
                    "refund.succeeded" => EventKind::Refunded,
                    _ => EventKind::Other,
                };
                prop_assert_eq!(event.kind, kind);
            }
            Err(err) => prop_assert!(matches!(err, PaymentError::BadPayload(_)), "{err}"),
        }
    }

    /// A body signed with another secret, or any header at all, is refused before it is read.
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

//! Properties of `verify`: a webhook's signature header and body come from whoever can reach
//! the shop; only the holder of the secret may get one accepted, and only within the window.

use proptest::prelude::*;

use super::*;
use crate::test_inputs::{config, hostile_text, number_text};

fn secret() -> impl Strategy<Value = String> {
    prop_oneof!["whsec_[a-zA-Z0-9]{8,32}", any::<String>()]
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..200),
        hostile_text().prop_map(String::into_bytes),
        "\\{\"id\":\"evt_[a-z0-9]{1,10}\"\\}".prop_map(String::into_bytes),
    ]
}

/// Timestamps anywhere in `i64`, and near now.
fn timestamp() -> impl Strategy<Value = i64> {
    prop_oneof![
        any::<i64>(),
        prop::sample::select(vec![i64::MIN, i64::MIN + 1, -1, 0, i64::MAX]),
        1_700_000_000_i64..1_800_000_000,
    ]
}

/// Headers an attacker might send: any text, and well-formed ones with made-up signatures.
fn header() -> impl Strategy<Value = String> {
    prop_oneof![
        hostile_text(),
        (
            prop_oneof![number_text(), timestamp().prop_map(|t| t.to_string())],
            "[0-9a-f]{0,70}"
        )
            .prop_map(|(t, v1)| format!("t={t},v1={v1}")),
        (timestamp(), prop::collection::vec("[0-9a-fA-F]{64}", 0..4)).prop_map(
            |(t, signatures)| {
                let mut header = format!("t={t}");
                for s in signatures {
                    header.push_str(&format!(",v1={s}"));
                }
                header
            }
        ),
    ]
}

proptest! {
    #![proptest_config(config(256))]

    /// Without the secret nothing is accepted, however the header is made.
    #[test]
    fn made_up_headers_are_refused(
        secret in secret(),
        header in header(),
        body in body(),
        now in timestamp(),
    ) {
        prop_assert!(verify(&secret, &header, &body, now).is_err(), "{header:?}");
    }

    /// A signature made with another secret, or for another body, or another time, is refused.
    #[test]
    fn a_wrong_signature_is_always_refused(
        secret in secret(),
        other in secret(),
        body in body(),
        other_body in body(),
        t in timestamp(),
        other_t in timestamp(),
    ) {
        let now = t;
        if other != secret {
            prop_assert_eq!(
                verify(&secret, &sign(&other, t, &body), &body, now),
                Err(SignatureError::Mismatch)
            );
        }
        if other_body != body {
            prop_assert_eq!(
                verify(&secret, &sign(&secret, t, &other_body), &body, now),
                Err(SignatureError::Mismatch)
            );
        }
        // The timestamp is signed: moving it breaks the signature.
        if other_t != t {
            let moved = sign(&secret, t, &body).replacen(&format!("t={t},"), &format!("t={other_t},"), 1);
            prop_assert_eq!(verify(&secret, &moved, &body, other_t), Err(SignatureError::Mismatch));
        }
    }

    /// Changing any one character of the signature is refused.
    #[test]
    fn a_changed_signature_is_refused(
        secret in secret(),
        body in body(),
        t in timestamp(),
        at in 0_usize..64,
        digit in prop::sample::select(vec!['0', '7', 'a', 'f']),
    ) {
        let header = sign(&secret, t, &body);
        let start = header.find("v1=").expect("a signature") + 3;
        let mut changed: Vec<char> = header.chars().collect();
        if changed[start + at] == digit {
            return Ok(());
        }
        changed[start + at] = digit;
        let changed: String = changed.into_iter().collect();
        prop_assert_eq!(verify(&secret, &changed, &body, t), Err(SignatureError::Mismatch));
    }

    /// The right signature is accepted exactly within the window around now, at any time, and
    /// refused outside it (a replay), never wrapping around on extreme timestamps.
    #[test]
    fn the_right_signature_is_accepted_only_within_the_window(
        secret in secret(),
        body in body(),
        t in timestamp(),
        now in prop_oneof![timestamp(), Just(0_i64)],
    ) {
        let header = sign(&secret, t, &body);
        let result = verify(&secret, &header, &body, now);
        let age = i128::from(now) - i128::from(t);
        if age.abs() <= i128::from(TOLERANCE_SECS) {
            prop_assert_eq!(result, Ok(()));
        } else {
            let refused = matches!(result, Err(SignatureError::OutsideWindow { .. }));
            prop_assert!(refused, "{t} at {now}: {result:?}");
        }
    }
}

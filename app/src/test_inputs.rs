//! Inputs for the property tests of every parser of outside input (each parser's `properties`
//! module): text a stranger could send, numbers around the integer limits, and the number of
//! cases a property runs. A failing case is saved under `app/proptest-regressions/` and run
//! first from then on; commit those files.

use proptest::prelude::*;
use proptest::test_runner::Config;

/// `cases` random inputs a property (256 for cheap parsers, fewer for whole forms and files), so
/// that the whole suite stays within seconds in CI. `PROPTEST_CASES=100000` runs deeper locally.
pub fn config(cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(cases);
    Config {
        cases,
        ..Config::default()
    }
}

/// The integers where parsers break: zero, the shop's own bounds, and the limits of every
/// integer type a value passes through.
const LIMITS: [i128; 16] = [
    0,
    1,
    999,
    10_000,
    100_000,
    1_000_000,
    i32::MAX as i128,
    u32::MAX as i128,
    1_000_000_000_000,
    92_233_720_368_547_758,
    i64::MAX as i128,
    u64::MAX as i128,
    // 10^20 and 10^30: more digits than any 64-bit integer holds.
    100_000_000_000_000_000_000,
    1_000_000_000_000_000_000_000_000_000_000,
    i128::MAX - 3,
    -(i64::MAX as i128) - 1,
];

/// A number as someone might type it near one of `LIMITS`: signed or not, with leading zeros,
/// a decimal part, spaces, a comma for the point, an exponent.
pub fn number_text() -> impl Strategy<Value = String> {
    (
        prop::sample::select(LIMITS.to_vec()),
        -3_i128..=3,
        prop::sample::select(vec!["", "-", "+", "--", " -"]),
        prop::sample::select(vec!["", "0", "000"]),
        prop::option::of("[.,][0-9]{0,4}"),
        prop::sample::select(vec!["", " ", "\t", "\u{a0}", "e3", "%", "\u{0}"]),
    )
        .prop_map(|(limit, delta, sign, zeros, fraction, tail)| {
            let value = limit.saturating_add(delta);
            let (sign, digits) = if value < 0 {
                ("-", value.unsigned_abs().to_string())
            } else {
                (sign, value.to_string())
            };
            format!(
                "{sign}{zeros}{digits}{}{tail}",
                fraction.unwrap_or_default()
            )
        })
}

/// Anything at all: arbitrary unicode (NUL and controls included), printable text, numbers
/// near the limits, and runs of digits longer than any integer.
pub fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,40}",
        number_text(),
        "[0-9]{15,60}",
        "[ \\t\\n\\x00\u{a0}\u{3000}\u{feff}]{0,3}[-+]?[0-9_ ,.]{0,30}",
        ".{0,5}\\x00.{0,5}",
    ]
}

/// Longer text, around and past the length limits the parsers set (hundreds of characters).
pub fn long_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,400}",
        "[a-zA-Z0-9 ]{100,400}",
        "[İßﬀ\u{1F600}a ]{50,300}",
    ]
}

/// Decodes a query-string value the way a browser's form decoding does (`+` is a space).
pub fn decode_query_value(encoded: &str) -> Option<String> {
    let mut bytes = Vec::new();
    let mut rest = encoded.bytes();
    while let Some(byte) = rest.next() {
        match byte {
            b'+' => bytes.push(b' '),
            b'%' => {
                let hex = [rest.next()?, rest.next()?];
                bytes.push(u8::from_str_radix(std::str::from_utf8(&hex).ok()?, 16).ok()?);
            }
            other => bytes.push(other),
        }
    }
    String::from_utf8(bytes).ok()
}

/// A query string's `key=value` pairs, decoded.
pub fn decode_query(query: &str) -> Option<Vec<(String, String)>> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            Some((decode_query_value(key)?, decode_query_value(value)?))
        })
        .collect()
}

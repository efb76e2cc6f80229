//! The generator: a small seeded random source and the hostile values, plausible values and
//! malformed bodies it draws from.

use test_support as support;

/// SplitMix64: small, fast and the same on every machine, which is all a fuzz that must repeat
/// its requests exactly needs.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn seeded(text: &str) -> Rng {
        // FNV-1a of the text.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in text.bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        Rng(hash)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True `percent` times in a hundred.
    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Numbers no field should choke on.
pub(crate) const NUMBERS: &[&str] = &[
    "18446744073709551615",
    "18446744073709551616",
    "9223372036854775807",
    "-9223372036854775808",
    "-9223372036854775809",
    "2147483647",
    "2147483648",
    "-2147483649",
    "4294967296",
    "99999999999999999999",
    "-1",
    "0",
    "-0",
    "1e309",
    "-1e309",
    "1e-400",
    "NaN",
    "inf",
    "-inf",
    "0.000000001",
    "1.005",
    "92233720368547758.07",
    "1000000000000.00",
    "-0.01",
    "0x10",
    "1_000",
    " 7 ",
    "1,5",
    "٣",
];

/// Texts no field should choke on.
pub(crate) const TEXTS: &[&str] = &[
    "",
    " ",
    "\0",
    "a\0b",
    "\u{1}\u{1f}\u{7f}",
    "</title><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\"><svg/onload=alert(1)>",
    "' OR '1'='1",
    "'; DROP TABLE users; --",
    "\"",
    "\\",
    "%",
    "_",
    "%00",
    "%zz",
    "..%2f..%2fetc%2fpasswd",
    "../../../../etc/passwd",
    "null",
    "true",
    "[]",
    "{}",
    "{\"a\":",
    "\r\nX-Injected: 1",
    "\u{202e}gpj.exe",
    "💥🛒",
    "Ω≈ç√∫",
    "\u{feff}",
    "ｓｋｕ",
    "e\u{301}",
    "\u{fffd}",
    "a=b&c=d",
    "text=x&page=18446744073709551615",
    "page=-1&status=%00",
    "q=&page=99999999999999999999",
];

/// A hostile value for a query or form field.
pub(crate) fn hostile(rng: &mut Rng, long_allowed: &mut bool) -> String {
    match rng.below(20) {
        0..=7 => rng.pick(NUMBERS).to_string(),
        8..=16 => rng.pick(TEXTS).to_string(),
        17 if *long_allowed => {
            *long_allowed = false;
            // 10 KB.
            match rng.below(3) {
                0 => "A".repeat(10_240),
                1 => "ż".repeat(5_120),
                _ => "'<".repeat(5_120),
            }
        }
        _ => {
            const PALETTE: &[char] = &[
                'a', 'Z', '0', '9', ' ', '-', '.', ',', '\'', '"', '<', '>', '&', '=', '%', '/',
                '\\', '\0', '\n', '\t', 'ż', '€', '💥', '\u{202e}', '{', '}', '[', ']', ';',
            ];
            (0..1 + rng.below(40)).map(|_| *rng.pick(PALETTE)).collect()
        }
    }
}

/// A JSON value where another is expected (raw text, as it would appear in a body).
pub(crate) fn hostile_json(rng: &mut Rng, long_allowed: &mut bool) -> String {
    match rng.below(10) {
        0..=3 => {
            let number = rng.pick(NUMBERS).trim().to_string();
            // Many are not JSON numbers (NaN, inf, 0x10): the parser must refuse them cleanly.
            if rng.chance(70) {
                number
            } else {
                serde_json::Value::from(number).to_string()
            }
        }
        4..=7 => serde_json::Value::from(hostile(rng, long_allowed)).to_string(),
        _ => rng
            .pick(&[
                "null",
                "true",
                "false",
                "[]",
                "{}",
                "[1,2]",
                "{\"a\":1}",
                "[[[[[[[[[[]]]]]]]]]]",
            ])
            .to_string(),
    }
}

/// Segments of a path that a router or a handler might take the wrong way.
pub(crate) const PATH_SEGMENTS: &[&str] = &[
    "..%2f..%2fetc%2fpasswd",
    "..%2F..%2Fshop.db",
    "..",
    "%2e%2e",
    "%00",
    "a%00b",
    "%ff%fe",
    "%zz",
    "99999999999999999999",
    "18446744073709551615",
    "-1",
    "0",
    "%20",
    "%3Cscript%3E",
    "%E2%80%AE",
    "products-18446744073709551615.xml",
    "products-0.xml",
    "products--1.xml",
    "products-.xml",
    "products-99999999999999999999.xml",
];

/// Stands for a 10 KB value in `HOT`.
pub(crate) const LONG: &str = "(10 KB of letters)";

/// The values each path parameter and field gets in turn, one slot at a time, in a route's
/// first cases: the likeliest to break something first.
pub(crate) const HOT: &[&str] = &[
    "18446744073709551615",
    "-1",
    "1e309",
    "99999999999999999999",
    "NaN",
    "",
    "\0",
    LONG,
    "</title><script>alert(1)</script>",
    "' OR '1'='1",
    "9223372036854775807",
    "-9223372036854775808",
    "0",
    "92233720368547758.07",
    "2147483648",
    "💥",
];

/// Known things in the seeded shop, so that some requests get past "not found".
pub(crate) struct Known {
    pub(crate) sku: String,
    pub(crate) product_id: String,
    pub(crate) other_product_id: String,
    pub(crate) product_slug: String,
    pub(crate) order_number: String,
    pub(crate) order_key: String,
    pub(crate) supplier_id: String,
    pub(crate) po_number: String,
    pub(crate) customer_id: String,
    pub(crate) media_id: String,
    pub(crate) media_path: String,
    pub(crate) till_key: String,
    pub(crate) csv: String,
    pub(crate) webhook_secret: String,
}

/// A plausible value for the field (or path parameter) `field`.
pub(crate) fn plausible(field: &str, known: &Known, rng: &mut Rng) -> String {
    let choices: Vec<String> = match field {
        "sku" | "supplier_sku" | "restock[sku]" => {
            vec![
                known.sku.clone(),
                known.sku.to_lowercase(),
                "NO-SUCH".into(),
            ]
        }
        "slug" => vec!["clothing".into(), known.product_slug.clone()],
        "number" => vec![
            known.order_number.clone(),
            known.po_number.clone(),
            "MNOSUCH".into(),
        ],
        "key" => vec![known.order_key.clone(), "nope".into()],
        "token" => vec!["unknown".into()],
        "id" | "product" | "parent" => vec![
            known.product_id.clone(),
            known.other_product_id.clone(),
            known.customer_id.clone(),
            known.media_id.clone(),
            known.supplier_id.clone(),
            "0".into(),
        ],
        "supplier_id" | "supplier" => vec![known.supplier_id.clone(), "0".into()],
        "ids" => vec![
            known.product_id.clone(),
            format!("{},{}", known.product_id, known.other_product_id),
            known.media_id.clone(),
        ],
        "location" | "store" | "code" => {
            vec!["WH-MAIN".into(), "ST-KRK".into()]
        }
        "email" => vec!["customer@example.com".into(), "nobody@example.com".into()],
        "password" => vec![support::PASSWORD.into(), "x".into()],
        "quantity" | "units" | "on_hand" | "online_rank" | "reorder_point" | "reorder_quantity"
        | "lead_time_days" | "index" | "page" => {
            vec!["1".into(), "2".into(), "0".into()]
        }
        "price" | "cost" | "amount" | "tendered" => vec!["1.00".into(), "12.50".into()],
        "query" => vec![
            "text=shirt".into(),
            "status=paid&page=2".into(),
            "q=shirt&page=3&sort=price-asc".into(),
        ],
        "q" | "text" => vec!["shirt".into(), "navy".into()],
        "role" => vec![
            "Stock clerk".into(),
            "Customer".into(),
            "Order handler".into(),
        ],
        "action" => vec!["publish".into(), "unpublish".into(), "category".into()],
        "sort" => vec!["price-asc".into(), "price-desc".into(), "newest".into()],
        "status" => vec!["paid".into(), "open".into()],
        "auto_reorder" | "make_default" | "sells_online" => vec!["on".into(), "off".into()],
        "mode" => vec!["valid".into(), "all".into()],
        "provider" => vec!["sandbox".into(), "stripe".into()],
        "file" => vec![
            format!("products-{}.xml", rng.pick(NUMBERS).trim()),
            "products-1.xml".into(),
            "pages.xml".into(),
        ],
        "path" => vec![
            known.media_path.clone(),
            "seed/../../shop.db".into(),
            "..%2f..%2fshop.db".into(),
        ],
        "unknown" => vec![
            "pkg/mercato.js".into(),
            "favicon.svg".into(),
            "no/such/page".into(),
            "..%2f..%2fCargo.toml".into(),
        ],
        // A location (stock transfers) or a date (the orders filter).
        "from" | "to" => vec!["WH-MAIN".into(), "ST-KRK".into(), "2026-01-31".into()],
        "min" | "max" => vec!["10.00".into()],
        "published" => vec!["yes".into(), "no".into()],
        "stock" => vec!["1".into()],
        "attr" => vec!["colour:navy".into()],
        "customer" => vec!["customer@example.com".into()],
        "address[country]" => vec!["PL".into(), "DE".into()],
        "address[postal_code]" => vec!["00-001".into()],
        "category" => vec!["clothing".into()],
        "carrier" => vec!["ups".into()],
        _ => vec!["Ada".into(), "Navy shirt".into()],
    };
    rng.pick(&choices).clone()
}

pub(crate) fn json_template(template: &str, known: &Known) -> serde_json::Value {
    use serde_json::json;
    let address = json!({
        "full_name": "Ada Buyer", "line1": "ul. Prosta 1", "line2": "", "postal_code": "00-001",
        "city": "Warszawa", "region": "", "country": "PL", "phone": ""
    });
    let sale = json!({
        "location": "ST-KRK",
        "lines": [{"sku": known.sku, "quantity": 1}],
        "payment": {"method": "cash", "tendered": "100.00", "reference": null},
        "client_reference": "fuzz-1"
    });
    match template {
        "checkout" => json!({"form": {
            "email": "buyer@example.com", "address": address, "shipping_method": "standard",
            "coupon": "", "attempt": "fuzz"
        }}),
        "product" => json!({"id": known.product_id.parse::<i64>().unwrap_or(0), "form": {
            "name": "Fuzzed shirt", "slug": "", "description": "Soft.", "category": "clothing",
            "brand": "", "seo_title": "", "seo_description": "", "video_url": "",
            "published": "on", "tax_class": "standard",
            "specifications": [{"name": "Fabric", "value": "Cotton"}],
            "variants": [{"sku": known.sku, "options": "Size: M", "price": "10.00",
                "compare_at": "", "weight_grams": "200",
                "stock": [{"location": "WH-MAIN", "on_hand": "5", "seen": "5"}],
                "remove": null}]
        }}),
        "receive" => json!({"number": known.po_number,
            "lines": [{"line_id": 1, "units": 1, "received_before": 0}]}),
        "sell" => json!({ "sale": sale }),
        "sale" => sale,
        other => panic!("no JSON template {other}"),
    }
}

/// A JSON document whose leaves may be any text at all (so that it can hold `1e309`, `NaN`).
pub(crate) enum Doc {
    Raw(String),
    Object(Vec<(String, Doc)>),
    Array(Vec<Doc>),
}

impl Doc {
    pub(crate) fn from(value: &serde_json::Value) -> Doc {
        match value {
            serde_json::Value::Object(map) => {
                Doc::Object(map.iter().map(|(k, v)| (k.clone(), Doc::from(v))).collect())
            }
            serde_json::Value::Array(items) => Doc::Array(items.iter().map(Doc::from).collect()),
            leaf => Doc::Raw(leaf.to_string()),
        }
    }

    pub(crate) fn mutate(&mut self, rng: &mut Rng, long_allowed: &mut bool) {
        match self {
            Doc::Raw(text) => {
                if rng.chance(40) {
                    *text = hostile_json(rng, long_allowed);
                }
            }
            _ if rng.chance(8) => *self = Doc::Raw(hostile_json(rng, long_allowed)),
            Doc::Object(fields) => {
                if !fields.is_empty() && rng.chance(10) {
                    let at = rng.below(fields.len());
                    fields.remove(at);
                }
                if rng.chance(5) {
                    fields.push((hostile(rng, &mut false), Doc::Raw("1".into())));
                }
                for (_, value) in fields.iter_mut() {
                    value.mutate(rng, long_allowed);
                }
            }
            Doc::Array(items) => {
                for item in items.iter_mut() {
                    item.mutate(rng, long_allowed);
                }
                if rng.chance(5) {
                    // Many lines at once (a basket of 200 lines, say).
                    let copies = 1 + rng.below(200);
                    let text = items.first().map(Doc::text).unwrap_or_default();
                    for _ in 0..copies {
                        items.push(Doc::Raw(text.clone()));
                    }
                }
            }
        }
    }

    /// Every leaf, depth first.
    pub(crate) fn leaves(&mut self) -> Vec<&mut String> {
        match self {
            Doc::Raw(text) => vec![text],
            Doc::Object(fields) => fields.iter_mut().flat_map(|(_, v)| v.leaves()).collect(),
            Doc::Array(items) => items.iter_mut().flat_map(Doc::leaves).collect(),
        }
    }

    pub(crate) fn text(&self) -> String {
        match self {
            Doc::Raw(text) => text.clone(),
            Doc::Object(fields) => format!(
                "{{{}}}",
                fields
                    .iter()
                    .map(|(k, v)| format!("{}:{}", serde_json::Value::from(k.as_str()), v.text()))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            Doc::Array(items) => format!(
                "[{}]",
                items.iter().map(Doc::text).collect::<Vec<_>>().join(",")
            ),
        }
    }
}

pub(crate) fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

pub(crate) fn form_text(fields: &[(String, String)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Bodies that are broken whatever the route expects.
pub(crate) fn malformed_body(rng: &mut Rng) -> Vec<u8> {
    match rng.below(9) {
        0 => b"{\"a\":".to_vec(),
        1 => b"[".to_vec(),
        2 => vec![0xff, 0xfe, 0x00, 0xc3, 0x28],
        3 => b"a=%zz&b=%&=&&==".to_vec(),
        4 => "[".repeat(5_000).into_bytes(),
        5 => b"null".to_vec(),
        6 => b"\"just a string\"".to_vec(),
        7 => vec![b'A'; 200_000],
        _ => Vec::new(),
    }
}

//! The requests: one case per route, caller and draw, built from the generator's values.

use axum::http::{header, HeaderName, Method};

use crate::inputs::{
    encode, form_text, hostile, json_template, malformed_body, plausible, Doc, Known, Rng, LONG,
    NUMBERS, PATH_SEGMENTS,
};
use crate::table::{Input, Kind, Route, PAGE_QUERY};
use test_support::SITE;

/// One request to send, and how to describe it in a failure.
pub(crate) struct Case {
    pub(crate) method: Method,
    pub(crate) uri: String,
    pub(crate) headers: Vec<(HeaderName, String)>,
    pub(crate) body: Vec<u8>,
}

impl Case {
    pub(crate) fn describe(&self) -> String {
        let cut = |text: &str, at: usize| -> String {
            if text.chars().count() > at {
                format!(
                    "{}… ({} bytes)",
                    text.chars().take(at).collect::<String>(),
                    text.len()
                )
            } else {
                text.to_string()
            }
        };
        let content_type = self
            .headers
            .iter()
            .find(|(name, _)| *name == header::CONTENT_TYPE)
            .map(|(_, value)| format!(" [{value}]"))
            .unwrap_or_default();
        let body = if self.body.is_empty() {
            String::new()
        } else {
            format!(" body {:?}", cut(&String::from_utf8_lossy(&self.body), 300))
        };
        format!(
            "{} {}{content_type}{body}",
            self.method,
            cut(&self.uri, 300)
        )
    }
}

/// Who is sending.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Who {
    Visitor,
    Administrator,
}

/// The names a route's requests fill in: its path parameters, then its fields.
pub(crate) fn slots(route: &Route) -> Vec<&'static str> {
    let mut slots: Vec<&'static str> = route
        .path
        .split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|s| s.trim_start_matches('*'))
        .collect();
    match route.input {
        Input::Fields(names) | Input::Bytes(_, names) => slots.extend_from_slice(names),
        Input::Json(_) => {}
    }
    slots
}

/// A value of `HOT` as it goes into a request.
pub(crate) fn hot_value(value: &str) -> String {
    if value == LONG {
        "A".repeat(10_240)
    } else {
        value.to_string()
    }
}

/// A value of `HOT` as a JSON value: numbers (and what looks like one) bare, the rest quoted.
pub(crate) fn hot_json(value: &str) -> String {
    let bare = value == "NaN"
        || (!value.is_empty()
            && value
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e')));
    if bare {
        value.to_string()
    } else {
        serde_json::Value::from(hot_value(value)).to_string()
    }
}

/// A field that carries a whole URL query (the list filters): the hostile value goes into one
/// of the filter's own fields, with a hostile page number beside it.
pub(crate) fn query_of(value: &str, rng: &mut Rng) -> String {
    let key = rng.pick(PAGE_QUERY);
    form_text(&[
        ("page".to_string(), value.to_string()),
        (key.to_string(), value.to_string()),
    ])
}

/// One request to `route`. `hot` is (the slot, a value of `HOT`) in a route's first cases: that
/// slot gets the value and the others plausible ones, so the value reaches the code that reads
/// it instead of failing on another field first.
pub(crate) fn make_case(
    route: &Route,
    who: Who,
    known: &Known,
    rng: &mut Rng,
    csrf: &str,
    hot: Option<(usize, &str)>,
) -> Case {
    let mut long_allowed = true;
    let mut slot = 0;
    // The path: parameters plausible or hostile.
    let mut path = String::new();
    for (index, segment) in route.path.split('/').enumerate() {
        if index > 0 {
            path.push('/');
        }
        let Some(param) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else {
            path.push_str(segment);
            continue;
        };
        let param = param.trim_start_matches('*');
        let choice = match hot {
            Some((target, value)) if target == slot => {
                long_allowed = value != LONG;
                Some(hot_value(value))
            }
            Some(_) => None,
            None => match rng.below(10) {
                0..=4 => None,
                5..=7 => Some(rng.pick(PATH_SEGMENTS).to_string()),
                _ => Some(encode(&hostile(rng, &mut long_allowed)).replace('+', "%20")),
            },
        };
        match choice {
            Some(value) if hot.is_some() => path.push_str(&encode(&value).replace('+', "%20")),
            Some(value) => path.push_str(&value),
            None => {
                let value = plausible(param, known, rng);
                // Wildcards keep their slashes; everything else is one segment.
                if segment.contains('*') {
                    path.push_str(&value);
                } else {
                    path.push_str(&encode(&value).replace('+', "%20"));
                }
            }
        }
        slot += 1;
    }

    // The fields: plausible, hostile, left out, or sent twice; now and then one unknown.
    let (names, template, raw) = match route.input {
        Input::Fields(names) => (names, None, None),
        Input::Json(template) => (&[][..], Some(template), None),
        Input::Bytes(raw, names) => (names, None, Some(raw)),
    };
    let mut fields: Vec<(String, String)> = Vec::new();
    for field in names {
        let is_query = *field == "query";
        match hot {
            Some((target, value)) if target == slot => {
                long_allowed = value != LONG;
                let value = hot_value(value);
                let value = if is_query {
                    query_of(&value, rng)
                } else {
                    value
                };
                fields.push((field.to_string(), value));
            }
            Some(_) => fields.push((field.to_string(), plausible(field, known, rng))),
            None => match rng.below(20) {
                0..=8 => {
                    let value = hostile(rng, &mut long_allowed);
                    let value = if is_query {
                        query_of(&value, rng)
                    } else {
                        value
                    };
                    fields.push((field.to_string(), value));
                }
                9..=15 => fields.push((field.to_string(), plausible(field, known, rng))),
                16 | 17 => {}
                _ => {
                    fields.push((field.to_string(), hostile(rng, &mut long_allowed)));
                    fields.push((field.to_string(), plausible(field, known, rng)));
                }
            },
        }
        slot += 1;
    }
    if hot.is_none() && rng.chance(if route.kind == Kind::Page { 30 } else { 10 }) {
        // A field nobody asked for (for a page, one that another page reads).
        let key = if route.kind == Kind::Page {
            rng.pick(PAGE_QUERY).to_string()
        } else {
            hostile(rng, &mut false)
        };
        fields.push((key, hostile(rng, &mut false)));
    }

    let mut method = Method::from_bytes(route.method.as_bytes()).expect("method");
    let mut headers: Vec<(HeaderName, String)> = Vec::new();
    let mut body = Vec::new();
    let mut query = String::new();
    let json_ct = "application/json".to_string();
    let form_ct = "application/x-www-form-urlencoded".to_string();

    match (template, raw) {
        (Some(template), _) => {
            let mut doc = Doc::from(&json_template(template, known));
            match hot {
                Some((target, value)) => {
                    let mut leaves = doc.leaves();
                    let count = leaves.len();
                    *leaves[target % count] = hot_json(value);
                }
                None if rng.chance(85) => doc.mutate(rng, &mut long_allowed),
                None => {}
            }
            if rng.chance(10) {
                // A form where JSON is expected.
                body = form_text(&fields).into_bytes();
                headers.push((header::CONTENT_TYPE, form_ct.clone()));
            } else {
                body = doc.text().into_bytes();
                headers.push((header::CONTENT_TYPE, json_ct.clone()));
            }
        }
        (None, Some(raw)) => {
            query = form_text(&fields);
            body = raw_body(raw, known, rng);
            let content_type = match raw {
                "picture" => rng.pick(&["image/png", "image/svg+xml", "image/jpeg", "text/plain"]),
                "csv" => rng.pick(&["text/csv", "text/plain", "application/octet-stream"]),
                _ => rng.pick(&["application/json", "text/plain"]),
            };
            headers.push((header::CONTENT_TYPE, content_type.to_string()));
            if raw == "webhook" {
                let now = app::backend::auth::unix_now();
                let timestamp = match rng.below(4) {
                    0 => rng.pick(NUMBERS).trim().to_string(),
                    _ => now.to_string(),
                };
                let signature = if rng.chance(60) {
                    // Signed with the real secret: the payload itself is then what is tested.
                    let t = timestamp.parse::<i64>().unwrap_or(now);
                    let signed = app::payments::signature::sign(&known.webhook_secret, t, &body);
                    signed.replacen(&format!("t={t}"), &format!("t={timestamp}"), 1)
                } else {
                    format!("t={timestamp},v1={}", hostile(rng, &mut false))
                };
                headers.push((HeaderName::from_static("mercato-signature"), signature));
            }
        }
        (None, None) if method == Method::GET => query = form_text(&fields),
        (None, None) => {
            if rng.chance(10) {
                // JSON where a form is expected.
                let object: serde_json::Map<String, serde_json::Value> = fields
                    .iter()
                    .map(|(k, v)| (k.clone(), serde_json::Value::from(v.as_str())))
                    .collect();
                body = serde_json::Value::Object(object).to_string().into_bytes();
                headers.push((header::CONTENT_TYPE, json_ct.clone()));
            } else {
                body = form_text(&fields).into_bytes();
                headers.push((header::CONTENT_TYPE, form_ct.clone()));
            }
        }
    }

    // Now and then the whole request is wrong in one more way.
    match rng.below(100) {
        0..=4 if method == Method::POST => body = malformed_body(rng),
        5..=7 => {
            method = rng
                .pick(&[
                    Method::GET,
                    Method::POST,
                    Method::PUT,
                    Method::DELETE,
                    Method::HEAD,
                ])
                .clone();
            if method == Method::POST && body.is_empty() {
                body = form_text(&fields).into_bytes();
                headers.push((header::CONTENT_TYPE, form_ct.clone()));
            }
        }
        8..=11 => {
            headers.retain(|(name, _)| *name != header::CONTENT_TYPE);
            let content_type = rng.pick(&[
                "text/plain",
                "multipart/form-data",
                "multipart/form-data; boundary=x",
                "application/json; charset=utf-16",
                "application/x-www-form-urlencoded; charset=latin1",
                "application/cbor",
                "",
            ]);
            if !content_type.is_empty() {
                headers.push((header::CONTENT_TYPE, content_type.to_string()));
            }
        }
        12..=15 if method == Method::POST && raw.is_none() => {
            // A plain HTML form post (before the WASM app loads), with its CSRF token.
            let mut with_token = fields.clone();
            with_token.push(("csrf_token".into(), csrf.to_string()));
            body = form_text(&with_token).into_bytes();
            headers.retain(|(name, _)| *name != header::CONTENT_TYPE);
            headers.push((header::CONTENT_TYPE, form_ct.clone()));
            headers.push((header::ACCEPT, "text/html,application/xhtml+xml".into()));
            headers.push((header::REFERER, format!("{SITE}/account")));
        }
        16 | 17 => {
            // Broken cookies: a session or cart that is not ours.
            let cookie = rng.pick(&[
                "__Host-mercato_session",
                "__Host-mercato_cart",
                "__Host-mercato_csrf",
            ]);
            headers.push((
                header::COOKIE,
                format!("{cookie}={}", encode(&hostile(rng, &mut false))),
            ));
        }
        18 => headers.push((header::HOST, encode(&hostile(rng, &mut false)))),
        19 => headers.push((header::ORIGIN, "null".into())),
        _ => {}
    }
    if !headers.iter().any(|(name, _)| *name == header::ACCEPT) {
        let accept = match route.kind {
            Kind::Page => "text/html",
            _ => "application/json",
        };
        headers.push((header::ACCEPT, accept.into()));
    }
    if route.path.starts_with("/api/pos/v1/") {
        let authorization = match rng.below(10) {
            0..=5 if who == Who::Administrator => format!("Bearer {}", known.till_key),
            0..=5 => format!("bearer {}", known.till_key),
            6 => format!("Bearer {}", encode(&hostile(rng, &mut false))),
            7 => "Basic Zm9vOmJhcg==".into(),
            8 => "Bearer".into(),
            _ => String::new(),
        };
        if !authorization.is_empty() {
            headers.push((header::AUTHORIZATION, authorization));
        }
    }
    if method != Method::GET && !headers.iter().any(|(name, _)| *name == header::ORIGIN) {
        headers.push((header::ORIGIN, SITE.into()));
    }
    let uri = if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    };
    Case {
        method,
        uri,
        headers,
        body,
    }
}

pub(crate) fn raw_body(raw: &str, known: &Known, rng: &mut Rng) -> Vec<u8> {
    match (raw, rng.below(6)) {
        (_, 0) => malformed_body(rng),
        (_, 1) => hostile(rng, &mut true).into_bytes(),
        ("picture", 2) => tiny_png(),
        ("picture", 3) => {
            let mut png = tiny_png();
            png.truncate(png.len() / 2);
            png
        }
        ("picture", 4) => {
            br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#.to_vec()
        }
        ("picture", _) => {
            // An image that claims to be enormous.
            let mut png = tiny_png();
            png[16..24].copy_from_slice(&[0x7f, 0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff]);
            png
        }
        ("csv", _) => {
            let header = known.csv.lines().next().unwrap_or("sku");
            let columns = header.split(',').count();
            let mut text = format!("{header}\n");
            for _ in 0..1 + rng.below(3) {
                let row: Vec<String> = (0..columns)
                    .map(|_| {
                        let value = if rng.chance(50) {
                            hostile(rng, &mut false)
                        } else {
                            plausible("sku", known, rng)
                        };
                        format!("\"{}\"", value.replace('"', "\"\""))
                    })
                    .collect();
                text.push_str(&row.join(","));
                text.push('\n');
            }
            if rng.chance(20) {
                // A line of the export itself, or the whole export.
                text = known.csv.clone();
            }
            text.into_bytes()
        }
        (_, _) => {
            let mut doc = Doc::from(&serde_json::json!({
                "id": "evt_fuzz", "type": rng.pick(&["payment.succeeded", "payment.declined",
                    "payment.refunded", "charge.refunded", "unknown"]),
                "created": app::backend::auth::unix_now(),
                "data": {"object": {
                    "id": "pay_fuzz", "status": "succeeded", "amount": 1000,
                    "amount_refunded": 0, "currency": "EUR", "reference": known.order_number,
                    "url": "http://sandbox/pay/x", "card_brand": "visa", "card_last4": "4242",
                    "created": 0, "expires_at": 0
                }}
            }));
            doc.mutate(rng, &mut true);
            doc.text().into_bytes()
        }
    }
}

pub(crate) fn tiny_png() -> Vec<u8> {
    let mut bytes = Vec::new();
    image::RgbImage::new(2, 2)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .expect("a PNG");
    bytes
}

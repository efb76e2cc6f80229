//! A browser stand-in that talks to the router in process: it keeps cookies and sends `Origin`.

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::SITE;

#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

/// A browser stand-in: keeps the cookies the shop sets and sends them back, and sends an
/// `Origin` header with every POST as browsers do.
#[derive(Clone)]
pub struct Client {
    pub(crate) router: Router,
    pub cookies: BTreeMap<String, String>,
    pub origin: Option<String>,
    /// Sent with every request, e.g. the `X-Forwarded-For` a proxy adds for this browser.
    pub headers: Vec<(&'static str, String)>,
}

impl Client {
    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub async fn send(&mut self, mut request: Request<Body>) -> Reply {
        for (name, value) in &self.headers {
            if let Ok(value) = header::HeaderValue::from_str(value) {
                request.headers_mut().insert(*name, value);
            }
        }
        let uri = request.uri().to_string();
        // A request that never answers must fail the test, not hang the suite. Generous, because
        // the 10,000-row import takes about 60 s of one core in an unoptimised test build.
        let response = tokio::time::timeout(
            std::time::Duration::from_secs(240),
            self.router.clone().oneshot(request),
        )
        .await
        .unwrap_or_else(|_| panic!("no answer to {uri} within 240 s"))
        .expect("response");
        for value in response.headers().get_all(header::SET_COOKIE) {
            let text = value.to_str().unwrap_or_default();
            let pair = text.split(';').next().unwrap_or_default();
            if let Some((name, value)) = pair.split_once('=') {
                if value.is_empty() || text.contains("Max-Age=0") {
                    self.cookies.remove(name);
                } else {
                    self.cookies.insert(name.to_string(), value.to_string());
                }
            }
        }
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&mut self, uri: &str) -> Reply {
        let request = Request::get(uri)
            .header(header::COOKIE, self.cookie_header())
            .body(Body::empty())
            .expect("request");
        self.send(request).await
    }

    fn form(fields: &[(&str, &str)]) -> String {
        fields
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// A POST as the WASM app makes it (a fetch that wants JSON back).
    pub async fn post(&mut self, uri: &str, fields: &[(&str, &str)]) -> Reply {
        let body = Self::form(fields);
        let mut request = Request::post(uri)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::CONTENT_LENGTH, body.len())
            .header(header::ACCEPT, "application/json")
            .header(header::COOKIE, self.cookie_header());
        if let Some(origin) = &self.origin {
            request = request.header(header::ORIGIN, origin);
        }
        self.send(request.body(Body::from(body)).expect("request"))
            .await
    }

    /// A POST of a server function that takes JSON (checkout).
    pub async fn post_json(&mut self, uri: &str, body: &serde_json::Value) -> Reply {
        let body = body.to_string();
        let mut request = Request::post(uri)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::CONTENT_LENGTH, body.len())
            .header(header::ACCEPT, "application/json")
            .header(header::COOKIE, self.cookie_header());
        if let Some(origin) = &self.origin {
            request = request.header(header::ORIGIN, origin);
        }
        self.send(request.body(Body::from(body)).expect("request"))
            .await
    }

    /// A POST as a plain HTML form makes it before the WASM app has loaded.
    pub async fn post_form(&mut self, uri: &str, fields: &[(&str, &str)]) -> Reply {
        let body = Self::form(fields);
        let mut request = Request::post(uri)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::CONTENT_LENGTH, body.len())
            .header(header::ACCEPT, "text/html,application/xhtml+xml")
            .header(header::REFERER, format!("{SITE}/account/sign-in"))
            .header(header::COOKIE, self.cookie_header());
        if let Some(origin) = &self.origin {
            request = request.header(header::ORIGIN, origin);
        }
        self.send(request.body(Body::from(body)).expect("request"))
            .await
    }

    pub fn session_cookie(&self) -> Option<String> {
        self.cookies.get("__Host-mercato_session").cloned()
    }

    pub fn csrf_cookie(&self) -> Option<String> {
        self.cookies.get("__Host-mercato_csrf").cloned()
    }
}

fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

impl Client {
    /// A POST of raw bytes, as `XMLHttpRequest.send(file)` makes it (picture uploads).
    pub async fn post_bytes(&mut self, uri: &str, content_type: &str, bytes: Vec<u8>) -> Reply {
        let mut request = Request::post(uri)
            .header(header::CONTENT_TYPE, content_type)
            .header(header::CONTENT_LENGTH, bytes.len())
            .header(header::COOKIE, self.cookie_header());
        if let Some(origin) = &self.origin {
            request = request.header(header::ORIGIN, origin);
        }
        self.send(request.body(Body::from(bytes)).expect("request"))
            .await
    }
}

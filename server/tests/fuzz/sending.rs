//! Sending the requests, and catching panics.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Mutex, Once};
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderValue, Request};
use axum::Router;
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::cases::{Case, Who};
use test_support::Shop;

tokio::task_local! {
    /// The request a task is serving, for the panic hook to name.
    pub(crate) static SERVING: String;
}

/// Panics seen while requests were served: (the request, if the panic happened in its task;
/// the message with its location).
pub(crate) static PANICS: Mutex<Vec<(Option<String>, String)>> = Mutex::new(Vec::new());
/// The requests being served now (one per fuzzing test), to name a panic in another task.
pub(crate) static IN_FLIGHT: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

pub(crate) fn watch_for_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let serving = SERVING.try_with(Clone::clone).ok();
            // A failed assertion in a test's own body is the harness's business, not a
            // finding; anything on the runtime's workers is.
            let on_worker = std::thread::current()
                .name()
                .is_some_and(|name| name.starts_with("tokio"));
            if serving.is_some() || on_worker {
                let message = info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| info.payload().downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "(no message)".into());
                let location = info
                    .location()
                    .map(|l| format!("{}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                let serving = serving.or_else(|| {
                    let in_flight = IN_FLIGHT.lock().map(|s| s.clone()).unwrap_or_default();
                    (!in_flight.is_empty()).then(|| {
                        format!(
                            "(another task) while serving one of: {}",
                            in_flight.into_iter().collect::<Vec<_>>().join(" | ")
                        )
                    })
                });
                if let Ok(mut panics) = PANICS.lock() {
                    panics.push((serving, format!("panicked at {location}: {message}")));
                }
            }
            default(info);
        }));
    });
}

/// What went wrong with one request.
pub(crate) struct Finding {
    pub(crate) route: String,
    pub(crate) request: String,
    pub(crate) what: String,
}

pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) set_cookies: Vec<String>,
    pub(crate) body: Vec<u8>,
}

/// Sends `case` in a task of its own, so that a panic ends that task and not the fuzz.
pub(crate) async fn send(
    router: &Router,
    label: &str,
    case: &Case,
    cookies: &str,
) -> Result<Answer, String> {
    let mut builder = Request::builder()
        .method(case.method.clone())
        .uri(case.uri.as_str());
    let mut has_cookie = false;
    for (name, value) in &case.headers {
        let Ok(value) = HeaderValue::from_str(value) else {
            continue;
        };
        if *name == header::COOKIE {
            has_cookie = true;
            // Our cookies first; the broken one after overrides nothing, it adds a duplicate.
            let joined = format!("{cookies}; {}", value.to_str().unwrap_or_default());
            builder = builder.header(header::COOKIE, joined);
        } else {
            builder = builder.header(name, value);
        }
    }
    if !has_cookie && !cookies.is_empty() {
        builder = builder.header(header::COOKIE, cookies);
    }
    if !case.body.is_empty() {
        builder = builder.header(header::CONTENT_LENGTH, case.body.len());
    }
    let request = builder
        .body(Body::from(case.body.clone()))
        .map_err(|e| format!("(not sent: {e})"))?;
    let router = router.clone();
    if let Ok(mut in_flight) = IN_FLIGHT.lock() {
        in_flight.insert(label.to_string());
    }
    let task = tokio::spawn(SERVING.scope(label.to_string(), async move {
        // A page whose rendering panicked never finishes its stream. Generous: argon2 in a
        // debug build on a busy machine takes seconds.
        let response = tokio::time::timeout(Duration::from_secs(30), router.oneshot(request))
            .await
            .map_err(|_| "no answer within 30 s".to_string())?
            .map_err(|e| format!("{e:?}"))?;
        let status = response.status().as_u16();
        let set_cookies = response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_string))
            .collect();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| format!("the body broke off: {e}"))?
            .to_bytes()
            .to_vec();
        Ok(Answer {
            status,
            set_cookies,
            body,
        })
    }));
    let result = match task.await {
        Ok(result) => result,
        Err(error) if error.is_panic() => Err("the request's task panicked".to_string()),
        Err(error) => Err(format!("the request's task failed: {error}")),
    };
    if let Ok(mut in_flight) = IN_FLIGHT.lock() {
        in_flight.remove(label);
    }
    result
}

/// A browser for the fuzz: its cookies, and for the administrator a session that is opened
/// again whenever a request (signing out, a role change) has ended it.
pub(crate) struct Caller {
    pub(crate) who: Who,
    pub(crate) cookies: BTreeMap<String, String>,
    pub(crate) user_id: Option<i32>,
}

impl Caller {
    pub(crate) fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub(crate) async fn open_session(&mut self, shop: &Shop) {
        if let Some(user_id) = self.user_id {
            let secret = app::backend::auth::sessions::start(
                shop.db(),
                user_id,
                app::backend::auth::unix_now(),
            )
            .await
            .expect("a session");
            self.cookies.insert("__Host-mercato_session".into(), secret);
        }
    }

    /// Keeps the cookies a response set; a visitor stays a visitor and the administrator stays
    /// signed in as themselves.
    pub(crate) async fn after(&mut self, shop: &Shop, answer: &Answer) {
        let mut session_changed = false;
        for text in &answer.set_cookies {
            let pair = text.split(';').next().unwrap_or_default();
            if let Some((name, value)) = pair.split_once('=') {
                if name.contains("session") {
                    session_changed = true;
                    continue;
                }
                if value.is_empty() || text.contains("Max-Age=0") {
                    self.cookies.remove(name);
                } else {
                    self.cookies.insert(name.to_string(), value.to_string());
                }
            }
        }
        if self.who == Who::Administrator && (session_changed || answer.status == 401) {
            self.open_session(shop).await;
        }
    }
}

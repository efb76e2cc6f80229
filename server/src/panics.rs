//! What happens when a request handler panics: the client gets a plain 500, the log gets one
//! short line. Without this, a panic drops the connection, and the default hook writes a
//! backtrace of several kilobytes per request, which lets anyone who finds a panic fill the
//! disk with log lines.

use std::any::Any;
use std::panic::PanicHookInfo;

use axum::body::Body;
use axum::http::{header, Response, StatusCode};
use tower_http::catch_panic::CatchPanicLayer;

use app::error::AppError;

/// What a panic carries (its message, usually).
type Panic = Box<dyn Any + Send + 'static>;

/// The layer that turns a panicking handler into a 500 response.
pub fn catch_panics() -> CatchPanicLayer<fn(Panic) -> Response<Body>> {
    CatchPanicLayer::custom(answer_500 as fn(Panic) -> Response<Body>)
}

fn answer_500(_panic: Panic) -> Response<Body> {
    // The hook below has already logged what panicked; the client learns nothing about it.
    let error = AppError::Internal;
    Response::builder()
        .status(StatusCode::INTERNAL_SERVER_ERROR)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            serde_json::to_string(&error).unwrap_or_else(|_| "\"Internal\"".to_string()),
        ))
        .unwrap_or_else(|_| Response::new(Body::empty()))
}

/// One log line for a panic: where, and the message cut to 200 characters. No backtrace.
pub fn describe(info: &PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_string());
    let message: String = message.chars().take(200).collect();
    let place = info
        .location()
        .map(|l| format!("{}:{}", l.file(), l.line()))
        .unwrap_or_else(|| "unknown place".to_string());
    format!("panicked at {place}: {message}")
}

/// Replaces the default panic hook (for the server process) with one short `tracing` line.
pub fn log_panics_briefly() {
    std::panic::set_hook(Box::new(|info| {
        tracing::error!("{}", describe(info));
    }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::get;
    use axum::Router;
    use tower::ServiceExt;

    #[tokio::test]
    async fn a_panicking_handler_answers_500_without_details() {
        let router = Router::new()
            .route(
                "/boom",
                get(|| async {
                    let values: Vec<u64> = Vec::new();
                    // Indexing out of bounds: a secret-looking message that must not leak.
                    #[allow(clippy::indexing_slicing)]
                    let value = values[usize::from(values.is_empty())];
                    value.to_string()
                }),
            )
            .layer(catch_panics());
        let response = router
            .oneshot(
                axum::http::Request::get("/boom")
                    .body(Body::empty())
                    .expect("request"),
            )
            .await
            .expect("a response, not a dropped connection");
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = http_body_util::BodyExt::collect(response.into_body())
            .await
            .expect("body")
            .to_bytes();
        let text = String::from_utf8_lossy(&body);
        assert_eq!(text, "\"Internal\"");
    }

    #[test]
    fn a_panic_is_described_in_one_short_line() {
        let described = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let seen = described.clone();
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if let Ok(mut text) = seen.lock() {
                *text = describe(info);
            }
        }));
        let _ = std::panic::catch_unwind(|| panic!("{}", "x".repeat(5_000)));
        std::panic::set_hook(previous);
        let line = described.lock().map(|t| t.clone()).unwrap_or_default();
        assert!(
            line.starts_with("panicked at server/src/panics.rs:"),
            "{line}"
        );
        assert!(!line.contains('\n'));
        assert!(line.len() < 300, "{} characters", line.len());
    }
}

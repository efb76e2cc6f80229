//! Request bodies larger than the limit are refused with 413, whether the client announced
//! their size (`Content-Length`, refused before reading) or streams them in chunks: a chunked
//! body is read here up to the limit, so an oversized one is a clear 413 rather than whatever
//! the handler makes of a body that broke off.

use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::header::CONTENT_LENGTH;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Requests larger than this are refused before anything reads them (uploads, when they come,
/// get their own limit on their own route).
pub const BODY_LIMIT_BYTES: usize = 1024 * 1024;

fn too_large() -> Response {
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        "The request is too large (at most 1 MiB).",
    )
        .into_response()
}

pub async fn refuse_oversized(request: Request, next: Next) -> Response {
    let announced = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    match announced {
        Some(length) if length > BODY_LIMIT_BYTES => too_large(),
        Some(_) => next.run(request).await,
        None if request.method().is_safe() => next.run(request).await,
        None => {
            let (mut parts, body) = request.into_parts();
            match to_bytes(body, BODY_LIMIT_BYTES).await {
                Ok(bytes) => {
                    parts.headers.insert(CONTENT_LENGTH, bytes.len().into());
                    next.run(Request::from_parts(parts, Body::from(bytes)))
                        .await
                }
                Err(_) => too_large(),
            }
        }
    }
}

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

/// Requests larger than this are refused before anything reads them, except picture uploads.
pub const BODY_LIMIT_BYTES: usize = 1024 * 1024;
/// Picture uploads (`/api/admin/products/{id}/images`) and catalog imports may be this large.
pub const LARGEST_BODY_BYTES: usize = app::catalog::domain::media::MAX_IMAGE_BYTES;

/// The limit for a request to `path`.
fn limit_for(path: &str) -> usize {
    let picture = path
        .strip_prefix("/api/admin/products/")
        .and_then(|rest| rest.strip_suffix("/images"))
        .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()));
    if picture || path == "/api/admin/products/import" {
        LARGEST_BODY_BYTES
    } else {
        BODY_LIMIT_BYTES
    }
}

fn too_large(limit: usize) -> Response {
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        format!(
            "The request is too large (at most {} MiB).",
            limit / (1024 * 1024)
        ),
    )
        .into_response()
}

pub async fn refuse_oversized(request: Request, next: Next) -> Response {
    let limit = limit_for(request.uri().path());
    let announced = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    match announced {
        Some(length) if length > limit => too_large(limit),
        Some(_) => next.run(request).await,
        None if request.method().is_safe() => next.run(request).await,
        None => {
            let (mut parts, body) = request.into_parts();
            match to_bytes(body, limit).await {
                Ok(bytes) => {
                    parts.headers.insert(CONTENT_LENGTH, bytes.len().into());
                    next.run(Request::from_parts(parts, Body::from(bytes)))
                        .await
                }
                Err(_) => too_large(limit),
            }
        }
    }
}

//! Product pictures, served from the media folder.
//!
//! `ServeDir` answers 404 for a file that does not exist, but 500 for a name the file system
//! cannot even look up (`ENAMETOOLONG`): `/media/` followed by 10 KB of letters was a 500 and an
//! error in the log. No stored picture has such a name, so such requests get the 404 here.

use std::path::Path;

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::services::ServeDir;

/// The longest file name (`NAME_MAX`) and path (`PATH_MAX`) Linux and macOS look up, in bytes.
const LONGEST_NAME_BYTES: usize = 255;
const LONGEST_PATH_BYTES: usize = 4096;

pub fn service(media_dir: &Path) -> Router {
    Router::new()
        .fallback_service(ServeDir::new(media_dir))
        .layer(middleware::from_fn(refuse_impossible_names))
}

/// How many bytes `text` has once its `%XX` escapes are decoded.
fn decoded_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut length = 0;
    let mut at = 0;
    while at < bytes.len() {
        let escaped = bytes[at] == b'%'
            && bytes.get(at + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(at + 2).is_some_and(u8::is_ascii_hexdigit);
        at += if escaped { 3 } else { 1 };
        length += 1;
    }
    length
}

/// Whether no file in the media folder can have this URL path.
fn impossible(path: &str) -> bool {
    decoded_len(path) > LONGEST_PATH_BYTES
        || path
            .split('/')
            .any(|segment| decoded_len(segment) > LONGEST_NAME_BYTES)
}

async fn refuse_impossible_names(request: Request, next: Next) -> Response {
    if impossible(request.uri().path()) {
        return StatusCode::NOT_FOUND.into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_longer_than_a_file_system_allows_are_impossible() {
        assert!(!impossible("/seed/apparel-navy-1.svg"));
        assert!(!impossible(&format!("/{}", "a".repeat(255))));
        assert!(impossible(&format!("/{}", "a".repeat(256))));
        assert!(impossible(&format!("/seed/{}/x.png", "ż".repeat(128))));
        // Escapes count as the bytes they stand for.
        assert!(!impossible(&format!("/{}", "%41".repeat(255))));
        assert!(impossible(&format!("/{}", "%41".repeat(256))));
        assert!(impossible(&"/a".repeat(2100)));
    }

    #[test]
    fn escapes_decode_to_one_byte_and_broken_ones_stay_as_they_are() {
        assert_eq!(decoded_len("a%20b"), 3);
        assert_eq!(decoded_len("%zz"), 3);
        assert_eq!(decoded_len("%4"), 2);
    }
}

#[cfg(test)]
mod serving {
    use super::*;
    use axum::body::Body;
    use tower::ServiceExt;

    async fn status_of(dir: &Path, path: &str) -> StatusCode {
        let request = Request::get(path).body(Body::empty()).expect("request");
        service(dir)
            .oneshot(request)
            .await
            .expect("an answer")
            .status()
    }

    #[tokio::test]
    async fn a_name_too_long_for_the_file_system_is_not_found() {
        let dir = std::env::temp_dir();
        let long = format!("/{}", "A".repeat(10_240));
        assert_eq!(status_of(&dir, &long).await, StatusCode::NOT_FOUND);
        assert_eq!(
            status_of(&dir, "/no-such-picture.png").await,
            StatusCode::NOT_FOUND
        );
    }
}

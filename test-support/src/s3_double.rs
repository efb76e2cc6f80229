//! A stand-in for an S3-compatible bucket on a port of 127.0.0.1, speaking S3's own protocol:
//! objects are written with presigned `PUT` requests whose AWS Signature Version 4 is checked
//! (by signing the same request again with the bucket's keys), refused with S3's XML error when
//! it does not match or has expired, and read back with a plain `GET`, as a public bucket serves
//! them.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::put;
use axum::Router;
use rusty_s3::S3Action;

/// Objects by key: (content type, bytes).
type Objects = Arc<Mutex<BTreeMap<String, (String, Vec<u8>)>>>;

#[derive(Clone)]
struct Bucket {
    name: String,
    endpoint: String,
    access_key: String,
    secret_key: String,
    objects: Objects,
}

pub struct S3Double {
    pub endpoint: String,
    pub bucket: String,
    objects: Objects,
}

impl S3Double {
    pub async fn start(bucket: &str, access_key: &str, secret_key: &str) -> S3Double {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let endpoint = format!("http://{}", listener.local_addr().expect("address"));
        let objects = Arc::new(Mutex::new(BTreeMap::new()));
        let state = Bucket {
            name: bucket.to_string(),
            endpoint: endpoint.clone(),
            access_key: access_key.to_string(),
            secret_key: secret_key.to_string(),
            objects: objects.clone(),
        };
        let router = Router::new()
            .route("/{bucket}/{*key}", put(put_object).get(get_object))
            .with_state(state);
        tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        S3Double {
            endpoint,
            bucket: bucket.to_string(),
            objects,
        }
    }

    /// (key, content type, size) of every stored object.
    pub fn objects(&self) -> Vec<(String, String, usize)> {
        self.objects
            .lock()
            .expect("objects")
            .iter()
            .map(|(k, (t, b))| (k.clone(), t.clone(), b.len()))
            .collect()
    }
}

fn s3_error(status: StatusCode, code: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/xml")],
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code></Error>"),
    )
        .into_response()
}

async fn put_object(
    State(bucket): State<Bucket>,
    Path((name, key)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if name != bucket.name {
        return s3_error(StatusCode::NOT_FOUND, "NoSuchBucket");
    }
    let (Some(date), Some(expires), Some(signature)) = (
        query.get("X-Amz-Date"),
        query
            .get("X-Amz-Expires")
            .and_then(|e| e.parse::<u64>().ok()),
        query.get("X-Amz-Signature"),
    ) else {
        return s3_error(StatusCode::FORBIDDEN, "AccessDenied");
    };
    let Ok(signed_at) = jiff::fmt::strtime::parse("%Y%m%dT%H%M%SZ", date)
        .and_then(|t| t.to_datetime())
        .and_then(|t| t.to_zoned(jiff::tz::TimeZone::UTC))
        .map(|z| z.timestamp())
    else {
        return s3_error(StatusCode::FORBIDDEN, "AccessDenied");
    };
    if jiff::Timestamp::now().as_second() > signed_at.as_second() + expires as i64 {
        return s3_error(StatusCode::FORBIDDEN, "AccessDenied");
    }
    // Sign the same request with the bucket's own keys: the signatures must be equal.
    let expected = rusty_s3::Bucket::new(
        url::Url::parse(&bucket.endpoint).expect("endpoint"),
        rusty_s3::UrlStyle::Path,
        bucket.name.clone(),
        query
            .get("X-Amz-Credential")
            .and_then(|c| c.split('/').nth(2))
            .unwrap_or("us-east-1")
            .to_string(),
    )
    .expect("bucket");
    let credentials =
        rusty_s3::Credentials::new(bucket.access_key.clone(), bucket.secret_key.clone());
    let again = rusty_s3::actions::PutObject::new(&expected, Some(&credentials), &key)
        .sign_with_time(std::time::Duration::from_secs(expires), &signed_at);
    let matches = again
        .query_pairs()
        .any(|(k, v)| k == "X-Amz-Signature" && v == signature.as_str());
    if !matches {
        return s3_error(StatusCode::FORBIDDEN, "SignatureDoesNotMatch");
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("binary/octet-stream")
        .to_string();
    bucket
        .objects
        .lock()
        .expect("objects")
        .insert(key, (content_type, body.to_vec()));
    StatusCode::OK.into_response()
}

async fn get_object(
    State(bucket): State<Bucket>,
    Path((name, key)): Path<(String, String)>,
) -> Response {
    let stored = bucket.objects.lock().expect("objects").get(&key).cloned();
    match stored {
        Some((content_type, bytes)) if name == bucket.name => {
            ([(header::CONTENT_TYPE, content_type)], bytes).into_response()
        }
        _ => s3_error(StatusCode::NOT_FOUND, "NoSuchKey"),
    }
}

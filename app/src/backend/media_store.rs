//! The boundary behind which product images live: a local folder served at `/media` (the
//! default), or an S3-compatible bucket (AWS S3, MinIO, Cloudflare R2, Backblaze B2…) when
//! several app nodes must see the same files. Both are written through `MediaStore::put`.

use std::path::{Component, Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum MediaStoreError {
    #[error("{0:?} is not a valid media key")]
    BadKey(String),
    #[error("cannot write media file {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("the media bucket refused or did not answer: {0}")]
    Remote(String),
    #[error("the media bucket's settings are wrong: {0}")]
    Settings(String),
}

/// Where product pictures are stored, as configured.
#[derive(Debug, Clone)]
pub enum MediaStore {
    Local(LocalMediaStore),
    S3(S3MediaStore),
}

impl MediaStore {
    /// Scheme, host and port pictures are served from when that is not the shop itself (for
    /// the pages' Content-Security-Policy); empty for the local folder.
    pub fn public_origin(&self) -> String {
        match self {
            MediaStore::Local(_) => String::new(),
            MediaStore::S3(store) => {
                crate::backend::auth::security_headers::origin_of(&store.public_url)
            }
        }
    }

    /// Stores `bytes` under `key` and returns the URL pages link to.
    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<String, MediaStoreError> {
        match self {
            MediaStore::Local(store) => {
                let store = store.clone();
                let key = key.to_string();
                tokio::task::spawn_blocking(move || store.put(&key, &bytes))
                    .await
                    .map_err(|e| MediaStoreError::Remote(e.to_string()))?
            }
            MediaStore::S3(store) => store.put(key, bytes).await,
        }
    }
}

/// A bucket of an S3-compatible service. Objects are written with presigned `PUT` requests
/// (AWS Signature Version 4, valid five minutes) and served from `public_url`: the bucket's
/// public address or a CDN in front of it.
#[derive(Debug, Clone)]
pub struct S3MediaStore {
    bucket: rusty_s3::Bucket,
    credentials: rusty_s3::Credentials,
    public_url: String,
    http: reqwest::Client,
}

/// The settings of an S3-compatible bucket.
#[derive(Debug, Clone)]
pub struct S3Settings {
    /// The service's address, e.g. `https://s3.eu-central-1.amazonaws.com` or a MinIO URL.
    pub endpoint: String,
    pub bucket: String,
    pub region: String,
    pub access_key: String,
    pub secret_key: String,
    /// Where the bucket's objects are served from, without a trailing slash.
    pub public_url: String,
}

impl S3MediaStore {
    pub fn new(settings: &S3Settings) -> Result<S3MediaStore, MediaStoreError> {
        let endpoint = url::Url::parse(&settings.endpoint)
            .map_err(|e| MediaStoreError::Settings(format!("endpoint: {e}")))?;
        let bucket = rusty_s3::Bucket::new(
            endpoint,
            rusty_s3::UrlStyle::Path,
            settings.bucket.clone(),
            settings.region.clone(),
        )
        .map_err(|e| MediaStoreError::Settings(format!("bucket: {e}")))?;
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .map_err(|e| MediaStoreError::Settings(e.to_string()))?;
        Ok(S3MediaStore {
            bucket,
            credentials: rusty_s3::Credentials::new(
                settings.access_key.clone(),
                settings.secret_key.clone(),
            ),
            public_url: settings.public_url.trim_end_matches('/').to_string(),
            http,
        })
    }

    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<String, MediaStoreError> {
        use rusty_s3::S3Action;
        check_key(key)?;
        let url = rusty_s3::actions::PutObject::new(&self.bucket, Some(&self.credentials), key)
            .sign(std::time::Duration::from_secs(300));
        let answer = self
            .http
            .put(url)
            .header(http::header::CONTENT_TYPE, content_type_of(key))
            // Keys are never reused for other content: caches may keep them for good.
            .header(
                http::header::CACHE_CONTROL,
                "public, max-age=31536000, immutable",
            )
            .body(bytes)
            .send()
            .await
            .map_err(|e| MediaStoreError::Remote(e.without_url().to_string()))?;
        if !answer.status().is_success() {
            return Err(MediaStoreError::Remote(format!(
                "{} for {key}",
                answer.status()
            )));
        }
        Ok(format!("{}/{key}", self.public_url))
    }
}

fn content_type_of(key: &str) -> &'static str {
    match key.rsplit('.').next() {
        Some("webp") => "image/webp",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        _ => "application/octet-stream",
    }
}

/// Keys are relative paths made of plain names: nothing can escape the root folder or bucket.
fn check_key(key: &str) -> Result<(), MediaStoreError> {
    let plain = !key.is_empty()
        && Path::new(key)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    if plain {
        Ok(())
    } else {
        Err(MediaStoreError::BadKey(key.to_string()))
    }
}

/// Media files in a local folder, addressed by keys such as `seed/apparel-red-1.svg`.
#[derive(Debug, Clone)]
pub struct LocalMediaStore {
    root: PathBuf,
    public_prefix: String,
}

impl LocalMediaStore {
    pub const PUBLIC_PREFIX: &'static str = "/media";

    pub fn new(root: impl Into<PathBuf>) -> Self {
        LocalMediaStore {
            root: root.into(),
            public_prefix: Self::PUBLIC_PREFIX.to_string(),
        }
    }

    /// Stores `bytes` under `key` and returns the URL the storefront links to.
    pub fn put(&self, key: &str, bytes: &[u8]) -> Result<String, MediaStoreError> {
        let path = self.path_for(key)?;
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(|source| MediaStoreError::Io {
                path: folder.display().to_string(),
                source,
            })?;
        }
        std::fs::write(&path, bytes).map_err(|source| MediaStoreError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Ok(self.url_for(key))
    }

    pub fn url_for(&self, key: &str) -> String {
        format!("{}/{key}", self.public_prefix)
    }

    fn path_for(&self, key: &str) -> Result<PathBuf, MediaStoreError> {
        check_key(key)?;
        Ok(self.root.join(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_cannot_escape_the_folder() {
        let store = LocalMediaStore::new("/tmp/mercato-media-test");
        for bad in ["", "../etc/passwd", "/etc/passwd", "a/../../b"] {
            assert!(store.put(bad, b"x").is_err(), "{bad:?}");
        }
        assert_eq!(store.url_for("seed/a.svg"), "/media/seed/a.svg");
    }
}

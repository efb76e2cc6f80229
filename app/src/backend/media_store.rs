//! The boundary behind which product images live. Today a local folder served at `/media`;
//! an S3-compatible store can stand behind the same two calls.

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

    /// Keys are relative paths made of plain names: nothing can escape the root folder.
    fn path_for(&self, key: &str) -> Result<PathBuf, MediaStoreError> {
        let relative = Path::new(key);
        let plain = !key.is_empty()
            && relative
                .components()
                .all(|c| matches!(c, Component::Normal(_)));
        if plain {
            Ok(self.root.join(relative))
        } else {
            Err(MediaStoreError::BadKey(key.to_string()))
        }
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

//! Stored files (the identity kit's assets and previews) behind one interface,
//! `object_store`: a local folder by default (`DATA_DIR/files`); an S3-compatible
//! store implements the same trait for deployments with several nodes. Keys are made
//! by dxday from the content hash, never from an uploaded name.

use std::sync::Arc;

use object_store::aws::{AmazonS3Builder, AmazonS3ConfigKey};
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::prefix::PrefixStore;
use object_store::{ObjectStore, ObjectStoreExt, PutMode, PutOptions, PutPayload};

use crate::StoreError;

/// Where files live.
#[derive(Clone, Debug)]
pub struct Files {
    store: Arc<dyn ObjectStore>,
}

fn fail(e: object_store::Error) -> StoreError {
    StoreError::Files(e.to_string())
}

impl Files {
    /// Files in a local folder (created when missing).
    pub fn local(dir: &std::path::Path) -> Result<Files, StoreError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::Files(format!("cannot create {}: {e}", dir.display())))?;
        let store = LocalFileSystem::new_with_prefix(dir).map_err(fail)?;
        Ok(Files {
            store: Arc::new(store),
        })
    }

    /// Files where a URL says: a local folder (a path, or `file:///path`), or an
    /// S3-compatible bucket, `s3://BUCKET[/PREFIX][?option=value&…]`. The options are
    /// object_store's S3 keys (`endpoint`, `region`, `access_key_id`,
    /// `secret_access_key`, `virtual_hosted_style_request`, …); the `AWS_*` environment
    /// variables are read first, so secrets need not be in the URL. An `http://`
    /// endpoint (a store on the local network) is allowed as it is written.
    pub fn from_url(url: &str) -> Result<Files, StoreError> {
        let Some(rest) = url.strip_prefix("s3://") else {
            let dir = url.strip_prefix("file://").unwrap_or(url);
            return Files::local(std::path::Path::new(dir));
        };
        let (location, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (bucket, prefix) = location.split_once('/').unwrap_or((location, ""));
        if bucket.is_empty() {
            return Err(StoreError::Files(format!(
                "no bucket in the files URL {url:?} (s3://BUCKET/PREFIX)"
            )));
        }
        let options: Vec<(String, String)> = serde_urlencoded::from_str(query)
            .map_err(|e| StoreError::Files(format!("bad options in the files URL: {e}")))?;
        let mut builder = AmazonS3Builder::from_env().with_bucket_name(bucket);
        for (key, value) in options {
            let parsed: AmazonS3ConfigKey = key.parse().map_err(|_| {
                StoreError::Files(format!("unknown S3 option {key:?} in the files URL"))
            })?;
            if parsed == AmazonS3ConfigKey::Endpoint && value.starts_with("http://") {
                builder = builder.with_allow_http(true);
            }
            builder = builder.with_config(parsed, value);
        }
        let store = builder.build().map_err(fail)?;
        let prefix = prefix.trim_matches('/');
        Ok(Files {
            store: if prefix.is_empty() {
                Arc::new(store)
            } else {
                Arc::new(PrefixStore::new(store, prefix))
            },
        })
    }

    /// Any object store (S3-compatible, in memory for tests).
    pub fn from_store(store: Arc<dyn ObjectStore>) -> Files {
        Files { store }
    }

    /// Stores `bytes` under `key` unless something is there already: a key names its
    /// content, so an identical file is stored once.
    pub async fn put_once(&self, key: &str, bytes: Vec<u8>) -> Result<(), StoreError> {
        let opts = PutOptions {
            mode: PutMode::Create,
            ..PutOptions::default()
        };
        match self
            .store
            .put_opts(&Path::from(key), PutPayload::from(bytes), opts)
            .await
        {
            Ok(_) | Err(object_store::Error::AlreadyExists { .. }) => Ok(()),
            Err(e) => Err(fail(e)),
        }
    }

    /// A file's bytes, or `None` when there is none.
    pub async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        match self.store.get(&Path::from(key)).await {
            Ok(r) => Ok(Some(r.bytes().await.map_err(fail)?.to_vec())),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(fail(e)),
        }
    }

    /// A file as a stream of chunks (large files are never held whole).
    pub async fn stream(
        &self,
        key: &str,
    ) -> Result<
        Option<futures_core::stream::BoxStream<'static, Result<bytes::Bytes, StoreError>>>,
        StoreError,
    > {
        use futures_util::StreamExt;
        match self.store.get(&Path::from(key)).await {
            Ok(r) => Ok(Some(r.into_stream().map(|c| c.map_err(fail)).boxed())),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(fail(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_file_is_stored_once_and_read_back() {
        let dir = tempfile::tempdir().expect("dir");
        let files = Files::local(&dir.path().join("files")).expect("local");
        files
            .put_once("kit/abc.png", b"first".to_vec())
            .await
            .expect("put");
        files
            .put_once("kit/abc.png", b"second".to_vec())
            .await
            .expect("put again");
        assert_eq!(
            files.get("kit/abc.png").await.expect("get"),
            Some(b"first".to_vec())
        );
        assert_eq!(files.get("kit/none.png").await.expect("get"), None);
        assert!(dir.path().join("files/kit/abc.png").exists());
    }
}

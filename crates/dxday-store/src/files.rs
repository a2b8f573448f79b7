//! Stored files (the identity kit's assets and previews) behind one interface,
//! `object_store`: a local folder by default (`DATA_DIR/files`); an S3-compatible
//! store implements the same trait for deployments with several nodes. Keys are made
//! by dxday from the content hash, never from an uploaded name.

use std::sync::Arc;

use object_store::local::LocalFileSystem;
use object_store::path::Path;
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

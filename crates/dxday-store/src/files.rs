//! Stored files (the identity kit's assets and previews) behind one interface,
//! `object_store`: a local folder by default (`DATA_DIR/files`); an S3-compatible
//! store implements the same trait for deployments with several nodes. Keys are made
//! by dxday from the content hash, never from an uploaded name.

use std::sync::Arc;

use object_store::aws::{AmazonS3, AmazonS3Builder, AmazonS3ConfigKey};
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::prefix::PrefixStore;
use object_store::{
    GetResult, GetResultPayload, ObjectStore, ObjectStoreExt, PutMode, PutOptions, PutPayload,
};

use crate::StoreError;

/// Where files live.
#[derive(Clone, Debug)]
pub struct Files {
    store: Arc<dyn ObjectStore>,
    /// The bucket and the prefix of its keys, when the files are in S3 (to sign URLs).
    s3: Option<(Arc<AmazonS3>, String)>,
    /// How long a pre-signed download URL lives, when downloads go by redirect.
    redirect: Option<std::time::Duration>,
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
        Ok(Files::from_store(Arc::new(store)))
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
        let store = Arc::new(builder.build().map_err(fail)?);
        let prefix = prefix.trim_matches('/');
        Ok(Files {
            store: if prefix.is_empty() {
                store.clone()
            } else {
                Arc::new(PrefixStore::new(store.clone(), prefix))
            },
            s3: Some((store, prefix.to_string())),
            redirect: None,
        })
    }

    /// Downloads of files in S3 answered by a redirect to a pre-signed URL that lives
    /// `ttl` (the bucket sends the bytes, not the node); nothing changes for a folder.
    pub fn with_redirects(mut self, ttl: std::time::Duration) -> Files {
        self.redirect = (!ttl.is_zero()).then_some(ttl);
        self
    }

    /// A pre-signed URL at which a client gets the file under `key` straight from the
    /// bucket, served with `content_type` and `disposition`; `None` when downloads do
    /// not go by redirect (a folder, or the option off).
    pub async fn download_url(
        &self,
        key: &str,
        content_type: &str,
        disposition: &str,
    ) -> Result<Option<String>, StoreError> {
        use object_store::signer::{Method, SignedUrlOptions, Signer};
        let (Some((bucket, prefix)), Some(ttl)) = (&self.s3, self.redirect) else {
            return Ok(None);
        };
        let path = if prefix.is_empty() {
            Path::from(key)
        } else {
            Path::from(format!("{prefix}/{key}"))
        };
        let options = SignedUrlOptions::new().with_query([
            ("response-content-type", content_type),
            ("response-content-disposition", disposition),
        ]);
        let url = bucket
            .signed_url_opts(Method::GET, &path, ttl, &options)
            .await
            .map_err(fail)?;
        Ok(Some(url.to_string()))
    }

    /// Any object store (S3-compatible, in memory for tests).
    pub fn from_store(store: Arc<dyn ObjectStore>) -> Files {
        Files {
            store,
            s3: None,
            redirect: None,
        }
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

    /// Stores the local file at `path` under `key`, read and sent in parts (a bulk job's
    /// ZIP of hundreds of MB is never held whole).
    pub async fn put_file(&self, key: &str, path: &std::path::Path) -> Result<(), StoreError> {
        use object_store::WriteMultipart;
        use tokio::io::AsyncReadExt;
        let upload = self
            .store
            .put_multipart(&Path::from(key))
            .await
            .map_err(fail)?;
        let mut writer = WriteMultipart::new(upload);
        let mut file = tokio::fs::File::open(path)
            .await
            .map_err(|e| StoreError::Files(format!("read {}: {e}", path.display())))?;
        let mut buf = vec![0u8; FILE_CHUNK];
        loop {
            let n = file
                .read(&mut buf)
                .await
                .map_err(|e| StoreError::Files(format!("read {}: {e}", path.display())))?;
            if n == 0 {
                break;
            }
            writer.wait_for_capacity(4).await.map_err(fail)?;
            writer.write(&buf[..n]);
        }
        writer.finish().await.map_err(fail)?;
        Ok(())
    }

    /// Writes the file under `key` to the local `path`, in chunks. `false` when there is
    /// no such file.
    pub async fn get_to_file(&self, key: &str, path: &std::path::Path) -> Result<bool, StoreError> {
        use futures_util::StreamExt;
        use tokio::io::AsyncWriteExt;
        let Some(mut stream) = self.stream(key).await? else {
            return Ok(false);
        };
        let mut file = tokio::fs::File::create(path)
            .await
            .map_err(|e| StoreError::Files(format!("write {}: {e}", path.display())))?;
        while let Some(chunk) = stream.next().await {
            file.write_all(&chunk?)
                .await
                .map_err(|e| StoreError::Files(format!("write {}: {e}", path.display())))?;
        }
        file.flush()
            .await
            .map_err(|e| StoreError::Files(format!("write {}: {e}", path.display())))?;
        Ok(true)
    }

    /// Every key in the storage (under its prefix), to check it against the database.
    pub async fn keys(&self) -> Result<std::collections::BTreeSet<String>, StoreError> {
        use futures_util::TryStreamExt;
        self.store
            .list(None)
            .map_ok(|meta| meta.location.to_string())
            .try_collect()
            .await
            .map_err(fail)
    }

    /// Deletes the file under `key` (nothing there is not an error: every node may sweep).
    pub async fn delete(&self, key: &str) -> Result<(), StoreError> {
        match self.store.delete(&Path::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
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
            // A local file is read in large chunks (object_store reads 8 KiB at a time,
            // each on a blocking thread: a 1-MB download took 128 of them).
            Ok(GetResult {
                payload: GetResultPayload::File(file, _),
                range,
                ..
            }) => Ok(Some(file_stream(file, range.end - range.start))),
            Ok(r) => Ok(Some(r.into_stream().map(|c| c.map_err(fail)).boxed())),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(fail(e)),
        }
    }
}

/// Bytes read from a local file per chunk of a download.
const FILE_CHUNK: usize = 256 * 1024;

/// The first `len` bytes of a local file as a stream of chunks of [`FILE_CHUNK`].
fn file_stream(
    file: std::fs::File,
    len: u64,
) -> futures_core::stream::BoxStream<'static, Result<bytes::Bytes, StoreError>> {
    use futures_util::StreamExt;
    use tokio::io::AsyncReadExt;
    let file = tokio::fs::File::from_std(file);
    futures_util::stream::try_unfold((file, len), |(mut file, remaining)| async move {
        if remaining == 0 {
            return Ok(None);
        }
        let want = usize::try_from(remaining).map_or(FILE_CHUNK, |r| r.min(FILE_CHUNK));
        let mut buf = bytes::BytesMut::with_capacity(want);
        while buf.len() < want {
            let n = (&mut file)
                .take((want - buf.len()) as u64)
                .read_buf(&mut buf)
                .await
                .map_err(|e| StoreError::Files(format!("read: {e}")))?;
            if n == 0 {
                break;
            }
        }
        if buf.is_empty() {
            return Ok(None);
        }
        let read = buf.len() as u64;
        Ok(Some((buf.freeze(), (file, remaining - read))))
    })
    .boxed()
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

    #[tokio::test]
    async fn a_large_file_streams_whole_in_large_chunks() {
        use futures_util::StreamExt;
        let dir = tempfile::tempdir().expect("dir");
        let files = Files::local(dir.path()).expect("local");
        let content: Vec<u8> = (0..(FILE_CHUNK * 3 + 1234))
            .map(|i| (i % 251) as u8)
            .collect();
        files
            .put_once("kit/big.pdf", content.clone())
            .await
            .expect("put");
        let mut stream = files
            .stream("kit/big.pdf")
            .await
            .expect("get")
            .expect("a file");
        let mut got = Vec::new();
        let mut chunks = Vec::new();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.expect("chunk");
            chunks.push(chunk.len());
            got.extend_from_slice(&chunk);
        }
        assert_eq!(got, content);
        assert_eq!(chunks, vec![FILE_CHUNK, FILE_CHUNK, FILE_CHUNK, 1234]);
        assert!(files.stream("kit/none.pdf").await.expect("get").is_none());
    }
}

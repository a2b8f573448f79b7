//! Application state shared by every handler.

use std::collections::HashMap;
use std::ops::Deref;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use dxday_store::Db;
use dxday_store::frames::FrameRecord;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

use crate::Lang;

/// Web settings from the binary's configuration.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// The public base URL (`https://cds.ngoquyen.example`), used for absolute links;
    /// an `https` URL also marks cookies Secure.
    pub public_url: String,
    /// Hours of inactivity after which a session ends.
    pub session_hours: i64,
    /// Server-side renders allowed at once (default: one per core).
    pub render_permits: usize,
    /// Where bulk framing keeps its uploads and results (`DATA_DIR/bulk`).
    pub work_dir: std::path::PathBuf,
    /// E-mail notices, when an SMTP server is configured.
    pub mailer: Option<crate::mail::Mailer>,
    /// Stored files: the identity kit's assets and previews (`DATA_DIR/files`).
    pub files: dxday_store::files::Files,
    /// Proxies whose forwarded client addresses are believed (`DXDAY_TRUSTED_PROXIES`).
    pub trusted_proxies: Vec<ipnet::IpNet>,
}

impl WebConfig {
    /// Cookies are Secure when the site is served over HTTPS.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

/// The state behind every handler (cheap to clone).
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

/// What the state holds.
pub struct Inner {
    pub db: Db,
    pub config: WebConfig,
    pub metrics: PrometheusHandle,
    /// The rendered public home page per language, for a few seconds: it changes
    /// rarely and is the page everyone opens.
    pub home_cache: PageCache<Lang>,
    /// The rendered kit page per language and year asked (`""`: the current campaign),
    /// for the same few seconds; cleared when an asset is added or archived here.
    pub kit_cache: PageCache<(Lang, String)>,
    /// Kit downloads counted in memory, written every few seconds (and before the
    /// office's library page is shown): a download does not wait for a database write.
    pub kit_downloads: DownloadCounts,
    /// Server-side renders in flight are bounded by this pool (one permit per core);
    /// when it is empty the render endpoint answers 503 with Retry-After.
    pub render_permits: Arc<tokio::sync::Semaphore>,
    /// Decoded frames by id and content hash, so a render does not decode the PNG again.
    pub frame_cache: Mutex<HashMap<i64, (String, Arc<dxday_media::frame::Frame>)>>,
    /// Bulk framing jobs of this process.
    pub bulk: crate::features::bulk::Jobs,
}

/// Downloads per asset not yet written to the database.
#[derive(Default)]
pub struct DownloadCounts(Mutex<HashMap<i64, i64>>);

impl DownloadCounts {
    /// Counts one download of `asset`.
    pub fn add(&self, asset: i64) {
        *self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .entry(asset)
            .or_default() += 1;
    }

    /// Writes the counts gathered so far (kept for the next time if the write fails).
    pub async fn flush(&self, db: &Db) -> Result<(), dxday_store::StoreError> {
        let pending: Vec<(i64, i64)> = std::mem::take(
            &mut *self
                .0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
        .into_iter()
        .collect();
        if let Err(e) = dxday_store::kit::add_downloads(db, &pending).await {
            let mut map = self
                .0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            for (id, n) in pending {
                *map.entry(id).or_default() += n;
            }
            return Err(e);
        }
        Ok(())
    }
}

/// Rendered public pages by key, each kept for [`HOME_CACHE_TTL`].
pub struct PageCache<K>(Mutex<HashMap<K, (Instant, Bytes)>>);

impl<K> Default for PageCache<K> {
    fn default() -> Self {
        PageCache(Mutex::new(HashMap::new()))
    }
}

impl<K: std::hash::Hash + Eq> PageCache<K> {
    /// The page under `key`, rendered by `render` when missing or stale. Errors are not
    /// kept.
    pub async fn get_or_render<F>(&self, key: K, render: F) -> Result<Bytes, crate::AppError>
    where
        F: std::future::Future<Output = Result<String, crate::AppError>>,
    {
        let fresh = self.0.lock().ok().and_then(|c| {
            c.get(&key)
                .filter(|(at, _)| at.elapsed() < HOME_CACHE_TTL)
                .map(|(_, b)| b.clone())
        });
        if let Some(b) = fresh {
            return Ok(b);
        }
        let b = Bytes::from(render.await?);
        if let Ok(mut c) = self.0.lock() {
            c.insert(key, (Instant::now(), b.clone()));
        }
        Ok(b)
    }

    /// Forgets every page.
    pub fn clear(&self) {
        if let Ok(mut c) = self.0.lock() {
            c.clear();
        }
    }
}

/// How long the public home page is served from memory. Edits on this node clear it
/// at once; other nodes see them within this time.
pub const HOME_CACHE_TTL: Duration = Duration::from_secs(10);

impl AppState {
    /// The state for `db` and `config`.
    pub fn new(db: Db, config: WebConfig) -> AppState {
        let permits = config.render_permits;
        AppState(Arc::new(Inner {
            db,
            metrics: metrics_handle(),
            home_cache: PageCache::default(),
            kit_cache: PageCache::default(),
            kit_downloads: DownloadCounts::default(),
            render_permits: Arc::new(tokio::sync::Semaphore::new(permits)),
            frame_cache: Mutex::new(HashMap::new()),
            bulk: crate::features::bulk::Jobs::new(&config.work_dir),
            config,
        }))
    }

    /// A frame's record and decoded pixels (`None` when there is no such frame).
    pub async fn frame(
        &self,
        id: dxday_domain::FrameId,
    ) -> Result<Option<(FrameRecord, Arc<dxday_media::frame::Frame>)>, crate::AppError> {
        let Some(record) = dxday_store::frames::get(&self.db, id).await? else {
            return Ok(None);
        };
        if let Ok(cache) = self.frame_cache.lock()
            && let Some((sha, frame)) = cache.get(&id.0)
            && *sha == record.sha256
        {
            return Ok(Some((record, frame.clone())));
        }
        let Some(png) = dxday_store::frames::png(&self.db, id).await? else {
            return Ok(None);
        };
        let frame = tokio::task::spawn_blocking(move || dxday_media::frame::Frame::from_png(&png))
            .await
            .map_err(crate::AppError::internal)?
            .map_err(|e| {
                crate::AppError::internal(format!("stored frame {id} does not decode: {e}"))
            })?;
        let frame = Arc::new(frame);
        if let Ok(mut cache) = self.frame_cache.lock() {
            cache.insert(id.0, (record.sha256.clone(), frame.clone()));
        }
        Ok(Some((record, frame)))
    }

    /// Forgets cached public pages (after a campaign or unit changes).
    pub fn invalidate_public_cache(&self) {
        self.home_cache.clear();
        self.kit_cache.clear();
    }
}

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

/// The process-wide Prometheus recorder (installed once, shared by every app in
/// the process, as tests start several).
fn metrics_handle() -> PrometheusHandle {
    static HANDLE: std::sync::OnceLock<PrometheusHandle> = std::sync::OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets(&[0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5])
                .map(|b| b.build_recorder())
                .unwrap_or_else(|_| PrometheusBuilder::new().build_recorder());
            let handle = recorder.handle();
            let _ = metrics::set_global_recorder(recorder);
            handle
        })
        .clone()
}

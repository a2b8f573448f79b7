//! Application state shared by every handler.

use std::collections::HashMap;
use std::ops::Deref;
use std::sync::{Arc, Mutex};
use std::time::Duration;

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
    /// The key every node signs CSRF cookies and participation tokens with (from the
    /// database's `app_secrets`).
    pub signing_key: Vec<u8>,
    /// The bearer token that opens /metrics on the main address (`DXDAY_METRICS_TOKEN`);
    /// without it, /metrics answers 404 there.
    pub metrics_token: Option<String>,
    /// The time a request may take before it answers 408 (`DXDAY_REQUEST_TIMEOUT`).
    pub request_timeout: std::time::Duration,
    /// Bytes of bulk-framing uploads that may be received at once (`DXDAY_BULK_DISK_MB`).
    pub bulk_disk_budget: usize,
    /// LibreOffice conversions to PDF (time limit, bounded queue).
    pub pdf: Arc<dxday_media::pdf::Converter>,
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
    /// The rendered kit page per language and campaign year (`None`: the current
    /// campaign), for the same few seconds; cleared when an asset is added or archived
    /// here. Keyed by the parsed year, so `?nam=+0002024` and `?nam=2024` are one entry.
    pub kit_cache: PageCache<(Lang, Option<i32>)>,
    /// The rendered public results page per language, year, indicator charted and
    /// page of the table, for the same few seconds.
    pub results_cache: PageCache<(Lang, Option<i32>, String, usize)>,
    /// Kit downloads counted in memory, written every few seconds (and before the
    /// office's library page is shown): a download does not wait for a database write.
    pub kit_downloads: DownloadCounts,
    /// The one pool for heavy work (one permit per core); an interactive request that
    /// finds it full answers 503 with Retry-After.
    pub pool: crate::pool::Pool,
    /// Decoded frames by id and content hash, so a render does not decode the PNG again
    /// (bounded by their pixels' bytes, [`FRAME_CACHE_BYTES`]).
    pub frame_cache: moka::sync::Cache<i64, (String, Arc<dxday_media::frame::Frame>)>,
    /// Link-preview pictures, by campaign words and frame.
    pub share_images: moka::sync::Cache<String, Bytes>,
    /// Framed-photo counts per participation token (each token counts a few photos).
    pub count_tokens: crate::limits::WindowCounter<String>,
    /// Framed-photo counts per (client address, frame) and hour.
    pub count_addresses: crate::limits::WindowCounter<(std::net::IpAddr, i64)>,
    /// Bulk framing jobs of this process.
    pub bulk: Arc<crate::features::bulk::Jobs>,
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
        let today = dxday_domain::dates::today_in_vietnam(time::OffsetDateTime::now_utc());
        if let Err(e) = dxday_store::kit::add_downloads(db, &pending, today).await {
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

/// Rendered public pages by key, each kept for [`HOME_CACHE_TTL`], at most
/// [`PAGE_CACHE_ENTRIES`] of them.
pub struct PageCache<K: std::hash::Hash + Eq + Send + Sync + 'static>(moka::sync::Cache<K, Bytes>);

impl<K: std::hash::Hash + Eq + Clone + Send + Sync + 'static> Default for PageCache<K> {
    fn default() -> Self {
        PageCache(
            moka::sync::Cache::builder()
                .max_capacity(PAGE_CACHE_ENTRIES)
                .time_to_live(HOME_CACHE_TTL)
                .build(),
        )
    }
}

impl<K: std::hash::Hash + Eq + Clone + Send + Sync + 'static> PageCache<K> {
    /// The page under `key`, rendered by `render` when missing or stale. Errors are not
    /// kept.
    pub async fn get_or_render<F>(&self, key: K, render: F) -> Result<Bytes, crate::AppError>
    where
        F: std::future::Future<Output = Result<String, crate::AppError>>,
    {
        if let Some(b) = self.0.get(&key) {
            return Ok(b);
        }
        let b = Bytes::from(render.await?);
        self.0.insert(key, b.clone());
        Ok(b)
    }

    /// Forgets every page.
    pub fn clear(&self) {
        self.0.invalidate_all();
    }

    /// Pages held now (after pending evictions).
    pub fn len(&self) -> u64 {
        self.0.run_pending_tasks();
        self.0.entry_count()
    }

    /// True when no page is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Most pages a page cache holds.
pub const PAGE_CACHE_ENTRIES: u64 = 64;
/// Most bytes of decoded frames kept in memory (a 1080² frame is 4.7 MB, with its
/// resized copies up to three times that).
pub const FRAME_CACHE_BYTES: u64 = 96 * 1024 * 1024;

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
            results_cache: PageCache::default(),
            kit_downloads: DownloadCounts::default(),
            pool: crate::pool::Pool::new_or_closed(permits),
            frame_cache: moka::sync::Cache::builder()
                .max_capacity(FRAME_CACHE_BYTES)
                .weigher(|_, (_, f): &(String, Arc<dxday_media::frame::Frame>)| {
                    let px = u64::from(f.report.width) * u64::from(f.report.height);
                    u32::try_from(px * 4 * 3).unwrap_or(u32::MAX)
                })
                .build(),
            share_images: moka::sync::Cache::new(crate::share::CACHE_ENTRIES),
            count_tokens: crate::limits::WindowCounter::new(
                crate::limits::COUNTS_PER_TOKEN,
                crate::limits::TOKEN_LIFETIME,
                200_000,
            ),
            count_addresses: crate::limits::WindowCounter::new(
                crate::limits::COUNTS_PER_ADDRESS_HOUR,
                Duration::from_secs(3600),
                200_000,
            ),
            bulk: Arc::new(crate::features::bulk::Jobs::new(
                &config.work_dir,
                config.bulk_disk_budget,
            )),
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
        if let Some((sha, frame)) = self.frame_cache.get(&id.0)
            && sha == record.sha256
        {
            return Ok(Some((record, frame)));
        }
        let Some(png) = dxday_store::frames::png(&self.db, id).await? else {
            return Ok(None);
        };
        let frame = self
            .pool
            .run("err-busy", move |_| {
                dxday_media::frame::Frame::from_png(&png)
            })
            .await?
            .map_err(|e| {
                crate::AppError::internal(format!("stored frame {id} does not decode: {e}"))
            })?;
        let frame = Arc::new(frame);
        self.frame_cache
            .insert(id.0, (record.sha256.clone(), frame.clone()));
        Ok(Some((record, frame)))
    }

    /// Forgets cached public pages (after a campaign or unit changes).
    pub fn invalidate_public_cache(&self) {
        self.home_cache.clear();
        self.kit_cache.clear();
        self.results_cache.clear();
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

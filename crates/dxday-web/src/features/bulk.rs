//! Bulk framing from the web: a unit's focal point uploads a ZIP of staff photos,
//! watches the progress, and downloads a ZIP of framed photos. The upload streams to a
//! file (never held in memory), one job runs at a time on the server's spare cores
//! with the same engine as `dxday frame --photos`, and the result is kept for a day.
//! A job is seen only by its own unit (others get 404), and jobs end with the process.

use std::collections::HashMap;
use std::path::{Path as FsPath, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use askama::Template;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use dxday_domain::{FrameId, Role, UnitId, UserId};
use dxday_media::bulk;
use dxday_media::render::Format;
use dxday_store::frames::{self, FrameRecord};
use rand::RngExt;
use tokio::io::AsyncWriteExt;
use tower::ServiceExt;

use crate::features::studio::current_campaign;
use crate::middleware::render;
use crate::{AppError, AppState, Ctx, CurrentUser};

/// Largest ZIP accepted.
pub const ZIP_LIMIT: usize = 300 * 1024 * 1024;
/// Most photos in one job.
pub const MAX_PHOTOS: usize = 500;
/// How long a finished job's ZIP is kept.
const KEEP: Duration = Duration::from_secs(24 * 3600);

/// Where a job is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobState {
    /// Waiting for the job before it to finish.
    Queued,
    Running,
    /// Finished; the names that could not be framed, with the reason's i18n key.
    Done(Vec<(String, &'static str)>),
    /// The job could not run (an i18n key).
    Failed(&'static str),
}

/// One bulk framing job.
pub struct Job {
    pub id: String,
    unit_id: Option<UnitId>,
    user_id: UserId,
    pub frame_title: String,
    pub file_name: String,
    pub total: usize,
    framed: AtomicUsize,
    failed: AtomicUsize,
    state: Mutex<JobState>,
    created: Instant,
    out: PathBuf,
}

impl Job {
    fn state(&self) -> JobState {
        self.state
            .lock()
            .map(|s| s.clone())
            .unwrap_or(JobState::Failed("http-500"))
    }

    fn set_state(&self, s: JobState) {
        if let Ok(mut state) = self.state.lock() {
            *state = s;
        }
    }

    /// The same unit sees a job (the account that started it always does).
    fn visible_to(&self, me: &CurrentUser) -> bool {
        self.user_id == me.user.id
            || (self.unit_id.is_some() && self.unit_id == me.user.data.unit_id)
    }
}

/// The jobs of this process.
pub struct Jobs {
    jobs: Mutex<HashMap<String, Arc<Job>>>,
    /// One job frames at a time; the others queue.
    running: tokio::sync::Semaphore,
}

impl Jobs {
    /// No jobs; the files an earlier process left in `dir` (its uploads and results,
    /// nothing else) are removed.
    pub fn new(dir: &FsPath) -> Jobs {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if name.starts_with(".tmp") || name.ends_with(".zip") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        Jobs {
            jobs: Mutex::new(HashMap::new()),
            running: tokio::sync::Semaphore::new(1),
        }
    }

    fn get(&self, id: &str) -> Option<Arc<Job>> {
        self.jobs.lock().ok()?.get(id).cloned()
    }

    fn insert(&self, job: Arc<Job>) {
        if let Ok(mut jobs) = self.jobs.lock() {
            jobs.insert(job.id.clone(), job);
        }
    }

    /// Forgets finished jobs older than a day and deletes their files.
    fn sweep(&self) {
        let Ok(mut jobs) = self.jobs.lock() else {
            return;
        };
        jobs.retain(|_, j| {
            let keep = j.created.elapsed() < KEEP
                || matches!(j.state(), JobState::Queued | JobState::Running);
            if !keep {
                let _ = std::fs::remove_file(&j.out);
            }
            keep
        });
    }

    fn visible(&self, me: &CurrentUser) -> Vec<Arc<Job>> {
        let mut list: Vec<Arc<Job>> = self
            .jobs
            .lock()
            .map(|jobs| {
                jobs.values()
                    .filter(|j| j.visible_to(me))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        list.sort_by_key(|j| std::cmp::Reverse(j.created));
        list
    }
}

/// What the page shows of a job.
pub struct JobView {
    pub id: String,
    pub frame_title: String,
    pub file_name: String,
    pub total: usize,
    pub framed: usize,
    pub failed: usize,
    pub state: JobState,
}

impl JobView {
    fn of(job: &Job) -> JobView {
        JobView {
            id: job.id.clone(),
            frame_title: job.frame_title.clone(),
            file_name: job.file_name.clone(),
            total: job.total,
            framed: job.framed.load(Ordering::Relaxed),
            failed: job.failed.load(Ordering::Relaxed),
            state: job.state(),
        }
    }

    pub fn done(&self) -> usize {
        self.framed + self.failed
    }

    pub fn finished(&self) -> bool {
        matches!(self.state, JobState::Done(_) | JobState::Failed(_))
    }

    pub fn state_key(&self) -> &'static str {
        match self.state {
            JobState::Queued => "bulk-queued",
            JobState::Running => "bulk-running",
            JobState::Done(_) => "bulk-done",
            JobState::Failed(_) => "bulk-failed",
        }
    }

    pub fn failures(&self) -> &[(String, &'static str)] {
        match &self.state {
            JobState::Done(f) => f,
            _ => &[],
        }
    }

    pub fn error_key(&self) -> &'static str {
        match self.state {
            JobState::Failed(k) => k,
            _ => "",
        }
    }
}

#[derive(Template)]
#[template(path = "admin/bulk.html")]
struct BulkPage {
    ctx: Ctx,
    frames: Vec<FrameRecord>,
    jobs: Vec<JobView>,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/bulk_job.html")]
struct JobPage {
    ctx: Ctx,
    job: JobView,
}

async fn page(app: &AppState, me: CurrentUser, error: Option<&str>) -> Result<BulkPage, AppError> {
    app.bulk.sweep();
    let frames = match current_campaign(app).await? {
        Some(c) => frames::for_campaign(&app.db, c.id, false).await?,
        None => Vec::new(),
    };
    let jobs = app
        .bulk
        .visible(&me)
        .iter()
        .map(|j| JobView::of(j))
        .collect();
    Ok(BulkPage {
        error: error.map(|k| me.ctx.t(k)),
        ctx: me.ctx,
        frames,
        jobs,
    })
}

/// `GET /quan-tri/ghep-khung-hang-loat`: the upload form and this unit's jobs.
pub async fn form(State(app): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    me.require(Role::can_frame_in_bulk)?;
    render(StatusCode::OK, &page(&app, me, None).await?)
}

/// The form as read: the ZIP is already on disk.
struct Started {
    csrf: String,
    frame: String,
    format: String,
    size: String,
    file_name: String,
    zip: Option<tempfile::TempPath>,
    bytes: usize,
}

/// Streams the multipart body: text fields to memory, the ZIP to a file in `dir`.
async fn read_form(mut mp: Multipart, dir: &FsPath) -> Result<Started, AppError> {
    let mut s = Started {
        csrf: String::new(),
        frame: String::new(),
        format: String::new(),
        size: String::new(),
        file_name: String::new(),
        zip: None,
        bytes: 0,
    };
    let body_error = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge
        } else {
            AppError::BadRequest("err-form")
        }
    };
    while let Some(mut field) = mp.next_field().await.map_err(body_error)? {
        let name = field.name().unwrap_or("").to_string();
        if name == "zip" {
            s.file_name = field.file_name().unwrap_or("").to_string();
            tokio::fs::create_dir_all(dir)
                .await
                .map_err(AppError::internal)?;
            let tmp = tempfile::NamedTempFile::new_in(dir).map_err(AppError::internal)?;
            let (file, path) = tmp.into_parts();
            let mut file = tokio::fs::File::from_std(file);
            while let Some(chunk) = field.chunk().await.map_err(body_error)? {
                s.bytes += chunk.len();
                if s.bytes > ZIP_LIMIT {
                    return Err(AppError::TooLarge);
                }
                file.write_all(&chunk).await.map_err(AppError::internal)?;
            }
            file.flush().await.map_err(AppError::internal)?;
            s.zip = Some(path);
        } else {
            let text = field.text().await.map_err(body_error)?;
            if text.len() > 1024 {
                return Err(AppError::BadRequest("err-form"));
            }
            match name.as_str() {
                "_csrf" => s.csrf = text,
                "frame_id" => s.frame = text,
                "format" => s.format = text,
                "size" => s.size = text,
                _ => {}
            }
        }
    }
    Ok(s)
}

/// `POST /quan-tri/ghep-khung-hang-loat/moi`: starts a job and shows its progress page.
pub async fn start(
    State(app): State<AppState>,
    me: CurrentUser,
    req: Request,
) -> Result<Response, AppError> {
    me.require(Role::can_frame_in_bulk)?;
    let mp = Multipart::from_request(req, &app)
        .await
        .map_err(|_| AppError::BadRequest("err-form"))?;
    let form = read_form(mp, &app.config.work_dir).await?;
    crate::csrf::check(&me.session, None, &form.csrf).await?;
    let Some(zip) = form.zip.filter(|_| form.bytes > 0) else {
        return refuse(&app, me, "err-bulk-no-zip").await;
    };
    let formats: &'static [Format] = match form.format.as_str() {
        "jpg" => &[Format::Jpeg],
        "both" => &[Format::Png, Format::Jpeg],
        _ => &[Format::Png],
    };
    let width = if form.size == "2048" { 2048 } else { 1080 };
    // Only a frame of the campaign the site shows, not archived.
    let wanted = form.frame.parse::<i64>().ok().map(FrameId);
    let record = match (current_campaign(&app).await?, wanted) {
        (Some(c), Some(id)) => frames::for_campaign(&app.db, c.id, false)
            .await?
            .into_iter()
            .find(|f| f.id == id),
        _ => None,
    };
    let Some(record) = record else {
        return refuse(&app, me, "err-choice").await;
    };
    let Some((_, frame)) = app.frame(record.id).await? else {
        return refuse(&app, me, "err-choice").await;
    };
    // Count the photos before accepting the job: not a ZIP, or no photo in it, is said now.
    let zip_path: PathBuf = zip.to_path_buf();
    let count = tokio::task::spawn_blocking(move || {
        std::fs::File::open(&zip_path)
            .map_err(|e| dxday_media::MediaError::Corrupt(e.to_string()))
            .and_then(|f| bulk::zip_items(std::io::BufReader::new(f)).map(|(n, _)| n))
    })
    .await
    .map_err(AppError::internal)?;
    let total = match count {
        Err(_) => return refuse(&app, me, "err-bulk-not-zip").await,
        Ok(0) => return refuse(&app, me, "err-bulk-empty").await,
        Ok(n) if n > MAX_PHOTOS => return refuse(&app, me, "err-bulk-too-many").await,
        Ok(n) => n,
    };
    let id: String = rand::rng()
        .random::<[u8; 16]>()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let job = Arc::new(Job {
        out: app.config.work_dir.join(format!("{id}.zip")),
        id: id.clone(),
        unit_id: me.user.data.unit_id,
        user_id: me.user.id,
        frame_title: record.title.clone(),
        file_name: form.file_name.chars().take(120).collect(),
        total,
        framed: AtomicUsize::new(0),
        failed: AtomicUsize::new(0),
        state: Mutex::new(JobState::Queued),
        created: Instant::now(),
    });
    app.bulk.sweep();
    app.bulk.insert(job.clone());
    tracing::info!(job = %id, photos = total, "bulk framing queued");
    let runner = app.clone();
    tokio::spawn(async move {
        let Ok(_turn) = runner.bulk.running.acquire().await else {
            return;
        };
        job.set_state(JobState::Running);
        let j = job.clone();
        let result = tokio::task::spawn_blocking(move || run(&j, &zip, &frame, width, formats))
            .await
            .map_err(|e| e.to_string())
            .and_then(|r| r);
        match result {
            Ok(failures) => job.set_state(JobState::Done(failures)),
            Err(e) => {
                tracing::error!(job = %job.id, error = %e, "bulk framing failed");
                job.set_state(JobState::Failed("err-bulk-run"));
            }
        }
    });
    Ok(Redirect::to(&format!("/quan-tri/ghep-khung-hang-loat/{id}")).into_response())
}

/// The form again, with what was wrong (422).
async fn refuse(app: &AppState, me: CurrentUser, key: &'static str) -> Result<Response, AppError> {
    let page = page(app, me, Some(key)).await?;
    render(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

/// Frames every photo of `zip` into the job's output, on every core but one.
fn run(
    job: &Job,
    zip: &FsPath,
    frame: &dxday_media::frame::Frame,
    width: u32,
    formats: &[Format],
) -> Result<Vec<(String, &'static str)>, String> {
    let input = std::fs::File::open(zip).map_err(|e| e.to_string())?;
    let (_, items) = bulk::zip_items(std::io::BufReader::new(input)).map_err(|e| e.to_string())?;
    let out = std::fs::File::create(&job.out).map_err(|e| e.to_string())?;
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get().saturating_sub(1))
        .max(1);
    let report = bulk::frame_all(
        items,
        frame,
        width,
        formats,
        workers,
        std::io::BufWriter::new(out),
        |framed, failed| {
            job.framed.store(framed, Ordering::Relaxed);
            job.failed.store(failed, Ordering::Relaxed);
        },
    )
    .map_err(|e| e.to_string())?;
    Ok(report
        .failed
        .into_iter()
        .map(|f| (f.name, f.error.key()))
        .collect())
}

fn visible_job(app: &AppState, me: &CurrentUser, id: &str) -> Result<Arc<Job>, AppError> {
    app.bulk
        .get(id)
        .filter(|j| j.visible_to(me))
        .ok_or(AppError::NotFound)
}

/// `GET /quan-tri/ghep-khung-hang-loat/{id}`: progress (the page refreshes itself
/// until the job ends), then the download and the photos that could not be framed.
pub async fn show(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    me.require(Role::can_frame_in_bulk)?;
    let job = JobView::of(visible_job(&app, &me, &id)?.as_ref());
    render(StatusCode::OK, &JobPage { ctx: me.ctx, job })
}

/// `GET /quan-tri/ghep-khung-hang-loat/{id}/tai-ve`: the framed photos as a ZIP.
pub async fn download(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<String>,
    req: Request,
) -> Result<Response, AppError> {
    me.require(Role::can_frame_in_bulk)?;
    let job = visible_job(&app, &me, &id)?;
    if !matches!(job.state(), JobState::Done(_)) {
        return Err(AppError::NotFound);
    }
    let mut res = tower_http::services::ServeFile::new(&job.out)
        .oneshot(req)
        .await
        .map_err(AppError::internal)?
        .into_response();
    if res.status() != StatusCode::OK {
        return Err(AppError::NotFound);
    }
    let headers = res.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/zip"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"anh-ghep-khung.zip\""),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(res)
}

//! Bulk framing from the web: a unit's focal point uploads a ZIP of staff photos,
//! watches the progress, and downloads a ZIP of framed photos. The upload streams to a
//! file (never held in memory, within a disk budget for uploads in flight), then goes
//! to the file storage; the job lives in the database. Any node's workers claim queued
//! jobs and frame them photo by photo in the server's pool (never its last permit),
//! sending a heartbeat; the result goes to the file storage, so any node shows the
//! progress and serves the ZIP. A job cut by a restart is queued again (once), then
//! failed with a reason; jobs and their files are deleted after a day by a sweep that
//! every node may run at once. One queued and one running job per unit; a job is seen
//! only by its own unit (others get 404).

mod worker;

use std::path::{Path as FsPath, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use askama::Template;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use dxday_domain::{FrameId, Role};
use dxday_media::bulk;
use dxday_store::bulk::{self as jobs, BulkJob};
use dxday_store::frames::{self, FrameRecord};
use tokio::io::AsyncWriteExt;

pub use worker::{start_workers, sweep};

use crate::middleware::render;
use crate::paths;
use crate::{AppError, AppState, Ctx, CurrentUser};

/// Largest ZIP accepted.
pub const ZIP_LIMIT: usize = 300 * 1024 * 1024;
/// Most photos in one job.
pub const MAX_PHOTOS: usize = 500;

/// This node's side of bulk framing: the disk taken by uploads in flight, and a bell
/// that wakes the workers when a job is queued here.
pub struct Jobs {
    dir: PathBuf,
    budget: usize,
    in_flight: AtomicUsize,
    wake: tokio::sync::Notify,
}

impl Jobs {
    /// Workers for `dir` (a local folder for uploads being received and jobs being
    /// framed); what an earlier process left there is removed.
    pub fn new(dir: &FsPath, budget: usize) -> Jobs {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if name.starts_with(".tmp") || name.ends_with(".zip") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        Jobs {
            dir: dir.to_path_buf(),
            budget,
            in_flight: AtomicUsize::new(0),
            wake: tokio::sync::Notify::new(),
        }
    }

    /// Takes `bytes` more of the disk budget; false (nothing taken) past it.
    fn take(&self, bytes: usize) -> bool {
        self.in_flight
            .fetch_update(Ordering::AcqRel, Ordering::Relaxed, |now| {
                (now + bytes <= self.budget).then_some(now + bytes)
            })
            .is_ok()
    }
}

/// The bytes of the disk budget one upload holds, given back when it drops.
struct DiskShare {
    jobs: Arc<Jobs>,
    bytes: usize,
}

impl DiskShare {
    fn grow(&mut self, more: usize) -> bool {
        let taken = self.jobs.take(more);
        if taken {
            self.bytes += more;
        }
        taken
    }
}

impl Drop for DiskShare {
    fn drop(&mut self) {
        self.jobs.in_flight.fetch_sub(self.bytes, Ordering::AcqRel);
    }
}

fn owner_key(me: &CurrentUser) -> String {
    match me.user.data.unit_id {
        Some(u) => format!("unit:{}", u.0),
        None => format!("user:{}", me.user.id.0),
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
    state: String,
    failures: Vec<(String, String)>,
    error: String,
}

impl JobView {
    fn of(job: &BulkJob) -> JobView {
        JobView {
            id: job.id.clone(),
            frame_title: job.frame_title.clone(),
            file_name: job.file_name.clone(),
            total: usize::try_from(job.total).unwrap_or(0),
            framed: usize::try_from(job.framed).unwrap_or(0),
            failed: usize::try_from(job.failed).unwrap_or(0),
            state: job.state.clone(),
            failures: serde_json::from_str(&job.failures).unwrap_or_default(),
            error: job.error.clone(),
        }
    }

    pub fn done(&self) -> usize {
        self.framed + self.failed
    }

    pub fn finished(&self) -> bool {
        matches!(self.state.as_str(), "done" | "failed")
    }

    pub fn state_key(&self) -> &'static str {
        match self.state.as_str() {
            "queued" => "bulk-queued",
            "running" => "bulk-running",
            "done" => "bulk-done",
            _ => "bulk-failed",
        }
    }

    pub fn failures(&self) -> &[(String, String)] {
        &self.failures
    }

    pub fn error_key(&self) -> &str {
        &self.error
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
    let frames = match dxday_app::campaign::current(&app.db).await? {
        Some(c) => frames::for_campaign(&app.db, c.id, false).await?,
        None => Vec::new(),
    };
    let jobs = jobs::of_owner(&app.db, &owner_key(&me))
        .await?
        .iter()
        .map(JobView::of)
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

/// Streams the multipart body: text fields to memory, the ZIP to a file in `dir`,
/// within the disk budget for uploads in flight (503 past it).
async fn read_form(
    mut mp: Multipart,
    jobs: &Arc<Jobs>,
) -> Result<(Started, Option<DiskShare>), AppError> {
    let mut s = Started {
        csrf: String::new(),
        frame: String::new(),
        format: String::new(),
        size: String::new(),
        file_name: String::new(),
        zip: None,
        bytes: 0,
    };
    let mut share: Option<DiskShare> = None;
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
            tokio::fs::create_dir_all(&jobs.dir)
                .await
                .map_err(AppError::internal)?;
            let tmp = tempfile::NamedTempFile::new_in(&jobs.dir).map_err(AppError::internal)?;
            let (file, path) = tmp.into_parts();
            let mut file = tokio::fs::File::from_std(file);
            let disk = share.insert(DiskShare {
                jobs: jobs.clone(),
                bytes: 0,
            });
            while let Some(chunk) = field.chunk().await.map_err(body_error)? {
                s.bytes += chunk.len();
                if s.bytes > ZIP_LIMIT {
                    return Err(AppError::TooLarge);
                }
                if !disk.grow(chunk.len()) {
                    return Err(AppError::Busy("err-bulk-disk"));
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
    Ok((s, share))
}

/// `POST /quan-tri/ghep-khung-hang-loat/moi`: queues a job and shows its progress page.
/// A unit with a job already waiting is told so before its upload is read.
pub async fn start(
    State(app): State<AppState>,
    me: CurrentUser,
    req: Request,
) -> Result<Response, AppError> {
    me.require(Role::can_frame_in_bulk)?;
    let owner = owner_key(&me);
    if jobs::has_queued(&app.db, &owner).await? {
        return refuse(&app, me, "err-bulk-unit-busy").await;
    }
    let mp = Multipart::from_request(req, &app)
        .await
        .map_err(|_| AppError::BadRequest("err-form"))?;
    let (form, _disk) = read_form(mp, &app.bulk).await?;
    crate::csrf::check(&me.session, None, &form.csrf).await?;
    let Some(zip) = form.zip.filter(|_| form.bytes > 0) else {
        return refuse(&app, me, "err-bulk-no-zip").await;
    };
    let formats = match form.format.as_str() {
        f @ ("jpg" | "both") => f,
        _ => "png",
    };
    let wanted = form.frame.parse::<i64>().ok().map(FrameId);
    let Some(frame) = dxday_app::bulk::frame_in_force(&app.db, wanted).await? else {
        return refuse(&app, me, "err-choice").await;
    };
    // Count the photos before accepting the job: not a ZIP, or no photo in it, is said now.
    let photos = match count_photos(&app, &zip).await? {
        Err(key) => return refuse(&app, me, key).await,
        Ok(n) => n,
    };
    let id = crate::sign::nonce();
    let new = dxday_app::bulk::NewJob {
        owner_key: owner,
        unit_id: me.user.data.unit_id.map(|u| u.0),
        user_id: me.user.id.0,
        frame: &frame,
        file_name: &form.file_name,
        width: if form.size == "2048" { 2048 } else { 1080 },
        formats,
        photos,
    };
    if !dxday_app::bulk::queue(&app.db, &app.config.files, &id, &zip, new).await? {
        return refuse(&app, me, "err-bulk-unit-busy").await;
    }
    tracing::info!(job = %id, photos, "bulk framing queued");
    app.bulk.wake.notify_one();
    Ok(Redirect::to(&paths::BULK_JOB.with(id)).into_response())
}

/// The photos in an uploaded ZIP (read on the work pool), or why it is refused.
async fn count_photos(
    app: &AppState,
    zip: &FsPath,
) -> Result<Result<usize, &'static str>, AppError> {
    let zip_path: PathBuf = zip.to_path_buf();
    let count = app
        .pool
        .run("err-busy-work", move |_| {
            std::fs::File::open(&zip_path)
                .map_err(|e| dxday_media::MediaError::Corrupt(e.to_string()))
                .and_then(|f| bulk::zip_items(std::io::BufReader::new(f)).map(|(n, _)| n))
        })
        .await?;
    Ok(match count {
        Err(_) => Err("err-bulk-not-zip"),
        Ok(0) => Err("err-bulk-empty"),
        Ok(n) if n > MAX_PHOTOS => Err("err-bulk-too-many"),
        Ok(n) => Ok(n),
    })
}

/// The form again, with what was wrong (422).
async fn refuse(app: &AppState, me: CurrentUser, key: &'static str) -> Result<Response, AppError> {
    let page = page(app, me, Some(key)).await?;
    render(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

/// A job of the account's unit (or its own), else 404.
async fn visible_job(app: &AppState, me: &CurrentUser, id: &str) -> Result<BulkJob, AppError> {
    jobs::get(&app.db, id)
        .await?
        .filter(|j| j.owner_key == owner_key(me))
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
    let job = JobView::of(&visible_job(&app, &me, &id).await?);
    render(StatusCode::OK, &JobPage { ctx: me.ctx, job })
}

/// `GET /quan-tri/ghep-khung-hang-loat/{id}/tai-ve`: the framed photos as a ZIP,
/// streamed from the file storage (any node serves it).
pub async fn download(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    me.require(Role::can_frame_in_bulk)?;
    let job = visible_job(&app, &me, &id).await?;
    let key = match (job.state.as_str(), &job.result_key) {
        ("done", Some(k)) => k.clone(),
        _ => return Err(AppError::NotFound),
    };
    const NAME: &str = "attachment; filename=\"anh-ghep-khung.zip\"";
    let files = &app.config.files;
    if let Some(res) = crate::download::by_redirect(files, &key, "application/zip", NAME).await? {
        return Ok(res);
    }
    let stream = app
        .config
        .files
        .stream(&key)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/zip"),
            ),
            (header::CONTENT_DISPOSITION, HeaderValue::from_static(NAME)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        axum::body::Body::from_stream(stream),
    )
        .into_response())
}

//! This node's bulk-framing workers and the sweep: queued jobs are claimed from the
//! database, framed photo by photo in the pool with a heartbeat, and their result put
//! in the file storage; jobs of a stopped node are queued again or failed, and jobs
//! older than a day deleted with their files.

use std::path::Path as FsPath;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use dxday_domain::{FrameId, dates};
use dxday_media::bulk;
use dxday_media::render::Format;
use dxday_store::bulk::{self as jobs, BulkJob};

use crate::{AppError, AppState};

/// Starts this node's bulk workers (as many as the pool lets background work run at
/// once) and the sweep: every minute, jobs of a node that stopped are queued again or
/// failed, and jobs older than a day are deleted with their files.
pub fn start_workers(app: &AppState) {
    for _ in 0..app.pool.background_share() {
        let app = app.clone();
        tokio::spawn(async move {
            loop {
                match jobs::claim(&app.db, dates::now_unix_ms()).await {
                    Ok(Some(job)) => work(&app, job).await,
                    Ok(None) => {
                        let _ =
                            tokio::time::timeout(Duration::from_secs(2), app.bulk.wake.notified())
                                .await;
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "bulk jobs not read");
                        tokio::time::sleep(Duration::from_secs(5)).await;
                    }
                }
            }
        });
    }
    let app = app.clone();
    tokio::spawn(async move {
        let mut every_minute = tokio::time::interval(Duration::from_secs(60));
        loop {
            every_minute.tick().await;
            if let Err(e) = sweep(&app).await {
                tracing::warn!(error = %e, "bulk sweep not run");
            }
        }
    });
}

/// Queues again (or fails) the jobs of nodes that stopped, and deletes jobs older than
/// a day with their files. Safe on every node at once.
pub async fn sweep(app: &AppState) -> Result<(), AppError> {
    let (requeued, failed) =
        jobs::recover_stale(&app.db, dates::now_unix_ms(), "err-bulk-interrupted").await?;
    if requeued + failed > 0 {
        tracing::info!(requeued, failed, "bulk jobs of a stopped node recovered");
        app.bulk.wake.notify_one();
    }
    for job in jobs::expired(&app.db, dates::now_unix_ms() - jobs::KEEP_MS).await? {
        app.config.files.delete(&job.upload_key).await?;
        if let Some(k) = &job.result_key {
            app.config.files.delete(k).await?;
        }
        jobs::delete(&app.db, &job.id).await?;
    }
    Ok(())
}

/// Frames one claimed job: its upload fetched to a local file, the photos framed one
/// by one in the pool, progress and a heartbeat written every second, the result put
/// in the file storage.
async fn work(app: &AppState, job: BulkJob) {
    let id = job.id.clone();
    let done = match frame_job(app, &job).await {
        Ok(Framed {
            result_key,
            framed,
            failures,
        }) => {
            let json = serde_json::to_string(&failures).unwrap_or_else(|_| "[]".into());
            let _ = app.config.files.delete(&job.upload_key).await;
            jobs::finish(
                &app.db,
                &id,
                &result_key,
                framed,
                &json,
                failures.len() as i64,
                dates::now_unix_ms(),
            )
            .await
        }
        Err(key) => {
            tracing::warn!(job = %id, reason = key, "bulk framing failed");
            jobs::fail(&app.db, &id, key, dates::now_unix_ms()).await
        }
    };
    if let Err(e) = done {
        tracing::warn!(job = %id, error = %e, "bulk job's end not written");
    }
}

/// What a framed job left: its result's key, the photos framed, those that failed.
struct Framed {
    result_key: String,
    framed: i64,
    failures: Vec<(String, String)>,
}

async fn frame_job(app: &AppState, job: &BulkJob) -> Result<Framed, &'static str> {
    let frame = match app.frame(FrameId(job.frame_id)).await {
        Ok(Some((_, f))) => f,
        _ => return Err("err-bulk-run"),
    };
    let _ = tokio::fs::create_dir_all(&app.bulk.dir).await;
    let input = tempfile::NamedTempFile::new_in(&app.bulk.dir)
        .map_err(|_| "err-bulk-run")?
        .into_temp_path();
    let output = tempfile::NamedTempFile::new_in(&app.bulk.dir)
        .map_err(|_| "err-bulk-run")?
        .into_temp_path();
    match app.config.files.get_to_file(&job.upload_key, &input).await {
        Ok(true) => {}
        _ => return Err("err-bulk-run"),
    }
    let formats: &'static [Format] = match job.formats.as_str() {
        "jpg" => &[Format::Jpeg],
        "both" => &[Format::Png, Format::Jpeg],
        _ => &[Format::Png],
    };
    let width = u32::try_from(job.width).unwrap_or(1080);
    let progress = Arc::new((AtomicI64::new(0), AtomicI64::new(0)));
    let cancel = crate::pool::Cancel::default();
    // The heartbeat: progress written every second while the job runs.
    let beat = {
        let (db, id, progress) = (app.db.clone(), job.id.clone(), progress.clone());
        tokio::spawn(async move {
            let mut every_second = tokio::time::interval(Duration::from_secs(1));
            loop {
                every_second.tick().await;
                let (f, x) = (
                    progress.0.load(Ordering::Relaxed),
                    progress.1.load(Ordering::Relaxed),
                );
                let _ = jobs::progress(&db, &id, f, x, dates::now_unix_ms()).await;
            }
        })
    };
    let (zip, out, p) = (input.to_path_buf(), output.to_path_buf(), progress.clone());
    let ran = app
        .pool
        .run_background(cancel, move |cancel| {
            run(
                &zip,
                &out,
                &frame,
                width,
                formats,
                cancel,
                |framed, failed| {
                    p.0.store(framed as i64, Ordering::Relaxed);
                    p.1.store(failed as i64, Ordering::Relaxed);
                },
            )
        })
        .await;
    beat.abort();
    let failures = match ran {
        Ok(Ok(f)) => f,
        _ => return Err("err-bulk-run"),
    };
    let result_key = format!("bulk/{}/result.zip", job.id);
    app.config
        .files
        .put_file(&result_key, &output)
        .await
        .map_err(|_| "err-bulk-run")?;
    Ok(Framed {
        result_key,
        framed: progress.0.load(Ordering::Relaxed),
        failures,
    })
}

/// Frames every photo of `zip` into `out`, one at a time (the pool's permit is one
/// core), stopping between photos when `cancel` is set.
fn run(
    zip: &FsPath,
    out: &FsPath,
    frame: &dxday_media::frame::Frame,
    width: u32,
    formats: &[Format],
    cancel: &crate::pool::Cancel,
    progress: impl FnMut(usize, usize),
) -> Result<Vec<(String, String)>, String> {
    let input = std::fs::File::open(zip).map_err(|e| e.to_string())?;
    let (_, items) = bulk::zip_items(std::io::BufReader::new(input)).map_err(|e| e.to_string())?;
    let out = std::fs::File::create(out).map_err(|e| e.to_string())?;
    let items = items.take_while(|_| !cancel.is_cancelled());
    let report = bulk::frame_all(
        items,
        frame,
        width,
        formats,
        1,
        std::io::BufWriter::new(out),
        progress,
    )
    .map_err(|e| e.to_string())?;
    if cancel.is_cancelled() {
        return Err("cancelled".into());
    }
    Ok(report
        .failed
        .into_iter()
        .map(|f| (f.name, f.error.key().to_string()))
        .collect())
}

//! Bulk framing jobs: a unit's ZIP of photos queued for the workers of any node.

use std::path::Path;

use dxday_domain::{FrameId, dates};
use dxday_store::Db;
use dxday_store::bulk::{self as jobs, BulkJob};
use dxday_store::files::Files;
use dxday_store::frames::{self, FrameRecord};

use crate::Error;

/// What a job is asked to do.
pub struct NewJob<'a> {
    /// Whose job it is (one queued and one running job per owner).
    pub owner_key: String,
    pub unit_id: Option<i64>,
    pub user_id: i64,
    pub frame: &'a FrameRecord,
    pub file_name: &'a str,
    /// 1080 or 2048.
    pub width: i64,
    /// `png`, `jpg` or `both`.
    pub formats: &'a str,
    pub photos: usize,
}

/// The frame `wanted` if it is one of the campaign in force, not archived (a bulk job
/// frames only with what the site shows).
pub async fn frame_in_force(
    db: &Db,
    wanted: Option<FrameId>,
) -> Result<Option<FrameRecord>, Error> {
    let (Some(campaign), Some(id)) = (crate::campaign::current(db).await?, wanted) else {
        return Ok(None);
    };
    Ok(frames::for_campaign(db, campaign.id, false)
        .await?
        .into_iter()
        .find(|f| f.id == id))
}

/// Stores the uploaded ZIP and queues the job under `id`; `false` (and nothing kept)
/// when the owner has a job queued already.
pub async fn queue(
    db: &Db,
    files: &Files,
    id: &str,
    zip: &Path,
    new: NewJob<'_>,
) -> Result<bool, Error> {
    let upload_key = format!("bulk/{id}/upload.zip");
    files.put_file(&upload_key, zip).await?;
    let now = dates::now_unix_ms();
    let job = BulkJob {
        id: id.into(),
        owner_key: new.owner_key,
        unit_id: new.unit_id,
        user_id: new.user_id,
        frame_id: new.frame.id.0,
        frame_title: new.frame.title.clone(),
        file_name: new.file_name.chars().take(120).collect(),
        width: new.width,
        formats: new.formats.into(),
        total: new.photos as i64,
        framed: 0,
        failed: 0,
        state: "queued".into(),
        failures: "[]".into(),
        error: String::new(),
        attempts: 0,
        upload_key: upload_key.clone(),
        result_key: None,
        created_ms: now,
        heartbeat_ms: now,
    };
    if !jobs::insert(db, &job).await? {
        files.delete(&upload_key).await?;
        return Ok(false);
    }
    Ok(true)
}

//! A campaign prepared from a previous one in one transaction: the plan's tasks and
//! their assignments, the report forms, the frames and the kit are copied as drafts of
//! the new year, every date moved by the years between the two; numbers and registers
//! (documents, reports, counts, evidence) start anew.

use std::collections::{HashMap, HashSet};

use dxday_domain::campaign::CampaignData;
use dxday_domain::dates::shift_years;
use dxday_domain::{CampaignId, FrameId, UserId};
use serde::Serialize;
use sqlx::{Any, AnyConnection, FromRow};
use time::Date;

use crate::audit::{self, Entry};
use crate::frames::NewFrame;
use crate::time_text::{date, date_text, now_text};
use crate::{Db, StoreError};

/// What was copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Prepared {
    pub campaign: CampaignId,
    pub tasks: usize,
    pub assignments: usize,
    /// Report forms, kept as drafts: sent to the units only when the office sends them.
    pub requests: usize,
    pub frames: usize,
    /// Kit assets, kept hidden until the office shows each one again.
    pub assets: usize,
}

/// The frames of the new campaign: the source's frames to copy as they are, and
/// frames drawn for the new campaign (dxday's built-in one with the new year on it).
pub struct Frames<'a> {
    pub copy: &'a [FrameId],
    pub drawn: &'a [NewFrame],
}

/// Prepares the campaign `data` from `source`; `None` when `source` does not exist.
pub async fn prepare(
    db: &Db,
    actor: Option<UserId>,
    source: CampaignId,
    data: &CampaignData,
    frames: Frames<'_>,
) -> Result<Option<Prepared>, StoreError> {
    audit::write_found(db, actor, async |tx| {
        let Some(from) = crate::campaigns::fetch(&mut *tx, source).await? else {
            return Ok(None);
        };
        let by = data.year - from.data.year;
        let campaign = crate::campaigns::insert_in(&mut *tx, actor, data).await?;
        let mut done = Prepared {
            campaign,
            tasks: 0,
            assignments: 0,
            requests: 0,
            frames: 0,
            assets: 0,
        };
        copy_statuses(&mut *tx, source, campaign).await?;
        (done.tasks, done.assignments) = copy_tasks(&mut *tx, source, campaign, by).await?;
        done.requests =
            copy_requests(&mut *tx, actor, source, campaign, from.data.year, data.year).await?;
        done.frames = copy_frames(&mut *tx, campaign, frames, by).await?;
        done.assets = copy_assets(&mut *tx, source, campaign, data, from.data.year).await?;
        let entry = Entry::new("campaign.prepare", "campaign", campaign.0)
            .after(&serde_json::json!({ "source": source.0, "copied": done }));
        Ok(Some((done, entry)))
    })
    .await
}

/// A stored date moved by `by` years, as stored.
fn moved(d: &str, by: i32) -> Result<String, StoreError> {
    Ok(date_text(shift_years(date(d)?, by)))
}

async fn copy_statuses(
    tx: &mut AnyConnection,
    source: CampaignId,
    campaign: CampaignId,
) -> Result<(), StoreError> {
    sqlx::query::<Any>(
        "INSERT INTO task_statuses (campaign_id, code, name, default_progress, position)
         SELECT $1, code, name, default_progress, position FROM task_statuses WHERE campaign_id = $2
         ON CONFLICT (campaign_id, code) DO UPDATE SET name = excluded.name,
             default_progress = excluded.default_progress, position = excluded.position",
    )
    .bind(campaign.0)
    .bind(source.0)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

#[derive(FromRow)]
struct TaskRow {
    id: i64,
    parent_id: Option<i64>,
    activity: String,
    title: String,
    starts_on: Option<String>,
    due_on: Option<String>,
    weight: Option<i64>,
}

/// Copies the task tree (parents before children), not started and with no source
/// document (the new year's directive is not issued yet), and its assignments.
async fn copy_tasks(
    tx: &mut AnyConnection,
    source: CampaignId,
    campaign: CampaignId,
    by: i32,
) -> Result<(usize, usize), StoreError> {
    let mut left = sqlx::query_as::<Any, TaskRow>(
        "SELECT id, parent_id, activity, title, starts_on, due_on, weight FROM tasks WHERE campaign_id = $1 ORDER BY id",
    )
    .bind(source.0)
    .fetch_all(&mut *tx)
    .await?;
    let shift = |d: Option<String>| d.as_deref().map(|d| moved(d, by)).transpose();
    let now = now_text();
    let in_source: HashSet<i64> = left.iter().map(|t| t.id).collect();
    let mut ids: HashMap<i64, i64> = HashMap::new();
    while !left.is_empty() {
        let placed = left.len();
        let mut waiting = Vec::new();
        for t in left {
            let parent = match t.parent_id {
                Some(p) if in_source.contains(&p) => match ids.get(&p) {
                    Some(new) => Some(*new),
                    None => {
                        waiting.push(t);
                        continue;
                    }
                },
                _ => None,
            };
            let id: i64 = sqlx::query_scalar::<Any, i64>(
                "INSERT INTO tasks (campaign_id, parent_id, activity, title, starts_on, due_on, weight, progress, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $8) RETURNING id",
            )
            .bind(campaign.0)
            .bind(parent)
            .bind(&t.activity)
            .bind(&t.title)
            .bind(shift(t.starts_on)?)
            .bind(shift(t.due_on)?)
            .bind(t.weight)
            .bind(&now)
            .fetch_one(&mut *tx)
            .await?;
            ids.insert(t.id, id);
        }
        if waiting.len() == placed {
            // A loop of parents (never written by dxday): copy them as top-level tasks.
            for t in &mut waiting {
                t.parent_id = None;
            }
        }
        left = waiting;
    }
    let assignments = sqlx::query_as::<Any, (i64, i64, String, Option<String>)>(
        "SELECT a.task_id, a.unit_id, a.role, a.due_on FROM task_assignments a
         JOIN tasks t ON t.id = a.task_id WHERE t.campaign_id = $1 ORDER BY a.task_id, a.unit_id",
    )
    .bind(source.0)
    .fetch_all(&mut *tx)
    .await?;
    for (task, unit, role, due_on) in &assignments {
        sqlx::query::<Any>(
            "INSERT INTO task_assignments (task_id, unit_id, role, due_on, progress, updated_at)
             VALUES ($1, $2, $3, $4, 0, $5)",
        )
        .bind(ids[task])
        .bind(*unit)
        .bind(role)
        .bind(shift(due_on.clone())?)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
    }
    Ok((ids.len(), assignments.len()))
}

#[derive(FromRow)]
struct RequestRow {
    id: i64,
    title: String,
    kind: String,
    period_from: Option<String>,
    period_to: Option<String>,
    due_on: String,
    note: Option<String>,
}

/// Copies the report forms with their indicators and target units, as drafts.
async fn copy_requests(
    tx: &mut AnyConnection,
    actor: Option<UserId>,
    source: CampaignId,
    campaign: CampaignId,
    from_year: i32,
    year: i32,
) -> Result<usize, StoreError> {
    let by = year - from_year;
    let shift = |d: &str| moved(d, by);
    let requests = sqlx::query_as::<Any, RequestRow>(
        "SELECT id, title, kind, period_from, period_to, due_on, note FROM report_requests WHERE campaign_id = $1 ORDER BY id",
    )
    .bind(source.0)
    .fetch_all(&mut *tx)
    .await?;
    for r in &requests {
        let id: i64 = sqlx::query_scalar::<Any, i64>(
            "INSERT INTO report_requests (campaign_id, title, kind, period_from, period_to, due_on, note, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(campaign.0)
        .bind(r.title.replace(&from_year.to_string(), &year.to_string()))
        .bind(&r.kind)
        .bind(r.period_from.as_deref().map(shift).transpose()?)
        .bind(r.period_to.as_deref().map(shift).transpose()?)
        .bind(shift(&r.due_on)?)
        .bind(&r.note)
        .bind(actor.map(|a| a.0))
        .bind(now_text())
        .fetch_one(&mut *tx)
        .await?;
        for sql in [
            "INSERT INTO report_indicators (request_id, position, code, label, kind, measure, aggregation)
             SELECT $1, position, code, label, kind, measure, aggregation FROM report_indicators WHERE request_id = $2",
            "INSERT INTO report_targets (request_id, unit_id) SELECT $1, unit_id FROM report_targets WHERE request_id = $2",
        ] {
            sqlx::query::<Any>(sql)
                .bind(id)
                .bind(r.id)
                .execute(&mut *tx)
                .await?;
        }
    }
    Ok(requests.len())
}

/// Copies the chosen frames (their pixels stay in the database: no bytes pass through
/// here) and stores the drawn ones.
async fn copy_frames(
    tx: &mut AnyConnection,
    campaign: CampaignId,
    frames: Frames<'_>,
    by: i32,
) -> Result<usize, StoreError> {
    let now = now_text();
    for (position, id) in frames.copy.iter().enumerate() {
        let (from, to) = sqlx::query_as::<Any, (String, String)>(
            "SELECT active_from, active_to FROM frames WHERE id = $1",
        )
        .bind(id.0)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query::<Any>(
            "INSERT INTO frames (campaign_id, title, aspect, width, height, transparent_permille, circle_safe, png, sha256,
                 active_from, active_to, position, created_at, updated_at)
             SELECT $1, title, aspect, width, height, transparent_permille, circle_safe, png, sha256, $2, $3, $4, $5, $5
             FROM frames WHERE id = $6",
        )
        .bind(campaign.0)
        .bind(moved(&from, by)?)
        .bind(moved(&to, by)?)
        .bind(position as i64)
        .bind(&now)
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
    }
    for f in frames.drawn {
        let f = NewFrame {
            campaign_id: campaign,
            ..f.clone()
        };
        crate::frames::insert_in(&mut *tx, &f).await?;
    }
    Ok(frames.copy.len() + frames.drawn.len())
}

/// Copies the kit's shown assets, hidden, their display windows moved into the new
/// campaign's (the stored files are shared: they are kept by content hash).
async fn copy_assets(
    tx: &mut AnyConnection,
    source: CampaignId,
    campaign: CampaignId,
    data: &CampaignData,
    from_year: i32,
) -> Result<usize, StoreError> {
    let assets = sqlx::query_as::<Any, (i64, String, String, String)>(
        "SELECT id, title, display_from, display_to FROM kit_assets
         WHERE campaign_id = $1 AND archived_at IS NULL ORDER BY id",
    )
    .bind(source.0)
    .fetch_all(&mut *tx)
    .await?;
    let by = data.year - from_year;
    let within = |d: Date| d.clamp(data.starts_on, data.ends_on);
    let now = now_text();
    for (id, title, from, to) in &assets {
        let from = within(shift_years(date(from)?, by));
        let to = within(shift_years(date(to)?, by)).max(from);
        sqlx::query::<Any>(
            "INSERT INTO kit_assets (campaign_id, title, category, usage_notes, display_from, display_to, format,
                 file_key, preview_key, sha256, size, width, height, external_url, downloads, created_at, archived_at)
             SELECT $1, $2, category, usage_notes, $3, $4, format, file_key, preview_key, sha256, size, width, height,
                 external_url, 0, $5, $5
             FROM kit_assets WHERE id = $6",
        )
        .bind(campaign.0)
        .bind(title.replace(&from_year.to_string(), &data.year.to_string()))
        .bind(date_text(from))
        .bind(date_text(to))
        .bind(&now)
        .bind(*id)
        .execute(&mut *tx)
        .await?;
    }
    Ok(assets.len())
}

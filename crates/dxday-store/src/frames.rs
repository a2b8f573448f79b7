//! Avatar frames (the PNG is kept in the database: a few per campaign, shared by every
//! node) and their anonymous download counts.

use dxday_domain::{CampaignId, FrameId, UserId};
use serde::Serialize;
use sqlx::{Any, FromRow};
use time::Date;

use crate::archive::{self, Archivable};
use crate::audit::{self, Entry};
use crate::time_text::{date, date_text, now_text};
use crate::{Db, StoreError};

/// A stored frame, without its pixels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FrameRecord {
    pub id: FrameId,
    pub campaign_id: CampaignId,
    pub title: String,
    /// "1:1", "4:5" or "9:16".
    pub aspect: String,
    pub width: i64,
    pub height: i64,
    pub transparent_permille: i64,
    pub circle_safe: bool,
    pub sha256: String,
    pub active_from: Date,
    pub active_to: Date,
    pub archived: bool,
}

/// A frame to store; its checks were made by the media crate.
#[derive(Debug, Clone, Serialize)]
pub struct NewFrame {
    pub campaign_id: CampaignId,
    pub title: String,
    pub aspect: String,
    pub width: i64,
    pub height: i64,
    pub transparent_permille: i64,
    pub circle_safe: bool,
    #[serde(skip)]
    pub png: Vec<u8>,
    pub sha256: String,
    pub active_from: Date,
    pub active_to: Date,
}

#[derive(FromRow)]
struct Row {
    id: i64,
    campaign_id: i64,
    title: String,
    aspect: String,
    width: i64,
    height: i64,
    transparent_permille: i64,
    circle_safe: i64,
    sha256: String,
    active_from: String,
    active_to: String,
    archived_at: Option<String>,
}

impl TryFrom<Row> for FrameRecord {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<FrameRecord, StoreError> {
        Ok(FrameRecord {
            id: FrameId(r.id),
            campaign_id: CampaignId(r.campaign_id),
            title: r.title,
            aspect: r.aspect,
            width: r.width,
            height: r.height,
            transparent_permille: r.transparent_permille,
            circle_safe: r.circle_safe != 0,
            sha256: r.sha256,
            active_from: date(&r.active_from)?,
            active_to: date(&r.active_to)?,
            archived: r.archived_at.is_some(),
        })
    }
}

const SELECT: &str = "SELECT id, campaign_id, title, aspect, width, height, transparent_permille, circle_safe, sha256, active_from, active_to, archived_at FROM frames";

/// Stores a frame.
pub async fn insert(db: &Db, actor: Option<UserId>, f: &NewFrame) -> Result<FrameId, StoreError> {
    audit::write(db, actor, async |tx| {
        let id = insert_in(tx, f).await?;
        Ok((id, Entry::new("frame.create", "frame", id.0).after(&f)))
    })
    .await
}

/// Stores a frame inside the caller's transaction.
pub(crate) async fn insert_in(
    tx: &mut sqlx::AnyConnection,
    f: &NewFrame,
) -> Result<FrameId, StoreError> {
    let id: i64 = sqlx::query_scalar::<Any, i64>(
        "INSERT INTO frames (campaign_id, title, aspect, width, height, transparent_permille, circle_safe, png, sha256, active_from, active_to,
         position, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, (SELECT COUNT(*) FROM frames WHERE campaign_id = $1), $12, $12) RETURNING id",
    )
    .bind(f.campaign_id.0)
    .bind(&f.title)
    .bind(&f.aspect)
    .bind(f.width)
    .bind(f.height)
    .bind(f.transparent_permille)
    .bind(i64::from(f.circle_safe))
    .bind(f.png.clone())
    .bind(&f.sha256)
    .bind(date_text(f.active_from))
    .bind(date_text(f.active_to))
    .bind(now_text())
    .fetch_one(&mut *tx)
    .await?;
    Ok(FrameId(id))
}

/// The frames of a campaign, in upload order.
pub async fn for_campaign(
    db: &Db,
    campaign: CampaignId,
    with_archived: bool,
) -> Result<Vec<FrameRecord>, StoreError> {
    let rows = sqlx::query_as::<Any, Row>(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE campaign_id = $1 ORDER BY position, id"
    )))
    .bind(campaign.0)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(FrameRecord::try_from)
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|f| with_archived || !f.archived)
        .collect())
}

/// One frame.
pub async fn get(db: &Db, id: FrameId) -> Result<Option<FrameRecord>, StoreError> {
    let row = sqlx::query_as::<Any, Row>(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(db.pool())
        .await?;
    row.map(FrameRecord::try_from).transpose()
}

/// The PNG of a frame.
pub async fn png(db: &Db, id: FrameId) -> Result<Option<Vec<u8>>, StoreError> {
    Ok(
        sqlx::query_scalar::<Any, Vec<u8>>("SELECT png FROM frames WHERE id = $1")
            .bind(id.0)
            .fetch_optional(db.pool())
            .await?,
    )
}

/// The PNG of a frame that is not archived (one query, for the public studio).
pub async fn public_png(db: &Db, id: FrameId) -> Result<Option<Vec<u8>>, StoreError> {
    Ok(sqlx::query_scalar::<Any, Vec<u8>>(
        "SELECT png FROM frames WHERE id = $1 AND archived_at IS NULL",
    )
    .bind(id.0)
    .fetch_optional(db.pool())
    .await?)
}

/// Changes a frame's title and active window.
pub async fn update(
    db: &Db,
    actor: Option<UserId>,
    id: FrameId,
    title: &str,
    from: Date,
    to: Date,
) -> Result<bool, StoreError> {
    let Some(before) = get(db, id).await? else {
        return Ok(false);
    };
    audit::write(db, actor, async |tx| {
        sqlx::query::<Any>("UPDATE frames SET title = $1, active_from = $2, active_to = $3, updated_at = $4 WHERE id = $5")
            .bind(title)
            .bind(date_text(from))
            .bind(date_text(to))
            .bind(now_text())
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        let after = FrameRecord {
            title: title.to_string(),
            active_from: from,
            active_to: to,
            ..before.clone()
        };
        Ok((true, Entry::new("frame.update", "frame", id.0)
            .before(&before)
            .after(&after)))
    })
    .await
}

/// Archives (or restores) a frame.
pub async fn set_archived(
    db: &Db,
    actor: Option<UserId>,
    id: FrameId,
    archived: bool,
) -> Result<bool, StoreError> {
    archive::set(db, Archivable::Frames, actor, id.0, archived).await
}

/// Counts one download of `frame` on `day`, for the unit of the link (0 = none).
/// Nothing about the person is stored.
pub async fn count_download(
    db: &Db,
    frame: FrameId,
    day: Date,
    unit_key: i64,
) -> Result<(), StoreError> {
    count_downloads(db, frame, day, unit_key, 1).await
}

/// Counts `n` downloads at once (a flush of counts kept in memory, the demo's).
pub async fn count_downloads(
    db: &Db,
    frame: FrameId,
    day: Date,
    unit_key: i64,
    n: i64,
) -> Result<(), StoreError> {
    sqlx::query::<Any>(
        "INSERT INTO frame_downloads (frame_id, day, unit_key, downloads) VALUES ($1, $2, $3, $4)
         ON CONFLICT (frame_id, day, unit_key) DO UPDATE SET downloads = frame_downloads.downloads + $4",
    )
    .bind(frame.0)
    .bind(date_text(day))
    .bind(unit_key)
    .bind(n)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Downloads of a campaign's frames per unit key (0 = no unit link), all days.
pub async fn downloads_by_unit(
    db: &Db,
    campaign: CampaignId,
) -> Result<Vec<(i64, i64)>, StoreError> {
    Ok(sqlx::query_as::<Any, (i64, i64)>(
        "SELECT d.unit_key, CAST(SUM(d.downloads) AS BIGINT) FROM frame_downloads d JOIN frames f ON f.id = d.frame_id
         WHERE f.campaign_id = $1 GROUP BY d.unit_key ORDER BY d.unit_key",
    )
    .bind(campaign.0)
    .fetch_all(db.pool())
    .await?)
}

/// All downloads of a campaign's frames.
pub async fn total_downloads(db: &Db, campaign: CampaignId) -> Result<i64, StoreError> {
    Ok(downloads_by_unit(db, campaign)
        .await?
        .iter()
        .map(|(_, n)| n)
        .sum())
}

//! The identity kit's assets: their description, the facts read from their file
//! (format, size, pixels, hash, the keys of the file and its preview), downloads.

use dxday_domain::kit::{AssetCategory, AssetData};
use dxday_domain::{AssetId, CampaignId, UserId};
use serde::Serialize;
use sqlx::{Any, FromRow};
use time::Date;

use crate::audit::{self, Entry};
use crate::time_text::{date, date_text, now_text};
use crate::{Db, StoreError};

/// The facts of an asset's stored file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredFile {
    /// `png`, `jpg`, `webp`, `pdf`, `svg`, `mp4`.
    pub format: String,
    pub file_key: String,
    pub preview_key: Option<String>,
    pub sha256: String,
    pub size: i64,
    pub width: Option<i64>,
    pub height: Option<i64>,
}

/// A stored asset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Asset {
    pub id: AssetId,
    pub campaign_id: CampaignId,
    pub data: AssetData,
    /// `link` for an external video.
    pub format: String,
    pub file: Option<StoredFile>,
    pub downloads: i64,
    pub archived: bool,
}

#[derive(FromRow)]
struct Row {
    id: i64,
    campaign_id: i64,
    title: String,
    category: String,
    usage_notes: Option<String>,
    display_from: String,
    display_to: String,
    format: String,
    file_key: Option<String>,
    preview_key: Option<String>,
    sha256: Option<String>,
    size: Option<i64>,
    width: Option<i64>,
    height: Option<i64>,
    external_url: Option<String>,
    downloads: i64,
    archived_at: Option<String>,
}

const SELECT: &str = "SELECT id, campaign_id, title, category, usage_notes, display_from, display_to, format, file_key, preview_key, sha256, size, width, height, external_url, downloads, archived_at FROM kit_assets";

impl TryFrom<Row> for Asset {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<Asset, StoreError> {
        let file = match (r.file_key, r.sha256, r.size) {
            (Some(file_key), Some(sha256), Some(size)) => Some(StoredFile {
                format: r.format.clone(),
                file_key,
                preview_key: r.preview_key,
                sha256,
                size,
                width: r.width,
                height: r.height,
            }),
            _ => None,
        };
        Ok(Asset {
            id: AssetId(r.id),
            campaign_id: CampaignId(r.campaign_id),
            data: AssetData {
                title: r.title,
                category: AssetCategory::parse(&r.category)
                    .map_err(|_| StoreError::Corrupt("kit category".into()))?,
                usage_notes: r.usage_notes,
                display_from: date(&r.display_from)?,
                display_to: date(&r.display_to)?,
                external_url: r.external_url,
            },
            format: r.format,
            file,
            downloads: r.downloads,
            archived: r.archived_at.is_some(),
        })
    }
}

/// Stores an asset of `campaign`: a file's facts, or an external link.
pub async fn insert(
    db: &Db,
    actor: Option<UserId>,
    campaign: CampaignId,
    data: &AssetData,
    file: Option<&StoredFile>,
) -> Result<AssetId, StoreError> {
    audit::write(db, actor, async |tx| {
        let id: i64 = sqlx::query_scalar::<Any, i64>(
            "INSERT INTO kit_assets (campaign_id, title, category, usage_notes, display_from, display_to, format,
                 file_key, preview_key, sha256, size, width, height, external_url, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
        )
        .bind(campaign.0)
        .bind(&data.title)
        .bind(data.category.as_str())
        .bind(&data.usage_notes)
        .bind(date_text(data.display_from))
        .bind(date_text(data.display_to))
        .bind(file.map_or("link", |f| f.format.as_str()))
        .bind(file.map(|f| f.file_key.clone()))
        .bind(file.and_then(|f| f.preview_key.clone()))
        .bind(file.map(|f| f.sha256.clone()))
        .bind(file.map(|f| f.size))
        .bind(file.and_then(|f| f.width))
        .bind(file.and_then(|f| f.height))
        .bind(&data.external_url)
        .bind(now_text())
        .fetch_one(&mut *tx)
        .await?;
        Ok((AssetId(id), Entry::new("kit.create", "kit_asset", id)
            .after(&serde_json::json!({ "asset": data, "file": file }))))
    })
    .await
}

/// A campaign's assets in the kit page's order (category, then oldest first); archived
/// ones only when asked.
pub async fn list(
    db: &Db,
    campaign: CampaignId,
    with_archived: bool,
) -> Result<Vec<Asset>, StoreError> {
    let rows = sqlx::query_as::<Any, Row>(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE campaign_id = $1 AND (archived_at IS NULL OR CAST($2 AS BIGINT) = 1) ORDER BY id"
    )))
    .bind(campaign.0)
    .bind(i64::from(with_archived))
    .fetch_all(db.pool())
    .await?;
    let mut all = rows
        .into_iter()
        .map(Asset::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    all.sort_by_key(|a| {
        (
            AssetCategory::ALL
                .iter()
                .position(|c| *c == a.data.category)
                .unwrap_or(usize::MAX),
            a.id,
        )
    });
    Ok(all)
}

/// One asset.
pub async fn get(db: &Db, id: AssetId) -> Result<Option<Asset>, StoreError> {
    let id = id.0;
    sqlx::query_as::<Any, Row>(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .map(Asset::try_from)
        .transpose()
}

/// Adds downloads counted elsewhere (`(asset, count)`) on `day` (Vietnam's date): to
/// each asset's total and to its day, in one transaction.
pub async fn add_downloads(db: &Db, counts: &[(i64, i64)], day: Date) -> Result<(), StoreError> {
    if counts.is_empty() {
        return Ok(());
    }
    let day = date_text(day);
    // Rows in the assets' id order: nodes writing at once lock them in one order, so
    // their transactions wait for each other instead of deadlocking.
    let mut counts = counts.to_vec();
    counts.sort_unstable();
    let mut tx = db.begin().await?;
    for (id, n) in &counts {
        sqlx::query::<Any>("UPDATE kit_assets SET downloads = downloads + $1 WHERE id = $2")
            .bind(n)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query::<Any>(
            "INSERT INTO kit_download_days (asset_id, day, downloads)
             SELECT id, $2, $3 FROM kit_assets WHERE id = $1
             ON CONFLICT (asset_id, day) DO UPDATE SET downloads = kit_download_days.downloads + $3",
        )
        .bind(id)
        .bind(&day)
        .bind(n)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Archives (hides from the kit page) or restores an asset; `false` when there is none.
pub async fn set_archived(
    db: &Db,
    actor: Option<UserId>,
    id: AssetId,
    archived: bool,
) -> Result<bool, StoreError> {
    let action = if archived {
        "kit.archive"
    } else {
        "kit.restore"
    };
    let entry =
        Entry::new(action, "kit_asset", id.0).after(&serde_json::json!({ "archived": archived }));
    audit::write_rows(db, actor, entry, async |tx| {
        let done = sqlx::query::<Any>("UPDATE kit_assets SET archived_at = $1 WHERE id = $2")
            .bind(archived.then(now_text))
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        Ok(done.rows_affected())
    })
    .await
}

//! Display evidence: where each unit showed the identity kit, the days, and a photo.
//! Every read and write of a unit's declarations names the unit, so one unit can never
//! reach another's: the writes and the unit's list take a [`ScopedUnit`].

use dxday_domain::display::{Channel, DisplayData};
use dxday_domain::{CampaignId, DisplayId, ScopedUnit, UnitId, UserId};
use serde::Serialize;
use sqlx::{Any, FromRow, Row as _};

use crate::audit::{self, Entry};
use crate::time_text::{date, date_text, now_text};
use crate::{AnyQuery, Db, StoreError};

/// The evidence photo's facts (the file itself is in the file store).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Photo {
    pub key: String,
    pub preview_key: String,
    /// `png`, `jpg`, `webp`.
    pub format: String,
    pub size: i64,
}

/// A stored declaration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub id: DisplayId,
    pub campaign_id: CampaignId,
    pub unit_id: UnitId,
    pub data: DisplayData,
    pub photo: Photo,
}

#[derive(FromRow)]
struct Row {
    id: i64,
    campaign_id: i64,
    unit_id: i64,
    channel: String,
    place: String,
    shown_from: String,
    shown_to: String,
    note: Option<String>,
    photo_key: String,
    preview_key: String,
    photo_format: String,
    photo_size: i64,
}

const SELECT: &str = "SELECT id, campaign_id, unit_id, channel, place, shown_from, shown_to, note, photo_key, preview_key, photo_format, photo_size FROM display_evidence";

impl TryFrom<Row> for Evidence {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<Evidence, StoreError> {
        Ok(Evidence {
            id: DisplayId(r.id),
            campaign_id: CampaignId(r.campaign_id),
            unit_id: UnitId(r.unit_id),
            data: DisplayData {
                channel: Channel::parse(&r.channel)
                    .map_err(|_| StoreError::Corrupt("display channel".into()))?,
                place: r.place,
                shown_from: date(&r.shown_from)?,
                shown_to: date(&r.shown_to)?,
                note: r.note,
            },
            photo: Photo {
                key: r.photo_key,
                preview_key: r.preview_key,
                format: r.photo_format,
                size: r.photo_size,
            },
        })
    }
}

/// Stores a unit's declaration.
pub async fn insert(
    db: &Db,
    actor: Option<UserId>,
    campaign: CampaignId,
    unit: ScopedUnit,
    data: &DisplayData,
    photo: &Photo,
) -> Result<DisplayId, StoreError> {
    let unit = unit.id();
    audit::write(db, actor, async |tx| {
        let id: i64 = bind_evidence(
            sqlx::query::<Any>(
                "INSERT INTO display_evidence (channel, place, shown_from, shown_to, note,
                     photo_key, preview_key, photo_format, photo_size, created_at, updated_at,
                     campaign_id, unit_id, created_by)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, $12, $13) RETURNING id",
            ),
            data,
            photo,
        )
        .bind(campaign.0)
        .bind(unit.0)
        .bind(actor.map(|a| a.0))
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
        Ok((
            DisplayId(id),
            Entry::new("display.create", "display_evidence", id)
                .after(&serde_json::json!({ "unit": unit.0, "data": data, "photo": photo })),
        ))
    })
    .await
}

/// Binds a declaration's fields and its photo's as $1…$9 and the time of the change as
/// $10, in the column order the INSERT and the UPDATE share.
fn bind_evidence<'q>(q: AnyQuery<'q>, data: &'q DisplayData, photo: &'q Photo) -> AnyQuery<'q> {
    q.bind(data.channel.as_str())
        .bind(&data.place)
        .bind(date_text(data.shown_from))
        .bind(date_text(data.shown_to))
        .bind(&data.note)
        .bind(&photo.key)
        .bind(&photo.preview_key)
        .bind(&photo.format)
        .bind(photo.size)
        .bind(now_text())
}

/// Changes a unit's declaration (and its photo when a new one is given); `false` when
/// the unit has no such declaration.
pub async fn update(
    db: &Db,
    actor: Option<UserId>,
    id: DisplayId,
    unit: ScopedUnit,
    data: &DisplayData,
    photo: Option<&Photo>,
) -> Result<bool, StoreError> {
    let (id, unit) = (id.0, unit.id());
    audit::write_found(db, actor, async |tx| {
        let Some(before) = get_in(&mut *tx, id, unit).await? else {
            return Ok(None);
        };
        let photo = photo.unwrap_or(&before.photo);
        bind_evidence(
            sqlx::query::<Any>(
                "UPDATE display_evidence SET channel = $1, place = $2, shown_from = $3, shown_to = $4,
                     note = $5, photo_key = $6, preview_key = $7, photo_format = $8, photo_size = $9,
                     updated_at = $10
                 WHERE id = $11 AND unit_id = $12",
            ),
            data,
            photo,
        )
        .bind(id)
        .bind(unit.0)
        .execute(&mut *tx)
        .await?;
        Ok(Some((
            (),
            Entry::new("display.update", "display_evidence", id)
                .before(&before)
                .after(&serde_json::json!({ "data": data, "photo": photo })),
        )))
    })
    .await
    .map(|done| done.is_some())
}

/// Deletes a unit's declaration; `false` when the unit has no such declaration. The
/// photo stays in the file store (another declaration may share it).
pub async fn delete(
    db: &Db,
    actor: Option<UserId>,
    id: DisplayId,
    unit: ScopedUnit,
) -> Result<bool, StoreError> {
    let (id, unit) = (id.0, unit.id());
    audit::write_found(db, actor, async |tx| {
        let Some(before) = get_in(&mut *tx, id, unit).await? else {
            return Ok(None);
        };
        sqlx::query::<Any>("DELETE FROM display_evidence WHERE id = $1 AND unit_id = $2")
            .bind(id)
            .bind(unit.0)
            .execute(&mut *tx)
            .await?;
        Ok(Some((
            (),
            Entry::new("display.delete", "display_evidence", id).before(&before),
        )))
    })
    .await
    .map(|done| done.is_some())
}

async fn get_in(
    conn: &mut sqlx::AnyConnection,
    id: i64,
    unit: UnitId,
) -> Result<Option<Evidence>, StoreError> {
    sqlx::query_as::<Any, Row>(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE id = $1 AND unit_id = $2"
    )))
    .bind(id)
    .bind(unit.0)
    .fetch_optional(conn)
    .await?
    .map(Evidence::try_from)
    .transpose()
}

/// One declaration, whichever unit made it (the caller checks who may see it).
pub async fn get(db: &Db, id: DisplayId) -> Result<Option<Evidence>, StoreError> {
    let id = id.0;
    sqlx::query_as::<Any, Row>(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .map(Evidence::try_from)
        .transpose()
}

/// A unit's declarations for a campaign, by channel then first day.
pub async fn for_unit(
    db: &Db,
    campaign: CampaignId,
    unit: ScopedUnit,
) -> Result<Vec<Evidence>, StoreError> {
    let unit = unit.id();
    let rows = sqlx::query_as::<Any, Row>(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE campaign_id = $1 AND unit_id = $2 ORDER BY shown_from, id"
    )))
    .bind(campaign.0)
    .bind(unit.0)
    .fetch_all(db.pool())
    .await?;
    sorted(rows)
}

/// Every unit's declarations for a campaign (the office's table).
pub async fn for_campaign(db: &Db, campaign: CampaignId) -> Result<Vec<Evidence>, StoreError> {
    let rows = sqlx::query_as::<Any, Row>(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE campaign_id = $1 ORDER BY unit_id, shown_from, id"
    )))
    .bind(campaign.0)
    .fetch_all(db.pool())
    .await?;
    sorted(rows)
}

fn sorted(rows: Vec<Row>) -> Result<Vec<Evidence>, StoreError> {
    let mut all = rows
        .into_iter()
        .map(Evidence::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    all.sort_by_key(|e| {
        (
            e.unit_id.0,
            Channel::ALL.iter().position(|c| *c == e.data.channel),
            e.data.shown_from,
            e.id,
        )
    });
    Ok(all)
}

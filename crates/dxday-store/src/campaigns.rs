//! Campaigns: public data, so no unit scope; only office roles write them.

use dxday_domain::campaign::CampaignData;
use dxday_domain::{CampaignId, UnitId, UserId};
use serde::Serialize;
use sqlx::{Any, AnyConnection, FromRow};

use crate::archive::{self, Archivable};
use crate::audit::{self, Entry};
use crate::time_text::{date, date_text, now_text, opt_date};
use crate::{Db, StoreError};

/// A stored campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Campaign {
    pub id: CampaignId,
    #[serde(flatten)]
    pub data: CampaignData,
    pub issuer_name: Option<String>,
    pub archived: bool,
}

#[derive(FromRow)]
struct CampaignRow {
    id: i64,
    year: i64,
    title: String,
    theme: String,
    purpose: String,
    meaning: String,
    legal_basis: String,
    issuer_unit_id: Option<i64>,
    issuer_name: Option<String>,
    starts_on: String,
    ends_on: String,
    display_from: String,
    display_to: String,
    day_on: String,
    consumption_from: Option<String>,
    consumption_to: Option<String>,
    kit_url: Option<String>,
    archived_at: Option<String>,
}

impl TryFrom<CampaignRow> for Campaign {
    type Error = StoreError;
    fn try_from(r: CampaignRow) -> Result<Campaign, StoreError> {
        Ok(Campaign {
            id: CampaignId(r.id),
            data: CampaignData {
                year: i32::try_from(r.year)
                    .map_err(|_| StoreError::Corrupt(format!("campaign {} year", r.id)))?,
                title: r.title,
                theme: r.theme,
                purpose: r.purpose,
                meaning: r.meaning,
                legal_basis: r.legal_basis,
                issuer_unit_id: r.issuer_unit_id.map(UnitId),
                starts_on: date(&r.starts_on)?,
                ends_on: date(&r.ends_on)?,
                display_from: date(&r.display_from)?,
                display_to: date(&r.display_to)?,
                day_on: date(&r.day_on)?,
                consumption_from: opt_date(r.consumption_from.as_deref())?,
                consumption_to: opt_date(r.consumption_to.as_deref())?,
                kit_url: r.kit_url,
            },
            issuer_name: r.issuer_name,
            archived: r.archived_at.is_some(),
        })
    }
}

const SELECT: &str = "SELECT c.id, c.year, c.title, c.theme, c.purpose, c.meaning, c.legal_basis, c.issuer_unit_id, u.name AS issuer_name,
    c.starts_on, c.ends_on, c.display_from, c.display_to, c.day_on, c.consumption_from, c.consumption_to, c.kit_url, c.archived_at
    FROM campaigns c LEFT JOIN units u ON u.id = c.issuer_unit_id";

/// Every campaign, newest year first.
pub async fn list(db: &Db) -> Result<Vec<Campaign>, StoreError> {
    let rows = sqlx::query_as::<Any, CampaignRow>(sqlx::AssertSqlSafe(format!(
        "{SELECT} ORDER BY c.year DESC, c.id DESC"
    )))
    .fetch_all(db.pool())
    .await?;
    rows.into_iter().map(Campaign::try_from).collect()
}

/// The campaigns the public site may show (not archived).
pub async fn list_public(db: &Db) -> Result<Vec<Campaign>, StoreError> {
    Ok(list(db)
        .await?
        .into_iter()
        .filter(|c| !c.archived)
        .collect())
}

/// One campaign.
pub async fn get(db: &Db, id: CampaignId) -> Result<Option<Campaign>, StoreError> {
    let mut conn = db.pool().acquire().await?;
    fetch(&mut conn, id).await
}

pub(crate) async fn fetch(
    conn: &mut AnyConnection,
    id: CampaignId,
) -> Result<Option<Campaign>, StoreError> {
    let row = sqlx::query_as::<Any, CampaignRow>(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE c.id = $1"
    )))
    .bind(id.0)
    .fetch_optional(conn)
    .await?;
    row.map(Campaign::try_from).transpose()
}

/// Inserts a campaign.
pub async fn insert(
    db: &Db,
    actor: Option<UserId>,
    c: &CampaignData,
) -> Result<CampaignId, StoreError> {
    let mut tx = db.begin().await?;
    let id = insert_in(&mut tx, actor, c).await?;
    tx.commit().await?;
    Ok(id)
}

/// Inserts a campaign inside the caller's transaction.
pub(crate) async fn insert_in(
    conn: &mut AnyConnection,
    actor: Option<UserId>,
    c: &CampaignData,
) -> Result<CampaignId, StoreError> {
    check_issuer(conn, c.issuer_unit_id).await?;
    let id: i64 = bind_all(
        sqlx::query_scalar::<Any, i64>(
            "INSERT INTO campaigns (year, title, theme, purpose, meaning, legal_basis, issuer_unit_id, starts_on, ends_on, display_from,
             display_to, day_on, consumption_from, consumption_to, kit_url, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id",
        ),
        c,
    )
    .bind(now_text())
    .fetch_one(&mut *conn)
    .await?;
    // Its task list starts with the default statuses.
    crate::tasks::ensure_statuses(&mut *conn, CampaignId(id)).await?;
    Entry::new("campaign.create", "campaign", id)
        .after(&c)
        .record(&mut *conn, actor)
        .await?;
    Ok(CampaignId(id))
}

/// Updates a campaign; `Ok(false)` when it does not exist.
pub async fn update(
    db: &Db,
    actor: Option<UserId>,
    id: CampaignId,
    c: &CampaignData,
) -> Result<bool, StoreError> {
    audit::write_found(db, actor, async |tx| {
        let Some(before) = fetch(&mut *tx, id).await? else {
            return Ok(None);
        };
        check_issuer(&mut *tx, c.issuer_unit_id).await?;
        bind_all(
            sqlx::query_scalar::<Any, i64>(
                "UPDATE campaigns SET year = $1, title = $2, theme = $3, purpose = $4, meaning = $5, legal_basis = $6, issuer_unit_id = $7,
                 starts_on = $8, ends_on = $9, display_from = $10, display_to = $11, day_on = $12, consumption_from = $13, consumption_to = $14,
                 kit_url = $15, updated_at = $16 WHERE id = $17 RETURNING id",
            ),
            c,
        )
        .bind(now_text())
        .bind(id.0)
        .fetch_one(&mut *tx)
        .await?;
        Ok(Some(((), Entry::new("campaign.update", "campaign", id.0)
            .before(&before.data)
            .after(&c))))
    })
    .await
    .map(|done| done.is_some())
}

type Scalar<'q> = sqlx::query::QueryScalar<'q, Any, i64, sqlx::any::AnyArguments>;

fn bind_all<'q>(q: Scalar<'q>, c: &CampaignData) -> Scalar<'q> {
    q.bind(i64::from(c.year))
        .bind(c.title.clone())
        .bind(c.theme.clone())
        .bind(c.purpose.clone())
        .bind(c.meaning.clone())
        .bind(c.legal_basis.clone())
        .bind(c.issuer_unit_id.map(|u| u.0))
        .bind(date_text(c.starts_on))
        .bind(date_text(c.ends_on))
        .bind(date_text(c.display_from))
        .bind(date_text(c.display_to))
        .bind(date_text(c.day_on))
        .bind(c.consumption_from.map(date_text))
        .bind(c.consumption_to.map(date_text))
        .bind(c.kit_url.clone())
}

/// Archives (or restores) a campaign; `Ok(false)` when it does not exist.
pub async fn set_archived(
    db: &Db,
    actor: Option<UserId>,
    id: CampaignId,
    archived: bool,
) -> Result<bool, StoreError> {
    archive::set(db, Archivable::Campaigns, actor, id.0, archived).await
}

async fn check_issuer(conn: &mut AnyConnection, unit: Option<UnitId>) -> Result<(), StoreError> {
    if let Some(u) = unit {
        let n: i64 = sqlx::query_scalar::<Any, i64>("SELECT COUNT(*) FROM units WHERE id = $1")
            .bind(u.0)
            .fetch_one(&mut *conn)
            .await?;
        if n == 0 {
            return Err(StoreError::Field {
                field: "issuer_unit_id",
                key: "err-choice",
            });
        }
    }
    Ok(())
}

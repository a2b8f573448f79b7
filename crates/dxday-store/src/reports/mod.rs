//! Report requests and the units' reports. A unit has at most one report per request
//! (`UNIQUE (request_id, unit_id)`); every change of a report first claims its row with
//! an `UPDATE … WHERE status IN ('draft', 'returned')`, so of two submissions racing
//! each other one wins and the other finds the report already submitted, on SQLite
//! (one writer at a time) and on PostgreSQL (the row lock) alike.

use std::collections::HashMap;

use dxday_domain::report::{
    Aggregation, Indicator, IndicatorKind, ReportKind, ReportStatus, RequestData,
};
use dxday_domain::{CampaignId, RequestId, ScopedUnit, UnitId, UserId};
use serde::Serialize;
use sqlx::{Any, AnyConnection, FromRow};

use crate::audit::{self, Entry};
use crate::time_text::{date_text, instant, now_text, opt_date, opt_instant};
use crate::{Db, StoreError};
use time::OffsetDateTime;

mod lists;
pub use lists::*;
mod submission;
pub use submission::*;
mod consolidated;
pub use consolidated::*;

/// A stored request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Request {
    pub id: RequestId,
    pub campaign_id: CampaignId,
    pub data: RequestData,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When it was sent to its target units; `None` for a draft only the office sees
    /// (one prepared from last year's campaign).
    #[serde(with = "time::serde::rfc3339::option")]
    pub sent_at: Option<OffsetDateTime>,
}

#[derive(FromRow)]
struct RequestRow {
    id: i64,
    campaign_id: i64,
    title: String,
    kind: String,
    period_from: Option<String>,
    period_to: Option<String>,
    due_on: String,
    note: Option<String>,
    created_at: String,
    sent_at: Option<String>,
}

const SELECT_REQUEST: &str = "SELECT id, campaign_id, title, kind, period_from, period_to, due_on, note, created_at, sent_at FROM report_requests";

impl TryFrom<RequestRow> for Request {
    type Error = StoreError;
    fn try_from(r: RequestRow) -> Result<Request, StoreError> {
        Ok(Request {
            id: RequestId(r.id),
            campaign_id: CampaignId(r.campaign_id),
            created_at: instant(&r.created_at)?,
            sent_at: opt_instant(r.sent_at.as_deref())?,
            data: RequestData {
                title: r.title,
                kind: ReportKind::parse(&r.kind)
                    .map_err(|_| StoreError::Corrupt("report kind".into()))?,
                period_from: opt_date(r.period_from.as_deref())?,
                period_to: opt_date(r.period_to.as_deref())?,
                due_on: crate::time_text::date(&r.due_on)?,
                note: r.note,
            },
        })
    }
}

/// An indicator of a stored request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredIndicator {
    pub id: i64,
    pub indicator: Indicator,
}

#[derive(FromRow)]
struct IndicatorRow {
    id: i64,
    code: String,
    label: String,
    kind: String,
    measure: String,
    aggregation: String,
}

fn status_of(s: &str) -> Result<ReportStatus, StoreError> {
    ReportStatus::parse(s).map_err(|_| StoreError::Corrupt(format!("report status {s:?}")))
}

/// Why a change to a report was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// No such request, or the unit is not one of its targets (answer 404).
    NotFound,
    /// Approved reports are locked.
    Approved,
    /// Submitted and waiting for the office: the unit cannot change it now.
    Submitted,
    /// The office can only review a submitted report.
    NotSubmitted,
}

/// Stores a request with its indicators and target units, in one transaction.
pub async fn insert(
    db: &Db,
    actor: Option<UserId>,
    campaign: CampaignId,
    data: &RequestData,
    indicators: &[Indicator],
    targets: &[UnitId],
) -> Result<RequestId, StoreError> {
    audit::write(db, actor, async |tx| {
        let id = insert_in(&mut *tx, actor, campaign, data, indicators, targets).await?;
        Ok((
            id,
            Entry::new("report_request.create", "report_request", id.0).after(&serde_json::json!({
                "request": data,
                "indicators": indicators,
                "targets": targets.iter().map(|u| u.0).collect::<Vec<_>>(),
            })),
        ))
    })
    .await
}

/// Stores a request inside the caller's transaction (also the demo data).
pub async fn insert_in(
    tx: &mut AnyConnection,
    actor: Option<UserId>,
    campaign: CampaignId,
    data: &RequestData,
    indicators: &[Indicator],
    targets: &[UnitId],
) -> Result<RequestId, StoreError> {
    let id: i64 = sqlx::query_scalar::<Any, i64>(
        "INSERT INTO report_requests (campaign_id, title, kind, period_from, period_to, due_on, note, created_by, created_at, sent_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
    )
    .bind(campaign.0)
    .bind(&data.title)
    .bind(data.kind.as_str())
    .bind(data.period_from.map(date_text))
    .bind(data.period_to.map(date_text))
    .bind(date_text(data.due_on))
    .bind(&data.note)
    .bind(actor.map(|a| a.0))
    .bind(now_text())
    .fetch_one(&mut *tx)
    .await?;
    for (position, i) in indicators.iter().enumerate() {
        sqlx::query::<Any>(
            "INSERT INTO report_indicators (request_id, position, code, label, kind, measure, aggregation)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(position as i64)
        .bind(&i.code)
        .bind(&i.label)
        .bind(i.kind.as_str())
        .bind(&i.measure)
        .bind(i.aggregation.as_str())
        .execute(&mut *tx)
        .await?;
    }
    for unit in targets {
        sqlx::query::<Any>("INSERT INTO report_targets (request_id, unit_id) VALUES ($1, $2)")
            .bind(id)
            .bind(unit.0)
            .execute(&mut *tx)
            .await
            .map_err(|e| match &e {
                sqlx::Error::Database(d) if d.is_foreign_key_violation() => StoreError::Field {
                    field: "targets",
                    key: "err-choice",
                },
                _ => StoreError::Sqlx(e),
            })?;
    }
    Ok(RequestId(id))
}

/// Sends a draft request to its target units (from then on they see it and are
/// reminded); `false` when there is no such draft.
pub async fn send(db: &Db, actor: Option<UserId>, id: RequestId) -> Result<bool, StoreError> {
    let entry = Entry::new("report_request.send", "report_request", id.0);
    audit::write_rows(db, actor, entry, async |tx| {
        let done = sqlx::query::<Any>(
            "UPDATE report_requests SET sent_at = $1 WHERE id = $2 AND sent_at IS NULL",
        )
        .bind(now_text())
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        Ok(done.rows_affected())
    })
    .await
}

/// A request by id.
pub async fn get(db: &Db, id: RequestId) -> Result<Option<Request>, StoreError> {
    let id = id.0;
    sqlx::query_as::<Any, RequestRow>(sqlx::AssertSqlSafe(format!(
        "{SELECT_REQUEST} WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(db.pool())
    .await?
    .map(Request::try_from)
    .transpose()
}

/// A request's indicators, in the form's order.
pub async fn indicators(db: &Db, request: RequestId) -> Result<Vec<StoredIndicator>, StoreError> {
    let request = request.0;
    let rows = sqlx::query_as::<Any, IndicatorRow>(
        "SELECT id, code, label, kind, measure, aggregation FROM report_indicators
         WHERE request_id = $1 ORDER BY position",
    )
    .bind(request)
    .fetch_all(db.pool())
    .await?;
    rows.into_iter()
        .map(|r| {
            let bad = |_| StoreError::Corrupt("report indicator".into());
            Ok(StoredIndicator {
                id: r.id,
                indicator: Indicator {
                    code: r.code,
                    label: r.label,
                    kind: IndicatorKind::parse(&r.kind).map_err(bad)?,
                    measure: r.measure,
                    aggregation: Aggregation::parse(&r.aggregation).map_err(bad)?,
                },
            })
        })
        .collect()
}

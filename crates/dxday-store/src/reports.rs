//! Report requests and the units' reports. A unit has at most one report per request
//! (`UNIQUE (request_id, unit_id)`); every change of a report first claims its row with
//! an `UPDATE … WHERE status IN ('draft', 'returned')`, so of two submissions racing
//! each other one wins and the other finds the report already submitted, on SQLite
//! (one writer at a time) and on PostgreSQL (the row lock) alike.

use std::collections::HashMap;

use dxday_domain::report::{
    Aggregation, Indicator, IndicatorKind, ReportKind, ReportStatus, RequestData,
};
use dxday_domain::{CampaignId, UnitId, UserId};
use serde::Serialize;
use sqlx::{Any, AnyConnection, FromRow};

use crate::audit::{self, Change};
use crate::time_text::{date_text, now_text, opt_date};
use crate::{Db, StoreError};

/// A stored request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Request {
    pub id: i64,
    pub campaign_id: CampaignId,
    pub data: RequestData,
    pub created_at: String,
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
}

const SELECT_REQUEST: &str = "SELECT id, campaign_id, title, kind, period_from, period_to, due_on, note, created_at FROM report_requests";

impl TryFrom<RequestRow> for Request {
    type Error = StoreError;
    fn try_from(r: RequestRow) -> Result<Request, StoreError> {
        Ok(Request {
            id: r.id,
            campaign_id: CampaignId(r.campaign_id),
            created_at: r.created_at,
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
) -> Result<i64, StoreError> {
    let mut tx = db.begin().await?;
    let id = insert_in(&mut tx, actor, campaign, data, indicators, targets).await?;
    audit::record::<(), _>(
        &mut tx,
        Change {
            actor,
            action: "report_request.create",
            entity: "report_request",
            entity_id: Some(id),
            before: None,
            after: Some(&serde_json::json!({
                "request": data,
                "indicators": indicators,
                "targets": targets.iter().map(|u| u.0).collect::<Vec<_>>(),
            })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Stores a request inside the caller's transaction (also the demo data).
pub async fn insert_in(
    tx: &mut AnyConnection,
    actor: Option<UserId>,
    campaign: CampaignId,
    data: &RequestData,
    indicators: &[Indicator],
    targets: &[UnitId],
) -> Result<i64, StoreError> {
    let id: i64 = sqlx::query_scalar::<Any, i64>(
        "INSERT INTO report_requests (campaign_id, title, kind, period_from, period_to, due_on, note, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
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
    Ok(id)
}

/// A request by id.
pub async fn get(db: &Db, id: i64) -> Result<Option<Request>, StoreError> {
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
pub async fn indicators(db: &Db, request: i64) -> Result<Vec<StoredIndicator>, StoreError> {
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

/// A request with its counts, for the office's list.
#[derive(Debug, Clone, Serialize)]
pub struct RequestSummary {
    pub request: Request,
    pub targets: i64,
    /// Submitted or approved.
    pub received: i64,
    pub approved: i64,
}

impl RequestSummary {
    /// Target units that have not sent their report.
    pub fn missing(&self) -> i64 {
        self.targets - self.received
    }
}

#[derive(FromRow)]
struct Counts {
    request_id: i64,
    targets: i64,
    received: i64,
    approved: i64,
}

/// A campaign's requests, newest first, with how many units were asked and answered.
pub async fn for_campaign(
    db: &Db,
    campaign: CampaignId,
) -> Result<Vec<RequestSummary>, StoreError> {
    let requests = sqlx::query_as::<Any, RequestRow>(sqlx::AssertSqlSafe(format!(
        "{SELECT_REQUEST} WHERE campaign_id = $1 ORDER BY due_on DESC, id DESC"
    )))
    .bind(campaign.0)
    .fetch_all(db.pool())
    .await?;
    let counts = sqlx::query_as::<Any, Counts>(
        "SELECT t.request_id,
                COUNT(*) AS targets,
                COALESCE(SUM(CASE WHEN u.status IN ('submitted', 'approved') THEN 1 ELSE 0 END), 0) AS received,
                COALESCE(SUM(CASE WHEN u.status = 'approved' THEN 1 ELSE 0 END), 0) AS approved
         FROM report_targets t
         JOIN report_requests r ON r.id = t.request_id
         LEFT JOIN unit_reports u ON u.request_id = t.request_id AND u.unit_id = t.unit_id
         WHERE r.campaign_id = $1
         GROUP BY t.request_id",
    )
    .bind(campaign.0)
    .fetch_all(db.pool())
    .await?;
    let counts: HashMap<i64, Counts> = counts.into_iter().map(|c| (c.request_id, c)).collect();
    requests
        .into_iter()
        .map(|r| {
            let request = Request::try_from(r)?;
            let c = counts.get(&request.id);
            Ok(RequestSummary {
                targets: c.map_or(0, |c| c.targets),
                received: c.map_or(0, |c| c.received),
                approved: c.map_or(0, |c| c.approved),
                request,
            })
        })
        .collect()
}

/// A request addressed to a unit, with where its report stands.
#[derive(Debug, Clone, Serialize)]
pub struct UnitRequest {
    pub request: Request,
    pub status: Option<ReportStatus>,
    pub review_comment: Option<String>,
}

#[derive(FromRow)]
struct UnitRequestRow {
    #[sqlx(flatten)]
    request: RequestRow,
    status: Option<String>,
    review_comment: Option<String>,
}

/// The campaign's requests addressed to `unit`, soonest due first.
pub async fn for_unit(
    db: &Db,
    campaign: CampaignId,
    unit: UnitId,
) -> Result<Vec<UnitRequest>, StoreError> {
    let rows = sqlx::query_as::<Any, UnitRequestRow>(
        "SELECT r.id, r.campaign_id, r.title, r.kind, r.period_from, r.period_to, r.due_on, r.note, r.created_at,
                u.status, u.review_comment
         FROM report_requests r
         JOIN report_targets t ON t.request_id = r.id AND t.unit_id = $2
         LEFT JOIN unit_reports u ON u.request_id = r.id AND u.unit_id = $2
         WHERE r.campaign_id = $1
         ORDER BY r.due_on, r.id",
    )
    .bind(campaign.0)
    .bind(unit.0)
    .fetch_all(db.pool())
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(UnitRequest {
                status: r.status.as_deref().map(status_of).transpose()?,
                review_comment: r.review_comment,
                request: Request::try_from(r.request)?,
            })
        })
        .collect()
}

/// True when `unit` is one of the request's targets.
pub async fn is_target(db: &Db, request: i64, unit: UnitId) -> Result<bool, StoreError> {
    let n = sqlx::query_scalar::<Any, i64>(
        "SELECT COUNT(*) FROM report_targets WHERE request_id = $1 AND unit_id = $2",
    )
    .bind(request)
    .bind(unit.0)
    .fetch_one(db.pool())
    .await?;
    Ok(n > 0)
}

/// An evidence file (without its bytes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromRow)]
pub struct EvidenceFile {
    pub id: i64,
    pub indicator_id: i64,
    pub file_name: String,
    pub media_type: String,
    pub size: i64,
}

/// One answer of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromRow)]
pub struct Value {
    pub indicator_id: i64,
    pub number: Option<i64>,
    pub text: Option<String>,
}

/// A unit's report.
#[derive(Debug, Clone, Serialize)]
pub struct UnitReport {
    pub id: i64,
    pub status: ReportStatus,
    pub submitted_at: Option<String>,
    pub reviewed_at: Option<String>,
    pub review_comment: Option<String>,
    pub values: Vec<Value>,
    pub files: Vec<EvidenceFile>,
}

impl UnitReport {
    /// The answer to an indicator.
    pub fn value(&self, indicator: i64) -> Option<&Value> {
        self.values.iter().find(|v| v.indicator_id == indicator)
    }

    /// The evidence files given for an indicator.
    pub fn files_of(&self, indicator: i64) -> Vec<EvidenceFile> {
        self.files
            .iter()
            .filter(|f| f.indicator_id == indicator)
            .cloned()
            .collect()
    }
}

#[derive(FromRow)]
struct ReportRow {
    id: i64,
    status: String,
    submitted_at: Option<String>,
    reviewed_at: Option<String>,
    review_comment: Option<String>,
}

/// The unit's report for a request, if it has started one.
pub async fn report_of(
    db: &Db,
    request: i64,
    unit: UnitId,
) -> Result<Option<UnitReport>, StoreError> {
    let Some(r) = sqlx::query_as::<Any, ReportRow>(
        "SELECT id, status, submitted_at, reviewed_at, review_comment FROM unit_reports
         WHERE request_id = $1 AND unit_id = $2",
    )
    .bind(request)
    .bind(unit.0)
    .fetch_optional(db.pool())
    .await?
    else {
        return Ok(None);
    };
    let values = sqlx::query_as::<Any, Value>(
        "SELECT indicator_id, number, text FROM report_values WHERE report_id = $1",
    )
    .bind(r.id)
    .fetch_all(db.pool())
    .await?;
    let files = sqlx::query_as::<Any, EvidenceFile>(
        "SELECT id, indicator_id, file_name, media_type, size FROM report_files
         WHERE report_id = $1 ORDER BY id",
    )
    .bind(r.id)
    .fetch_all(db.pool())
    .await?;
    Ok(Some(UnitReport {
        id: r.id,
        status: status_of(&r.status)?,
        submitted_at: r.submitted_at,
        reviewed_at: r.reviewed_at,
        review_comment: r.review_comment,
        values,
        files,
    }))
}

/// A file to add to a report.
#[derive(Debug, Clone)]
pub struct NewFile {
    pub indicator_id: i64,
    pub file_name: String,
    pub media_type: String,
    pub sha256: String,
    pub content: Vec<u8>,
}

/// What a unit sends: its answers, files to add and to remove, and whether it submits.
#[derive(Debug, Clone, Default)]
pub struct Submission {
    pub values: Vec<Value>,
    pub add_files: Vec<NewFile>,
    pub remove_files: Vec<i64>,
    pub submit: bool,
}

/// Saves a unit's answers (a draft) and, when asked, submits them, in one transaction.
/// Refused, with nothing changed, when the unit is not a target, when the report is
/// approved (locked) or already submitted; of two submissions at the same moment one
/// wins and the other is refused as already submitted.
pub async fn save(
    db: &Db,
    actor: Option<UserId>,
    request: i64,
    unit: UnitId,
    s: Submission,
) -> Result<Result<i64, Refused>, StoreError> {
    let mut tx = db.begin().await?;
    let target = sqlx::query_scalar::<Any, i64>(
        "SELECT COUNT(*) FROM report_targets WHERE request_id = $1 AND unit_id = $2",
    )
    .bind(request)
    .bind(unit.0)
    .fetch_one(&mut *tx)
    .await?;
    if target == 0 {
        return Ok(Err(Refused::NotFound));
    }
    let now = now_text();
    sqlx::query::<Any>(
        "INSERT INTO unit_reports (request_id, unit_id, status, updated_at) VALUES ($1, $2, 'draft', $3)
         ON CONFLICT (request_id, unit_id) DO NOTHING",
    )
    .bind(request)
    .bind(unit.0)
    .bind(&now)
    .execute(&mut *tx)
    .await?;
    // Claims the row: from here on, a racing submission waits, then finds it changed.
    let claimed = sqlx::query::<Any>(
        "UPDATE unit_reports SET updated_at = $3
         WHERE request_id = $1 AND unit_id = $2 AND status IN ('draft', 'returned')",
    )
    .bind(request)
    .bind(unit.0)
    .bind(&now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let (id, status): (i64, String) = sqlx::query_as::<Any, (i64, String)>(
        "SELECT id, status FROM unit_reports WHERE request_id = $1 AND unit_id = $2",
    )
    .bind(request)
    .bind(unit.0)
    .fetch_one(&mut *tx)
    .await?;
    if claimed == 0 {
        return Ok(Err(match status_of(&status)? {
            ReportStatus::Approved => Refused::Approved,
            _ => Refused::Submitted,
        }));
    }
    for v in &s.values {
        sqlx::query::<Any>(
            "INSERT INTO report_values (report_id, indicator_id, number, text)
             SELECT $1, i.id, $3, $4 FROM report_indicators i WHERE i.id = $2 AND i.request_id = $5
             ON CONFLICT (report_id, indicator_id) DO UPDATE SET number = excluded.number, text = excluded.text",
        )
        .bind(id)
        .bind(v.indicator_id)
        .bind(v.number)
        .bind(&v.text)
        .bind(request)
        .execute(&mut *tx)
        .await?;
    }
    for f in &s.remove_files {
        sqlx::query::<Any>("DELETE FROM report_files WHERE id = $1 AND report_id = $2")
            .bind(f)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    for f in &s.add_files {
        sqlx::query::<Any>(
            "INSERT INTO report_files (report_id, indicator_id, file_name, media_type, size, sha256, content, created_at)
             SELECT $1, i.id, $3, $4, $5, $6, $7, $8 FROM report_indicators i WHERE i.id = $2 AND i.request_id = $9",
        )
        .bind(id)
        .bind(f.indicator_id)
        .bind(&f.file_name)
        .bind(&f.media_type)
        .bind(f.content.len() as i64)
        .bind(&f.sha256)
        .bind(f.content.clone())
        .bind(&now)
        .bind(request)
        .execute(&mut *tx)
        .await?;
    }
    if s.submit {
        sqlx::query::<Any>(
            "UPDATE unit_reports SET status = 'submitted', submitted_at = $2, submitted_by = $3 WHERE id = $1",
        )
        .bind(id)
        .bind(&now)
        .bind(actor.map(|a| a.0))
        .execute(&mut *tx)
        .await?;
    }
    audit::record::<(), _>(
        &mut tx,
        Change {
            actor,
            action: if s.submit {
                "report.submit"
            } else {
                "report.save"
            },
            entity: "unit_report",
            entity_id: Some(id),
            before: None,
            after: Some(&serde_json::json!({
                "request": request,
                "unit": unit.0,
                "values": s.values,
                "files_added": s.add_files.iter().map(|f| &f.file_name).collect::<Vec<_>>(),
                "files_removed": s.remove_files,
            })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(id))
}

/// The office approves a submitted report (which locks it) or returns it to the unit
/// with a comment.
pub async fn review(
    db: &Db,
    actor: Option<UserId>,
    request: i64,
    unit: UnitId,
    approve: bool,
    comment: Option<&str>,
) -> Result<Result<(), Refused>, StoreError> {
    let mut tx = db.begin().await?;
    let n = sqlx::query::<Any>(
        "UPDATE unit_reports SET status = $3, reviewed_at = $4, reviewed_by = $5, review_comment = $6
         WHERE request_id = $1 AND unit_id = $2 AND status = 'submitted'",
    )
    .bind(request)
    .bind(unit.0)
    .bind(if approve { "approved" } else { "returned" })
    .bind(now_text())
    .bind(actor.map(|a| a.0))
    .bind(comment)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if n == 0 {
        let status = sqlx::query_scalar::<Any, String>(
            "SELECT status FROM unit_reports WHERE request_id = $1 AND unit_id = $2",
        )
        .bind(request)
        .bind(unit.0)
        .fetch_optional(&mut *tx)
        .await?;
        return Ok(Err(match status.as_deref().map(status_of).transpose()? {
            None => Refused::NotFound,
            Some(ReportStatus::Approved) => Refused::Approved,
            Some(_) => Refused::NotSubmitted,
        }));
    }
    audit::record::<(), _>(
        &mut tx,
        Change {
            actor,
            action: if approve {
                "report.approve"
            } else {
                "report.return"
            },
            entity: "unit_report",
            entity_id: None,
            before: None,
            after: Some(
                &serde_json::json!({ "request": request, "unit": unit.0, "comment": comment }),
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// An evidence file of a unit's report, with its bytes.
pub async fn file(
    db: &Db,
    request: i64,
    unit: UnitId,
    file: i64,
) -> Result<Option<(EvidenceFile, Vec<u8>)>, StoreError> {
    let found = sqlx::query_as::<Any, EvidenceFile>(
        "SELECT f.id, f.indicator_id, f.file_name, f.media_type, f.size
         FROM report_files f JOIN unit_reports u ON u.id = f.report_id
         WHERE f.id = $1 AND u.request_id = $2 AND u.unit_id = $3",
    )
    .bind(file)
    .bind(request)
    .bind(unit.0)
    .fetch_optional(db.pool())
    .await?;
    let Some(meta) = found else {
        return Ok(None);
    };
    let bytes =
        sqlx::query_scalar::<Any, Vec<u8>>("SELECT content FROM report_files WHERE id = $1")
            .bind(file)
            .fetch_one(db.pool())
            .await?;
    Ok(Some((meta, bytes)))
}

/// One target unit's line of the consolidated report.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub unit_id: UnitId,
    pub unit_code: String,
    pub unit_name: String,
    pub unit_kind: String,
    pub status: Option<ReportStatus>,
    pub submitted_at: Option<String>,
    /// By indicator, in the form's order: the number (numbers), the text (texts), the
    /// file names joined (files); `None` when not given.
    pub numbers: Vec<Option<i64>>,
    pub texts: Vec<Option<String>>,
}

impl Line {
    /// The office has the report (its numbers count).
    pub fn received(&self) -> bool {
        self.status.is_some_and(ReportStatus::received)
    }
}

/// A request's results: every target unit's answers and the district's figures.
#[derive(Debug, Clone, Serialize)]
pub struct Consolidated {
    pub request: Request,
    pub indicators: Vec<StoredIndicator>,
    pub lines: Vec<Line>,
    /// By indicator: the figure from the received reports (numbers only; `None` when no
    /// received report gave one).
    pub totals: Vec<Option<i64>>,
    /// By indicator: how many received reports answered it.
    pub answered: Vec<usize>,
}

impl Consolidated {
    pub fn received(&self) -> usize {
        self.lines.iter().filter(|l| l.received()).count()
    }

    /// Target units whose report the office does not have.
    pub fn missing(&self) -> Vec<&Line> {
        self.lines.iter().filter(|l| !l.received()).collect()
    }
}

#[derive(FromRow)]
struct LineRow {
    unit_id: i64,
    code: String,
    name: String,
    kind: String,
    report_id: Option<i64>,
    status: Option<String>,
    submitted_at: Option<String>,
}

#[derive(FromRow)]
struct ValueRow {
    report_id: i64,
    indicator_id: i64,
    number: Option<i64>,
    text: Option<String>,
}

/// A report's answers by indicator: numbers, and texts (file names for files).
type Answers = (Vec<Option<i64>>, Vec<Option<String>>);

/// The results of a request, from the received reports (submitted or approved);
/// drafts and returned reports are shown with their status but not counted.
pub async fn consolidated(db: &Db, request: i64) -> Result<Option<Consolidated>, StoreError> {
    let Some(req) = get(db, request).await? else {
        return Ok(None);
    };
    let indicators = indicators(db, request).await?;
    let rows = sqlx::query_as::<Any, LineRow>(
        "SELECT n.id AS unit_id, n.code, n.name, n.kind, u.id AS report_id, u.status, u.submitted_at
         FROM report_targets t
         JOIN units n ON n.id = t.unit_id
         LEFT JOIN unit_reports u ON u.request_id = t.request_id AND u.unit_id = t.unit_id
         WHERE t.request_id = $1
         ORDER BY n.kind, n.name",
    )
    .bind(request)
    .fetch_all(db.pool())
    .await?;
    let values = sqlx::query_as::<Any, ValueRow>(
        "SELECT v.report_id, v.indicator_id, v.number, v.text
         FROM report_values v JOIN unit_reports u ON u.id = v.report_id
         WHERE u.request_id = $1",
    )
    .bind(request)
    .fetch_all(db.pool())
    .await?;
    let files = sqlx::query_as::<Any, (i64, i64, String)>(
        "SELECT f.report_id, f.indicator_id, f.file_name
         FROM report_files f JOIN unit_reports u ON u.id = f.report_id
         WHERE u.request_id = $1 ORDER BY f.id",
    )
    .bind(request)
    .fetch_all(db.pool())
    .await?;
    let position: HashMap<i64, usize> = indicators
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id, i))
        .collect();
    let mut by_report: HashMap<i64, Answers> = HashMap::new();
    let blank = || (vec![None; indicators.len()], vec![None; indicators.len()]);
    for v in values {
        let Some(&i) = position.get(&v.indicator_id) else {
            continue;
        };
        let e = by_report.entry(v.report_id).or_insert_with(blank);
        e.0[i] = v.number;
        e.1[i] = v.text.filter(|t| !t.trim().is_empty());
    }
    for (report, indicator, name) in files {
        let Some(&i) = position.get(&indicator) else {
            continue;
        };
        let e = by_report.entry(report).or_insert_with(blank);
        let t = e.1[i].get_or_insert_with(String::new);
        if !t.is_empty() {
            t.push_str("; ");
        }
        t.push_str(&name);
    }
    let mut lines = Vec::with_capacity(rows.len());
    for r in rows {
        let (numbers, texts) = r
            .report_id
            .and_then(|id| by_report.remove(&id))
            .unwrap_or_else(blank);
        lines.push(Line {
            unit_id: UnitId(r.unit_id),
            unit_code: r.code,
            unit_name: r.name,
            unit_kind: r.kind,
            status: r.status.as_deref().map(status_of).transpose()?,
            submitted_at: r.submitted_at,
            numbers,
            texts,
        });
    }
    // The received reports in the order they came, for "latest".
    let mut received: Vec<&Line> = lines.iter().filter(|l| l.received()).collect();
    received.sort_by(|a, b| a.submitted_at.cmp(&b.submitted_at));
    let mut totals = Vec::with_capacity(indicators.len());
    let mut answered = Vec::with_capacity(indicators.len());
    for (i, s) in indicators.iter().enumerate() {
        match s.indicator.kind {
            IndicatorKind::Number => {
                let values: Vec<Option<i64>> = received.iter().map(|l| l.numbers[i]).collect();
                answered.push(values.iter().flatten().count());
                totals.push(s.indicator.aggregation.apply(&values));
            }
            _ => {
                answered.push(received.iter().filter(|l| l.texts[i].is_some()).count());
                totals.push(None);
            }
        }
    }
    Ok(Some(Consolidated {
        request: req,
        indicators,
        lines,
        totals,
        answered,
    }))
}

/// Received and missing reports of each of a campaign's requests, for the office's
/// overview: (request, names of the units still missing).
pub async fn missing_by_request(
    db: &Db,
    campaign: CampaignId,
) -> Result<Vec<(RequestSummary, Vec<String>)>, StoreError> {
    let summaries = for_campaign(db, campaign).await?;
    let missing = sqlx::query_as::<Any, (i64, String)>(
        "SELECT t.request_id, n.name
         FROM report_targets t
         JOIN report_requests r ON r.id = t.request_id
         JOIN units n ON n.id = t.unit_id
         LEFT JOIN unit_reports u ON u.request_id = t.request_id AND u.unit_id = t.unit_id
         WHERE r.campaign_id = $1 AND (u.status IS NULL OR u.status IN ('draft', 'returned'))
         ORDER BY n.kind, n.name",
    )
    .bind(campaign.0)
    .fetch_all(db.pool())
    .await?;
    Ok(summaries
        .into_iter()
        .map(|s| {
            let names = missing
                .iter()
                .filter(|(r, _)| *r == s.request.id)
                .map(|(_, n)| n.clone())
                .collect();
            (s, names)
        })
        .collect())
}

use super::*;

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
            let c = counts.get(&request.id.0);
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
    unit: ScopedUnit,
) -> Result<Vec<UnitRequest>, StoreError> {
    let unit = unit.id();
    let rows = sqlx::query_as::<Any, UnitRequestRow>(
        "SELECT r.id, r.campaign_id, r.title, r.kind, r.period_from, r.period_to, r.due_on, r.note, r.created_at, r.sent_at,
                u.status, u.review_comment
         FROM report_requests r
         JOIN report_targets t ON t.request_id = r.id AND t.unit_id = $2
         LEFT JOIN unit_reports u ON u.request_id = r.id AND u.unit_id = $2
         WHERE r.campaign_id = $1 AND r.sent_at IS NOT NULL
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

/// True when `unit` is one of the request's targets and the request has been sent.
pub async fn is_target(db: &Db, request: RequestId, unit: ScopedUnit) -> Result<bool, StoreError> {
    let request = request.0;
    let unit = unit.id();
    let n = sqlx::query_scalar::<Any, i64>(
        "SELECT COUNT(*) FROM report_targets t JOIN report_requests r ON r.id = t.request_id
         WHERE t.request_id = $1 AND t.unit_id = $2 AND r.sent_at IS NOT NULL",
    )
    .bind(request)
    .bind(unit.0)
    .fetch_one(db.pool())
    .await?;
    Ok(n > 0)
}

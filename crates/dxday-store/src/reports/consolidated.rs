use super::*;

/// One target unit's line of the consolidated report.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub unit_id: UnitId,
    pub unit_code: String,
    pub unit_name: String,
    pub unit_kind: String,
    pub status: Option<ReportStatus>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub submitted_at: Option<OffsetDateTime>,
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
pub async fn consolidated(db: &Db, request: RequestId) -> Result<Option<Consolidated>, StoreError> {
    let request = request.0;
    let Some(req) = get(db, RequestId(request)).await? else {
        return Ok(None);
    };
    let indicators = indicators(db, RequestId(request)).await?;
    let mut rows = sqlx::query_as::<Any, LineRow>(
        "SELECT n.id AS unit_id, n.code, n.name, n.kind, u.id AS report_id, u.status, u.submitted_at
         FROM report_targets t
         JOIN units n ON n.id = t.unit_id
         LEFT JOIN unit_reports u ON u.request_id = t.request_id AND u.unit_id = t.unit_id
         WHERE t.request_id = $1
         ORDER BY n.id",
    )
    .bind(request)
    .fetch_all(db.pool())
    .await?;
    // By kind of unit, then by name in Vietnamese order.
    rows.sort_by(|a, b| {
        a.kind
            .cmp(&b.kind)
            .then_with(|| dxday_domain::collation::compare(&a.name, &b.name))
    });
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
            submitted_at: opt_instant(r.submitted_at.as_deref())?,
            numbers,
            texts,
        });
    }
    // The received reports in the order they came, for "latest".
    let mut received: Vec<&Line> = lines.iter().filter(|l| l.received()).collect();
    received.sort_by_key(|l| l.submitted_at);
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
    let mut missing = sqlx::query_as::<Any, (i64, String, String)>(
        "SELECT t.request_id, n.name, n.kind
         FROM report_targets t
         JOIN report_requests r ON r.id = t.request_id
         JOIN units n ON n.id = t.unit_id
         LEFT JOIN unit_reports u ON u.request_id = t.request_id AND u.unit_id = t.unit_id
         WHERE r.campaign_id = $1 AND r.sent_at IS NOT NULL AND (u.status IS NULL OR u.status IN ('draft', 'returned'))
         ORDER BY n.id",
    )
    .bind(campaign.0)
    .fetch_all(db.pool())
    .await?;
    missing.sort_by(|a, b| {
        a.2.cmp(&b.2)
            .then_with(|| dxday_domain::collation::compare(&a.1, &b.1))
    });
    Ok(summaries
        .into_iter()
        .map(|s| {
            let names = missing
                .iter()
                .filter(|(r, _, _)| *r == s.request.id.0)
                .map(|(_, n, _)| n.clone())
                .collect();
            (s, names)
        })
        .collect())
}

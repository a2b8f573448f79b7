use super::*;

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
    #[serde(with = "time::serde::rfc3339::option")]
    pub submitted_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub reviewed_at: Option<OffsetDateTime>,
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
    request: RequestId,
    unit: ScopedUnit,
) -> Result<Option<UnitReport>, StoreError> {
    let request = request.0;
    let unit = unit.id();
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
        submitted_at: opt_instant(r.submitted_at.as_deref())?,
        reviewed_at: opt_instant(r.reviewed_at.as_deref())?,
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
    request: RequestId,
    unit: ScopedUnit,
    s: Submission,
) -> Result<Result<i64, Refused>, StoreError> {
    let request = request.0;
    let unit = unit.id();
    audit::write_checked(db, actor, async |tx| {
        let target = sqlx::query_scalar::<Any, i64>(
            "SELECT COUNT(*) FROM report_targets t JOIN report_requests r ON r.id = t.request_id
             WHERE t.request_id = $1 AND t.unit_id = $2 AND r.sent_at IS NOT NULL",
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
        Ok(Ok((id, Entry::new(
            if s.submit {
                "report.submit"
            } else {
                "report.save"
            },
            "unit_report",
            id,
        )
        .after(&serde_json::json!({
            "request": request,
            "unit": unit.0,
            "values": s.values,
            "files_added": s.add_files.iter().map(|f| &f.file_name).collect::<Vec<_>>(),
            "files_removed": s.remove_files,
        })))))
    })
    .await
}

/// The office approves a submitted report (which locks it) or returns it to the unit
/// with a comment.
pub async fn review(
    db: &Db,
    actor: Option<UserId>,
    request: RequestId,
    unit: ScopedUnit,
    approve: bool,
    comment: Option<&str>,
) -> Result<Result<(), Refused>, StoreError> {
    let request = request.0;
    let unit = unit.id();
    audit::write_checked(db, actor, async |tx| {
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
        Ok(Ok(((), Entry::new(
            if approve {
                "report.approve"
            } else {
                "report.return"
            },
            "unit_report",
            None,
        )
        .after(&&serde_json::json!({ "request": request, "unit": unit.0, "comment": comment })))))
    })
    .await
}

/// An evidence file of a unit's report, with its bytes.
pub async fn file(
    db: &Db,
    request: RequestId,
    unit: ScopedUnit,
    file: i64,
) -> Result<Option<(EvidenceFile, Vec<u8>)>, StoreError> {
    let request = request.0;
    let unit = unit.id();
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

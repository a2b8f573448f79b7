//! Period reports: a team's figures for a month, sent to its ward, and a ward's, sent
//! to the office (`team` is `None`). Draft → submitted → returned or approved; an
//! approved report is locked. Every change of status is an `UPDATE … WHERE status …`,
//! so of two submissions racing, one wins and the other is refused.

use dxday_domain::TeamReportId;
use dxday_domain::report::ReportStatus;
use dxday_domain::team::{Period, ReportFigures, TeamIndicator};
use time::OffsetDateTime;

use super::*;
use crate::time_text::{date, opt_instant};

/// A period report as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeamReport {
    pub id: TeamReportId,
    pub ward_id: UnitId,
    pub team_id: Option<TeamId>,
    pub period: Period,
    pub status: ReportStatus,
    pub return_note: Option<String>,
    pub submitted_at: Option<OffsetDateTime>,
    pub reviewed_at: Option<OffsetDateTime>,
    pub figures: ReportFigures,
}

#[derive(FromRow)]
struct ReportRow {
    id: i64,
    ward_id: i64,
    team_id: Option<i64>,
    period_start: String,
    period_end: String,
    status: String,
    return_note: Option<String>,
    submitted_at: Option<String>,
    reviewed_at: Option<String>,
}

/// `team`'s key in the one-report-per-period index: 0 for the ward's own report.
fn team_key(team: Option<TeamId>) -> i64 {
    team.map_or(0, |t| t.0)
}

/// The report of a ward's team (or of the ward itself) for a month, if one was started.
pub async fn team_report(
    db: &Db,
    ward: UnitId,
    team: Option<TeamId>,
    period: Period,
) -> Result<Option<TeamReport>, StoreError> {
    let row = sqlx::query_as::<Any, ReportRow>(
        "SELECT id, ward_id, team_id, period_start, period_end, status, return_note, submitted_at, reviewed_at
         FROM team_reports WHERE ward_id = $1 AND COALESCE(team_id, 0) = $2 AND period_start = $3",
    )
    .bind(ward.0)
    .bind(team_key(team))
    .bind(date_text(period.start))
    .fetch_optional(db.pool())
    .await?;
    let Some(r) = row else {
        return Ok(None);
    };
    let values = sqlx::query_as::<Any, (String, Option<i64>)>(
        "SELECT indicator, value FROM team_report_values WHERE report_id = $1",
    )
    .bind(r.id)
    .fetch_all(db.pool())
    .await?;
    let mut figures: ReportFigures = TeamIndicator::reported()
        .map(|i| (i.code.to_string(), None))
        .collect();
    figures.extend(values);
    Ok(Some(TeamReport {
        id: TeamReportId(r.id),
        ward_id: UnitId(r.ward_id),
        team_id: r.team_id.map(TeamId),
        period: Period {
            start: date(&r.period_start)?,
            end: date(&r.period_end)?,
        },
        status: ReportStatus::parse(&r.status)
            .map_err(|_| StoreError::Corrupt("team report status".into()))?,
        return_note: r.return_note,
        submitted_at: opt_instant(r.submitted_at.as_deref())?,
        reviewed_at: opt_instant(r.reviewed_at.as_deref())?,
        figures,
    }))
}

/// What a team's activities of a month add up to (a report's starting figures).
pub async fn activity_figures(
    db: &Db,
    team: TeamId,
    period: Period,
) -> Result<ReportFigures, StoreError> {
    let sums = sqlx::query_as::<Any, (String, i64)>(
        "SELECT c.indicator, CAST(SUM(c.value) AS BIGINT)
         FROM team_activity_counts c JOIN team_activities a ON a.id = c.activity_id
         WHERE a.team_id = $1 AND a.held_on >= $2 AND a.held_on <= $3
         GROUP BY c.indicator",
    )
    .bind(team.0)
    .bind(date_text(period.start))
    .bind(date_text(period.end))
    .fetch_all(db.pool())
    .await?;
    let per_activity: Vec<dxday_domain::team::Figures> = sums
        .into_iter()
        .map(|(k, v)| [(k, v)].into_iter().collect())
        .collect();
    Ok(dxday_domain::team::sum_activities(per_activity.iter()))
}

async fn write_values(
    tx: &mut AnyConnection,
    id: i64,
    figures: &ReportFigures,
) -> Result<(), StoreError> {
    sqlx::query::<Any>("DELETE FROM team_report_values WHERE report_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    for i in TeamIndicator::reported() {
        sqlx::query::<Any>(
            "INSERT INTO team_report_values (report_id, indicator, value) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(i.code)
        .bind(figures.get(i.code).copied().flatten())
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Saves the report of a ward's team (or of the ward) for a month as a draft, or sends
/// it when `submit`. A sent report waits for its review; an approved one is locked.
pub async fn save_team_report(
    db: &Db,
    actor: Option<UserId>,
    ward: UnitId,
    team: Option<TeamId>,
    period: Period,
    figures: &ReportFigures,
    submit: bool,
) -> Result<Result<TeamReportId, WorkRefused>, StoreError> {
    let status = if submit {
        ReportStatus::Submitted
    } else {
        ReportStatus::Draft
    };
    audit::write_checked(db, actor, async |tx| {
        if let Some(t) = team {
            if !ward_has(&mut *tx, "community_teams", t.0, ward).await? {
                return Ok(Err(WorkRefused::NotFound));
            }
            super::lock_team(&mut *tx, t).await?;
        }
        let now = now_text();
        let sent_at = submit.then(|| now.clone());
        let found = sqlx::query_as::<Any, (i64, String)>(
            "SELECT id, status FROM team_reports WHERE ward_id = $1 AND COALESCE(team_id, 0) = $2 AND period_start = $3",
        )
        .bind(ward.0)
        .bind(team_key(team))
        .bind(date_text(period.start))
        .fetch_optional(&mut *tx)
        .await?;
        let id = match found {
            None => {
                let inserted = sqlx::query_scalar::<Any, i64>(
                    "INSERT INTO team_reports (ward_id, team_id, period_start, period_end, status, submitted_at, submitted_by,
                         created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
                )
                .bind(ward.0)
                .bind(team.map(|t| t.0))
                .bind(date_text(period.start))
                .bind(date_text(period.end))
                .bind(status.as_str())
                .bind(sent_at.clone())
                .bind(submit.then_some(actor.map(|a| a.0)).flatten())
                .bind(&now)
                .fetch_one(&mut *tx)
                .await;
                match inserted {
                    Ok(id) => id,
                    // Another request started the same report first.
                    Err(sqlx::Error::Database(d)) if d.is_unique_violation() => {
                        return Ok(Err(WorkRefused::Submitted));
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            Some((id, s)) => {
                let changed = sqlx::query::<Any>(
                    "UPDATE team_reports SET status = $1, submitted_at = COALESCE($2, submitted_at),
                         submitted_by = COALESCE($3, submitted_by), updated_at = $4
                     WHERE id = $5 AND status IN ('draft', 'returned')",
                )
                .bind(status.as_str())
                .bind(sent_at.clone())
                .bind(submit.then_some(actor.map(|a| a.0)).flatten())
                .bind(&now)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if changed == 0 {
                    return Ok(Err(if s == "approved" {
                        WorkRefused::Approved
                    } else {
                        WorkRefused::Submitted
                    }));
                }
                id
            }
        };
        write_values(&mut *tx, id, figures).await?;
        let action = if submit { "team_report.submit" } else { "team_report.save" };
        let entry = Entry::new(action, "team_report", id).after(&serde_json::json!({
            "period": period.key(),
            "team": team.map(|t| t.0),
            "figures": figures,
        }));
        Ok(Ok((TeamReportId(id), entry)))
    })
    .await
}

/// Approves a sent report of a ward's team (or of a ward), or returns it with a note.
pub async fn review_team_report(
    db: &Db,
    actor: Option<UserId>,
    ward: UnitId,
    team: Option<TeamId>,
    period: Period,
    approve: bool,
    note: Option<&str>,
) -> Result<Result<(), WorkRefused>, StoreError> {
    let status = if approve {
        ReportStatus::Approved
    } else {
        ReportStatus::Returned
    };
    audit::write_checked(db, actor, async |tx| {
        let found = sqlx::query_as::<Any, (i64, String)>(
            "SELECT id, status FROM team_reports WHERE ward_id = $1 AND COALESCE(team_id, 0) = $2 AND period_start = $3",
        )
        .bind(ward.0)
        .bind(team_key(team))
        .bind(date_text(period.start))
        .fetch_optional(&mut *tx)
        .await?;
        let Some((id, _)) = found else {
            return Ok(Err(WorkRefused::NotFound));
        };
        let changed = sqlx::query::<Any>(
            "UPDATE team_reports SET status = $1, return_note = $2, reviewed_at = $3, reviewed_by = $4, updated_at = $3
             WHERE id = $5 AND status = 'submitted'",
        )
        .bind(status.as_str())
        .bind(note.map(str::to_owned))
        .bind(now_text())
        .bind(actor.map(|a| a.0))
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Ok(Err(WorkRefused::NotSubmitted));
        }
        let entry = Entry::new(
            if approve { "team_report.approve" } else { "team_report.return" },
            "team_report",
            id,
        )
        .after(&serde_json::json!({ "note": note }));
        Ok(Ok(((), entry)))
    })
    .await
}

/// The status of every report of a month in the scope: (ward, team or `None` for the
/// ward's own, status).
pub async fn period_statuses(
    db: &Db,
    scope: &Scope,
    period: Period,
) -> Result<Vec<(UnitId, Option<TeamId>, ReportStatus)>, StoreError> {
    let rows = sqlx::query_as::<Any, (i64, Option<i64>, String)>(sqlx::AssertSqlSafe(format!(
        "SELECT ward_id, team_id, status FROM team_reports WHERE period_start = $1 AND {}",
        unit_is(scope, "ward_id")
    )))
    .bind(date_text(period.start))
    .fetch_all(db.pool())
    .await?;
    rows.into_iter()
        .map(|(w, t, s)| {
            let s = ReportStatus::parse(&s)
                .map_err(|_| StoreError::Corrupt("team report status".into()))?;
            Ok((UnitId(w), t.map(TeamId), s))
        })
        .collect()
}

//! Targets (chỉ tiêu) per month and indicator: the office gives each ward its own
//! (`team_id` NULL), a ward gives each of its teams theirs. A target left empty is no
//! target, not 0.

use dxday_domain::team::{Period, ReportFigures};

use super::*;

/// Whose targets: a ward's own (given by the office) or its teams' (given by the ward).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetsOf {
    Wards,
    Teams,
}

/// The targets of a month in the scope: (ward, team or `None` for the ward's own,
/// indicator, value).
pub async fn month_targets(
    db: &Db,
    scope: &Scope,
    period: Period,
    of: TargetsOf,
) -> Result<Vec<(UnitId, Option<TeamId>, String, i64)>, StoreError> {
    let whose = match of {
        TargetsOf::Wards => "team_id IS NULL",
        TargetsOf::Teams => "team_id IS NOT NULL",
    };
    let rows =
        sqlx::query_as::<Any, (i64, Option<i64>, String, i64)>(sqlx::AssertSqlSafe(format!(
            "SELECT ward_id, team_id, indicator, value FROM team_targets
             WHERE period_start = $1 AND {whose} AND {}",
            unit_is(scope, "ward_id")
        )))
        .bind(date_text(period.start))
        .fetch_all(db.pool())
        .await?;
    Ok(rows
        .into_iter()
        .map(|(w, t, c, v)| (UnitId(w), t.map(TeamId), c, v))
        .collect())
}

/// One row of a month's targets: a ward's own (`team` `None`) or one of its teams'.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetRow {
    pub ward: UnitId,
    pub team: Option<TeamId>,
    pub values: ReportFigures,
}

/// Replaces a month's targets of the given rows, in one transaction: all or none. A
/// team must be its ward's; `false` (nothing written) when one is not.
pub async fn set_targets(
    db: &Db,
    actor: Option<UserId>,
    period: Period,
    rows: &[TargetRow],
) -> Result<bool, StoreError> {
    let entry = Entry::new("targets.set", "team_targets", None).after(&serde_json::json!({
        "period": period.key(),
        "rows": rows.len(),
    }));
    audit::write_rows(db, actor, entry, async |tx| {
        let now = now_text();
        for r in rows {
            if let Some(t) = r.team
                && !ward_has(&mut *tx, "community_teams", t.0, r.ward).await?
            {
                return Ok(0);
            }
            sqlx::query::<Any>(
                "DELETE FROM team_targets WHERE ward_id = $1 AND COALESCE(team_id, 0) = $2 AND period_start = $3",
            )
            .bind(r.ward.0)
            .bind(r.team.map_or(0, |t| t.0))
            .bind(date_text(period.start))
            .execute(&mut *tx)
            .await?;
            for (code, v) in &r.values {
                let Some(v) = v else { continue };
                sqlx::query::<Any>(
                    "INSERT INTO team_targets (ward_id, team_id, period_start, indicator, value, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(r.ward.0)
                .bind(r.team.map(|t| t.0))
                .bind(date_text(period.start))
                .bind(code.as_str())
                .bind(*v)
                .bind(&now)
                .execute(&mut *tx)
                .await?;
            }
        }
        Ok(rows.len().max(1) as u64)
    })
    .await
}

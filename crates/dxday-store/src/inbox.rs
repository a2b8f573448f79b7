//! What waits for the office, counted for its dashboard: each count is a link to the
//! list where the work is done. Counted in the statement, within the caller's scope.

use dxday_domain::{CampaignId, Scope};
use serde::Serialize;
use sqlx::Any;
use time::Date;

use crate::scope_sql::unit_is;
use crate::time_text::date_text;
use crate::{Db, StoreError};

/// The office's waiting work.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct OfficeInbox {
    /// Unit reports sent and not yet reviewed.
    pub reports_to_review: i64,
    /// Deliveries of issued documents not confirmed by their unit.
    pub unconfirmed: i64,
    /// Assignments of the campaign past their due date and not finished.
    pub overdue: i64,
    /// Nominations sent and not yet taken in or returned.
    pub nominations: i64,
    /// Wards' period reports of their community teams sent to the office.
    pub ward_team_reports: i64,
    /// Award decisions drafted and not yet signed.
    pub decisions_to_sign: i64,
}

impl OfficeInbox {
    pub fn is_empty(&self) -> bool {
        *self == OfficeInbox::default()
    }
}

async fn count(db: &Db, sql: String, binds: &[String]) -> Result<i64, StoreError> {
    let sql = sqlx::AssertSqlSafe(sql);
    let mut q = sqlx::query_scalar::<Any, i64>(sql);
    for b in binds {
        q = q.bind(b.clone());
    }
    Ok(q.fetch_one(db.pool()).await?)
}

/// The office's waiting work within `scope`, for the campaign's assignments as of
/// `today`.
pub async fn office_inbox(
    db: &Db,
    scope: &Scope,
    campaign: Option<CampaignId>,
    today: Date,
) -> Result<OfficeInbox, StoreError> {
    let overdue = match campaign {
        Some(c) => {
            count(
                db,
                format!(
                    "SELECT COUNT(*) FROM task_assignments a JOIN tasks t ON t.id = a.task_id
                     WHERE t.campaign_id = {} AND a.progress < 100 AND a.role <> 'watch'
                       AND COALESCE(a.due_on, t.due_on) < $1 AND {}",
                    c.0,
                    unit_is(scope, "a.unit_id")
                ),
                &[date_text(today)],
            )
            .await?
        }
        None => 0,
    };
    Ok(OfficeInbox {
        reports_to_review: count(
            db,
            format!(
                "SELECT COUNT(*) FROM unit_reports r WHERE r.status = 'submitted' AND {}",
                unit_is(scope, "r.unit_id")
            ),
            &[],
        )
        .await?,
        unconfirmed: count(
            db,
            format!(
                "SELECT COUNT(*) FROM document_recipients dr JOIN documents d ON d.id = dr.document_id
                 WHERE d.status = 'issued' AND dr.delivered_at IS NOT NULL AND dr.acknowledged_at IS NULL AND {}",
                unit_is(scope, "d.issuer_unit_id")
            ),
            &[],
        )
        .await?,
        overdue,
        nominations: count(
            db,
            format!(
                "SELECT COUNT(*) FROM nominations n WHERE n.status = 'submitted' AND {}",
                unit_is(scope, "n.unit_id")
            ),
            &[],
        )
        .await?,
        ward_team_reports: count(
            db,
            format!(
                "SELECT COUNT(*) FROM team_reports r WHERE r.team_id IS NULL AND r.status = 'submitted' AND {}",
                unit_is(scope, "r.ward_id")
            ),
            &[],
        )
        .await?,
        decisions_to_sign: count(
            db,
            format!(
                "SELECT COUNT(*) FROM award_decisions a WHERE a.status = 'draft' AND {}",
                unit_is(scope, "a.unit_id")
            ),
            &[],
        )
        .await?,
    })
}

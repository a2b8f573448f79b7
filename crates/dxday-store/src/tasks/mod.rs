//! Tasks and their assignments. Every change of progress recomputes, in the same
//! transaction, the task it touches and each of its ancestors: a task with children
//! takes their (weighted) average, a leaf with assignments the average of its lead and
//! supporting units (watching units do not count), a leaf without them keeps its own.

use dxday_domain::task::{AssignmentRole, TaskData, rollup};
use dxday_domain::{CampaignId, DocumentId, ScopedUnit, TaskId, UnitId, UserId};
use serde::Serialize;
use sqlx::{Any, AnyConnection, FromRow};
use time::Date;

use crate::audit::{self, Entry};
use crate::time_text::{date_text, now_text, opt_date};
use crate::{Db, StoreError};

mod tree;
pub use tree::*;
mod import;
pub use import::*;
mod matrix;
pub use matrix::*;

/// A stored task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Task {
    pub id: TaskId,
    pub campaign_id: CampaignId,
    pub data: TaskData,
    pub progress: i64,
}

#[derive(FromRow)]
struct Row {
    id: i64,
    campaign_id: i64,
    parent_id: Option<i64>,
    source_document_id: Option<i64>,
    activity: String,
    title: String,
    starts_on: Option<String>,
    due_on: Option<String>,
    weight: Option<i64>,
    progress: i64,
}

const SELECT: &str = "SELECT id, campaign_id, parent_id, source_document_id, activity, title, starts_on, due_on, weight, progress FROM tasks";

impl TryFrom<Row> for Task {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<Task, StoreError> {
        Ok(Task {
            id: TaskId(r.id),
            campaign_id: CampaignId(r.campaign_id),
            progress: r.progress,
            data: TaskData {
                title: r.title,
                activity: dxday_domain::task::ActivityType::parse(&r.activity)
                    .map_err(|_| StoreError::Corrupt("task activity".into()))?,
                parent_id: r.parent_id.map(TaskId),
                source_document_id: r.source_document_id.map(DocumentId),
                starts_on: opt_date(r.starts_on.as_deref())?,
                due_on: opt_date(r.due_on.as_deref())?,
                weight: r.weight,
            },
        })
    }
}

fn bad_reference(field: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    move |e| match &e {
        sqlx::Error::Database(d) if d.is_foreign_key_violation() => StoreError::Field {
            field,
            key: "err-choice",
        },
        _ => StoreError::Sqlx(e),
    }
}

/// One task.
pub async fn get(db: &Db, id: TaskId) -> Result<Option<Task>, StoreError> {
    let id = id.0;
    sqlx::query_as::<Any, Row>(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .map(Task::try_from)
        .transpose()
}

/// The tasks of a campaign, in creation order.
pub async fn for_campaign(db: &Db, campaign: CampaignId) -> Result<Vec<Task>, StoreError> {
    sqlx::query_as::<Any, Row>(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE campaign_id = $1 ORDER BY id"
    )))
    .bind(campaign.0)
    .fetch_all(db.pool())
    .await?
    .into_iter()
    .map(Task::try_from)
    .collect()
}

/// A status of a campaign's task list, with the progress it stands for by default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromRow)]
pub struct Status {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub default_progress: i64,
}

/// The statuses every campaign starts with (the office may rename or add).
pub const DEFAULT_STATUSES: [(&str, &str, i64); 4] = [
    ("not_started", "Chưa triển khai", 0),
    ("in_progress", "Đang triển khai", 50),
    ("done", "Hoàn thành", 100),
    ("paused", "Tạm dừng", 0),
];

/// Creates the default statuses of a campaign (when it is created; migration 0005 gave
/// them to the campaigns that existed before).
pub(crate) async fn ensure_statuses(
    conn: &mut AnyConnection,
    campaign: CampaignId,
) -> Result<(), StoreError> {
    for (i, (code, name, progress)) in DEFAULT_STATUSES.iter().enumerate() {
        sqlx::query::<Any>(
            "INSERT INTO task_statuses (campaign_id, code, name, default_progress, position)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (campaign_id, code) DO NOTHING",
        )
        .bind(campaign.0)
        .bind(*code)
        .bind(*name)
        .bind(*progress)
        .bind(i as i64)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// A campaign's statuses, in order.
pub async fn statuses(db: &Db, campaign: CampaignId) -> Result<Vec<Status>, StoreError> {
    Ok(sqlx::query_as::<Any, Status>(
        "SELECT id, code, name, default_progress FROM task_statuses WHERE campaign_id = $1 ORDER BY position, id",
    )
    .bind(campaign.0)
    .fetch_all(db.pool())
    .await?)
}

/// A unit's assignment, with its task's title, for the unit's own list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromRow)]
pub struct AssignmentRow {
    #[sqlx(try_from = "i64")]
    pub task_id: TaskId,
    pub title: String,
    pub activity: String,
    pub role: String,
    pub due_on: Option<String>,
    pub status_id: Option<i64>,
    pub progress: i64,
}

/// The assignments of a unit in a campaign.
pub async fn assignments_of(
    db: &Db,
    campaign: CampaignId,
    unit: ScopedUnit,
) -> Result<Vec<AssignmentRow>, StoreError> {
    let unit = unit.id();
    Ok(sqlx::query_as::<Any, AssignmentRow>(
        "SELECT a.task_id, t.title, t.activity, a.role, COALESCE(a.due_on, t.due_on) AS due_on, a.status_id, a.progress
         FROM task_assignments a JOIN tasks t ON t.id = a.task_id
         WHERE t.campaign_id = $1 AND a.unit_id = $2 ORDER BY t.id",
    )
    .bind(campaign.0)
    .bind(unit.0)
    .fetch_all(db.pool())
    .await?)
}

/// A unit reports status and progress on its assignment: the progress given, or the
/// status's default when none is given. `Ok(false)` without such an assignment.
pub async fn report(
    db: &Db,
    actor: Option<UserId>,
    task: TaskId,
    unit: ScopedUnit,
    status: Option<i64>,
    progress: Option<i64>,
) -> Result<bool, StoreError> {
    let task = task.0;
    let unit = unit.id();
    let default = match status {
        Some(s) => Some(
            sqlx::query_scalar::<Any, i64>(
                "SELECT s.default_progress FROM task_statuses s JOIN tasks t ON t.campaign_id = s.campaign_id
                 WHERE s.id = $1 AND t.id = $2",
            )
            .bind(s)
            .bind(task)
            .fetch_optional(db.pool())
            .await?
            .ok_or(StoreError::Field {
                field: "status_id",
                key: "err-choice",
            })?,
        ),
        None => None,
    };
    let Some(p) = progress.or(default) else {
        return Ok(true);
    };
    write_assignment(db, actor, task, unit, Some(status), p).await
}

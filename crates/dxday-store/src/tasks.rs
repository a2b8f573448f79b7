//! Tasks and their assignments. Every change of progress recomputes, in the same
//! transaction, the task it touches and each of its ancestors: a task with children
//! takes their (weighted) average, a leaf with assignments the average of its lead and
//! supporting units (watching units do not count), a leaf without them keeps its own.

use dxday_domain::task::{AssignmentRole, TaskData, rollup};
use dxday_domain::{CampaignId, UnitId, UserId};
use serde::Serialize;
use sqlx::{Any, AnyConnection, FromRow};
use time::Date;

use crate::audit::{self, Change};
use crate::time_text::{date_text, now_text, opt_date};
use crate::{Db, StoreError};

/// A stored task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Task {
    pub id: i64,
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
            id: r.id,
            campaign_id: CampaignId(r.campaign_id),
            progress: r.progress,
            data: TaskData {
                title: r.title,
                activity: dxday_domain::task::ActivityType::parse(&r.activity)
                    .map_err(|_| StoreError::Corrupt("task activity".into()))?,
                parent_id: r.parent_id,
                source_document_id: r.source_document_id,
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

/// Stores a task of `campaign` with its assignments, in one transaction; its parent
/// must be a task of the same campaign.
pub async fn insert(
    db: &Db,
    actor: Option<UserId>,
    campaign: CampaignId,
    t: &TaskData,
    units: &[(UnitId, AssignmentRole)],
) -> Result<i64, StoreError> {
    let mut tx = db.begin().await?;
    if let Some(parent) = t.parent_id {
        same_campaign(&mut tx, parent, campaign).await?;
    }
    let id = insert_in(&mut tx, campaign, t, units)
        .await
        .map_err(|e| match e {
            StoreError::Sqlx(err) => bad_reference("source_document_id")(err),
            other => other,
        })?;
    let assigned: Vec<(i64, &str)> = units.iter().map(|(u, r)| (u.0, r.as_str())).collect();
    audit::record::<(), _>(
        &mut tx,
        Change {
            actor,
            action: "task.create",
            entity: "task",
            entity_id: Some(id),
            before: None,
            after: Some(&serde_json::json!({ "task": t, "assigned": assigned })),
        },
    )
    .await?;
    recompute_up(&mut tx, id).await?;
    tx.commit().await?;
    Ok(id)
}

async fn same_campaign(
    conn: &mut AnyConnection,
    task: i64,
    campaign: CampaignId,
) -> Result<(), StoreError> {
    let found = sqlx::query_scalar::<Any, i64>(
        "SELECT COUNT(*) FROM tasks WHERE id = $1 AND campaign_id = $2",
    )
    .bind(task)
    .bind(campaign.0)
    .fetch_one(conn)
    .await?;
    if found == 0 {
        return Err(StoreError::Field {
            field: "parent_id",
            key: "err-choice",
        });
    }
    Ok(())
}

/// Moves a task under another (or to the top). A task cannot go under itself or any
/// of its descendants.
pub async fn set_parent(
    db: &Db,
    actor: Option<UserId>,
    id: i64,
    parent: Option<i64>,
) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    let (campaign, old_parent): (i64, Option<i64>) = sqlx::query_as::<Any, (i64, Option<i64>)>(
        "SELECT campaign_id, parent_id FROM tasks WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(StoreError::Field {
        field: "parent_id",
        key: "err-choice",
    })?;
    if let Some(p) = parent {
        same_campaign(&mut tx, p, CampaignId(campaign)).await?;
        // Walk up from the new parent: meeting the task itself would close a cycle.
        let mut at = Some(p);
        let mut steps = 0;
        while let Some(node) = at {
            if node == id {
                return Err(StoreError::Field {
                    field: "parent_id",
                    key: "err-task-cycle",
                });
            }
            steps += 1;
            if steps > 10_000 {
                return Err(StoreError::Corrupt("task tree too deep".into()));
            }
            at =
                sqlx::query_scalar::<Any, Option<i64>>("SELECT parent_id FROM tasks WHERE id = $1")
                    .bind(node)
                    .fetch_one(&mut *tx)
                    .await?;
        }
    }
    sqlx::query::<Any>("UPDATE tasks SET parent_id = $1, updated_at = $2 WHERE id = $3")
        .bind(parent)
        .bind(now_text())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::record::<(), _>(
        &mut tx,
        Change {
            actor,
            action: "task.move",
            entity: "task",
            entity_id: Some(id),
            before: None,
            after: Some(&serde_json::json!({ "from": old_parent, "to": parent })),
        },
    )
    .await?;
    if let Some(p) = old_parent {
        recompute_up(&mut tx, p).await?;
    }
    if let Some(p) = parent {
        recompute_up(&mut tx, p).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Assigns a task to a unit (or changes its role and due date).
pub async fn assign(
    db: &Db,
    actor: Option<UserId>,
    task: i64,
    unit: UnitId,
    role: AssignmentRole,
    due_on: Option<Date>,
) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    let now = now_text();
    sqlx::query::<Any>(
        "INSERT INTO task_assignments (task_id, unit_id, role, due_on, progress, updated_at)
         VALUES ($1, $2, $3, $4, 0, $5)
         ON CONFLICT (task_id, unit_id) DO UPDATE SET role = $3, due_on = $4, updated_at = $5",
    )
    .bind(task)
    .bind(unit.0)
    .bind(role.as_str())
    .bind(due_on.map(date_text))
    .bind(&now)
    .execute(&mut *tx)
    .await
    .map_err(bad_reference("unit_id"))?;
    audit::record::<(), _>(
        &mut tx,
        Change {
            actor,
            action: "task.assign",
            entity: "task",
            entity_id: Some(task),
            before: None,
            after: Some(&serde_json::json!({ "unit_id": unit.0, "role": role.as_str() })),
        },
    )
    .await?;
    recompute_up(&mut tx, task).await?;
    tx.commit().await?;
    Ok(())
}

/// A unit reports its progress on a task; the task and its ancestors follow.
/// `Ok(false)` when the unit has no assignment on it.
pub async fn set_progress(
    db: &Db,
    actor: Option<UserId>,
    task: i64,
    unit: UnitId,
    progress: i64,
) -> Result<bool, StoreError> {
    write_assignment(db, actor, task, unit, None, progress).await
}

/// Writes a unit's progress (and, with `status`, its status) on a task, audits it and
/// recomputes the task and its ancestors, in one transaction. `Ok(false)` when the
/// unit has no assignment on it.
async fn write_assignment(
    db: &Db,
    actor: Option<UserId>,
    task: i64,
    unit: UnitId,
    status: Option<Option<i64>>,
    progress: i64,
) -> Result<bool, StoreError> {
    let progress = progress.clamp(0, 100);
    let mut tx = db.begin().await?;
    let q = sqlx::query::<Any>(match status {
        Some(_) => "UPDATE task_assignments SET progress = $1, updated_at = $2, status_id = $5 WHERE task_id = $3 AND unit_id = $4",
        None => "UPDATE task_assignments SET progress = $1, updated_at = $2 WHERE task_id = $3 AND unit_id = $4",
    })
    .bind(progress)
    .bind(now_text())
    .bind(task)
    .bind(unit.0);
    let q = match status {
        Some(s) => q.bind(s),
        None => q,
    };
    if q.execute(&mut *tx).await?.rows_affected() == 0 {
        return Ok(false);
    }
    let (action, after) = match status {
        Some(s) => (
            "task.report",
            serde_json::json!({ "unit_id": unit.0, "status_id": s, "progress": progress }),
        ),
        None => (
            "task.progress",
            serde_json::json!({ "unit_id": unit.0, "progress": progress }),
        ),
    };
    audit::record::<(), _>(
        &mut tx,
        Change {
            actor,
            action,
            entity: "task",
            entity_id: Some(task),
            before: None,
            after: Some(&after),
        },
    )
    .await?;
    recompute_up(&mut tx, task).await?;
    tx.commit().await?;
    Ok(true)
}

/// Recomputes `task` and every ancestor, bottom up.
async fn recompute_up(conn: &mut AnyConnection, task: i64) -> Result<(), StoreError> {
    let mut at = Some(task);
    let mut steps = 0;
    while let Some(id) = at {
        steps += 1;
        if steps > 10_000 {
            return Err(StoreError::Corrupt("task tree too deep".into()));
        }
        at = recompute_one(conn, id).await?;
    }
    Ok(())
}

/// Recomputes one task's progress from its children, else from its lead and
/// supporting units; returns its parent.
async fn recompute_one(conn: &mut AnyConnection, id: i64) -> Result<Option<i64>, StoreError> {
    let children = sqlx::query_as::<Any, (i64, Option<i64>)>(
        "SELECT progress, weight FROM tasks WHERE parent_id = $1",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let computed = match rollup(&children) {
        Some(p) => Some(p),
        None => {
            let assigned = sqlx::query_as::<Any, (i64, Option<i64>)>(
                "SELECT progress, CAST(NULL AS BIGINT) FROM task_assignments WHERE task_id = $1 AND role <> 'watch'",
            )
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
            rollup(&assigned)
        }
    };
    if let Some(p) = computed {
        sqlx::query::<Any>("UPDATE tasks SET progress = $1 WHERE id = $2")
            .bind(p)
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(
        sqlx::query_scalar::<Any, Option<i64>>("SELECT parent_id FROM tasks WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// One task.
pub async fn get(db: &Db, id: i64) -> Result<Option<Task>, StoreError> {
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
    pub task_id: i64,
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
    unit: UnitId,
) -> Result<Vec<AssignmentRow>, StoreError> {
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
    task: i64,
    unit: UnitId,
    status: Option<i64>,
    progress: Option<i64>,
) -> Result<bool, StoreError> {
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

/// Stores a task inside the caller's transaction (the demo data).
pub async fn insert_in(
    tx: &mut AnyConnection,
    campaign: CampaignId,
    t: &TaskData,
    units: &[(UnitId, AssignmentRole)],
) -> Result<i64, StoreError> {
    let now = now_text();
    let id: i64 = sqlx::query_scalar::<Any, i64>(
        "INSERT INTO tasks (campaign_id, parent_id, source_document_id, activity, title, starts_on, due_on, weight, progress, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $9) RETURNING id",
    )
    .bind(campaign.0)
    .bind(t.parent_id)
    .bind(t.source_document_id)
    .bind(t.activity.as_str())
    .bind(&t.title)
    .bind(t.starts_on.map(date_text))
    .bind(t.due_on.map(date_text))
    .bind(t.weight)
    .bind(&now)
    .fetch_one(&mut *tx)
    .await?;
    for (unit, role) in units {
        sqlx::query::<Any>(
            "INSERT INTO task_assignments (task_id, unit_id, role, progress, updated_at) VALUES ($1, $2, $3, 0, $4)",
        )
        .bind(id)
        .bind(unit.0)
        .bind(role.as_str())
        .bind(&now)
        .execute(&mut *tx)
        .await?;
    }
    Ok(id)
}

/// Imports checked tasks into `campaign` in one transaction: all of them, or none when
/// any unit code is unknown (listed by row and column).
pub async fn import(
    db: &Db,
    actor: Option<UserId>,
    campaign: CampaignId,
    rows: &[dxday_domain::task::ImportedTask],
) -> Result<Result<usize, Vec<dxday_domain::task::CellError>>, StoreError> {
    use dxday_domain::task::CellError;
    let codes: std::collections::HashMap<String, UnitId> = crate::units::directory(db)
        .await?
        .into_iter()
        .filter(|u| !u.archived)
        .map(|u| (u.data.code.as_str().to_string(), u.id))
        .collect();
    let mut errors = Vec::new();
    let mut resolved: Vec<Vec<(UnitId, AssignmentRole)>> = Vec::with_capacity(rows.len());
    for r in rows {
        let mut units = Vec::new();
        for (list, role, column) in [
            (&r.lead, AssignmentRole::Lead, "chu_tri"),
            (&r.support, AssignmentRole::Support, "phoi_hop"),
        ] {
            for code in list {
                match codes.get(code) {
                    Some(id) if !units.iter().any(|(u, _)| u == id) => units.push((*id, role)),
                    Some(_) => {}
                    None => errors.push(CellError {
                        row: r.row,
                        column,
                        key: "err-import-unit",
                    }),
                }
            }
        }
        resolved.push(units);
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let mut tx = db.begin().await?;
    let mut ids: std::collections::HashMap<&str, i64> = std::collections::HashMap::new();
    let mut inserted = Vec::with_capacity(rows.len());
    for (r, units) in rows.iter().zip(&resolved) {
        let mut data = r.data.clone();
        data.parent_id = r.parent_key.as_deref().and_then(|k| ids.get(k).copied());
        let id = insert_in(&mut tx, campaign, &data, units).await?;
        ids.insert(r.key.as_str(), id);
        inserted.push(id);
    }
    // Children were inserted after their parents, and every parent is one of these
    // tasks: recomputing each once, last first, leaves the whole tree right.
    for id in inserted.iter().rev() {
        recompute_one(&mut tx, *id).await?;
    }
    audit::record::<(), _>(
        &mut tx,
        Change {
            actor,
            action: "task.import",
            entity: "task",
            entity_id: None,
            before: None,
            after: Some(&serde_json::json!({ "campaign": campaign.0, "tasks": inserted.len() })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(inserted.len()))
}

/// Every assignment of a campaign as (task, unit code, role), for exports.
pub async fn assignment_codes(
    db: &Db,
    campaign: CampaignId,
) -> Result<Vec<(i64, String, String)>, StoreError> {
    Ok(sqlx::query_as::<Any, (i64, String, String)>(
        "SELECT a.task_id, u.code, a.role FROM task_assignments a
         JOIN tasks t ON t.id = a.task_id JOIN units u ON u.id = a.unit_id
         WHERE t.campaign_id = $1 ORDER BY a.task_id, u.code",
    )
    .bind(campaign.0)
    .fetch_all(db.pool())
    .await?)
}

/// One cell of the units × tasks matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromRow)]
pub struct Cell {
    pub unit_id: i64,
    pub unit_name: String,
    pub unit_kind: String,
    pub task_id: i64,
    pub role: String,
    pub progress: i64,
    pub due_on: Option<String>,
}

#[derive(FromRow)]
struct UnitCells {
    unit_id: i64,
    unit_name: String,
    unit_kind: String,
    /// `task:role:progress:due` items joined by commas (one row per unit: a row costs
    /// a few microseconds through the driver, 40 rows are cheaper than 8 000).
    cells: String,
}

/// Every assignment of a campaign with its unit, for the office's overview, ordered by
/// unit then task.
pub async fn matrix(db: &Db, campaign: CampaignId) -> Result<Vec<Cell>, StoreError> {
    let item = "a.task_id || ':' || a.role || ':' || a.progress || ':' || COALESCE(a.due_on, t.due_on, '')";
    let agg = match db.backend() {
        crate::db::Backend::Sqlite => format!("group_concat({item}, ',')"),
        crate::db::Backend::Postgres => format!("string_agg({item}, ',')"),
    };
    let rows = sqlx::query_as::<Any, UnitCells>(sqlx::AssertSqlSafe(format!(
        "SELECT u.id AS unit_id, u.name AS unit_name, u.kind AS unit_kind, {agg} AS cells
         FROM task_assignments a JOIN tasks t ON t.id = a.task_id JOIN units u ON u.id = a.unit_id
         WHERE t.campaign_id = $1 GROUP BY u.id, u.name, u.kind ORDER BY u.id"
    )))
    .bind(campaign.0)
    .fetch_all(db.pool())
    .await?;
    let bad = || StoreError::Corrupt("task matrix cell".into());
    let mut out = Vec::new();
    for r in rows {
        let start = out.len();
        for item in r.cells.split(',') {
            let mut f = item.splitn(4, ':');
            let (Some(task), Some(role), Some(progress), Some(due)) =
                (f.next(), f.next(), f.next(), f.next())
            else {
                return Err(bad());
            };
            out.push(Cell {
                unit_id: r.unit_id,
                unit_name: r.unit_name.clone(),
                unit_kind: r.unit_kind.clone(),
                task_id: task.parse().map_err(|_| bad())?,
                role: role.to_string(),
                progress: progress.parse().map_err(|_| bad())?,
                due_on: (!due.is_empty()).then(|| due.to_string()),
            });
        }
        out[start..].sort_by_key(|c| c.task_id);
    }
    Ok(out)
}

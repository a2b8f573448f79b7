use super::*;

/// One cell of the units × tasks matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromRow)]
pub struct Cell {
    #[sqlx(try_from = "i64")]
    pub unit_id: UnitId,
    pub unit_name: String,
    pub unit_kind: String,
    #[sqlx(try_from = "i64")]
    pub task_id: TaskId,
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
                unit_id: UnitId(r.unit_id),
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

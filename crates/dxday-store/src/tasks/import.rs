use super::*;

/// Stores a task inside the caller's transaction (the demo data).
pub async fn insert_in(
    tx: &mut AnyConnection,
    campaign: CampaignId,
    t: &TaskData,
    units: &[(UnitId, AssignmentRole)],
) -> Result<TaskId, StoreError> {
    let now = now_text();
    let id: i64 = sqlx::query_scalar::<Any, i64>(
        "INSERT INTO tasks (campaign_id, parent_id, source_document_id, activity, title, starts_on, due_on, weight, progress, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $9) RETURNING id",
    )
    .bind(campaign.0)
    .bind(t.parent_id.map(|i| i.0))
    .bind(t.source_document_id.map(|i| i.0))
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
    Ok(TaskId(id))
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
    audit::write(db, actor, async |tx| {
        let mut ids: std::collections::HashMap<&str, TaskId> = std::collections::HashMap::new();
        let mut inserted = Vec::with_capacity(rows.len());
        for (r, units) in rows.iter().zip(&resolved) {
            let mut data = r.data.clone();
            data.parent_id = r.parent_key.as_deref().and_then(|k| ids.get(k).copied());
            let id = insert_in(&mut *tx, campaign, &data, units).await?;
            ids.insert(r.key.as_str(), id);
            inserted.push(id);
        }
        // Children were inserted after their parents, and every parent is one of these
        // tasks: recomputing each once, last first, leaves the whole tree right.
        for id in inserted.iter().rev() {
            recompute_one(&mut *tx, id.0).await?;
        }
        Ok((
            Ok(inserted.len()),
            Entry::new("task.import", "task", None)
                .after(&serde_json::json!({ "campaign": campaign.0, "tasks": inserted.len() })),
        ))
    })
    .await
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

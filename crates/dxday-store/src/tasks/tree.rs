use super::*;

/// Stores a task of `campaign` with its assignments, in one transaction; its parent
/// must be a task of the same campaign.
pub async fn insert(
    db: &Db,
    actor: Option<UserId>,
    campaign: CampaignId,
    t: &TaskData,
    units: &[(UnitId, AssignmentRole)],
) -> Result<TaskId, StoreError> {
    audit::write(db, actor, async |tx| {
        if let Some(parent) = t.parent_id {
            same_campaign(&mut *tx, parent.0, campaign).await?;
        }
        let id = insert_in(&mut *tx, campaign, t, units)
            .await
            .map_err(|e| match e {
                StoreError::Sqlx(err) => bad_reference("source_document_id")(err),
                other => other,
            })?
            .0;
        let assigned: Vec<(i64, &str)> = units.iter().map(|(u, r)| (u.0, r.as_str())).collect();
        recompute_up(&mut *tx, id).await?;
        Ok((
            TaskId(id),
            Entry::new("task.create", "task", id)
                .after(&serde_json::json!({ "task": t, "assigned": assigned })),
        ))
    })
    .await
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
    id: TaskId,
    parent: Option<TaskId>,
) -> Result<(), StoreError> {
    let parent = parent.map(|i| i.0);
    let id = id.0;
    audit::write(db, actor, async |tx| {
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
            same_campaign(&mut *tx, p, CampaignId(campaign)).await?;
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
                at = sqlx::query_scalar::<Any, Option<i64>>(
                    "SELECT parent_id FROM tasks WHERE id = $1",
                )
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
        if let Some(p) = old_parent {
            recompute_up(&mut *tx, p).await?;
        }
        if let Some(p) = parent {
            recompute_up(&mut *tx, p).await?;
        }
        Ok((
            (),
            Entry::new("task.move", "task", id)
                .after(&serde_json::json!({ "from": old_parent, "to": parent })),
        ))
    })
    .await
}

/// Assigns a task to a unit (or changes its role and due date).
pub async fn assign(
    db: &Db,
    actor: Option<UserId>,
    task: TaskId,
    unit: UnitId,
    role: AssignmentRole,
    due_on: Option<Date>,
) -> Result<(), StoreError> {
    let task = task.0;
    audit::write(db, actor, async |tx| {
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
        recompute_up(&mut *tx, task).await?;
        Ok((
            (),
            Entry::new("task.assign", "task", task)
                .after(&serde_json::json!({ "unit_id": unit.0, "role": role.as_str() })),
        ))
    })
    .await
}

/// A unit reports its progress on a task; the task and its ancestors follow.
/// `Ok(false)` when the unit has no assignment on it.
pub async fn set_progress(
    db: &Db,
    actor: Option<UserId>,
    task: TaskId,
    unit: ScopedUnit,
    progress: i64,
) -> Result<bool, StoreError> {
    write_assignment(db, actor, task.0, unit.id(), None, progress).await
}

/// Writes a unit's progress (and, with `status`, its status) on a task, audits it and
/// recomputes the task and its ancestors, in one transaction. `Ok(false)` when the
/// unit has no assignment on it.
pub(super) async fn write_assignment(
    db: &Db,
    actor: Option<UserId>,
    task: i64,
    unit: UnitId,
    status: Option<Option<i64>>,
    progress: i64,
) -> Result<bool, StoreError> {
    let progress = progress.clamp(0, 100);
    audit::write_found(db, actor, async |tx| {
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
            return Ok(None);
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
        recompute_up(&mut *tx, task).await?;
        Ok(Some(((), Entry::new(action, "task", task)
            .after(&after))))
    })
    .await
    .map(|done| done.is_some())
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
pub(super) async fn recompute_one(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<i64>, StoreError> {
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

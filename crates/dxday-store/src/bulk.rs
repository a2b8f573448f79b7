//! Bulk framing jobs, kept in the database so that every node sees them: the state,
//! the progress and the failures; the upload and the result live in the file storage
//! under the keys recorded here. A unique index allows one queued and one running job
//! per owner (a unit, or an account without one).

use sqlx::Any;

use crate::{Db, StoreError};

/// A job that has not sent a heartbeat for this long is taken as cut (a node killed).
pub const STALE_MS: i64 = 60_000;
/// How long a job and its files are kept.
pub const KEEP_MS: i64 = 24 * 3600 * 1000;
/// A cut job is started again this many times, then marked failed.
pub const MAX_ATTEMPTS: i64 = 2;

/// A job as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkJob {
    pub id: String,
    pub owner_key: String,
    pub unit_id: Option<i64>,
    pub user_id: i64,
    pub frame_id: i64,
    pub frame_title: String,
    pub file_name: String,
    pub width: i64,
    /// `png`, `jpg` or `both`.
    pub formats: String,
    pub total: i64,
    pub framed: i64,
    pub failed: i64,
    /// `queued`, `running`, `done` or `failed`.
    pub state: String,
    /// JSON: `[[name, i18n key], …]`.
    pub failures: String,
    /// The i18n key of why a failed job failed.
    pub error: String,
    pub attempts: i64,
    pub upload_key: String,
    pub result_key: Option<String>,
    pub created_ms: i64,
    pub heartbeat_ms: i64,
}

const COLUMNS: &str = "id, owner_key, unit_id, user_id, frame_id, frame_title, file_name, width, formats, total, framed, failed, state, failures, error, attempts, upload_key, result_key, created_ms, heartbeat_ms";

fn from_row(r: sqlx::any::AnyRow) -> Result<BulkJob, sqlx::Error> {
    use sqlx::Row as _;
    Ok(BulkJob {
        id: r.try_get(0)?,
        owner_key: r.try_get(1)?,
        unit_id: r.try_get(2)?,
        user_id: r.try_get(3)?,
        frame_id: r.try_get(4)?,
        frame_title: r.try_get(5)?,
        file_name: r.try_get(6)?,
        width: r.try_get::<i64, _>(7)?,
        formats: r.try_get(8)?,
        total: r.try_get::<i64, _>(9)?,
        framed: r.try_get::<i64, _>(10)?,
        failed: r.try_get::<i64, _>(11)?,
        state: r.try_get(12)?,
        failures: r.try_get(13)?,
        error: r.try_get(14)?,
        attempts: r.try_get::<i64, _>(15)?,
        upload_key: r.try_get(16)?,
        result_key: r.try_get(17)?,
        created_ms: r.try_get(18)?,
        heartbeat_ms: r.try_get(19)?,
    })
}

/// Queues `job` (state `queued`). `Ok(false)` when its owner already has a queued job.
pub async fn insert(db: &Db, job: &BulkJob) -> Result<bool, StoreError> {
    let res = sqlx::query::<Any>(sqlx::AssertSqlSafe(format!(
        "INSERT INTO bulk_jobs ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, 0, 'queued', '[]', '', 0, $11, NULL, $12, $12)"
    )))
    .bind(&job.id)
    .bind(&job.owner_key)
    .bind(job.unit_id)
    .bind(job.user_id)
    .bind(job.frame_id)
    .bind(&job.frame_title)
    .bind(&job.file_name)
    .bind(job.width)
    .bind(&job.formats)
    .bind(job.total)
    .bind(&job.upload_key)
    .bind(job.created_ms)
    .execute(db.pool())
    .await;
    match res {
        Ok(_) => Ok(true),
        Err(sqlx::Error::Database(d)) if d.is_unique_violation() => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// True when `owner_key` has a job waiting (a new one would be refused).
pub async fn has_queued(db: &Db, owner_key: &str) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar::<Any, i64>(
        "SELECT COUNT(*) FROM bulk_jobs WHERE owner_key = $1 AND state = 'queued'",
    )
    .bind(owner_key)
    .fetch_one(db.pool())
    .await?;
    Ok(n > 0)
}

/// One job by id.
pub async fn get(db: &Db, id: &str) -> Result<Option<BulkJob>, StoreError> {
    let row = sqlx::query::<Any>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM bulk_jobs WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(from_row).transpose()?)
}

/// The jobs of `owner_key`, newest first.
pub async fn of_owner(db: &Db, owner_key: &str) -> Result<Vec<BulkJob>, StoreError> {
    let rows = sqlx::query::<Any>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM bulk_jobs WHERE owner_key = $1 ORDER BY created_ms DESC"
    )))
    .bind(owner_key)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(from_row).collect::<Result<_, _>>()?)
}

/// Claims the oldest queued job whose owner has none running: it becomes `running`
/// (on one node only: the update says whether this node won it).
pub async fn claim(db: &Db, now_ms: i64) -> Result<Option<BulkJob>, StoreError> {
    for _ in 0..5 {
        let next: Option<String> = sqlx::query_scalar::<Any, String>(
            "SELECT id FROM bulk_jobs q WHERE q.state = 'queued' AND NOT EXISTS \
             (SELECT 1 FROM bulk_jobs r WHERE r.owner_key = q.owner_key AND r.state = 'running') \
             ORDER BY q.created_ms LIMIT 1",
        )
        .fetch_optional(db.pool())
        .await?;
        let Some(id) = next else {
            return Ok(None);
        };
        let res = sqlx::query::<Any>(
            "UPDATE bulk_jobs SET state = 'running', attempts = attempts + 1, heartbeat_ms = $1, \
             framed = 0, failed = 0 WHERE id = $2 AND state = 'queued'",
        )
        .bind(now_ms)
        .bind(&id)
        .execute(db.pool())
        .await;
        match res {
            Ok(r) if r.rows_affected() == 1 => return get(db, &id).await,
            // Another node took it, or its owner started one meanwhile: look again.
            Ok(_) => continue,
            Err(sqlx::Error::Database(d)) if d.is_unique_violation() => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Ok(None)
}

/// A running job's progress, with its heartbeat.
pub async fn progress(
    db: &Db,
    id: &str,
    framed: i64,
    failed: i64,
    now_ms: i64,
) -> Result<(), StoreError> {
    sqlx::query::<Any>(
        "UPDATE bulk_jobs SET framed = $1, failed = $2, heartbeat_ms = $3 WHERE id = $4 AND state = 'running'",
    )
    .bind(framed)
    .bind(failed)
    .bind(now_ms)
    .bind(id)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// A job finished: its result's key and the photos that could not be framed.
pub async fn finish(
    db: &Db,
    id: &str,
    result_key: &str,
    framed: i64,
    failures_json: &str,
    failed: i64,
    now_ms: i64,
) -> Result<(), StoreError> {
    sqlx::query::<Any>(
        "UPDATE bulk_jobs SET state = 'done', result_key = $1, framed = $2, failed = $3, failures = $4, heartbeat_ms = $5 WHERE id = $6",
    )
    .bind(result_key)
    .bind(framed)
    .bind(failed)
    .bind(failures_json)
    .bind(now_ms)
    .bind(id)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// A job that could not run, with the i18n key of why.
pub async fn fail(db: &Db, id: &str, error_key: &str, now_ms: i64) -> Result<(), StoreError> {
    sqlx::query::<Any>(
        "UPDATE bulk_jobs SET state = 'failed', error = $1, heartbeat_ms = $2 WHERE id = $3",
    )
    .bind(error_key)
    .bind(now_ms)
    .bind(id)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Running jobs whose node stopped sending heartbeats: queued again while they have
/// attempts left, else failed with `interrupted_key`. Safe on every node at once (each
/// update names the state it changes). Returns how many were requeued and failed.
pub async fn recover_stale(
    db: &Db,
    now_ms: i64,
    interrupted_key: &str,
) -> Result<(u64, u64), StoreError> {
    let cutoff = now_ms - STALE_MS;
    let failed = sqlx::query::<Any>(
        "UPDATE bulk_jobs SET state = 'failed', error = $1, heartbeat_ms = $2 \
         WHERE state = 'running' AND heartbeat_ms < $3 AND attempts >= $4",
    )
    .bind(interrupted_key)
    .bind(now_ms)
    .bind(cutoff)
    .bind(MAX_ATTEMPTS)
    .execute(db.pool())
    .await?
    .rows_affected();
    // Requeued one by one: the owner may have a queued job already (then this one
    // waits for the next sweep, or fails when it has no attempts left).
    let stale: Vec<String> = sqlx::query_scalar::<Any, String>(
        "SELECT id FROM bulk_jobs WHERE state = 'running' AND heartbeat_ms < $1",
    )
    .bind(cutoff)
    .fetch_all(db.pool())
    .await?;
    let mut requeued = 0;
    for id in stale {
        let res = sqlx::query::<Any>(
            "UPDATE bulk_jobs SET state = 'queued', heartbeat_ms = $1 WHERE id = $2 AND state = 'running' AND heartbeat_ms < $3",
        )
        .bind(now_ms)
        .bind(&id)
        .bind(cutoff)
        .execute(db.pool())
        .await;
        match res {
            Ok(r) => requeued += r.rows_affected(),
            Err(sqlx::Error::Database(d)) if d.is_unique_violation() => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok((requeued, failed))
}

/// Jobs created before `before_ms` (their files are deleted by the caller first).
pub async fn expired(db: &Db, before_ms: i64) -> Result<Vec<BulkJob>, StoreError> {
    let rows = sqlx::query::<Any>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM bulk_jobs WHERE created_ms < $1 AND state IN ('done', 'failed')"
    )))
    .bind(before_ms)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(from_row).collect::<Result<_, _>>()?)
}

/// Forgets a job (its files are already deleted).
pub async fn delete(db: &Db, id: &str) -> Result<(), StoreError> {
    sqlx::query::<Any>("DELETE FROM bulk_jobs WHERE id = $1")
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

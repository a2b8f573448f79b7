//! The audit log: who changed what, when, with the record before and after.

use std::borrow::Cow;

use dxday_domain::UserId;
use serde::Serialize;
use sqlx::{Any, AnyConnection, FromRow};

use crate::time_text::now_text;
use crate::{Db, StoreError};

/// One change to record: what was done to which record, with the record before and
/// after (as JSON). Built by the write it describes and recorded in its transaction.
pub(crate) struct Entry {
    action: Cow<'static, str>,
    entity: &'static str,
    id: Option<i64>,
    before: Option<String>,
    after: Option<String>,
}

impl Entry {
    pub(crate) fn new(
        action: impl Into<Cow<'static, str>>,
        entity: &'static str,
        id: impl Into<Option<i64>>,
    ) -> Self {
        Entry {
            action: action.into(),
            entity,
            id: id.into(),
            before: None,
            after: None,
        }
    }

    pub(crate) fn before(mut self, record: &impl Serialize) -> Self {
        self.before = Some(serde_json::to_string(record).unwrap_or_default());
        self
    }

    pub(crate) fn after(mut self, record: &impl Serialize) -> Self {
        self.after = Some(serde_json::to_string(record).unwrap_or_default());
        self
    }

    /// Writes the entry on the connection (inside the caller's transaction).
    pub(crate) async fn record(
        self,
        conn: &mut AnyConnection,
        actor: Option<UserId>,
    ) -> Result<(), StoreError> {
        sqlx::query::<Any>(
            "INSERT INTO audit_log (at, actor_user_id, action, entity, entity_id, before_json, after_json) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(now_text())
        .bind(actor.map(|a| a.0))
        .bind(self.action.as_ref())
        .bind(self.entity)
        .bind(self.id)
        .bind(self.before)
        .bind(self.after)
        .execute(conn)
        .await?;
        Ok(())
    }
}

/// The one way to change data: begins a transaction, runs `change` on it, records the
/// audit entry `change` returns, and commits; on any error nothing is written.
pub(crate) async fn write<T>(
    db: &Db,
    actor: Option<UserId>,
    change: impl AsyncFnOnce(&mut AnyConnection) -> Result<(T, Entry), StoreError>,
) -> Result<T, StoreError> {
    let mut tx = db.begin().await?;
    let (value, entry) = change(&mut tx).await?;
    entry.record(&mut tx, actor).await?;
    tx.commit().await?;
    Ok(value)
}

/// [`write`] for a change that may be refused (the record is of another unit, or in a
/// state that forbids it): `change` answers `Err(refusal)`, and the transaction is
/// rolled back.
pub(crate) async fn write_checked<T, R>(
    db: &Db,
    actor: Option<UserId>,
    change: impl AsyncFnOnce(&mut AnyConnection) -> Result<Result<(T, Entry), R>, StoreError>,
) -> Result<Result<T, R>, StoreError> {
    let mut tx = db.begin().await?;
    let (value, entry) = match change(&mut tx).await? {
        Ok(done) => done,
        Err(refused) => return Ok(Err(refused)),
    };
    entry.record(&mut tx, actor).await?;
    tx.commit().await?;
    Ok(Ok(value))
}

/// [`write_checked`] for a change that may find nothing to change (none, or another
/// unit's): `change` answers `None`.
pub(crate) async fn write_found<T>(
    db: &Db,
    actor: Option<UserId>,
    change: impl AsyncFnOnce(&mut AnyConnection) -> Result<Option<(T, Entry)>, StoreError>,
) -> Result<Option<T>, StoreError> {
    write_checked(db, actor, async |tx| Ok(change(tx).await?.ok_or(())))
        .await
        .map(Result::ok)
}

/// [`write`] for a change of rows: `change` answers how many rows it changed, and
/// `entry` is recorded (and the change committed) only when it changed some; `false`
/// when there was no row to change.
pub(crate) async fn write_rows(
    db: &Db,
    actor: Option<UserId>,
    entry: Entry,
    change: impl AsyncFnOnce(&mut AnyConnection) -> Result<u64, StoreError>,
) -> Result<bool, StoreError> {
    let changed = write_found(db, actor, async |tx| {
        Ok((change(tx).await? > 0).then_some(((), entry)))
    });
    Ok(changed.await?.is_some())
}

/// An audit entry as listed.
#[derive(Debug, Clone, FromRow)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor_user_id: Option<i64>,
    pub actor_email: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
}

/// The latest entries, newest first.
pub async fn latest(db: &Db, limit: i64) -> Result<Vec<AuditEntry>, StoreError> {
    Ok(sqlx::query_as::<Any, AuditEntry>(
        "SELECT a.id, a.at, a.actor_user_id, u.email AS actor_email, a.action, a.entity, a.entity_id, a.before_json, a.after_json
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id ORDER BY a.id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db.pool())
    .await?)
}

/// The entries about one record, oldest first.
pub async fn for_entity(
    db: &Db,
    entity: &str,
    entity_id: i64,
) -> Result<Vec<AuditEntry>, StoreError> {
    Ok(sqlx::query_as::<Any, AuditEntry>(
        "SELECT a.id, a.at, a.actor_user_id, u.email AS actor_email, a.action, a.entity, a.entity_id, a.before_json, a.after_json
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id WHERE a.entity = $1 AND a.entity_id = $2 ORDER BY a.id",
    )
    .bind(entity)
    .bind(entity_id)
    .fetch_all(db.pool())
    .await?)
}

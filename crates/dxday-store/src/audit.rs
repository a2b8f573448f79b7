//! The audit log: who changed what, when, with the record before and after.

use std::borrow::Cow;

use dxday_domain::UserId;
use serde::Serialize;
use sqlx::{Any, AnyConnection, FromRow};
use time::OffsetDateTime;

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
    pub actor_name: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
}

impl AuditEntry {
    /// When the change was made (`None` if the stored time is unreadable).
    pub fn instant(&self) -> Option<OffsetDateTime> {
        crate::time_text::instant(&self.at).ok()
    }
}

const ENTRIES: &str = "SELECT a.id, a.at, a.actor_user_id, u.email AS actor_email, u.full_name AS actor_name, a.action, a.entity, a.entity_id, a.before_json, a.after_json
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id";

/// Which entries to list: by whom, about which kind of record (and which one), and
/// when (`from` inclusive, `until` exclusive).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditFilter {
    pub actor: Option<UserId>,
    pub entity: Option<String>,
    pub entity_id: Option<i64>,
    pub from: Option<OffsetDateTime>,
    pub until: Option<OffsetDateTime>,
}

impl AuditFilter {
    /// The SQL condition; every value is a number, a time we format or a kind of
    /// record checked to be a bare identifier, so nothing from the request is spliced.
    fn condition(&self) -> String {
        let mut c = vec!["1 = 1".to_string()];
        if let Some(a) = self.actor {
            c.push(format!("a.actor_user_id = {}", a.0));
        }
        if let Some(e) = &self.entity {
            let e = if is_identifier(e) { e.as_str() } else { "" };
            c.push(format!("a.entity = '{e}'"));
        }
        if let Some(id) = self.entity_id {
            c.push(format!("a.entity_id = {id}"));
        }
        // Stored times are RFC 3339 UTC text, so they compare as text; a bound to the
        // second (without fraction or zone) sorts before every time within that second.
        if let Some(t) = self.from {
            c.push(format!("a.at >= '{}'", second_prefix(t)));
        }
        if let Some(t) = self.until {
            c.push(format!("a.at < '{}'", second_prefix(t)));
        }
        c.join(" AND ")
    }
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty() && s.len() <= 40 && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
}

fn second_prefix(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// The latest entries, newest first.
pub async fn latest(db: &Db, limit: i64) -> Result<Vec<AuditEntry>, StoreError> {
    page(db, &AuditFilter::default(), 0, limit).await
}

/// The entries that pass `filter`, newest first, `limit` from `offset`.
pub async fn page(
    db: &Db,
    filter: &AuditFilter,
    offset: i64,
    limit: i64,
) -> Result<Vec<AuditEntry>, StoreError> {
    Ok(
        sqlx::query_as::<Any, AuditEntry>(sqlx::AssertSqlSafe(format!(
            "{ENTRIES} WHERE {} ORDER BY a.id DESC LIMIT {} OFFSET {}",
            filter.condition(),
            limit.clamp(1, 500),
            offset.max(0)
        )))
        .fetch_all(db.pool())
        .await?,
    )
}

/// How many entries pass `filter`.
pub async fn count(db: &Db, filter: &AuditFilter) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar::<Any, i64>(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM audit_log a WHERE {}",
        filter.condition()
    )))
    .fetch_one(db.pool())
    .await?)
}

/// The people who appear in the log (id, name, e-mail), by name.
pub async fn actors(db: &Db) -> Result<Vec<(i64, String, String)>, StoreError> {
    Ok(sqlx::query_as::<Any, (i64, String, String)>(
        "SELECT u.id, u.full_name, u.email FROM users u
         WHERE EXISTS (SELECT 1 FROM audit_log a WHERE a.actor_user_id = u.id) ORDER BY u.id",
    )
    .fetch_all(db.pool())
    .await
    .map(|mut all| {
        all.sort_by(|a, b| dxday_domain::collation::compare_person(&a.1, &b.1));
        all
    })?)
}

/// The kinds of record the log has entries about.
pub async fn entities(db: &Db) -> Result<Vec<String>, StoreError> {
    Ok(
        sqlx::query_scalar::<Any, String>("SELECT DISTINCT entity FROM audit_log ORDER BY entity")
            .fetch_all(db.pool())
            .await?,
    )
}

/// The entries about one record, oldest first.
pub async fn for_entity(
    db: &Db,
    entity: &str,
    entity_id: i64,
) -> Result<Vec<AuditEntry>, StoreError> {
    Ok(
        sqlx::query_as::<Any, AuditEntry>(sqlx::AssertSqlSafe(format!(
            "{ENTRIES} WHERE a.entity = $1 AND a.entity_id = $2 ORDER BY a.id"
        )))
        .bind(entity)
        .bind(entity_id)
        .fetch_all(db.pool())
        .await?,
    )
}

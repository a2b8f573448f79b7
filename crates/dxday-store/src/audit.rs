//! The audit log: who changed what, when, with the record before and after.

use dxday_domain::UserId;
use serde::Serialize;
use sqlx::{Any, AnyConnection, FromRow};

use crate::time_text::now_text;
use crate::{Db, StoreError};

/// One change to record.
pub struct Change<'a, B: Serialize, A: Serialize> {
    pub actor: Option<UserId>,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    pub before: Option<&'a B>,
    pub after: Option<&'a A>,
}

/// Writes one audit entry on the connection (inside the caller's transaction).
pub async fn record<B: Serialize, A: Serialize>(
    conn: &mut AnyConnection,
    c: Change<'_, B, A>,
) -> Result<(), StoreError> {
    let json = |v: Option<&dyn erased::Json>| v.map(|v| v.to_json());
    sqlx::query::<Any>(
        "INSERT INTO audit_log (at, actor_user_id, action, entity, entity_id, before_json, after_json) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(now_text())
    .bind(c.actor.map(|a| a.0))
    .bind(c.action)
    .bind(c.entity)
    .bind(c.entity_id)
    .bind(json(c.before.map(|b| b as &dyn erased::Json)))
    .bind(json(c.after.map(|a| a as &dyn erased::Json)))
    .execute(conn)
    .await?;
    Ok(())
}

mod erased {
    /// Serialises any value to JSON text without generics at the call site.
    pub trait Json {
        fn to_json(&self) -> String;
    }
    impl<T: serde::Serialize> Json for T {
        fn to_json(&self) -> String {
            serde_json::to_string(self).unwrap_or_default()
        }
    }
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

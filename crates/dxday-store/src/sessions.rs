//! tower-sessions store on the dxday database, so several nodes share sessions.
//! The same DDL and SQL serve SQLite and PostgreSQL.

use async_trait::async_trait;
use sqlx::Any;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};

use crate::Db;

/// Sessions in the `sessions` table: the record as JSON and its expiry (unix seconds).
#[derive(Debug, Clone)]
pub struct DbSessionStore {
    db: Db,
}

impl DbSessionStore {
    /// A store on `db`.
    pub fn new(db: Db) -> DbSessionStore {
        DbSessionStore { db }
    }
}

fn backend(e: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // A fresh id is 128 random bits; retry on the (theoretical) collision.
        loop {
            let data = serde_json::to_string(&record)
                .map_err(|e| session_store::Error::Encode(e.to_string()))?;
            let inserted = sqlx::query::<Any>("INSERT INTO sessions (id, data, expires_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING")
                .bind(record.id.to_string())
                .bind(data)
                .bind(record.expiry_date.unix_timestamp())
                .execute(self.db.pool())
                .await
                .map_err(backend)?;
            if inserted.rows_affected() == 1 {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data = serde_json::to_string(&record)
            .map_err(|e| session_store::Error::Encode(e.to_string()))?;
        sqlx::query::<Any>(
            "INSERT INTO sessions (id, data, expires_at) VALUES ($1, $2, $3)
             ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at",
        )
        .bind(record.id.to_string())
        .bind(data)
        .bind(record.expiry_date.unix_timestamp())
        .execute(self.db.pool())
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let data: Option<String> = sqlx::query_scalar::<Any, String>(
            "SELECT data FROM sessions WHERE id = $1 AND expires_at > $2",
        )
        .bind(id.to_string())
        .bind(now)
        .fetch_optional(self.db.pool())
        .await
        .map_err(backend)?;
        data.map(|d| {
            serde_json::from_str(&d).map_err(|e| session_store::Error::Decode(e.to_string()))
        })
        .transpose()
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        sqlx::query::<Any>("DELETE FROM sessions WHERE id = $1")
            .bind(id.to_string())
            .execute(self.db.pool())
            .await
            .map_err(backend)?;
        Ok(())
    }
}

#[async_trait]
impl ExpiredDeletion for DbSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        sqlx::query::<Any>("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(self.db.pool())
            .await
            .map_err(backend)?;
        Ok(())
    }
}

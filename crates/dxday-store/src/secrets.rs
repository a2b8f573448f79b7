//! Secrets every node shares, kept in the database: made once by the first node
//! that asks, then read by all.

use rand::RngExt;
use sqlx::Any;

use crate::{Db, StoreError};

/// The key that signs CSRF cookies and participation tokens (32 random bytes as hex).
pub async fn signing_key(db: &Db) -> Result<Vec<u8>, StoreError> {
    let fresh: [u8; 32] = rand::rng().random();
    let hex: String = fresh.iter().map(|b| format!("{b:02x}")).collect();
    sqlx::query::<Any>(
        "INSERT INTO app_secrets (name, value) VALUES ('signing_key', $1) ON CONFLICT (name) DO NOTHING",
    )
    .bind(hex)
    .execute(db.pool())
    .await?;
    let stored: String = sqlx::query_scalar::<Any, String>(
        "SELECT value FROM app_secrets WHERE name = 'signing_key'",
    )
    .fetch_one(db.pool())
    .await?;
    Ok(stored.into_bytes())
}

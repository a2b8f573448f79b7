//! Throttling of failed logins, kept in the database so every node sees the same
//! counts: after 5 failures for one account or from one address within 15 minutes,
//! further attempts are refused until the window moves on.

use sqlx::Any;

use crate::{Db, StoreError};

/// Failures allowed in the window before attempts are refused.
pub const MAX_FAILURES: i64 = 5;
/// The window, in milliseconds (15 minutes).
pub const WINDOW_MS: i64 = 15 * 60 * 1000;

/// Recent failures for an account and for an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failures {
    pub by_email: i64,
    pub by_ip: i64,
    /// When the oldest failure that counts leaves the window (unix ms).
    pub oldest_ms: Option<i64>,
}

impl Failures {
    /// True when the next attempt must be refused.
    pub fn blocked(&self) -> bool {
        self.by_email >= MAX_FAILURES || self.by_ip >= MAX_FAILURES
    }

    /// Seconds until an attempt is allowed again (at least 1).
    pub fn retry_after_secs(&self, now_ms: i64) -> i64 {
        self.oldest_ms
            .map_or(1, |o| ((o + WINDOW_MS - now_ms) / 1000).max(1))
    }
}

/// Counts the failures of the last 15 minutes for `email` and for `ip`.
pub async fn recent(db: &Db, email: &str, ip: &str, now_ms: i64) -> Result<Failures, StoreError> {
    let since = now_ms - WINDOW_MS;
    let by_email: i64 = sqlx::query_scalar::<Any, i64>(
        "SELECT COUNT(*) FROM login_failures WHERE email = $1 AND at_ms > $2",
    )
    .bind(email)
    .bind(since)
    .fetch_one(db.pool())
    .await?;
    let by_ip: i64 = sqlx::query_scalar::<Any, i64>(
        "SELECT COUNT(*) FROM login_failures WHERE ip = $1 AND at_ms > $2",
    )
    .bind(ip)
    .bind(since)
    .fetch_one(db.pool())
    .await?;
    let oldest_ms: Option<i64> = sqlx::query_scalar::<Any, Option<i64>>(
        "SELECT MIN(at_ms) FROM (SELECT at_ms FROM login_failures WHERE (email = $1 OR ip = $2) AND at_ms > $3 ORDER BY at_ms DESC LIMIT 5) recent",
    )
    .bind(email)
    .bind(ip)
    .bind(since)
    .fetch_one(db.pool())
    .await?;
    Ok(Failures {
        by_email,
        by_ip,
        oldest_ms,
    })
}

/// Records one failed attempt, and forgets failures older than a day.
pub async fn record_failure(db: &Db, email: &str, ip: &str, now_ms: i64) -> Result<(), StoreError> {
    sqlx::query::<Any>("INSERT INTO login_failures (email, ip, at_ms) VALUES ($1, $2, $3)")
        .bind(email)
        .bind(ip)
        .bind(now_ms)
        .execute(db.pool())
        .await?;
    sqlx::query::<Any>("DELETE FROM login_failures WHERE at_ms < $1")
        .bind(now_ms - 24 * 60 * 60 * 1000)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Forgets an account's failures after it logs in.
pub async fn clear_email(db: &Db, email: &str) -> Result<(), StoreError> {
    sqlx::query::<Any>("DELETE FROM login_failures WHERE email = $1")
        .bind(email)
        .execute(db.pool())
        .await?;
    Ok(())
}

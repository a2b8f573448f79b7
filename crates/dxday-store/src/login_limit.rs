//! Throttling of logins, kept in the database so every node sees the same counts.
//!
//! The policy, per 15-minute window:
//! - 5 failures per (account, address): that address may not try that account again
//!   until the oldest failure leaves the window;
//! - 30 failures per address, whatever the accounts (one address guessing many);
//! - from the 10th failure of an account, from any address, each further attempt waits
//!   a backoff after the account's last attempt (2 s, doubling, at most 5 minutes): an
//!   account under attack from elsewhere slows down but is never locked for its owner.
//!
//! An attempt is written *before* its password is checked, and the counts are read
//! after that write: whatever the number of attempts sent at once, the k-th one to be
//! written sees at least k, so at most 5 of them are ever evaluated per (account,
//! address). A refused attempt is taken back (it checked nothing); a failed one stays
//! counted; a successful one clears that (account, address).

use sqlx::Any;

use crate::{Db, StoreError};

/// Failures allowed per (account, address) in the window.
pub const PAIR_MAX: i64 = 5;
/// Failures allowed per address in the window, over every account.
pub const ADDRESS_MAX: i64 = 30;
/// Failures of one account, from anywhere, before each attempt waits a backoff.
pub const ACCOUNT_FREE: i64 = 10;
/// The longest backoff, in milliseconds (5 minutes).
pub const BACKOFF_MAX_MS: i64 = 5 * 60 * 1000;
/// The window, in milliseconds (15 minutes).
pub const WINDOW_MS: i64 = 15 * 60 * 1000;

/// An attempt that may go on to check its password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempt(i64);

/// Whether an attempt may check its password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed(Attempt),
    /// Refused; try again in this many seconds (at least 1).
    Refused {
        retry_after_secs: i64,
    },
}

/// The backoff an account's next attempt waits after `failures` failures in the window.
pub fn backoff_ms(failures: i64) -> i64 {
    if failures < ACCOUNT_FREE {
        return 0;
    }
    let doublings = (failures - ACCOUNT_FREE).min(20) as u32;
    (2_000i64 << doublings).min(BACKOFF_MAX_MS)
}

/// Records an attempt for `email` from `ip` at `now_ms`, then decides.
pub async fn begin(db: &Db, email: &str, ip: &str, now_ms: i64) -> Result<Verdict, StoreError> {
    let id: i64 = sqlx::query_scalar::<Any, i64>(
        "INSERT INTO login_failures (email, ip, at_ms) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(email)
    .bind(ip)
    .bind(now_ms)
    .fetch_one(db.pool())
    .await?;
    let since = now_ms - WINDOW_MS;
    // (count, oldest) per pair and per address; (count, latest before this one) per account.
    let (pair, pair_oldest): (i64, Option<i64>) = sqlx::query_as::<Any, (i64, Option<i64>)>(
        "SELECT COUNT(*), MIN(at_ms) FROM login_failures WHERE email = $1 AND ip = $2 AND at_ms > $3",
    )
    .bind(email)
    .bind(ip)
    .bind(since)
    .fetch_one(db.pool())
    .await?;
    let (address, address_oldest): (i64, Option<i64>) = sqlx::query_as::<Any, (i64, Option<i64>)>(
        "SELECT COUNT(*), MIN(at_ms) FROM login_failures WHERE ip = $1 AND at_ms > $2",
    )
    .bind(ip)
    .bind(since)
    .fetch_one(db.pool())
    .await?;
    let (account, account_last): (i64, Option<i64>) = sqlx::query_as::<Any, (i64, Option<i64>)>(
        "SELECT COUNT(*), MAX(at_ms) FROM login_failures WHERE email = $1 AND at_ms > $2 AND id <> $3",
    )
    .bind(email)
    .bind(since)
    .bind(id)
    .fetch_one(db.pool())
    .await?;
    let mut wait_ms = 0;
    if pair > PAIR_MAX {
        wait_ms = wait_ms.max(pair_oldest.map_or(1, |o| o + WINDOW_MS - now_ms));
    }
    if address > ADDRESS_MAX {
        wait_ms = wait_ms.max(address_oldest.map_or(1, |o| o + WINDOW_MS - now_ms));
    }
    let backoff = backoff_ms(account);
    if let Some(last) = account_last
        && backoff > 0
        && now_ms < last + backoff
    {
        wait_ms = wait_ms.max(last + backoff - now_ms);
    }
    if wait_ms <= 0 {
        return Ok(Verdict::Allowed(Attempt(id)));
    }
    sqlx::query::<Any>("DELETE FROM login_failures WHERE id = $1")
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(Verdict::Refused {
        retry_after_secs: (wait_ms + 999) / 1000,
    })
}

/// The attempt's password was wrong: it stays counted. Failures older than a day are
/// forgotten.
pub async fn failed(db: &Db, _attempt: Attempt, now_ms: i64) -> Result<(), StoreError> {
    sqlx::query::<Any>("DELETE FROM login_failures WHERE at_ms < $1")
        .bind(now_ms - 24 * 60 * 60 * 1000)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// The attempt succeeded: the failures of this account from this address are forgotten
/// (those from elsewhere stay, so an attacker's backoff does not reset).
pub async fn succeeded(db: &Db, email: &str, ip: &str) -> Result<(), StoreError> {
    sqlx::query::<Any>("DELETE FROM login_failures WHERE email = $1 AND ip = $2")
        .bind(email)
        .bind(ip)
        .execute(db.pool())
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_account_backoff_doubles_and_stops_at_five_minutes() {
        assert_eq!(backoff_ms(9), 0);
        assert_eq!(backoff_ms(10), 2_000);
        assert_eq!(backoff_ms(11), 4_000);
        assert_eq!(backoff_ms(17), 256_000);
        assert_eq!(backoff_ms(18), BACKOFF_MAX_MS);
        assert_eq!(backoff_ms(10_000), BACKOFF_MAX_MS);
    }
}

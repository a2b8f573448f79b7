//! Logging in: an account found by its e-mail and its password checked.

use dxday_domain::UserId;
use dxday_domain::user::Email;
use dxday_store::{Db, password, users};

use crate::Error;

/// The account that `email` (lower-cased) and `password` open, or `None`. A missing
/// account is checked against a dummy hash, so the answer takes as long either way;
/// the hash is verified on a blocking thread (argon2 takes tens of milliseconds).
pub async fn check_password(db: &Db, email: &str, password: &str) -> Result<Option<UserId>, Error> {
    let record = match Email::parse(email) {
        Ok(email) => users::find_login(db, &email).await?,
        Err(_) => None,
    };
    let hash = record.as_ref().map_or_else(
        || password::dummy_hash().to_string(),
        |r| r.password_hash.clone(),
    );
    let typed = password.to_string();
    let ok = tokio::task::spawn_blocking(move || password::verify(&typed, &hash))
        .await
        .map_err(|e| Error::Task(e.to_string()))?;
    Ok(record.filter(|r| ok && !r.archived).map(|r| r.id))
}

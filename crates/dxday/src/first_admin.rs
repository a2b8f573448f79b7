//! The first administrator: created with a random password when the database has
//! no account, so a fresh install can be logged into at once.

use dxday_domain::Role;
use dxday_domain::user::{Email, UserData};
use dxday_store::{Db, StoreError, password, users};
use rand::RngExt;

/// The account created, with its one-time password.
pub struct FirstAdmin {
    pub email: String,
    pub password: String,
}

/// Creates the administrator `email` when there is no account at all.
pub async fn ensure(db: &Db, email: &str) -> Result<Option<FirstAdmin>, StoreError> {
    if users::count(db).await? > 0 {
        return Ok(None);
    }
    let email = Email::parse(email).map_err(|_| {
        StoreError::Corrupt(format!(
            "DXDAY_ADMIN_EMAIL is not an e-mail address: {email:?}"
        ))
    })?;
    // Letters and digits that cannot be confused when read aloud or copied from a terminal.
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    let pw: String = (0..16)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect();
    let pw_for_hash = pw.clone();
    let hash = tokio::task::spawn_blocking(move || password::hash(&pw_for_hash))
        .await
        .map_err(|e| StoreError::Corrupt(e.to_string()))??;
    let data = UserData {
        email: email.clone(),
        full_name: "Quản trị hệ thống".into(),
        role: Role::Admin,
        unit_id: None,
    };
    users::insert(db, None, &data, &hash).await?;
    Ok(Some(FirstAdmin {
        email: email.as_str().to_string(),
        password: pw,
    }))
}

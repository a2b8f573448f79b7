//! The register of changes to bodies' names, each with the day it takes effect
//! (`dxday_domain::document::BodyName`).

use dxday_domain::UserId;
use dxday_domain::document::BodyName;
use sqlx::{Any, AnyConnection};

use crate::audit::{self, Entry};
use crate::time_text::{date, date_text, now_text};
use crate::{Db, StoreError};

/// Adds a change to the register.
pub async fn insert(db: &Db, actor: Option<UserId>, b: &BodyName) -> Result<i64, StoreError> {
    audit::write(db, actor, async |tx| {
        let id = sqlx::query_scalar::<Any, i64>(
            "INSERT INTO body_names (name, successor, effective_on, basis, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(b.name.trim())
        .bind(b.successor.as_deref().map(str::trim))
        .bind(date_text(b.effective_on))
        .bind(b.basis.trim())
        .bind(now_text())
        .fetch_one(&mut *tx)
        .await?;
        Ok((id, Entry::new("body_name.create", "body_name", id).after(b)))
    })
    .await
}

/// The register, oldest change first.
pub async fn all(db: &Db) -> Result<Vec<BodyName>, StoreError> {
    let mut conn = db.pool().acquire().await?;
    all_in(&mut conn).await
}

pub(crate) async fn all_in(conn: &mut AnyConnection) -> Result<Vec<BodyName>, StoreError> {
    sqlx::query_as::<Any, (String, Option<String>, String, String)>(
        "SELECT name, successor, effective_on, basis FROM body_names ORDER BY effective_on, id",
    )
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|(name, successor, on, basis)| {
        Ok(BodyName {
            name,
            successor,
            effective_on: date(&on)?,
            basis,
        })
    })
    .collect()
}

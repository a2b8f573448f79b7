//! Archiving: records are never deleted, only marked archived (and restorable), with
//! an audit entry. One function serves every table that carries `archived_at`.

use dxday_domain::UserId;
use sqlx::Any;

use crate::audit::{self, Entry};
use crate::time_text::now_text;
use crate::{Db, StoreError};

/// A table whose rows can be archived.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Archivable {
    Units,
    Users,
    Campaigns,
    Frames,
}

impl Archivable {
    fn sql(self) -> &'static str {
        match self {
            Archivable::Units => "UPDATE units SET archived_at = $1, updated_at = $2 WHERE id = $3",
            Archivable::Users => {
                // Archiving an account also ends every session it has.
                "UPDATE users SET archived_at = $1, updated_at = $2, session_epoch = session_epoch + 1 WHERE id = $3"
            }
            Archivable::Campaigns => {
                "UPDATE campaigns SET archived_at = $1, updated_at = $2 WHERE id = $3"
            }
            Archivable::Frames => {
                "UPDATE frames SET archived_at = $1, updated_at = $2 WHERE id = $3"
            }
        }
    }

    fn entity(self) -> &'static str {
        match self {
            Archivable::Units => "unit",
            Archivable::Users => "user",
            Archivable::Campaigns => "campaign",
            Archivable::Frames => "frame",
        }
    }
}

/// Archives (or restores) row `id`; `Ok(false)` when there is no such row. The caller
/// has already checked the account's role and scope.
pub(crate) async fn set(
    db: &Db,
    table: Archivable,
    actor: Option<UserId>,
    id: i64,
    archived: bool,
) -> Result<bool, StoreError> {
    let at = archived.then(now_text);
    let action = if archived { "archive" } else { "restore" };
    let entry = Entry::new(format!("{}.{action}", table.entity()), table.entity(), id);
    audit::write_rows(db, actor, entry.after(&at), async |tx| {
        let done = sqlx::query::<Any>(table.sql())
            .bind(at.clone())
            .bind(now_text())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        Ok(done.rows_affected())
    })
    .await
}

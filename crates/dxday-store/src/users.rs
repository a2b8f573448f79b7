//! Accounts: profiles, password hashes, the session epoch that logs every session out.

use dxday_domain::scope::Reach;
use dxday_domain::user::{Email, UserData};
use dxday_domain::{Role, Scope, UnitId, UserId};
use serde::Serialize;
use sqlx::{Any, AnyConnection, FromRow};

use crate::archive::{self, Archivable};
use crate::audit::{self, Entry};
use crate::error::taken_as;
use crate::scope_sql::unit_is;
use crate::time_text::now_text;
use crate::{Db, StoreError};

/// A stored account, without its password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: UserId,
    #[serde(flatten)]
    pub data: UserData,
    pub unit_name: Option<String>,
    /// Raised on every password change and archive: sessions made before are void.
    pub session_epoch: i64,
    pub archived: bool,
}

#[derive(FromRow)]
struct UserRow {
    id: i64,
    email: String,
    full_name: String,
    role: String,
    unit_id: Option<i64>,
    unit_name: Option<String>,
    session_epoch: i64,
    archived_at: Option<String>,
}

impl TryFrom<UserRow> for User {
    type Error = StoreError;
    fn try_from(r: UserRow) -> Result<User, StoreError> {
        let bad = |what: &str| StoreError::Corrupt(format!("user {} {what}", r.id));
        Ok(User {
            id: UserId(r.id),
            data: UserData {
                email: Email::parse(&r.email).map_err(|_| bad("email"))?,
                full_name: r.full_name.clone(),
                role: Role::parse(&r.role).map_err(|_| bad("role"))?,
                unit_id: r.unit_id.map(UnitId),
            },
            unit_name: r.unit_name,
            session_epoch: r.session_epoch,
            archived: r.archived_at.is_some(),
        })
    }
}

const SELECT: &str = "SELECT u.id, u.email, u.full_name, u.role, u.unit_id, n.name AS unit_name, u.session_epoch, u.archived_at
    FROM users u LEFT JOIN units n ON n.id = u.unit_id";

/// The accounts the scope covers (an office scope sees all).
pub async fn list(db: &Db, scope: &Scope) -> Result<Vec<User>, StoreError> {
    let rows = match scope.reach() {
        Reach::All => {
            sqlx::query_as::<Any, UserRow>(sqlx::AssertSqlSafe(format!(
                "{SELECT} ORDER BY u.archived_at IS NOT NULL, u.email"
            )))
            .fetch_all(db.pool())
            .await?
        }
        Reach::Unit(unit) => {
            sqlx::query_as::<Any, UserRow>(sqlx::AssertSqlSafe(format!(
                "{SELECT} WHERE u.unit_id = $1 ORDER BY u.email"
            )))
            .bind(unit.0)
            .fetch_all(db.pool())
            .await?
        }
        Reach::Nothing => Vec::new(),
    };
    rows.into_iter().map(User::try_from).collect()
}

/// One account the scope covers.
pub async fn get(db: &Db, scope: &Scope, id: UserId) -> Result<Option<User>, StoreError> {
    let row = sqlx::query_as::<Any, UserRow>(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE u.id = $1 AND {}",
        unit_is(scope, "u.unit_id")
    )))
    .bind(id.0)
    .fetch_optional(db.pool())
    .await?;
    row.map(User::try_from).transpose()
}

/// The account behind a session (no scope: it is the caller itself).
pub async fn get_for_session(db: &Db, id: UserId) -> Result<Option<User>, StoreError> {
    let mut conn = db.pool().acquire().await?;
    fetch(&mut conn, id).await
}

async fn fetch(conn: &mut AnyConnection, id: UserId) -> Result<Option<User>, StoreError> {
    let row =
        sqlx::query_as::<Any, UserRow>(sqlx::AssertSqlSafe(format!("{SELECT} WHERE u.id = $1")))
            .bind(id.0)
            .fetch_optional(conn)
            .await?;
    row.map(User::try_from).transpose()
}

/// What a login needs: the account's id, hash and whether it is archived.
pub struct LoginRecord {
    pub id: UserId,
    pub password_hash: String,
    pub archived: bool,
}

/// The login record of an e-mail address.
pub async fn find_login(db: &Db, email: &Email) -> Result<Option<LoginRecord>, StoreError> {
    let row: Option<(i64, String, Option<String>)> =
        sqlx::query_as::<Any, (i64, String, Option<String>)>(
            "SELECT id, password_hash, archived_at FROM users WHERE email = $1",
        )
        .bind(email.as_str())
        .fetch_optional(db.pool())
        .await?;
    Ok(row.map(|(id, password_hash, archived_at)| LoginRecord {
        id: UserId(id),
        password_hash,
        archived: archived_at.is_some(),
    }))
}

/// The password hash of an account.
pub async fn password_hash(db: &Db, id: UserId) -> Result<Option<String>, StoreError> {
    Ok(
        sqlx::query_scalar::<Any, String>("SELECT password_hash FROM users WHERE id = $1")
            .bind(id.0)
            .fetch_optional(db.pool())
            .await?,
    )
}

/// Inserts an account with an already hashed password.
pub async fn insert(
    db: &Db,
    actor: Option<UserId>,
    u: &UserData,
    password_hash: &str,
) -> Result<UserId, StoreError> {
    audit::write(db, actor, async |tx| {
        check_unit(&mut *tx, u.unit_id).await?;
        let now = now_text();
        let id: i64 = sqlx::query_scalar::<Any, i64>(
            "INSERT INTO users (email, full_name, password_hash, role, unit_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
        )
        .bind(u.email.as_str())
        .bind(&u.full_name)
        .bind(password_hash)
        .bind(u.role.as_str())
        .bind(u.unit_id.map(|x| x.0))
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(taken_as("email"))?;
        Ok((UserId(id), Entry::new("user.create", "user", id)
            .after(&u)))
    })
    .await
}

/// Updates an account's profile; `Ok(false)` when not found in the scope. A change of
/// role or unit logs the account out everywhere.
pub async fn update(
    db: &Db,
    scope: &Scope,
    actor: Option<UserId>,
    id: UserId,
    u: &UserData,
) -> Result<bool, StoreError> {
    let Some(before) = get(db, scope, id).await? else {
        return Ok(false);
    };
    audit::write(db, actor, async |tx| {
        check_unit(&mut *tx, u.unit_id).await?;
        let bump = i64::from(before.data.role != u.role || before.data.unit_id != u.unit_id);
        sqlx::query::<Any>(
            "UPDATE users SET email = $1, full_name = $2, role = $3, unit_id = $4, session_epoch = session_epoch + $5, updated_at = $6 WHERE id = $7",
        )
        .bind(u.email.as_str())
        .bind(&u.full_name)
        .bind(u.role.as_str())
        .bind(u.unit_id.map(|x| x.0))
        .bind(bump)
        .bind(now_text())
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(taken_as("email"))?;
        Ok((true, Entry::new("user.update", "user", id.0)
            .before(&before.data)
            .after(&u)))
    })
    .await
}

/// Sets a new password hash and voids every existing session of the account.
pub async fn set_password(
    db: &Db,
    actor: Option<UserId>,
    id: UserId,
    password_hash: &str,
) -> Result<(), StoreError> {
    audit::write(db, actor, async |tx| {
        sqlx::query::<Any>("UPDATE users SET password_hash = $1, session_epoch = session_epoch + 1, updated_at = $2 WHERE id = $3")
            .bind(password_hash)
            .bind(now_text())
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        Ok(((), Entry::new("user.password", "user", id.0)))
    })
    .await
}

/// Archives (or restores) an account in the scope; archiving logs it out everywhere.
pub async fn set_archived(
    db: &Db,
    scope: &Scope,
    actor: Option<UserId>,
    id: UserId,
    archived: bool,
) -> Result<bool, StoreError> {
    if get(db, scope, id).await?.is_none() {
        return Ok(false);
    }
    archive::set(db, Archivable::Users, actor, id.0, archived).await
}

/// How many accounts there are.
pub async fn count(db: &Db) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar::<Any, i64>("SELECT COUNT(*) FROM users")
        .fetch_one(db.pool())
        .await?)
}

async fn check_unit(conn: &mut AnyConnection, unit: Option<UnitId>) -> Result<(), StoreError> {
    if let Some(u) = unit {
        let n: i64 = sqlx::query_scalar::<Any, i64>(
            "SELECT COUNT(*) FROM units WHERE id = $1 AND archived_at IS NULL",
        )
        .bind(u.0)
        .fetch_one(&mut *conn)
        .await?;
        if n == 0 {
            return Err(StoreError::Field {
                field: "unit_id",
                key: "err-choice",
            });
        }
    }
    Ok(())
}

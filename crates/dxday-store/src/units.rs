//! Units: list, read, insert, update, archive — always within a [`Scope`].

use dxday_domain::unit::{GsoCode, UnitCode, UnitData, UnitKind};
use dxday_domain::{Scope, UnitId, UserId};
use serde::Serialize;
use sqlx::{Any, AnyConnection, FromRow, Row};

use crate::AnyQuery;
use crate::archive::{self, Archivable};
use crate::audit::{self, Entry};
use crate::error::taken_as;
use crate::scope_sql::unit_is;
use crate::time_text::{date, date_text, now_text, opt_date};
use crate::{Db, StoreError};

/// A stored unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    pub id: UnitId,
    #[serde(flatten)]
    pub data: UnitData,
    pub parent_name: Option<String>,
    pub archived: bool,
}

#[derive(FromRow)]
struct UnitRow {
    id: i64,
    code: String,
    name: String,
    short_name: Option<String>,
    kind: String,
    parent_id: Option<i64>,
    parent_name: Option<String>,
    gso_code: Option<String>,
    staff_count: Option<i64>,
    valid_from: String,
    valid_to: Option<String>,
    is_sample: i64,
    archived_at: Option<String>,
}

impl TryFrom<UnitRow> for Unit {
    type Error = StoreError;
    fn try_from(r: UnitRow) -> Result<Unit, StoreError> {
        let bad = |what: &str| StoreError::Corrupt(format!("unit {} {what}", r.id));
        Ok(Unit {
            id: UnitId(r.id),
            data: UnitData {
                code: UnitCode::parse(&r.code).map_err(|_| bad("code"))?,
                name: r.name.clone(),
                short_name: r.short_name.clone(),
                kind: UnitKind::parse(&r.kind).map_err(|_| bad("kind"))?,
                parent_id: r.parent_id.map(UnitId),
                gso_code: r
                    .gso_code
                    .as_deref()
                    .map(GsoCode::parse)
                    .transpose()
                    .map_err(|_| bad("gso_code"))?,
                staff_count: r.staff_count,
                valid_from: date(&r.valid_from)?,
                valid_to: opt_date(r.valid_to.as_deref())?,
                is_sample: r.is_sample != 0,
            },
            parent_name: r.parent_name,
            archived: r.archived_at.is_some(),
        })
    }
}

const SELECT: &str = "SELECT u.id, u.code, u.name, u.short_name, u.kind, u.parent_id, p.name AS parent_name, u.gso_code,
    u.staff_count, u.valid_from, u.valid_to, u.is_sample, u.archived_at FROM units u LEFT JOIN units p ON p.id = u.parent_id";

/// The units the scope covers, archived ones last, then by kind order and name.
pub async fn list(db: &Db, scope: &Scope) -> Result<Vec<Unit>, StoreError> {
    select(db, &unit_is(scope, "u.id")).await
}

/// The units meeting `condition` (a scope's, or all of them for the register).
async fn select(db: &Db, condition: &str) -> Result<Vec<Unit>, StoreError> {
    let rows: Vec<UnitRow> = sqlx::query_as::<Any, UnitRow>(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE {condition} ORDER BY u.id"
    )))
    .fetch_all(db.pool())
    .await?;
    let mut units = rows
        .into_iter()
        .map(Unit::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    units.sort_by_key(|u| {
        (
            u.archived,
            UnitKind::ALL.iter().position(|k| *k == u.data.kind),
            u.id,
        )
    });
    Ok(units)
}

/// Every unit, archived ones last, then by kind order and name: the register of units
/// that pickers, recipient lists and participation tables show. A unit's name, code
/// and kind are not its data; what it did (tasks, reports, streets…) is read through
/// a [`Scope`].
pub async fn directory(db: &Db) -> Result<Vec<Unit>, StoreError> {
    select(db, "1 = 1").await
}

/// One unit of the register (its name and kind), or `None` when there is none.
pub async fn entry(db: &Db, id: UnitId) -> Result<Option<Unit>, StoreError> {
    let mut conn = db.pool().acquire().await?;
    fetch(&mut conn, id).await
}

/// A unit's name in the register, or `None` when there is no such unit.
pub async fn name(db: &Db, id: UnitId) -> Result<Option<String>, StoreError> {
    Ok(entry(db, id).await?.map(|u| u.data.name))
}

/// One unit, or `None` when it does not exist or the scope does not cover it.
pub async fn get(db: &Db, scope: &Scope, id: UnitId) -> Result<Option<Unit>, StoreError> {
    if !scope.covers(id) {
        return Ok(None);
    }
    let mut conn = db.pool().acquire().await?;
    fetch(&mut conn, id).await
}

/// A unit found by its code, for public links (`?don-vi=`); archived units are not found.
pub async fn find_by_code(db: &Db, code: &str) -> Result<Option<Unit>, StoreError> {
    let row = sqlx::query_as::<Any, UnitRow>(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE u.code = $1 AND u.archived_at IS NULL"
    )))
    .bind(code.trim().to_ascii_lowercase())
    .fetch_optional(db.pool())
    .await?;
    row.map(Unit::try_from).transpose()
}

async fn fetch(conn: &mut AnyConnection, id: UnitId) -> Result<Option<Unit>, StoreError> {
    let row =
        sqlx::query_as::<Any, UnitRow>(sqlx::AssertSqlSafe(format!("{SELECT} WHERE u.id = $1")))
            .bind(id.0)
            .fetch_optional(conn)
            .await?;
    row.map(Unit::try_from).transpose()
}

/// Inserts a unit (office roles only: the caller checks the role).
pub async fn insert(db: &Db, actor: Option<UserId>, u: &UnitData) -> Result<UnitId, StoreError> {
    let mut tx = db.begin().await?;
    let id = insert_in(&mut tx, actor, u).await?;
    tx.commit().await?;
    Ok(id)
}

/// Inserts a unit inside the caller's transaction.
pub(crate) async fn insert_in(
    conn: &mut AnyConnection,
    actor: Option<UserId>,
    u: &UnitData,
) -> Result<UnitId, StoreError> {
    check_parent(conn, None, u.parent_id).await?;
    let id: i64 = bind_unit(
        sqlx::query::<Any>(
        "INSERT INTO units (code, name, short_name, kind, parent_id, gso_code, staff_count, valid_from, valid_to, is_sample, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
        ),
        u,
    )
    .fetch_one(&mut *conn)
    .await
    .map_err(taken_as("code"))?
    .try_get(0)?;
    Entry::new("unit.create", "unit", id)
        .after(&u)
        .record(&mut *conn, actor)
        .await?;
    Ok(UnitId(id))
}

/// Binds a unit's fields as $1…$10 and the time of the change as $11, in the column
/// order both the insert and the update name them.
fn bind_unit<'q>(q: AnyQuery<'q>, u: &'q UnitData) -> AnyQuery<'q> {
    q.bind(u.code.as_str())
        .bind(&u.name)
        .bind(u.short_name.as_deref())
        .bind(u.kind.as_str())
        .bind(u.parent_id.map(|p| p.0))
        .bind(u.gso_code.as_ref().map(|g| g.as_str()))
        .bind(u.staff_count)
        .bind(date_text(u.valid_from))
        .bind(u.valid_to.map(date_text))
        .bind(i64::from(u.is_sample))
        .bind(now_text())
}

/// Updates a unit the scope covers; `Ok(false)` when it is not found there.
pub async fn update(
    db: &Db,
    scope: &Scope,
    actor: Option<UserId>,
    id: UnitId,
    u: &UnitData,
) -> Result<bool, StoreError> {
    if !scope.covers(id) {
        return Ok(false);
    }
    audit::write_found(db, actor, async |tx| {
        let Some(before) = fetch(&mut *tx, id).await? else {
            return Ok(None);
        };
        check_parent(&mut *tx, Some(id), u.parent_id).await?;
        bind_unit(sqlx::query::<Any>(
            "UPDATE units SET code = $1, name = $2, short_name = $3, kind = $4, parent_id = $5, gso_code = $6, staff_count = $7,
             valid_from = $8, valid_to = $9, is_sample = $10, updated_at = $11 WHERE id = $12",
        ), u)
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(taken_as("code"))?;
        Ok(Some(((), Entry::new("unit.update", "unit", id.0)
            .before(&before.data)
            .after(&u))))
    })
    .await
    .map(|done| done.is_some())
}

/// Archives (or restores) a unit the scope covers; `Ok(false)` when not found there.
pub async fn set_archived(
    db: &Db,
    scope: &Scope,
    actor: Option<UserId>,
    id: UnitId,
    archived: bool,
) -> Result<bool, StoreError> {
    if !scope.covers(id) {
        return Ok(false);
    }
    archive::set(db, Archivable::Units, actor, id.0, archived).await
}

/// Refuses a parent that does not exist or would make a cycle.
async fn check_parent(
    conn: &mut AnyConnection,
    id: Option<UnitId>,
    parent: Option<UnitId>,
) -> Result<(), StoreError> {
    let mut next = parent;
    let mut steps = 0;
    while let Some(p) = next {
        if Some(p) == id || steps > 64 {
            return Err(StoreError::Field {
                field: "parent_id",
                key: "err-parent",
            });
        }
        let row: Option<Option<i64>> =
            sqlx::query_scalar::<Any, Option<i64>>("SELECT parent_id FROM units WHERE id = $1")
                .bind(p.0)
                .fetch_optional(&mut *conn)
                .await?;
        match row {
            None => {
                return Err(StoreError::Field {
                    field: "parent_id",
                    key: "err-parent",
                });
            }
            Some(up) => next = up.map(UnitId),
        }
        steps += 1;
    }
    Ok(())
}

/// How many units there are (archived included).
pub async fn count(db: &Db) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar::<Any, i64>("SELECT COUNT(*) FROM units")
        .fetch_one(db.pool())
        .await?)
}

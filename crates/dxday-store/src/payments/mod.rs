//! Online-payment streets and their merchants, each a ward's; the NAPAS member list.
//! Every write names the ward, so a ward can change only its own (another ward's
//! street or merchant is "none").

use dxday_domain::banks::Bank;
use dxday_domain::payment::{
    ImportedMerchant, MerchantData, MerchantForm, MerchantKind, Methods, StreetData, StreetStatus,
    can_launch, fold_key,
};
use dxday_domain::task::CellError;
use dxday_domain::{MerchantId, Scope, StreetId, UnitId, UserId};
use serde::Serialize;
use sqlx::{Any, AnyConnection, FromRow, Row};

use crate::AnyQuery;
use crate::audit::{self, Entry};
use crate::error::taken_as;
use crate::scope_sql::unit_is;
use crate::time_text::{date_text, now_text, opt_date};
use crate::{Db, StoreError};

mod banks;
pub use banks::*;
mod merchants;
pub use merchants::*;
mod import;
pub use import::*;

/// A street with its shops counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Street {
    pub id: StreetId,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub data: StreetData,
    pub merchants: i64,
    /// Shops that accept at least one cashless payment.
    pub accepting: i64,
}

impl Street {
    /// The share that accepts, in whole percent (none without shops).
    pub fn percent(&self) -> Option<i64> {
        dxday_domain::payment::acceptance_percent(self.accepting, self.merchants)
    }
}

#[derive(FromRow)]
struct StreetRow {
    id: i64,
    unit_id: i64,
    unit_name: String,
    name: String,
    segment_from: Option<String>,
    segment_to: Option<String>,
    status: String,
    decision_number: Option<String>,
    decision_date: Option<String>,
    launch_date: Option<String>,
    target_percent: i64,
    merchants: i64,
    accepting: i64,
}

impl TryFrom<StreetRow> for Street {
    type Error = StoreError;
    fn try_from(r: StreetRow) -> Result<Street, StoreError> {
        Ok(Street {
            id: StreetId(r.id),
            unit_id: UnitId(r.unit_id),
            unit_name: r.unit_name,
            data: StreetData {
                name: r.name,
                segment_from: r.segment_from,
                segment_to: r.segment_to,
                status: StreetStatus::parse(&r.status)
                    .map_err(|_| StoreError::Corrupt("street status".into()))?,
                decision_number: r.decision_number,
                decision_date: opt_date(r.decision_date.as_deref())?,
                launch_date: opt_date(r.launch_date.as_deref())?,
                target_percent: r.target_percent,
            },
            merchants: r.merchants,
            accepting: r.accepting,
        })
    }
}

const STREETS: &str = "SELECT s.id, s.unit_id, u.name AS unit_name, s.name, s.segment_from, s.segment_to, s.status,
        s.decision_number, s.decision_date, s.launch_date, s.target_percent,
        COUNT(m.id) AS merchants,
        COUNT(CASE WHEN m.accepts_qr = 1 OR m.accepts_card = 1 OR m.accepts_ewallet = 1 THEN 1 END) AS accepting
    FROM payment_streets s
    JOIN units u ON u.id = s.unit_id
    LEFT JOIN merchants m ON m.street_id = s.id";

const STREETS_GROUP: &str =
    "GROUP BY s.id, s.unit_id, u.name, s.name, s.segment_from, s.segment_to, s.status,
        s.decision_number, s.decision_date, s.launch_date, s.target_percent";

/// The streets in the scope with their counts, by ward then name.
pub async fn streets(db: &Db, scope: &Scope) -> Result<Vec<Street>, StoreError> {
    streets_where(db, &unit_is(scope, "s.unit_id")).await
}

/// Every ward's streets, for the public page (what the site publishes: a street's
/// name, ward, stage and counts).
pub async fn public_streets(db: &Db) -> Result<Vec<Street>, StoreError> {
    streets_where(db, "1 = 1").await
}

async fn streets_where(db: &Db, condition: &str) -> Result<Vec<Street>, StoreError> {
    let rows = sqlx::query_as::<Any, StreetRow>(sqlx::AssertSqlSafe(format!(
        "{STREETS} WHERE {condition} {STREETS_GROUP} ORDER BY s.id"
    )))
    .fetch_all(db.pool())
    .await?;
    let mut streets = rows
        .into_iter()
        .map(Street::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    streets.sort_by(|a, b| {
        dxday_domain::collation::compare(&a.unit_name, &b.unit_name)
            .then_with(|| dxday_domain::collation::compare(&a.data.name, &b.data.name))
    });
    Ok(streets)
}

/// One street in the scope (another ward's is not found).
pub async fn street(db: &Db, scope: &Scope, id: StreetId) -> Result<Option<Street>, StoreError> {
    let condition = unit_is(scope, "s.unit_id");
    street_in(&mut *db.pool().acquire().await?, id.0, &condition).await
}

/// One street with its counts, when it meets `condition` (written by this module).
async fn street_in(
    conn: &mut AnyConnection,
    id: i64,
    condition: &str,
) -> Result<Option<Street>, StoreError> {
    sqlx::query_as::<Any, StreetRow>(sqlx::AssertSqlSafe(format!(
        "{STREETS} WHERE s.id = $1 AND {condition} {STREETS_GROUP}"
    )))
    .bind(id)
    .fetch_optional(conn)
    .await?
    .map(Street::try_from)
    .transpose()
}

/// A launched street must meet its target (checked in the writing transaction).
async fn check_launch(
    conn: &mut AnyConnection,
    street: i64,
    data: &StreetData,
) -> Result<(), StoreError> {
    if data.status != StreetStatus::Launched {
        return Ok(());
    }
    let counts = street_in(conn, street, "1 = 1").await?;
    if counts.is_some_and(|s| can_launch(s.accepting, s.merchants, data.target_percent)) {
        Ok(())
    } else {
        Err(StoreError::Field {
            field: "status",
            key: "err-street-target",
        })
    }
}

/// Binds a street's columns as $1–$10 (name, name_key, segment_from, segment_to,
/// status, decision_number, decision_date, launch_date, target_percent, the time now),
/// in the order both writes list them.
fn bind_street<'q>(q: AnyQuery<'q>, d: &'q StreetData) -> AnyQuery<'q> {
    q.bind(&d.name)
        .bind(fold_key(&d.name))
        .bind(&d.segment_from)
        .bind(&d.segment_to)
        .bind(d.status.as_str())
        .bind(&d.decision_number)
        .bind(d.decision_date.map(date_text))
        .bind(d.launch_date.map(date_text))
        .bind(d.target_percent)
        .bind(now_text())
}

/// A ward's new street (never launched: it has no shops yet). A name the ward already
/// has is refused on `name`.
pub async fn insert_street(
    db: &Db,
    actor: Option<UserId>,
    unit: UnitId,
    data: &StreetData,
) -> Result<StreetId, StoreError> {
    if data.status == StreetStatus::Launched {
        return Err(StoreError::Field {
            field: "status",
            key: "err-street-target",
        });
    }
    audit::write(db, actor, async |tx| {
        let id: i64 = bind_street(
            sqlx::query::<Any>(
                "INSERT INTO payment_streets (name, name_key, segment_from, segment_to, status,
                     decision_number, decision_date, launch_date, target_percent, updated_at,
                     unit_id, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $10) RETURNING id",
            ),
            data,
        )
        .bind(unit.0)
        .fetch_one(&mut *tx)
        .await
        .map_err(taken_as("name"))?
        .try_get(0)?;
        Ok((
            StreetId(id),
            Entry::new("street.create", "payment_street", id).after(&data),
        ))
    })
    .await
}

/// Changes a ward's street; `false` when the ward has no such street. Marking it
/// launched is refused (on `status`) unless its shops meet the target.
pub async fn update_street(
    db: &Db,
    actor: Option<UserId>,
    id: StreetId,
    unit: UnitId,
    data: &StreetData,
) -> Result<bool, StoreError> {
    let id = id.0;
    let entry = Entry::new("street.update", "payment_street", id).after(&data);
    audit::write_rows(db, actor, entry, async |tx| {
        let n = bind_street(
            sqlx::query::<Any>(
                "UPDATE payment_streets SET name = $1, name_key = $2, segment_from = $3,
                     segment_to = $4, status = $5, decision_number = $6, decision_date = $7,
                     launch_date = $8, target_percent = $9, updated_at = $10
                 WHERE id = $11 AND unit_id = $12",
            ),
            data,
        )
        .bind(id)
        .bind(unit.0)
        .execute(&mut *tx)
        .await
        .map_err(taken_as("name"))?
        .rows_affected();
        if n > 0 {
            check_launch(&mut *tx, id, data).await?;
        }
        Ok(n)
    })
    .await
}

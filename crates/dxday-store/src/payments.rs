//! Online-payment streets and their merchants, each a ward's; the NAPAS member list.
//! Every write names the ward, so a ward can change only its own (another ward's
//! street or merchant is "none").

use dxday_domain::banks::Bank;
use dxday_domain::payment::{
    ImportedMerchant, MerchantData, MerchantForm, MerchantKind, Methods, StreetData, StreetStatus,
    can_launch, fold_key,
};
use dxday_domain::task::CellError;
use dxday_domain::{UnitId, UserId};
use serde::Serialize;
use sqlx::{Any, AnyConnection, FromRow, Row};

use crate::audit::{self, Change};
use crate::error::taken_as;
use crate::time_text::{date_text, now_text, opt_date};
use crate::{Db, StoreError};

/// The member list in force: the one the office loaded, else the embedded one.
pub async fn banks(db: &Db) -> Result<Vec<Bank>, StoreError> {
    let rows: Vec<(String, String, String, String)> =
        sqlx::query_as::<Any, (String, String, String, String)>(
            "SELECT bin, code, short_name, name FROM banks ORDER BY short_name",
        )
        .fetch_all(db.pool())
        .await?;
    if rows.is_empty() {
        return Ok(dxday_domain::banks::embedded().to_vec());
    }
    Ok(rows
        .into_iter()
        .map(|(bin, code, short_name, name)| Bank {
            bin,
            code,
            short_name,
            name,
        })
        .collect())
}

/// Replaces the member list, in one transaction.
pub async fn replace_banks(
    db: &Db,
    actor: Option<UserId>,
    list: &[Bank],
) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    sqlx::query::<Any>("DELETE FROM banks")
        .execute(&mut *tx)
        .await?;
    for b in list {
        sqlx::query::<Any>(
            "INSERT INTO banks (bin, code, short_name, name) VALUES ($1, $2, $3, $4)",
        )
        .bind(&b.bin)
        .bind(&b.code)
        .bind(&b.short_name)
        .bind(&b.name)
        .execute(&mut *tx)
        .await?;
    }
    audit::record::<(), _>(
        &mut tx,
        Change {
            actor,
            action: "banks.replace",
            entity: "bank",
            entity_id: None,
            before: None,
            after: Some(&serde_json::json!({ "count": list.len() })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A street with its shops counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Street {
    pub id: i64,
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
            id: r.id,
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

/// Streets with their counts: a ward's, or every ward's (`None`), by ward then name.
pub async fn streets(db: &Db, unit: Option<UnitId>) -> Result<Vec<Street>, StoreError> {
    let rows = sqlx::query_as::<Any, StreetRow>(sqlx::AssertSqlSafe(format!(
        "{STREETS} WHERE (CAST($1 AS BIGINT) = 0 OR s.unit_id = $1) {STREETS_GROUP} ORDER BY u.name, s.name"
    )))
    .bind(unit.map_or(0, |u| u.0))
    .fetch_all(db.pool())
    .await?;
    rows.into_iter().map(Street::try_from).collect()
}

/// One street, whichever ward's (the caller checks who may see it).
pub async fn street(db: &Db, id: i64) -> Result<Option<Street>, StoreError> {
    street_in(&mut *db.pool().acquire().await?, id).await
}

async fn street_in(conn: &mut AnyConnection, id: i64) -> Result<Option<Street>, StoreError> {
    sqlx::query_as::<Any, StreetRow>(sqlx::AssertSqlSafe(format!(
        "{STREETS} WHERE s.id = $1 {STREETS_GROUP}"
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
    let counts = street_in(conn, street).await?;
    if counts.is_some_and(|s| can_launch(s.accepting, s.merchants, data.target_percent)) {
        Ok(())
    } else {
        Err(StoreError::Field {
            field: "status",
            key: "err-street-target",
        })
    }
}

type AnyQuery<'q> = sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>;

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
) -> Result<i64, StoreError> {
    if data.status == StreetStatus::Launched {
        return Err(StoreError::Field {
            field: "status",
            key: "err-street-target",
        });
    }
    let mut tx = db.begin().await?;
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
    audit::record::<(), _>(
        &mut tx,
        Change {
            actor,
            action: "street.create",
            entity: "payment_street",
            entity_id: Some(id),
            before: None,
            after: Some(data),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes a ward's street; `false` when the ward has no such street. Marking it
/// launched is refused (on `status`) unless its shops meet the target.
pub async fn update_street(
    db: &Db,
    actor: Option<UserId>,
    id: i64,
    unit: UnitId,
    data: &StreetData,
) -> Result<bool, StoreError> {
    let mut tx = db.begin().await?;
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
    if n == 0 {
        return Ok(false);
    }
    check_launch(&mut tx, id, data).await?;
    audit::record::<(), _>(
        &mut tx,
        Change {
            actor,
            action: "street.update",
            entity: "payment_street",
            entity_id: Some(id),
            before: None,
            after: Some(data),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// A stored merchant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Merchant {
    pub id: i64,
    pub street_id: i64,
    pub street_name: String,
    pub unit_id: UnitId,
    pub data: MerchantData,
}

#[derive(FromRow)]
struct MerchantRow {
    id: i64,
    street_id: i64,
    street_name: String,
    unit_id: i64,
    name: String,
    kind: String,
    category: Option<String>,
    address: String,
    phone: Option<String>,
    accepts_qr: i64,
    accepts_card: i64,
    accepts_ewallet: i64,
    bank_bin: Option<String>,
    account_number: Option<String>,
    account_holder: Option<String>,
    verified_on: Option<String>,
    verified_by: Option<String>,
}

impl TryFrom<MerchantRow> for Merchant {
    type Error = StoreError;
    fn try_from(r: MerchantRow) -> Result<Merchant, StoreError> {
        Ok(Merchant {
            id: r.id,
            street_id: r.street_id,
            street_name: r.street_name,
            unit_id: UnitId(r.unit_id),
            data: MerchantData {
                name: r.name,
                kind: MerchantKind::parse(&r.kind)
                    .map_err(|_| StoreError::Corrupt("merchant kind".into()))?,
                category: r.category,
                address: r.address,
                phone: r.phone,
                methods: Methods {
                    bank_qr: r.accepts_qr == 1,
                    card: r.accepts_card == 1,
                    ewallet: r.accepts_ewallet == 1,
                },
                bank_bin: r.bank_bin,
                account_number: r.account_number,
                account_holder: r.account_holder,
                verified_on: opt_date(r.verified_on.as_deref())?,
                verified_by: r.verified_by,
            },
        })
    }
}

const MERCHANTS: &str =
    "SELECT m.id, m.street_id, s.name AS street_name, m.unit_id, m.name, m.kind, m.category,
        m.address, m.phone, m.accepts_qr, m.accepts_card, m.accepts_ewallet, m.bank_bin,
        m.account_number, m.account_holder, m.verified_on, m.verified_by
    FROM merchants m JOIN payment_streets s ON s.id = m.street_id";

/// A street's merchants, by name.
pub async fn merchants(db: &Db, street: i64) -> Result<Vec<Merchant>, StoreError> {
    sqlx::query_as::<Any, MerchantRow>(sqlx::AssertSqlSafe(format!(
        "{MERCHANTS} WHERE m.street_id = $1 ORDER BY m.name, m.id"
    )))
    .bind(street)
    .fetch_all(db.pool())
    .await?
    .into_iter()
    .map(Merchant::try_from)
    .collect()
}

/// A ward's merchants, or every ward's (`None`), by ward, street and name.
pub async fn merchants_of(db: &Db, unit: Option<UnitId>) -> Result<Vec<Merchant>, StoreError> {
    sqlx::query_as::<Any, MerchantRow>(sqlx::AssertSqlSafe(format!(
        "{MERCHANTS} WHERE (CAST($1 AS BIGINT) = 0 OR m.unit_id = $1) ORDER BY m.unit_id, s.name, m.name, m.id"
    )))
    .bind(unit.map_or(0, |u| u.0))
    .fetch_all(db.pool())
    .await?
    .into_iter()
    .map(Merchant::try_from)
    .collect()
}

/// One merchant, whichever ward's.
pub async fn merchant(db: &Db, id: i64) -> Result<Option<Merchant>, StoreError> {
    sqlx::query_as::<Any, MerchantRow>(sqlx::AssertSqlSafe(format!("{MERCHANTS} WHERE m.id = $1")))
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .map(Merchant::try_from)
        .transpose()
}

/// The identities (name and address, folded) of a ward's merchants.
pub async fn identities(db: &Db, unit: UnitId) -> Result<Vec<String>, StoreError> {
    Ok(
        sqlx::query_scalar::<Any, String>("SELECT identity FROM merchants WHERE unit_id = $1")
            .bind(unit.0)
            .fetch_all(db.pool())
            .await?,
    )
}

async fn insert_merchant_in(
    conn: &mut AnyConnection,
    street: i64,
    unit: UnitId,
    d: &MerchantData,
) -> Result<i64, StoreError> {
    Ok(bind_merchant(
        sqlx::query::<Any>(
            "INSERT INTO merchants (street_id, name, identity, kind, category, address, phone,
                 accepts_qr, accepts_card, accepts_ewallet, bank_bin, account_number,
                 account_holder, verified_on, verified_by, updated_at, unit_id, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                 $16)
             RETURNING id",
        ),
        street,
        d,
    )
    .bind(unit.0)
    .fetch_one(conn)
    .await
    .map_err(taken_as("name"))?
    .try_get(0)?)
}

/// Binds a merchant's columns as $1–$16 (street_id, name, identity, kind, category,
/// address, phone, accepts_qr, accepts_card, accepts_ewallet, bank_bin,
/// account_number, account_holder, verified_on, verified_by, the time now), in the
/// order both writes list them.
fn bind_merchant<'q>(q: AnyQuery<'q>, street: i64, d: &'q MerchantData) -> AnyQuery<'q> {
    q.bind(street)
        .bind(&d.name)
        .bind(MerchantForm::identity(&d.name, &d.address))
        .bind(d.kind.as_str())
        .bind(&d.category)
        .bind(&d.address)
        .bind(&d.phone)
        .bind(i64::from(d.methods.bank_qr))
        .bind(i64::from(d.methods.card))
        .bind(i64::from(d.methods.ewallet))
        .bind(&d.bank_bin)
        .bind(&d.account_number)
        .bind(&d.account_holder)
        .bind(d.verified_on.map(date_text))
        .bind(&d.verified_by)
        .bind(now_text())
}

/// Whether `street` is the ward's.
async fn street_of_unit(
    conn: &mut AnyConnection,
    street: i64,
    unit: UnitId,
) -> Result<bool, StoreError> {
    Ok(sqlx::query_scalar::<Any, i64>(
        "SELECT COUNT(*) FROM payment_streets WHERE id = $1 AND unit_id = $2",
    )
    .bind(street)
    .bind(unit.0)
    .fetch_one(conn)
    .await?
        == 1)
}

/// A merchant on one of the ward's streets; `None` when the street is not the ward's.
/// The same name and address twice in a ward is refused on `name`.
pub async fn insert_merchant(
    db: &Db,
    actor: Option<UserId>,
    street: i64,
    unit: UnitId,
    data: &MerchantData,
) -> Result<Option<i64>, StoreError> {
    let mut tx = db.begin().await?;
    if !street_of_unit(&mut tx, street, unit).await? {
        return Ok(None);
    }
    let id = insert_merchant_in(&mut tx, street, unit, data).await?;
    audit::record::<(), _>(
        &mut tx,
        Change {
            actor,
            action: "merchant.create",
            entity: "merchant",
            entity_id: Some(id),
            before: None,
            after: Some(data),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Some(id))
}

/// Changes a ward's merchant (and may move it to another of the ward's streets);
/// `false` when the ward has no such merchant or street.
pub async fn update_merchant(
    db: &Db,
    actor: Option<UserId>,
    id: i64,
    street: i64,
    unit: UnitId,
    d: &MerchantData,
) -> Result<bool, StoreError> {
    let mut tx = db.begin().await?;
    if !street_of_unit(&mut tx, street, unit).await? {
        return Ok(false);
    }
    let n = bind_merchant(
        sqlx::query::<Any>(
            "UPDATE merchants SET street_id = $1, name = $2, identity = $3, kind = $4,
                 category = $5, address = $6, phone = $7, accepts_qr = $8, accepts_card = $9,
                 accepts_ewallet = $10, bank_bin = $11, account_number = $12,
                 account_holder = $13, verified_on = $14, verified_by = $15, updated_at = $16
             WHERE id = $17 AND unit_id = $18",
        ),
        street,
        d,
    )
    .bind(id)
    .bind(unit.0)
    .execute(&mut *tx)
    .await
    .map_err(taken_as("name"))?
    .rows_affected();
    if n == 0 {
        return Ok(false);
    }
    audit::record::<(), _>(
        &mut tx,
        Change {
            actor,
            action: "merchant.update",
            entity: "merchant",
            entity_id: Some(id),
            before: None,
            after: Some(d),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Deletes a ward's merchant; `false` when the ward has none such.
pub async fn delete_merchant(
    db: &Db,
    actor: Option<UserId>,
    id: i64,
    unit: UnitId,
) -> Result<bool, StoreError> {
    let mut tx = db.begin().await?;
    let n = sqlx::query::<Any>("DELETE FROM merchants WHERE id = $1 AND unit_id = $2")
        .bind(id)
        .bind(unit.0)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if n == 0 {
        return Ok(false);
    }
    audit::record::<(), ()>(
        &mut tx,
        Change {
            actor,
            action: "merchant.delete",
            entity: "merchant",
            entity_id: Some(id),
            before: None,
            after: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// The ward's street names, folded, with their ids (for an import).
pub async fn street_keys(db: &Db, unit: UnitId) -> Result<Vec<(String, i64)>, StoreError> {
    street_keys_in(&mut *db.pool().acquire().await?, unit).await
}

async fn street_keys_in(
    conn: &mut AnyConnection,
    unit: UnitId,
) -> Result<Vec<(String, i64)>, StoreError> {
    Ok(sqlx::query_as::<Any, (String, i64)>(
        "SELECT name_key, id FROM payment_streets WHERE unit_id = $1",
    )
    .bind(unit.0)
    .fetch_all(conn)
    .await?)
}

/// Stores an import's merchants in one transaction: all of them, or (when one is
/// refused, e.g. a merchant added meanwhile) none, with the row that failed.
pub async fn import_merchants(
    db: &Db,
    actor: Option<UserId>,
    unit: UnitId,
    rows: &[ImportedMerchant],
) -> Result<Result<usize, Vec<CellError>>, StoreError> {
    let mut tx = db.begin().await?;
    let keys = street_keys_in(&mut tx, unit).await?;
    for m in rows {
        let key = fold_key(&m.street);
        let Some((_, street)) = keys.iter().find(|(k, _)| *k == key) else {
            return Ok(Err(vec![CellError {
                row: m.row,
                column: "tuyen_pho",
                key: "err-import-street",
            }]));
        };
        match insert_merchant_in(&mut tx, *street, unit, &m.data).await {
            Ok(_) => {}
            Err(StoreError::Field { .. }) => {
                return Ok(Err(vec![CellError {
                    row: m.row,
                    column: "ten_co_so",
                    key: "err-import-merchant-duplicate",
                }]));
            }
            Err(e) => return Err(e),
        }
    }
    audit::record::<(), _>(
        &mut tx,
        Change {
            actor,
            action: "merchant.import",
            entity: "merchant",
            entity_id: None,
            before: None,
            after: Some(&serde_json::json!({ "unit": unit.0, "count": rows.len() })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(rows.len()))
}

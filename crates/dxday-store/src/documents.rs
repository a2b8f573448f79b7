//! Documents and the outgoing register: drafts are edited freely and have no number;
//! issuing takes the next number of the issuer's register for the year, dates the
//! document and delivers it to its recipient units — all in one transaction, so a
//! failure leaves the draft as it was and no number is lost or given twice.

use dxday_domain::document::{
    Circulation, DocumentData, DocumentStatus, DocumentType, SigningAuthority, Urgency,
};
use dxday_domain::scope::Reach;
use dxday_domain::{DocumentId, Scope, UnitId, UserId};
use serde::Serialize;
use sqlx::{Any, AnyConnection, FromRow};
use time::Date;

use crate::audit::{self, Change};
use crate::time_text::{date_text, now_text, opt_date};
use crate::{Db, StoreError};

/// A stored document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Document {
    pub id: DocumentId,
    pub data: DocumentData,
    pub status: DocumentStatus,
    pub year: Option<i64>,
    pub number: Option<i64>,
    pub issued_on: Option<Date>,
    pub created_at: String,
    pub issued_at: Option<String>,
}

impl Document {
    /// "Số: 05/VHTT" (a draft keeps the blank).
    pub fn number_line(&self) -> String {
        dxday_domain::document::number_line(self.number, &self.data.symbol)
    }

    /// "05/VHTT", or "…/VHTT" for a draft.
    pub fn number_symbol(&self) -> String {
        match self.number {
            Some(n) => format!(
                "{}/{}",
                dxday_domain::document::number_text(n),
                self.data.symbol
            ),
            None => format!("…/{}", self.data.symbol),
        }
    }
}

#[derive(FromRow)]
struct Row {
    id: i64,
    kind: String,
    status: String,
    issuer_unit_id: i64,
    year: Option<i64>,
    number: Option<i64>,
    issued_on: Option<String>,
    parent_body: String,
    issuer_name: String,
    symbol: String,
    place: String,
    subject: String,
    legal_basis: String,
    addressees: String,
    body: String,
    authority: String,
    authority_title: String,
    signer_title: String,
    signer_name: String,
    distribution: String,
    drafting_unit: String,
    urgency: String,
    circulation: String,
    created_at: String,
    issued_at: Option<String>,
}

const SELECT: &str = "SELECT id, kind, status, issuer_unit_id, year, number, issued_on, parent_body, issuer_name, symbol, place, subject, legal_basis, addressees, body, authority, authority_title, signer_title, signer_name, distribution, drafting_unit, urgency, circulation, created_at, issued_at FROM documents";

fn corrupt(what: &str) -> impl Fn(&'static str) -> StoreError + '_ {
    move |_| StoreError::Corrupt(format!("document {what}"))
}

impl Row {
    fn into_document(self, recipients: Vec<UnitId>) -> Result<Document, StoreError> {
        Ok(Document {
            id: DocumentId(self.id),
            status: DocumentStatus::parse(&self.status).map_err(corrupt("status"))?,
            year: self.year,
            number: self.number,
            issued_on: opt_date(self.issued_on.as_deref())?,
            created_at: self.created_at,
            issued_at: self.issued_at,
            data: DocumentData {
                kind: DocumentType::parse(&self.kind).map_err(corrupt("kind"))?,
                issuer_unit_id: UnitId(self.issuer_unit_id),
                parent_body: self.parent_body,
                issuer_name: self.issuer_name,
                symbol: self.symbol,
                place: self.place,
                subject: self.subject,
                legal_basis: self.legal_basis,
                addressees: self.addressees,
                body: self.body,
                authority: stored_authority(&self.authority)?,
                authority_title: self.authority_title,
                signer_title: self.signer_title,
                signer_name: self.signer_name,
                distribution: self.distribution,
                drafting_unit: self.drafting_unit,
                urgency: Urgency::parse(&self.urgency).map_err(corrupt("urgency"))?,
                circulation: Circulation::parse(&self.circulation)
                    .map_err(corrupt("circulation"))?,
                recipient_unit_ids: recipients,
            },
        })
    }
}

fn stored_authority(s: &str) -> Result<SigningAuthority, StoreError> {
    SigningAuthority::parse(s).map_err(|_| StoreError::Corrupt("document authority".into()))
}

type Scalar<'q> = sqlx::query::QueryScalar<'q, Any, i64, sqlx::any::AnyArguments>;

/// Binds a document's content as $1…$17, in the column order both the insert and the
/// update name them.
fn bind_content<'q>(q: Scalar<'q>, d: &DocumentData) -> Scalar<'q> {
    q.bind(d.kind.as_str())
        .bind(d.parent_body.clone())
        .bind(d.issuer_name.clone())
        .bind(d.symbol.clone())
        .bind(d.place.clone())
        .bind(d.subject.clone())
        .bind(d.legal_basis.clone())
        .bind(d.addressees.clone())
        .bind(d.body.clone())
        .bind(d.authority.prefix())
        .bind(d.authority_title.clone())
        .bind(d.signer_title.clone())
        .bind(d.signer_name.clone())
        .bind(d.distribution.clone())
        .bind(d.drafting_unit.clone())
        .bind(d.urgency.as_str())
        .bind(d.circulation.as_str())
}

/// Why a change of state touched no row: no such document, or it is not in the state
/// the change needs.
async fn why_not(conn: &mut AnyConnection, id: DocumentId) -> Result<Refused, StoreError> {
    let exists = sqlx::query_scalar::<Any, i64>("SELECT COUNT(*) FROM documents WHERE id = $1")
        .bind(id.0)
        .fetch_one(conn)
        .await?;
    Ok(if exists == 0 {
        Refused::NotFound
    } else {
        Refused::NotDraft
    })
}

/// Stores a new draft with its recipients.
pub async fn insert_draft(
    db: &Db,
    actor: Option<UserId>,
    d: &DocumentData,
) -> Result<DocumentId, StoreError> {
    let mut tx = db.begin().await?;
    let id = insert_draft_in(&mut tx, actor, d).await?;
    tx.commit().await?;
    Ok(id)
}

/// [`insert_draft`] inside the caller's transaction.
pub async fn insert_draft_in(
    tx: &mut AnyConnection,
    actor: Option<UserId>,
    d: &DocumentData,
) -> Result<DocumentId, StoreError> {
    let now = now_text();
    let id: i64 = bind_content(
        sqlx::query_scalar::<Any, i64>(
            "INSERT INTO documents (kind, parent_body, issuer_name, symbol, place, subject, legal_basis, addressees,
             body, authority, authority_title, signer_title, signer_name, distribution, drafting_unit, urgency,
             circulation, status, issuer_unit_id, created_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 'draft', $18, $19, $20, $20)
             RETURNING id",
        ),
        d,
    )
    .bind(d.issuer_unit_id.0)
    .bind(actor.map(|a| a.0))
    .bind(&now)
    .fetch_one(&mut *tx)
    .await?;
    set_recipients(&mut *tx, id, &d.recipient_unit_ids).await?;
    audit::record::<(), _>(
        &mut *tx,
        Change {
            actor,
            action: "document.create",
            entity: "document",
            entity_id: Some(id),
            before: None,
            after: Some(d),
        },
    )
    .await?;
    Ok(DocumentId(id))
}

async fn set_recipients(
    conn: &mut AnyConnection,
    id: i64,
    units: &[UnitId],
) -> Result<(), StoreError> {
    sqlx::query::<Any>("DELETE FROM document_recipients WHERE document_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    let mut seen = std::collections::BTreeSet::new();
    for u in units.iter().filter(|u| seen.insert(u.0)) {
        sqlx::query::<Any>(
            "INSERT INTO document_recipients (document_id, unit_id) VALUES ($1, $2)",
        )
        .bind(id)
        .bind(u.0)
        .execute(&mut *conn)
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(d) if d.is_foreign_key_violation() => StoreError::Field {
                field: "recipients",
                key: "err-choice",
            },
            _ => StoreError::Sqlx(e),
        })?;
    }
    Ok(())
}

/// Why a change to a document was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// No such document (or not in the caller's scope).
    NotFound,
    /// Not in the state the change needs: only drafts are edited or issued, only
    /// issued documents are recalled (409).
    NotDraft,
}

/// Replaces a draft's content, issuing unit and recipients.
pub async fn update_draft(
    db: &Db,
    actor: Option<UserId>,
    id: DocumentId,
    d: &DocumentData,
) -> Result<Result<(), Refused>, StoreError> {
    let Some(before) = get(db, id).await? else {
        return Ok(Err(Refused::NotFound));
    };
    let mut tx = db.begin().await?;
    let changed = bind_content(
        sqlx::query_scalar::<Any, i64>(
            "UPDATE documents SET kind = $1, parent_body = $2, issuer_name = $3, symbol = $4, place = $5, subject = $6,
             legal_basis = $7, addressees = $8, body = $9, authority = $10, authority_title = $11, signer_title = $12,
             signer_name = $13, distribution = $14, drafting_unit = $15, urgency = $16, circulation = $17, updated_at = $18,
             issuer_unit_id = $20
             WHERE id = $19 AND status = 'draft' RETURNING id",
        ),
        d,
    )
    .bind(now_text())
    .bind(id.0)
    .bind(d.issuer_unit_id.0)
    .fetch_optional(&mut *tx)
    .await
    .map_err(|e| match &e {
        sqlx::Error::Database(x) if x.is_foreign_key_violation() => StoreError::Field {
            field: "issuer_unit_id",
            key: "err-choice",
        },
        _ => StoreError::Sqlx(e),
    })?;
    if changed.is_none() {
        return Ok(Err(Refused::NotDraft));
    }
    set_recipients(&mut tx, id.0, &d.recipient_unit_ids).await?;
    audit::record(
        &mut tx,
        Change {
            actor,
            action: "document.update",
            entity: "document",
            entity_id: Some(id.0),
            before: Some(&before.data),
            after: Some(d),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// One document.
pub async fn get(db: &Db, id: DocumentId) -> Result<Option<Document>, StoreError> {
    let row = sqlx::query_as::<Any, Row>(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(db.pool())
        .await?;
    match row {
        Some(r) => Ok(with_recipients(db, vec![r]).await?.pop()),
        None => Ok(None),
    }
}

/// The latest document a unit issued (its letterhead and signer, for the reports it
/// writes).
pub async fn latest_issued_by(db: &Db, unit: UnitId) -> Result<Option<Document>, StoreError> {
    let row = sqlx::query_as::<Any, Row>(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE issuer_unit_id = $1 AND status <> 'draft' ORDER BY issued_at DESC, id DESC LIMIT 1"
    )))
    .bind(unit.0)
    .fetch_optional(db.pool())
    .await?;
    match row {
        Some(r) => Ok(with_recipients(db, vec![r]).await?.pop()),
        None => Ok(None),
    }
}

/// One document as the scope may see it: the office sees all; a unit sees the
/// documents it issued or that were delivered to it (an undelivered draft of another
/// unit is not found).
pub async fn get_in_scope(
    db: &Db,
    scope: &Scope,
    id: DocumentId,
) -> Result<Option<Document>, StoreError> {
    let Some(doc) = get(db, id).await? else {
        return Ok(None);
    };
    match scope.reach() {
        Reach::All => Ok(Some(doc)),
        Reach::Nothing => Ok(None),
        Reach::Unit(u) => {
            let delivered = doc.status != DocumentStatus::Draft
                && sqlx::query_scalar::<Any, i64>(
                    "SELECT COUNT(*) FROM document_recipients WHERE document_id = $1 AND unit_id = $2 AND delivered_at IS NOT NULL",
                )
                .bind(id.0)
                .bind(u.0)
                .fetch_one(db.pool())
                .await?
                    > 0;
            Ok((doc.data.issuer_unit_id == u || delivered).then_some(doc))
        }
    }
}

/// A document number that is the same regardless of symbol (`05/VHTT` of 2024 by the
/// office) — the lookup of `dxday document export --number`.
pub async fn find_by_number(
    db: &Db,
    number: i64,
    symbol: &str,
    year: i64,
) -> Result<Option<Document>, StoreError> {
    let id = sqlx::query_scalar::<Any, i64>(
        "SELECT id FROM documents WHERE number = $1 AND symbol = $2 AND year = $3 ORDER BY id LIMIT 1",
    )
    .bind(number)
    .bind(symbol)
    .bind(year)
    .fetch_optional(db.pool())
    .await?;
    match id {
        Some(id) => get(db, DocumentId(id)).await,
        None => Ok(None),
    }
}

/// `id IN (…)` for a list of ids read from the database (integers, so safe to write
/// into the statement), for one query where a loop would make one per document.
fn id_list(ids: impl Iterator<Item = i64>) -> String {
    let list: Vec<String> = ids.map(|i| i.to_string()).collect();
    if list.is_empty() {
        "NULL".into()
    } else {
        list.join(", ")
    }
}

/// Rows to documents, with the recipients of all of them read in one query.
async fn with_recipients(db: &Db, rows: Vec<Row>) -> Result<Vec<Document>, StoreError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let pairs = sqlx::query_as::<Any, (i64, i64)>(sqlx::AssertSqlSafe(format!(
        "SELECT document_id, unit_id FROM document_recipients WHERE document_id IN ({})
         ORDER BY document_id, unit_id",
        id_list(rows.iter().map(|r| r.id))
    )))
    .fetch_all(db.pool())
    .await?;
    rows.into_iter()
        .map(|r| {
            let recipients = pairs
                .iter()
                .filter(|(d, _)| *d == r.id)
                .map(|(_, u)| UnitId(*u))
                .collect();
            r.into_document(recipients)
        })
        .collect()
}

/// Documents the scope may see, newest first.
pub async fn list(db: &Db, scope: &Scope) -> Result<Vec<Document>, StoreError> {
    let rows = match scope.reach() {
        Reach::Nothing => Vec::new(),
        Reach::All => {
            sqlx::query_as::<Any, Row>(sqlx::AssertSqlSafe(format!(
                "{SELECT} ORDER BY created_at DESC, id DESC"
            )))
            .fetch_all(db.pool())
            .await?
        }
        Reach::Unit(u) => {
            sqlx::query_as::<Any, Row>(sqlx::AssertSqlSafe(format!(
                "{SELECT} WHERE issuer_unit_id = $1 OR (status <> 'draft' AND id IN
                 (SELECT document_id FROM document_recipients WHERE unit_id = $1 AND delivered_at IS NOT NULL))
                 ORDER BY created_at DESC, id DESC"
            )))
            .bind(u.0)
            .fetch_all(db.pool())
            .await?
        }
    };
    with_recipients(db, rows).await
}

/// What issuing did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Issued {
    pub number: i64,
    pub year: i64,
    pub delivered: u64,
}

/// Issues a draft on `issued_on`: takes the next number of the issuer's register for
/// that year (or `number`, typed by hand, when it is free), dates the document and
/// delivers it to its recipients. One transaction: the register's counter moves only
/// if everything else is written.
pub async fn issue(
    db: &Db,
    actor: Option<UserId>,
    id: DocumentId,
    issued_on: Date,
    number: Option<i64>,
) -> Result<Result<Issued, Refused>, StoreError> {
    let mut tx = db.begin().await?;
    let issued = issue_in(&mut tx, actor, id, issued_on, number).await?;
    if issued.is_ok() {
        tx.commit().await?;
    }
    Ok(issued)
}

/// [`issue`] inside the caller's transaction.
pub async fn issue_in(
    tx: &mut AnyConnection,
    actor: Option<UserId>,
    id: DocumentId,
    issued_on: Date,
    number: Option<i64>,
) -> Result<Result<Issued, Refused>, StoreError> {
    let now = now_text();
    let year = i64::from(issued_on.year());
    // A write first: SQLite takes its write lock here (no read-then-upgrade deadlock),
    // PostgreSQL locks the row; a second clerk issuing the same draft waits, then
    // finds it no longer a draft.
    let claimed = sqlx::query::<Any>(
        "UPDATE documents SET status = 'issuing', updated_at = $1 WHERE id = $2 AND status = 'draft'",
    )
    .bind(&now)
    .bind(id.0)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if claimed == 0 {
        return Ok(Err(why_not(&mut *tx, id).await?));
    }
    let issuer: i64 =
        sqlx::query_scalar::<Any, i64>("SELECT issuer_unit_id FROM documents WHERE id = $1")
            .bind(id.0)
            .fetch_one(&mut *tx)
            .await?;
    sqlx::query::<Any>(
        "INSERT INTO registers (issuer_unit_id, year, next_number) VALUES ($1, $2, 1)
         ON CONFLICT (issuer_unit_id, year) DO NOTHING",
    )
    .bind(issuer)
    .bind(year)
    .execute(&mut *tx)
    .await?;
    let number = match number {
        None => {
            sqlx::query_scalar::<Any, i64>(
                "UPDATE registers SET next_number = next_number + 1
                 WHERE issuer_unit_id = $1 AND year = $2 RETURNING next_number - 1",
            )
            .bind(issuer)
            .bind(year)
            .fetch_one(&mut *tx)
            .await?
        }
        Some(n) if n < 1 => {
            return Err(StoreError::Field {
                field: "number",
                key: "err-doc-number",
            });
        }
        Some(n) => {
            sqlx::query::<Any>(
                "UPDATE registers SET next_number = CASE WHEN next_number > $3 THEN next_number ELSE $3 + 1 END
                 WHERE issuer_unit_id = $1 AND year = $2",
            )
            .bind(issuer)
            .bind(year)
            .bind(n)
            .execute(&mut *tx)
            .await?;
            n
        }
    };
    sqlx::query::<Any>(
        "UPDATE documents SET status = 'issued', year = $1, number = $2, issued_on = $3, issued_at = $4, updated_at = $4
         WHERE id = $5",
    )
    .bind(year)
    .bind(number)
    .bind(date_text(issued_on))
    .bind(&now)
    .bind(id.0)
    .execute(&mut *tx)
    .await
    .map_err(crate::error::taken_as("number"))?;
    let delivered = sqlx::query::<Any>(
        "UPDATE document_recipients SET delivered_at = $1 WHERE document_id = $2",
    )
    .bind(&now)
    .bind(id.0)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let after = serde_json::json!({ "number": number, "year": year, "issued_on": date_text(issued_on), "delivered": delivered });
    audit::record::<(), _>(
        &mut *tx,
        Change {
            actor,
            action: "document.issue",
            entity: "document",
            entity_id: Some(id.0),
            before: None,
            after: Some(&after),
        },
    )
    .await?;
    Ok(Ok(Issued {
        number,
        year,
        delivered,
    }))
}

/// One recipient's delivery and acknowledgement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromRow)]
pub struct Delivery {
    pub unit_id: i64,
    pub unit_name: String,
    pub delivered_at: Option<String>,
    pub acknowledged_at: Option<String>,
    pub reminded_at: Option<String>,
}

/// The deliveries of several documents in one query, as (document, delivery).
pub async fn deliveries_of(
    db: &Db,
    ids: &[DocumentId],
) -> Result<Vec<(i64, Delivery)>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    #[derive(FromRow)]
    struct Of {
        document_id: i64,
        #[sqlx(flatten)]
        delivery: Delivery,
    }
    Ok(sqlx::query_as::<Any, Of>(sqlx::AssertSqlSafe(format!(
        "SELECT r.document_id, r.unit_id, u.name AS unit_name, r.delivered_at, r.acknowledged_at, r.reminded_at
         FROM document_recipients r JOIN units u ON u.id = r.unit_id
         WHERE r.document_id IN ({}) ORDER BY r.document_id, u.name",
        id_list(ids.iter().map(|d| d.0))
    )))
    .fetch_all(db.pool())
    .await?
    .into_iter()
    .map(|o| (o.document_id, o.delivery))
    .collect())
}

/// Who a document went to, and who acknowledged it.
pub async fn deliveries(db: &Db, id: DocumentId) -> Result<Vec<Delivery>, StoreError> {
    Ok(sqlx::query_as::<Any, Delivery>(
        "SELECT r.unit_id, u.name AS unit_name, r.delivered_at, r.acknowledged_at, r.reminded_at
         FROM document_recipients r JOIN units u ON u.id = r.unit_id
         WHERE r.document_id = $1 ORDER BY u.name",
    )
    .bind(id.0)
    .fetch_all(db.pool())
    .await?)
}

/// Records that `unit` received a delivered document (the first time counts).
pub async fn acknowledge(
    db: &Db,
    actor: Option<UserId>,
    id: DocumentId,
    unit: UnitId,
) -> Result<bool, StoreError> {
    let mut tx = db.begin().await?;
    let now = now_text();
    let n = sqlx::query::<Any>(
        "UPDATE document_recipients SET acknowledged_at = $1, acknowledged_by = $2
         WHERE document_id = $3 AND unit_id = $4 AND delivered_at IS NOT NULL AND acknowledged_at IS NULL",
    )
    .bind(&now)
    .bind(actor.map(|a| a.0))
    .bind(id.0)
    .bind(unit.0)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if n > 0 {
        audit::record::<(), _>(
            &mut tx,
            Change {
                actor,
                action: "document.acknowledge",
                entity: "document",
                entity_id: Some(id.0),
                before: None,
                after: Some(&serde_json::json!({ "unit_id": unit.0 })),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(n > 0)
}

/// Marks a reminder for every recipient that has not acknowledged yet; returns how
/// many units are reminded (their inbox shows it; e-mail goes out when configured).
pub async fn remind(db: &Db, actor: Option<UserId>, id: DocumentId) -> Result<u64, StoreError> {
    let mut tx = db.begin().await?;
    let now = now_text();
    let n = sqlx::query::<Any>(
        "UPDATE document_recipients SET reminded_at = $1
         WHERE document_id = $2 AND delivered_at IS NOT NULL AND acknowledged_at IS NULL",
    )
    .bind(&now)
    .bind(id.0)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    audit::record::<(), _>(
        &mut tx,
        Change {
            actor,
            action: "document.remind",
            entity: "document",
            entity_id: Some(id.0),
            before: None,
            after: Some(&serde_json::json!({ "reminded": n })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(n)
}

/// Documents delivered to `unit` and not yet acknowledged (its inbox badge).
pub async fn unacknowledged(db: &Db, unit: UnitId) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar::<Any, i64>(
        "SELECT COUNT(*) FROM document_recipients
         WHERE unit_id = $1 AND delivered_at IS NOT NULL AND acknowledged_at IS NULL",
    )
    .bind(unit.0)
    .fetch_one(db.pool())
    .await?)
}

/// The register of an issuer for a year, in number order (Phụ lục IV, sổ đăng ký văn bản đi).
pub async fn register(db: &Db, issuer: UnitId, year: i64) -> Result<Vec<Document>, StoreError> {
    let rows = sqlx::query_as::<Any, Row>(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE issuer_unit_id = $1 AND year = $2 AND number IS NOT NULL ORDER BY number"
    )))
    .bind(issuer.0)
    .bind(year)
    .fetch_all(db.pool())
    .await?;
    with_recipients(db, rows).await
}

/// E-mail addresses of the focal points of the units a document was delivered to
/// (only of units that have not confirmed, with `pending_only`).
pub async fn focal_point_emails(
    db: &Db,
    id: DocumentId,
    pending_only: bool,
) -> Result<Vec<String>, StoreError> {
    Ok(sqlx::query_scalar::<Any, String>(
        "SELECT u.email FROM users u JOIN document_recipients r ON r.unit_id = u.unit_id
         WHERE r.document_id = $1 AND r.delivered_at IS NOT NULL
         AND (CAST($2 AS BIGINT) = 0 OR r.acknowledged_at IS NULL)
         AND u.role = 'unit_focal_point' AND u.archived_at IS NULL ORDER BY u.email",
    )
    .bind(id.0)
    .bind(i64::from(pending_only))
    .fetch_all(db.pool())
    .await?)
}

/// Recalls an issued document (thu hồi, Điều 18): it stays in the register with its
/// number, which is never given again; recipients see it marked as recalled.
pub async fn recall(
    db: &Db,
    actor: Option<UserId>,
    id: DocumentId,
) -> Result<Result<(), Refused>, StoreError> {
    let mut tx = db.begin().await?;
    let now = now_text();
    let n = sqlx::query::<Any>(
        "UPDATE documents SET status = 'recalled', recalled_at = $1, updated_at = $1
         WHERE id = $2 AND status = 'issued'",
    )
    .bind(&now)
    .bind(id.0)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if n == 0 {
        return Ok(Err(why_not(&mut tx, id).await?));
    }
    audit::record::<(), _>(
        &mut tx,
        Change {
            actor,
            action: "document.recall",
            entity: "document",
            entity_id: Some(id.0),
            before: None,
            after: Some(&serde_json::json!({ "status": "recalled" })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// A file sent with a document, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromRow)]
pub struct Attachment {
    pub id: i64,
    pub document_id: i64,
    pub file_name: String,
    pub media_type: String,
    pub size: i64,
    pub sha256: String,
}

/// Adds a file to a draft (only drafts change).
pub async fn add_attachment(
    db: &Db,
    actor: Option<UserId>,
    id: DocumentId,
    file_name: &str,
    media_type: &str,
    sha256: &str,
    content: Vec<u8>,
) -> Result<Result<i64, Refused>, StoreError> {
    let mut tx = db.begin().await?;
    let status = sqlx::query_scalar::<Any, String>("SELECT status FROM documents WHERE id = $1")
        .bind(id.0)
        .fetch_optional(&mut *tx)
        .await?;
    match status.as_deref() {
        None => return Ok(Err(Refused::NotFound)),
        Some("draft") => {}
        Some(_) => return Ok(Err(Refused::NotDraft)),
    }
    let size = content.len() as i64;
    let att: i64 = sqlx::query_scalar::<Any, i64>(
        "INSERT INTO document_attachments (document_id, file_name, media_type, size, sha256, content, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(id.0)
    .bind(file_name)
    .bind(media_type)
    .bind(size)
    .bind(sha256)
    .bind(content)
    .bind(now_text())
    .fetch_one(&mut *tx)
    .await?;
    audit::record::<(), _>(
        &mut tx,
        Change {
            actor,
            action: "document.attach",
            entity: "document",
            entity_id: Some(id.0),
            before: None,
            after: Some(&serde_json::json!({ "file": file_name, "size": size, "sha256": sha256 })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(att))
}

/// The files of a document.
pub async fn attachments(db: &Db, id: DocumentId) -> Result<Vec<Attachment>, StoreError> {
    Ok(sqlx::query_as::<Any, Attachment>(
        "SELECT id, document_id, file_name, media_type, size, sha256 FROM document_attachments
         WHERE document_id = $1 ORDER BY id",
    )
    .bind(id.0)
    .fetch_all(db.pool())
    .await?)
}

/// One file's bytes (with its record), when it belongs to `id`.
pub async fn attachment_content(
    db: &Db,
    id: DocumentId,
    attachment: i64,
) -> Result<Option<(Attachment, Vec<u8>)>, StoreError> {
    let Some(record) = sqlx::query_as::<Any, Attachment>(
        "SELECT id, document_id, file_name, media_type, size, sha256 FROM document_attachments
         WHERE document_id = $1 AND id = $2",
    )
    .bind(id.0)
    .bind(attachment)
    .fetch_optional(db.pool())
    .await?
    else {
        return Ok(None);
    };
    let bytes = sqlx::query_scalar::<Any, Vec<u8>>(
        "SELECT content FROM document_attachments WHERE id = $1",
    )
    .bind(attachment)
    .fetch_one(db.pool())
    .await?;
    Ok(Some((record, bytes)))
}

/// Removes a file from a draft.
pub async fn remove_attachment(
    db: &Db,
    actor: Option<UserId>,
    id: DocumentId,
    attachment: i64,
) -> Result<Result<(), Refused>, StoreError> {
    let mut tx = db.begin().await?;
    let n = sqlx::query::<Any>(
        "DELETE FROM document_attachments WHERE id = $1 AND document_id = $2
         AND document_id IN (SELECT id FROM documents WHERE status = 'draft')",
    )
    .bind(attachment)
    .bind(id.0)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if n == 0 {
        return Ok(Err(Refused::NotDraft));
    }
    audit::record::<(), _>(
        &mut tx,
        Change {
            actor,
            action: "document.detach",
            entity: "document",
            entity_id: Some(id.0),
            before: None,
            after: Some(&serde_json::json!({ "attachment": attachment })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

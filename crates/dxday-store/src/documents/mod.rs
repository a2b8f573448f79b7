//! Documents and the outgoing register: drafts are edited freely and have no number;
//! issuing takes the next number of the issuer's register for the year, dates the
//! document and delivers it to its recipient units — all in one transaction, so a
//! failure leaves the draft as it was and no number is lost or given twice.

use dxday_domain::document::{
    Circulation, DocumentData, DocumentStatus, DocumentType, SigningAuthority, Urgency,
};
use dxday_domain::scope::Reach;
use dxday_domain::{DocumentId, Scope, ScopedUnit, UnitId, UserId};
use serde::Serialize;
use sqlx::{Any, AnyConnection, FromRow};
use time::{Date, OffsetDateTime};

use crate::audit::{self, Entry};
use crate::scope_sql::unit_is;
use crate::time_text::{date_text, instant, now_text, opt_date, opt_instant};
use crate::{Db, StoreError};

mod drafts;
pub use drafts::*;
mod issue;
pub use issue::*;
mod delivery;
pub use delivery::*;
mod attachments;
pub use attachments::*;

/// A stored document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Document {
    pub id: DocumentId,
    pub data: DocumentData,
    pub status: DocumentStatus,
    pub year: Option<i64>,
    pub number: Option<i64>,
    pub issued_on: Option<Date>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub issued_at: Option<OffsetDateTime>,
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
            created_at: instant(&self.created_at)?,
            issued_at: opt_instant(self.issued_at.as_deref())?,
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
async fn why_not(
    conn: &mut AnyConnection,
    scope: &Scope,
    id: DocumentId,
) -> Result<Refused, StoreError> {
    let exists = sqlx::query_scalar::<Any, i64>(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM documents WHERE id = $1 AND {}",
        issued_by(scope)
    )))
    .bind(id.0)
    .fetch_one(conn)
    .await?;
    Ok(if exists == 0 {
        Refused::NotFound
    } else {
        Refused::NotDraft
    })
}

/// One document.
pub async fn get(db: &Db, id: DocumentId) -> Result<Option<Document>, StoreError> {
    one_where(db, id, "1 = 1").await
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
    one_where(db, id, &seen_by(scope)).await
}

/// One document, when it meets `condition` (a scope's, written by this module).
async fn one_where(
    db: &Db,
    id: DocumentId,
    condition: &str,
) -> Result<Option<Document>, StoreError> {
    let row = sqlx::query_as::<Any, Row>(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE id = $1 AND {condition}"
    )))
    .bind(id.0)
    .fetch_optional(db.pool())
    .await?;
    Ok(with_recipients(db, row.into_iter().collect()).await?.pop())
}

/// The documents a scope may see: the office all; a unit those it issued and those
/// delivered to it (never another unit's draft).
fn seen_by(scope: &Scope) -> String {
    match scope.reach() {
        Reach::Unit(u) => format!(
            "(issuer_unit_id = {u} OR (status <> 'draft' AND id IN
             (SELECT document_id FROM document_recipients WHERE unit_id = {u} AND delivered_at IS NOT NULL)))",
            u = u.0
        ),
        Reach::All | Reach::Nothing => unit_is(scope, "issuer_unit_id"),
    }
}

/// The documents a scope may change: those its units issue.
fn issued_by(scope: &Scope) -> String {
    unit_is(scope, "issuer_unit_id")
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
    let rows = sqlx::query_as::<Any, Row>(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE {} ORDER BY created_at DESC, id DESC",
        seen_by(scope)
    )))
    .fetch_all(db.pool())
    .await?;
    with_recipients(db, rows).await
}

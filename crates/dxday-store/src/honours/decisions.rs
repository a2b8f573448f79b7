//! Award decisions (quyết định khen thưởng): a document of the issuer's register with
//! the list of awardees (danh sách kèm theo). Drafting and issuing check, in the same
//! transaction as the write: the issuer holds the office it signs for, that office may
//! give the award on the decision's date, every awardee passed the council's vote
//! (when a council is needed), has no hold and is not awarded twice. Issuing numbers
//! the document in the register, gives each awardee a number of the award register
//! (per issuer and year) and closes the nominations. An award is revoked, never
//! deleted.

use dxday_domain::document::DocumentData;
use dxday_domain::honours::{
    DecisionStatus, IssuerKind, LegalTopic, NominationStatus, Procedure, Step, authority_on,
};
use dxday_domain::{DecisionId, DocumentId, MovementId, NominationId, ScopedUnit, SessionId};

use super::council::session_in;
use super::movements::movement_in;
use super::nominations::{Nomination, nomination_any_in, nomination_in, step_in};
use super::*;
use crate::documents::{Issued, issue_unchecked_in};

/// What the office drafts.
#[derive(Debug, Clone)]
pub struct DecisionDraft {
    pub movement: MovementId,
    /// The council session whose vote the awards rest on (none when no council is
    /// needed).
    pub session: Option<SessionId>,
    pub issuer: ScopedUnit,
    pub issuer_kind: IssuerKind,
    /// The award's code.
    pub award_type: String,
    /// The awardees, in the order of the list.
    pub nominations: Vec<NominationId>,
    /// The decision's texts (kind, symbol, body, signer, Nơi nhận).
    pub document: DocumentData,
}

/// A decision with its list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub id: DecisionId,
    pub movement_id: MovementId,
    pub movement_title: String,
    pub session_id: Option<SessionId>,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub issuer_kind: IssuerKind,
    pub award_type: AwardType,
    pub document_id: DocumentId,
    pub status: DecisionStatus,
    pub entries: Vec<AwardEntry>,
}

/// One awardee of a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AwardEntry {
    pub id: i64,
    pub nomination: Nomination,
    /// The award register's year and number, once issued.
    pub year: Option<i64>,
    pub register_no: Option<i64>,
    pub basis_for_escalation: bool,
    pub revoked_at: Option<String>,
    pub revoked_reason: Option<String>,
}

/// Checks a list against the rules on `day`, inside the transaction. `listed_by` is the
/// decision the nominations already belong to, if any (issuing re-checks its own list).
#[allow(clippy::too_many_arguments)]
async fn check_list(
    conn: &mut AnyConnection,
    scope: &Scope,
    movement: MovementId,
    session: Option<SessionId>,
    issuer: UnitId,
    issuer_kind: IssuerKind,
    award_type: &str,
    ids: &[NominationId],
    day: Date,
    listed_by: Option<DecisionId>,
) -> Result<Result<(AwardType, Vec<Nomination>), Refused>, StoreError> {
    let rule = |key| Ok(Err(Refused::Rule(key)));
    if movement_in(&mut *conn, scope, movement).await?.is_none() {
        return Ok(Err(Refused::NotFound));
    }
    let Some((_, kind)) = unit_in(&mut *conn, issuer).await? else {
        return Ok(Err(Refused::NotFound));
    };
    if !issuer_kind.fits(kind) {
        return rule("err-award-issuer-kind");
    }
    let Some(t) = award_type_in(&mut *conn, award_type).await? else {
        return rule("err-award-type");
    };
    let table = authorities_in(&mut *conn).await?;
    let Some(authority) = authority_on(&table, issuer_kind, award_type, day) else {
        return rule("err-award-authority");
    };
    if ids.is_empty() {
        return rule("err-decision-empty");
    }
    let council = match session {
        Some(s) => match session_in(&mut *conn, scope, s).await? {
            Some(c) if c.movement_id == movement => Some(c),
            _ => return Ok(Err(Refused::NotFound)),
        },
        None => None,
    };
    let mut list = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(n) = nomination_in(&mut *conn, scope, *id).await? else {
            return Ok(Err(Refused::NotFound));
        };
        if n.movement_id != movement || n.data.award_type != award_type {
            return rule("err-award-list-type");
        }
        if n.data.holds.any() {
            return rule("err-nomination-hold");
        }
        let elsewhere = sqlx::query_scalar::<Any, i64>(
            "SELECT COUNT(*) FROM award_entries WHERE nomination_id = $1 AND decision_id <> $2",
        )
        .bind(id.0)
        .bind(listed_by.map_or(0, |d| d.0))
        .fetch_one(&mut *conn)
        .await?;
        if elsewhere > 0 || n.status == NominationStatus::Awarded {
            return rule("err-award-twice");
        }
        let vote_needed = authority.needs_council && n.data.procedure == Procedure::Ordinary;
        let passed = council
            .as_ref()
            .and_then(|c| c.lines.iter().find(|l| l.nomination.id == *id))
            .is_some_and(|l| l.passed());
        if vote_needed && !passed {
            return rule("err-award-not-passed");
        }
        if !(n.status == NominationStatus::Proposed
            || (!vote_needed && n.status == NominationStatus::Accepted))
        {
            return rule("err-nomination-step");
        }
        list.push(n);
    }
    Ok(Ok((t, list)))
}

/// Drafts a decision: its document (a draft of the register) and its list.
pub async fn create_decision(
    db: &Db,
    actor: Option<UserId>,
    scope: &Scope,
    d: &DecisionDraft,
    today: Date,
) -> Result<Result<DecisionId, Refused>, StoreError> {
    audit::write_checked(db, actor, async |tx| {
        let checked = check_list(
            &mut *tx,
            scope,
            d.movement,
            d.session,
            d.issuer.id(),
            d.issuer_kind,
            &d.award_type,
            &d.nominations,
            today,
            None,
        )
        .await?;
        let (t, list) = match checked {
            Ok(c) => c,
            Err(r) => return Ok(Err(r)),
        };
        let mut document = d.document.clone();
        document.issuer_unit_id = d.issuer.id();
        let doc = crate::documents::insert_draft_in(&mut *tx, actor, &document).await?;
        let now = now_text();
        let id = sqlx::query_scalar::<Any, i64>(
            "INSERT INTO award_decisions (movement_id, session_id, unit_id, issuer_kind, award_type_id, document_id, status,
                 created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, 'draft', $7, $7) RETURNING id",
        )
        .bind(d.movement.0)
        .bind(d.session.map(|s| s.0))
        .bind(d.issuer.id().0)
        .bind(d.issuer_kind.as_str())
        .bind(t.id)
        .bind(doc.0)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        for (i, n) in list.iter().enumerate() {
            sqlx::query::<Any>(
                "INSERT INTO award_entries (decision_id, nomination_id, position, unit_id) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(n.id.0)
            .bind(i as i64 + 1)
            .bind(d.issuer.id().0)
            .execute(&mut *tx)
            .await
            .map_err(|e| match e {
                sqlx::Error::Database(ref x) if x.is_unique_violation() => StoreError::Field {
                    field: "nominations",
                    key: "err-award-twice",
                },
                e => e.into(),
            })?;
        }
        Ok(Ok((
            DecisionId(id),
            Entry::new("award_decision.create", "award_decision", id).after(&serde_json::json!({
                "movement": d.movement.0,
                "session": d.session.map(|s| s.0),
                "issuer": d.issuer.id().0,
                "issuer_kind": d.issuer_kind.as_str(),
                "award_type": d.award_type,
                "nominations": d.nominations.iter().map(|n| n.0).collect::<Vec<_>>(),
            })),
        )))
    })
    .await
}

#[derive(FromRow)]
struct HeadRow {
    movement_id: i64,
    movement_title: String,
    session_id: Option<i64>,
    unit_id: i64,
    unit_name: String,
    issuer_kind: String,
    award_type: String,
    document_id: i64,
    status: String,
}

async fn head_in(
    conn: &mut AnyConnection,
    scope: &Scope,
    id: DecisionId,
) -> Result<Option<HeadRow>, StoreError> {
    head_where(conn, &unit_is(scope, "a.unit_id"), id).await
}

async fn head_where(
    conn: &mut AnyConnection,
    condition: &str,
    id: DecisionId,
) -> Result<Option<HeadRow>, StoreError> {
    Ok(sqlx::query_as::<Any, HeadRow>(sqlx::AssertSqlSafe(format!(
        "SELECT a.movement_id, m.title AS movement_title, a.session_id, a.unit_id, u.name AS unit_name, a.issuer_kind,
             t.code AS award_type, a.document_id, a.status
         FROM award_decisions a JOIN movements m ON m.id = a.movement_id JOIN units u ON u.id = a.unit_id
         JOIN award_types t ON t.id = a.award_type_id
         WHERE a.id = $1 AND {condition}"
    )))
    .bind(id.0)
    .fetch_optional(conn)
    .await?)
}

fn kind_of(s: &str) -> Result<IssuerKind, StoreError> {
    IssuerKind::parse(s).map_err(|_| corrupt("issuer kind"))
}

/// Issues a drafted decision on `issued_on` (a leader signs): re-checks the list on
/// that date, writes the "Căn cứ" lines in force on it, numbers the document in the
/// issuer's register and each awardee in the award register, and closes the
/// nominations (listed: awarded; others before the same council for the same award:
/// not awarded).
pub async fn issue_decision(
    db: &Db,
    actor: Option<UserId>,
    scope: &Scope,
    id: DecisionId,
    issued_on: Date,
    number: Option<i64>,
) -> Result<Result<Issued, Refused>, StoreError> {
    let mut tx = db.begin().await?;
    let issued = issue_in(&mut tx, actor, scope, id, issued_on, number).await?;
    if issued.is_ok() {
        tx.commit().await?;
    }
    Ok(issued)
}

async fn issue_in(
    tx: &mut AnyConnection,
    actor: Option<UserId>,
    scope: &Scope,
    id: DecisionId,
    issued_on: Date,
    number: Option<i64>,
) -> Result<Result<Issued, Refused>, StoreError> {
    // Claim the draft first: of two leaders signing at once, one issues.
    let claimed = sqlx::query::<Any>(sqlx::AssertSqlSafe(format!(
        "UPDATE award_decisions SET status = 'issued', updated_at = $1 WHERE id = $2 AND status = 'draft' AND {}",
        unit_is(scope, "award_decisions.unit_id")
    )))
    .bind(now_text())
    .bind(id.0)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let Some(head) = head_in(&mut *tx, scope, id).await? else {
        return Ok(Err(Refused::NotFound));
    };
    if claimed == 0 {
        return Ok(Err(Refused::Rule("err-decision-issued")));
    }
    let ids: Vec<NominationId> = sqlx::query_scalar::<Any, i64>(
        "SELECT nomination_id FROM award_entries WHERE decision_id = $1 ORDER BY position",
    )
    .bind(id.0)
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(NominationId)
    .collect();
    let kind = kind_of(&head.issuer_kind)?;
    let session = head.session_id.map(SessionId);
    let checked = check_list(
        &mut *tx,
        scope,
        MovementId(head.movement_id),
        session,
        UnitId(head.unit_id),
        kind,
        &head.award_type,
        &ids,
        issued_on,
        Some(id),
    )
    .await?;
    let (t, _) = match checked {
        Ok(c) => c,
        Err(r) => return Ok(Err(r)),
    };
    // The "Căn cứ" lines are those in force on the day it is signed; the lines after
    // them ("Theo đề nghị của …", "Xét đề nghị …") stay as drafted.
    let bases = legal_bases_in(&mut *tx).await?;
    let drafted =
        sqlx::query_scalar::<Any, String>("SELECT legal_basis FROM documents WHERE id = $1")
            .bind(head.document_id)
            .fetch_one(&mut *tx)
            .await?;
    let mut lines: Vec<String> = dxday_domain::honours::citations_on(
        &bases,
        &[LegalTopic::LocalGovernment, LegalTopic::Emulation],
        issued_on,
    )
    .into_iter()
    .map(str::to_string)
    .collect();
    lines.extend(
        dxday_domain::document::lines(&drafted)
            .into_iter()
            .filter(|l| !l.starts_with("Căn cứ")),
    );
    let citations = lines.join("\n");
    sqlx::query::<Any>("UPDATE documents SET legal_basis = $1 WHERE id = $2")
        .bind(citations)
        .bind(head.document_id)
        .execute(&mut *tx)
        .await?;
    let issued = match issue_unchecked_in(
        &mut *tx,
        actor,
        scope,
        DocumentId(head.document_id),
        issued_on,
        number,
    )
    .await?
    {
        Ok(i) => i,
        Err(_) => return Ok(Err(Refused::Rule("err-decision-issued"))),
    };
    let year = i64::from(issued_on.year());
    sqlx::query::<Any>(
        "INSERT INTO award_registers (unit_id, year, next_number) VALUES ($1, $2, 1)
         ON CONFLICT (unit_id, year) DO NOTHING",
    )
    .bind(head.unit_id)
    .bind(year)
    .execute(&mut *tx)
    .await?;
    // Every movement dxday runs is themed (theo chuyên đề): its awards never serve
    // as the basis for a higher one (Nghị định 152/2025, Điều 4.3), whatever the
    // type's own flag says for awards outside a movement.
    let basis = false;
    for n in &ids {
        let no = sqlx::query_scalar::<Any, i64>(
            "UPDATE award_registers SET next_number = next_number + 1
             WHERE unit_id = $1 AND year = $2 RETURNING next_number - 1",
        )
        .bind(head.unit_id)
        .bind(year)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query::<Any>(
            "UPDATE award_entries SET year = $1, register_no = $2, basis_for_escalation = $3
             WHERE decision_id = $4 AND nomination_id = $5",
        )
        .bind(year)
        .bind(no)
        .bind(i64::from(basis))
        .bind(id.0)
        .bind(n.0)
        .execute(&mut *tx)
        .await?;
        if let Err(r) = step_in(&mut *tx, actor, scope, *n, Step::Award, None).await? {
            return Ok(Err(r));
        }
    }
    if let Some(s) = session {
        let others: Vec<i64> = sqlx::query_scalar::<Any, i64>(
            "SELECT b.nomination_id FROM council_ballots b JOIN nominations n ON n.id = b.nomination_id
             WHERE b.session_id = $1 AND n.award_type_id = $2 AND n.status = 'proposed'",
        )
        .bind(s.0)
        .bind(t.id)
        .fetch_all(&mut *tx)
        .await?;
        for n in others {
            if let Err(r) =
                step_in(&mut *tx, actor, scope, NominationId(n), Step::Decline, None).await?
            {
                return Ok(Err(r));
            }
        }
    }
    Entry::new("award_decision.issue", "award_decision", id.0)
        .after(&serde_json::json!({ "number": issued.number, "year": issued.year, "issued_on": date_text(issued_on) }))
        .record(&mut *tx, actor)
        .await?;
    Ok(Ok(issued))
}

/// A decision with its list, if the scope reaches its issuer.
pub async fn decision(
    db: &Db,
    scope: &Scope,
    id: DecisionId,
) -> Result<Option<Decision>, StoreError> {
    load(db, &unit_is(scope, "a.unit_id"), id).await
}

/// The decision a document belongs to, if any: for the document's own pages, which
/// found the document in their scope.
pub async fn decision_of_document(
    db: &Db,
    document: DocumentId,
) -> Result<Option<Decision>, StoreError> {
    let id =
        sqlx::query_scalar::<Any, i64>("SELECT id FROM award_decisions WHERE document_id = $1")
            .bind(document.0)
            .fetch_optional(db.pool())
            .await?;
    match id {
        Some(id) => load(db, "1 = 1", DecisionId(id)).await,
        None => Ok(None),
    }
}

async fn load(db: &Db, condition: &str, id: DecisionId) -> Result<Option<Decision>, StoreError> {
    let mut conn = db.pool().acquire().await?;
    let Some(h) = head_where(&mut conn, condition, id).await? else {
        return Ok(None);
    };
    let Some(award_type) = award_type_in(&mut conn, &h.award_type).await? else {
        return Err(corrupt("decision award type"));
    };
    #[allow(clippy::type_complexity)]
    let rows = sqlx::query_as::<Any, (i64, i64, Option<i64>, Option<i64>, i64, Option<String>, Option<String>)>(
        "SELECT id, nomination_id, year, register_no, basis_for_escalation, revoked_at, revoked_reason
         FROM award_entries WHERE decision_id = $1 ORDER BY position",
    )
    .bind(id.0)
    .fetch_all(&mut *conn)
    .await?;
    let mut entries = Vec::with_capacity(rows.len());
    for (entry, n, year, register_no, basis, revoked_at, revoked_reason) in rows {
        let Some(nomination) = nomination_any_in(&mut conn, NominationId(n)).await? else {
            return Err(corrupt("award entry"));
        };
        entries.push(AwardEntry {
            id: entry,
            nomination,
            year,
            register_no,
            basis_for_escalation: basis != 0,
            revoked_at,
            revoked_reason,
        });
    }
    Ok(Some(Decision {
        id,
        movement_id: MovementId(h.movement_id),
        movement_title: h.movement_title,
        session_id: h.session_id.map(SessionId),
        unit_id: UnitId(h.unit_id),
        unit_name: h.unit_name,
        issuer_kind: kind_of(&h.issuer_kind)?,
        award_type,
        document_id: DocumentId(h.document_id),
        status: DecisionStatus::parse(&h.status).map_err(|_| corrupt("decision status"))?,
        entries,
    }))
}

/// The decisions of a movement in the scope, in order of creation.
pub async fn decisions_of(
    db: &Db,
    scope: &Scope,
    movement: MovementId,
) -> Result<Vec<DecisionId>, StoreError> {
    Ok(sqlx::query_scalar::<Any, i64>(sqlx::AssertSqlSafe(format!(
        "SELECT a.id FROM award_decisions a WHERE a.movement_id = $1 AND {} ORDER BY a.id",
        unit_is(scope, "a.unit_id")
    )))
    .bind(movement.0)
    .fetch_all(db.pool())
    .await?
    .into_iter()
    .map(DecisionId)
    .collect())
}

/// Revokes one award of an issued decision (Luật 2022, Chương VII): the entry stays,
/// marked with when, why and by whom; the honour roll no longer shows it.
pub async fn revoke_award(
    db: &Db,
    actor: Option<UserId>,
    scope: &Scope,
    decision: DecisionId,
    entry: i64,
    reason: &str,
) -> Result<Result<(), Refused>, StoreError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Ok(Err(Refused::Rule("err-revoke-reason")));
    }
    audit::write_checked(db, actor, async |tx| {
        let Some(h) = head_in(&mut *tx, scope, decision).await? else {
            return Ok(Err(Refused::NotFound));
        };
        if h.status != DecisionStatus::Issued.as_str() {
            return Ok(Err(Refused::Rule("err-decision-not-issued")));
        }
        let n = sqlx::query::<Any>(
            "UPDATE award_entries SET revoked_at = $1, revoked_reason = $2, revoked_by = $3
             WHERE id = $4 AND decision_id = $5 AND revoked_at IS NULL",
        )
        .bind(now_text())
        .bind(reason)
        .bind(actor.map(|a| a.0))
        .bind(entry)
        .bind(decision.0)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Ok(Err(Refused::NotFound));
        }
        Ok(Ok((
            (),
            Entry::new("award.revoke", "award_entry", entry)
                .after(&serde_json::json!({ "reason": reason })),
        )))
    })
    .await
}

//! Nominations: a unit proposes a collective or a person for an award in a movement.
//! The unit writes and sends it; the office returns or accepts it; the council and
//! the decision take it further. Every change of status is an `UPDATE … WHERE status`
//! and is logged in `nomination_events`. One achievement, one award: a second
//! nomination of the same person in the same movement is refused by a unique index.

use dxday_domain::honours::{
    Gender, Holds, MovementPhase, NominationData, NominationStatus, Procedure, Recipient, Step,
};
use dxday_domain::{MovementId, NominationId, ScopedUnit};

use super::movements::movement_in;
use super::*;

/// A nomination as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Nomination {
    pub id: NominationId,
    pub movement_id: MovementId,
    /// The unit that nominates.
    pub unit_id: UnitId,
    pub unit_name: String,
    pub data: NominationData,
    pub award_type_name: String,
    pub status: NominationStatus,
    pub return_reason: Option<String>,
    /// Where the uploaded achievement report (PDF) is stored, if the unit gave one.
    pub report_file_key: Option<String>,
}

#[derive(FromRow)]
struct Row {
    id: i64,
    movement_id: i64,
    unit_id: i64,
    unit_name: String,
    recipient: String,
    name: String,
    gender: Option<String>,
    position: Option<String>,
    work_unit: String,
    staff_code: Option<String>,
    award_type: String,
    award_type_name: String,
    procedure: String,
    report: Option<String>,
    citation: String,
    hold_discipline: i64,
    hold_investigation: i64,
    hold_complaint: i64,
    status: String,
    return_reason: Option<String>,
    report_file_key: Option<String>,
}

pub(super) const SELECT: &str = "SELECT n.id, n.movement_id, n.unit_id, u.name AS unit_name, n.recipient, n.name, n.gender, n.position,
        n.work_unit, n.staff_code, t.code AS award_type, t.name AS award_type_name, n.procedure, n.report, n.citation,
        n.hold_discipline, n.hold_investigation, n.hold_complaint, n.status, n.return_reason, n.report_file_key
    FROM nominations n JOIN units u ON u.id = n.unit_id JOIN award_types t ON t.id = n.award_type_id";

impl TryFrom<Row> for Nomination {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<Nomination, StoreError> {
        Ok(Nomination {
            id: NominationId(r.id),
            movement_id: MovementId(r.movement_id),
            unit_id: UnitId(r.unit_id),
            unit_name: r.unit_name,
            award_type_name: r.award_type_name,
            status: NominationStatus::parse(&r.status).map_err(|_| corrupt("nomination status"))?,
            return_reason: r.return_reason,
            report_file_key: r.report_file_key,
            data: NominationData {
                recipient: Recipient::parse(&r.recipient).map_err(|_| corrupt("recipient"))?,
                name: r.name,
                gender: r
                    .gender
                    .as_deref()
                    .map(|g| Gender::parse(g).map_err(|_| corrupt("gender")))
                    .transpose()?,
                position: r.position,
                work_unit: r.work_unit,
                staff_code: r.staff_code,
                award_type: r.award_type,
                procedure: Procedure::parse(&r.procedure).map_err(|_| corrupt("procedure"))?,
                report: r.report,
                citation: r.citation,
                holds: Holds {
                    discipline: r.hold_discipline != 0,
                    investigation: r.hold_investigation != 0,
                    complaint: r.hold_complaint != 0,
                },
            },
        })
    }
}

/// The award type a nomination may propose for its recipient, or the refusal.
async fn fitting_type(
    conn: &mut AnyConnection,
    n: &NominationData,
) -> Result<Result<AwardType, Refused>, StoreError> {
    let Some(t) = award_type_in(conn, &n.award_type).await? else {
        return Ok(Err(Refused::Rule("err-award-type")));
    };
    let fits = match n.recipient {
        Recipient::Collective => t.for_collectives,
        Recipient::Person => t.for_persons,
    };
    Ok(if fits {
        Ok(t)
    } else {
        Err(Refused::Rule("err-award-type-recipient"))
    })
}

fn duplicate(e: sqlx::Error) -> Result<Refused, StoreError> {
    match e {
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            Ok(Refused::Rule("err-nomination-duplicate"))
        }
        e => Err(e.into()),
    }
}

type Scalar<'q> = sqlx::query::QueryScalar<'q, Any, i64, sqlx::any::AnyArguments>;

/// Binds a nomination's content as $1…$14, in the column order both the insert and
/// the update name them.
fn bind_content<'q>(q: Scalar<'q>, n: &NominationData, award_type: i64) -> Scalar<'q> {
    q.bind(n.recipient.as_str())
        .bind(n.name.clone())
        .bind(n.gender.map(Gender::as_str))
        .bind(n.position.clone())
        .bind(n.work_unit.clone())
        .bind(n.staff_code.clone())
        .bind(n.person_key())
        .bind(award_type)
        .bind(n.procedure.as_str())
        .bind(n.report.clone())
        .bind(n.citation.clone())
        .bind(i64::from(n.holds.discipline))
        .bind(i64::from(n.holds.investigation))
        .bind(i64::from(n.holds.complaint))
}

/// Writes one line of a nomination's log.
async fn log(
    conn: &mut AnyConnection,
    actor: Option<UserId>,
    id: i64,
    step: &str,
    from: Option<NominationStatus>,
    to: NominationStatus,
    reason: Option<&str>,
) -> Result<(), StoreError> {
    sqlx::query::<Any>(
        "INSERT INTO nomination_events (nomination_id, at, actor_user_id, step, from_status, to_status, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(now_text())
    .bind(actor.map(|a| a.0))
    .bind(step)
    .bind(from.map(NominationStatus::as_str))
    .bind(to.as_str())
    .bind(reason)
    .execute(conn)
    .await?;
    Ok(())
}

/// A unit's new nomination (a draft) in a movement it takes part in, while the movement
/// takes nominations on `today`.
pub async fn insert_nomination(
    db: &Db,
    actor: Option<UserId>,
    unit: ScopedUnit,
    movement: MovementId,
    today: Date,
    n: &NominationData,
) -> Result<Result<NominationId, Refused>, StoreError> {
    let scope = Scope::unit_only(unit);
    audit::write_checked(db, actor, async |tx| {
        let Some(m) = movement_in(&mut *tx, &scope, movement).await? else {
            return Ok(Err(Refused::NotFound));
        };
        if m.data.phase(today) != MovementPhase::Open {
            return Ok(Err(Refused::Rule("err-movement-not-open")));
        }
        let t = match fitting_type(&mut *tx, n).await? {
            Ok(t) => t,
            Err(r) => return Ok(Err(r)),
        };
        let now = now_text();
        let inserted = sqlx::query_scalar::<Any, i64>(
            "INSERT INTO nominations (recipient, name, gender, position, work_unit, staff_code, person_key,
                 award_type_id, procedure, report, citation, hold_discipline, hold_investigation, hold_complaint,
                 movement_id, unit_id, created_by, created_at, updated_at, status)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18, 'draft')
             RETURNING id",
        );
        let inserted = bind_content(inserted, n, t.id)
        .bind(movement.0)
        .bind(unit.id().0)
        .bind(actor.map(|a| a.0))
        .bind(&now)
        .fetch_one(&mut *tx)
        .await;
        let id = match inserted {
            Ok(id) => id,
            Err(e) => return Ok(Err(duplicate(e)?)),
        };
        log(&mut *tx, actor, id, "create", None, NominationStatus::Draft, None).await?;
        Ok(Ok((
            NominationId(id),
            Entry::new("nomination.create", "nomination", id).after(n),
        )))
    })
    .await
}

/// A unit gives its achievement report as a file (stored under `key`) while its
/// nomination is a draft or returned.
pub async fn set_report_file(
    db: &Db,
    actor: Option<UserId>,
    unit: ScopedUnit,
    id: NominationId,
    key: &str,
) -> Result<Result<(), Refused>, StoreError> {
    audit::write_checked(db, actor, async |tx| {
        let Some(status) = status_in(&mut *tx, &Scope::unit_only(unit), id).await? else {
            return Ok(Err(Refused::NotFound));
        };
        let n = sqlx::query::<Any>(
            "UPDATE nominations SET report_file_key = $1, updated_at = $2 WHERE id = $3 AND status IN ('draft', 'returned')",
        )
        .bind(key)
        .bind(now_text())
        .bind(id.0)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 || !status.editable() {
            return Ok(Err(Refused::Rule("err-nomination-locked")));
        }
        Ok(Ok((
            (),
            Entry::new("nomination.report_file", "nomination", id.0)
                .after(&serde_json::json!({ "file": key })),
        )))
    })
    .await
}

/// A unit changes its own nomination while it is a draft or returned.
pub async fn update_nomination(
    db: &Db,
    actor: Option<UserId>,
    unit: ScopedUnit,
    id: NominationId,
    n: &NominationData,
) -> Result<Result<(), Refused>, StoreError> {
    audit::write_checked(db, actor, async |tx| {
        let Some(status) = status_in(&mut *tx, &Scope::unit_only(unit), id).await? else {
            return Ok(Err(Refused::NotFound));
        };
        if !status.editable() {
            return Ok(Err(Refused::Rule("err-nomination-locked")));
        }
        let t = match fitting_type(&mut *tx, n).await? {
            Ok(t) => t,
            Err(r) => return Ok(Err(r)),
        };
        let changed = sqlx::query_scalar::<Any, i64>(
            "UPDATE nominations SET recipient = $1, name = $2, gender = $3, position = $4, work_unit = $5,
                 staff_code = $6, person_key = $7, award_type_id = $8, procedure = $9, report = $10, citation = $11,
                 hold_discipline = $12, hold_investigation = $13, hold_complaint = $14, updated_at = $15
             WHERE id = $16 AND status = $17 RETURNING id",
        );
        let changed = bind_content(changed, n, t.id)
        .bind(now_text())
        .bind(id.0)
        .bind(status.as_str())
        .fetch_optional(&mut *tx)
        .await;
        match changed {
            Ok(None) => return Ok(Err(Refused::Rule("err-nomination-locked"))),
            Ok(Some(_)) => {}
            Err(e) => return Ok(Err(duplicate(e)?)),
        }
        Ok(Ok(((), Entry::new("nomination.update", "nomination", id.0).after(n))))
    })
    .await
}

async fn status_in(
    conn: &mut AnyConnection,
    scope: &Scope,
    id: NominationId,
) -> Result<Option<NominationStatus>, StoreError> {
    sqlx::query_scalar::<Any, String>(sqlx::AssertSqlSafe(format!(
        "SELECT status FROM nominations n WHERE n.id = $1 AND {}",
        unit_is(scope, "n.unit_id")
    )))
    .bind(id.0)
    .fetch_optional(conn)
    .await?
    .map(|s| NominationStatus::parse(&s).map_err(|_| corrupt("nomination status")))
    .transpose()
}

/// Takes `step` on a nomination in the scope, inside the caller's transaction: the
/// status moves only from the one read (of two requests at once, one wins).
pub(super) async fn step_in(
    conn: &mut AnyConnection,
    actor: Option<UserId>,
    scope: &Scope,
    id: NominationId,
    step: Step,
    reason: Option<&str>,
) -> Result<Result<NominationStatus, Refused>, StoreError> {
    let Some(from) = status_in(&mut *conn, scope, id).await? else {
        return Ok(Err(Refused::NotFound));
    };
    let Some(to) = step.from(from) else {
        return Ok(Err(Refused::Rule("err-nomination-step")));
    };
    let n = sqlx::query::<Any>(
        "UPDATE nominations SET status = $1, return_reason = $2, updated_at = $3 WHERE id = $4 AND status = $5",
    )
    .bind(to.as_str())
    .bind((step == Step::Return).then_some(reason).flatten())
    .bind(now_text())
    .bind(id.0)
    .bind(from.as_str())
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if n == 0 {
        return Ok(Err(Refused::Rule("err-nomination-step")));
    }
    log(
        &mut *conn,
        actor,
        id.0,
        step.as_str(),
        Some(from),
        to,
        reason,
    )
    .await?;
    Ok(Ok(to))
}

/// The unit sends its nomination, or the office returns (with a reason) or accepts one.
/// Proposing to the council and the decision's steps go through their own writes.
pub async fn move_nomination(
    db: &Db,
    actor: Option<UserId>,
    scope: &Scope,
    id: NominationId,
    step: Step,
    reason: Option<&str>,
) -> Result<Result<NominationStatus, Refused>, StoreError> {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if step == Step::Return && reason.is_none() {
        return Ok(Err(Refused::Rule("err-return-reason")));
    }
    if !matches!(step, Step::Submit | Step::Return | Step::Accept) {
        return Ok(Err(Refused::Rule("err-nomination-step")));
    }
    audit::write_checked(db, actor, async |tx| {
        Ok(step_in(&mut *tx, actor, scope, id, step, reason)
            .await?
            .map(|to| {
                (
                    to,
                    Entry::new(format!("nomination.{}", step.as_str()), "nomination", id.0)
                        .after(&serde_json::json!({ "status": to.as_str(), "reason": reason })),
                )
            }))
    })
    .await
}

/// The nominations of a movement in the scope, by unit and name.
pub async fn nominations(
    db: &Db,
    scope: &Scope,
    movement: MovementId,
) -> Result<Vec<Nomination>, StoreError> {
    sqlx::query_as::<Any, Row>(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE n.movement_id = $1 AND {} ORDER BY u.name, n.id",
        unit_is(scope, "n.unit_id")
    )))
    .bind(movement.0)
    .fetch_all(db.pool())
    .await?
    .into_iter()
    .map(Nomination::try_from)
    .collect()
}

/// One nomination, if the scope reaches it.
pub async fn nomination(
    db: &Db,
    scope: &Scope,
    id: NominationId,
) -> Result<Option<Nomination>, StoreError> {
    let mut conn = db.pool().acquire().await?;
    nomination_in(&mut conn, scope, id).await
}

pub(super) async fn nomination_in(
    conn: &mut AnyConnection,
    scope: &Scope,
    id: NominationId,
) -> Result<Option<Nomination>, StoreError> {
    sqlx::query_as::<Any, Row>(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE n.id = $1 AND {}",
        unit_is(scope, "n.unit_id")
    )))
    .bind(id.0)
    .fetch_optional(conn)
    .await?
    .map(Nomination::try_from)
    .transpose()
}

/// A nomination found through a record the caller reached (a session, a decision).
pub(super) async fn nomination_any_in(
    conn: &mut AnyConnection,
    id: NominationId,
) -> Result<Option<Nomination>, StoreError> {
    sqlx::query_as::<Any, Row>(sqlx::AssertSqlSafe(format!("{SELECT} WHERE n.id = $1")))
        .bind(id.0)
        .fetch_optional(conn)
        .await?
        .map(Nomination::try_from)
        .transpose()
}

/// One line of a nomination's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NominationEvent {
    pub at: time::OffsetDateTime,
    pub actor: Option<String>,
    pub step: String,
    pub from: Option<NominationStatus>,
    pub to: NominationStatus,
    pub reason: Option<String>,
}

/// The log of a nomination, oldest first (read after [`nomination`] found it).
pub async fn events(db: &Db, id: NominationId) -> Result<Vec<NominationEvent>, StoreError> {
    sqlx::query_as::<
        Any,
        (
            String,
            Option<String>,
            String,
            Option<String>,
            String,
            Option<String>,
        ),
    >(
        "SELECT e.at, us.full_name, e.step, e.from_status, e.to_status, e.reason
         FROM nomination_events e LEFT JOIN users us ON us.id = e.actor_user_id
         WHERE e.nomination_id = $1 ORDER BY e.id",
    )
    .bind(id.0)
    .fetch_all(db.pool())
    .await?
    .into_iter()
    .map(|(at, actor, step, from, to, reason)| {
        let status = |s: &str| NominationStatus::parse(s).map_err(|_| corrupt("nomination status"));
        Ok(NominationEvent {
            at: crate::time_text::instant(&at)?,
            actor,
            step,
            from: from.as_deref().map(status).transpose()?,
            to: status(&to)?,
            reason,
        })
    })
    .collect()
}

/// An award the register holds for the same person or collective.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PriorAward {
    pub award_type_name: String,
    pub movement_title: String,
    pub number_symbol: String,
    pub issued_on: Option<Date>,
    pub register_no: Option<i64>,
}

/// The awards in force already given to the nominee of `id` (by staff code, or by name
/// and unit), other than by this nomination.
pub async fn prior_awards(db: &Db, id: NominationId) -> Result<Vec<PriorAward>, StoreError> {
    sqlx::query_as::<
        Any,
        (
            String,
            String,
            Option<i64>,
            String,
            Option<String>,
            Option<i64>,
        ),
    >(
        "SELECT t.name, m.title, d.number, d.symbol, d.issued_on, e.register_no
         FROM nominations me
         JOIN nominations o ON o.person_key = me.person_key AND o.id <> me.id
         JOIN award_entries e ON e.nomination_id = o.id AND e.revoked_at IS NULL
         JOIN award_decisions a ON a.id = e.decision_id AND a.status = 'issued'
         JOIN documents d ON d.id = a.document_id
         JOIN award_types t ON t.id = a.award_type_id
         JOIN movements m ON m.id = a.movement_id
         WHERE me.id = $1 ORDER BY d.issued_on DESC",
    )
    .bind(id.0)
    .fetch_all(db.pool())
    .await?
    .into_iter()
    .map(|(award, movement, number, symbol, on, register_no)| {
        Ok(PriorAward {
            award_type_name: award,
            movement_title: movement,
            number_symbol: number_symbol(number, &symbol),
            issued_on: opt_date(on.as_deref())?,
            register_no,
        })
    })
    .collect()
}

/// "12/QĐ-UBND" (or "…/QĐ-UBND" before a number is given).
pub(super) fn number_symbol(number: Option<i64>, symbol: &str) -> String {
    match number {
        Some(n) => format!("{}/{symbol}", dxday_domain::document::number_text(n)),
        None => format!("…/{symbol}"),
    }
}

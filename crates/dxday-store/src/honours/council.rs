//! Council sessions (phiên họp Hội đồng Thi đua - Khen thưởng): who sat, the voting
//! rule in force for the session, the nominations put before it and each one's ballot
//! counts. Whether a nominee passed is computed from the counts, never stored.

use dxday_domain::honours::{Attendance, Ballot, Outcome, Step, VotingRule, outcome};
use dxday_domain::{MovementId, NominationId, ScopedUnit, SessionId};

use super::movements::movement_in;
use super::nominations::{Nomination, nomination_any_in, nomination_in, step_in};
use super::*;

/// A session as typed by the office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionData {
    pub held_on: Date,
    pub place: String,
    pub chair_name: String,
    pub secretary_name: String,
    pub attendance: Attendance,
    pub rule: VotingRule,
}

/// A session with the nominations before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Session {
    pub id: SessionId,
    pub movement_id: MovementId,
    /// Whose council it is.
    pub unit_id: UnitId,
    pub unit_name: String,
    pub data: SessionData,
    pub lines: Vec<BallotLine>,
}

/// One nominee before the council.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BallotLine {
    pub nomination: Nomination,
    /// `None` until the counts are entered.
    pub ballot: Option<Ballot>,
    pub outcome: Option<Outcome>,
}

impl BallotLine {
    pub fn passed(&self) -> bool {
        self.outcome.is_some_and(|o| o.passed)
    }
}

/// Opens a session of `council`'s council for a movement it reaches.
pub async fn insert_session(
    db: &Db,
    actor: Option<UserId>,
    scope: &Scope,
    council: ScopedUnit,
    movement: MovementId,
    s: &SessionData,
) -> Result<Result<SessionId, Refused>, StoreError> {
    if s.attendance.check().is_err() {
        return Ok(Err(Refused::Rule("err-council-present")));
    }
    audit::write_checked(db, actor, async |tx| {
        if movement_in(&mut *tx, scope, movement).await?.is_none() {
            return Ok(Err(Refused::NotFound));
        }
        let now = now_text();
        let id = sqlx::query_scalar::<Any, i64>(
            "INSERT INTO council_sessions (movement_id, unit_id, held_on, place, chair_name, secretary_name, members_total,
                 members_present, written_opinions, method, denominator, threshold_num, threshold_den, quorum_num,
                 quorum_den, count_written, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) RETURNING id",
        )
        .bind(movement.0)
        .bind(council.id().0)
        .bind(date_text(s.held_on))
        .bind(&s.place)
        .bind(&s.chair_name)
        .bind(&s.secretary_name)
        .bind(s.attendance.members_total)
        .bind(s.attendance.members_present)
        .bind(s.attendance.written_opinions)
        .bind(s.rule.method.as_str())
        .bind(s.rule.denominator.as_str())
        .bind(s.rule.threshold.num)
        .bind(s.rule.threshold.den)
        .bind(s.rule.quorum.num)
        .bind(s.rule.quorum.den)
        .bind(i64::from(s.rule.count_written))
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        Ok(Ok((
            SessionId(id),
            Entry::new("council.create", "council_session", id).after(s),
        )))
    })
    .await
}

/// Puts accepted nominations of the session's movement before the council. A
/// nomination with a hold set is refused; all or nothing.
pub async fn propose(
    db: &Db,
    actor: Option<UserId>,
    scope: &Scope,
    session: SessionId,
    ids: &[NominationId],
) -> Result<Result<(), Refused>, StoreError> {
    audit::write_checked(db, actor, async |tx| {
        let Some((movement, _)) = session_head(&mut *tx, scope, session).await? else {
            return Ok(Err(Refused::NotFound));
        };
        let mut position = sqlx::query_scalar::<Any, i64>(
            "SELECT COALESCE(MAX(position), 0) FROM council_ballots WHERE session_id = $1",
        )
        .bind(session.0)
        .fetch_one(&mut *tx)
        .await?;
        for id in ids {
            let Some(n) = nomination_in(&mut *tx, scope, *id).await? else {
                return Ok(Err(Refused::NotFound));
            };
            if n.movement_id != movement {
                return Ok(Err(Refused::NotFound));
            }
            if n.data.holds.any() {
                return Ok(Err(Refused::Rule("err-nomination-hold")));
            }
            if let Err(r) = step_in(&mut *tx, actor, scope, *id, Step::Propose, None).await? {
                return Ok(Err(r));
            }
            position += 1;
            sqlx::query::<Any>(
                "INSERT INTO council_ballots (session_id, nomination_id, position) VALUES ($1, $2, $3)",
            )
            .bind(session.0)
            .bind(id.0)
            .bind(position)
            .execute(&mut *tx)
            .await?;
        }
        Ok(Ok((
            (),
            Entry::new("council.propose", "council_session", session.0)
                .after(&ids.iter().map(|i| i.0).collect::<Vec<_>>()),
        )))
    })
    .await
}

/// Records the ballot counts of nominees before the session. Counts that exceed the
/// members who voted are refused; all or nothing.
pub async fn record_ballots(
    db: &Db,
    actor: Option<UserId>,
    scope: &Scope,
    session: SessionId,
    ballots: &[(NominationId, Ballot)],
) -> Result<Result<(), Refused>, StoreError> {
    audit::write_checked(db, actor, async |tx| {
        let Some((_, data)) = session_head(&mut *tx, scope, session).await? else {
            return Ok(Err(Refused::NotFound));
        };
        if has_issued_decision(&mut *tx, session).await? {
            return Ok(Err(Refused::Rule("err-council-decided")));
        }
        for (id, b) in ballots {
            if let Err(key) = b.check(data.attendance, &data.rule) {
                return Ok(Err(Refused::Rule(key)));
            }
            let n = sqlx::query::<Any>(
                "UPDATE council_ballots SET votes_for = $1, against = $2, blank = $3, invalid = $4
                 WHERE session_id = $5 AND nomination_id = $6",
            )
            .bind(b.votes_for)
            .bind(b.against)
            .bind(b.blank)
            .bind(b.invalid)
            .bind(session.0)
            .bind(id.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Ok(Err(Refused::NotFound));
            }
        }
        Ok(Ok((
            (),
            Entry::new("council.ballots", "council_session", session.0)
                .after(&ballots.iter().map(|(i, b)| (i.0, *b)).collect::<Vec<_>>()),
        )))
    })
    .await
}

async fn has_issued_decision(
    conn: &mut AnyConnection,
    session: SessionId,
) -> Result<bool, StoreError> {
    Ok(sqlx::query_scalar::<Any, i64>(
        "SELECT COUNT(*) FROM award_decisions WHERE session_id = $1 AND status = 'issued'",
    )
    .bind(session.0)
    .fetch_one(conn)
    .await?
        > 0)
}

#[derive(FromRow)]
struct HeadRow {
    movement_id: i64,
    held_on: String,
    place: String,
    chair_name: String,
    secretary_name: String,
    members_total: i64,
    members_present: i64,
    written_opinions: i64,
    method: String,
    denominator: String,
    threshold_num: i64,
    threshold_den: i64,
    quorum_num: i64,
    quorum_den: i64,
    count_written: i64,
}

async fn session_head(
    conn: &mut AnyConnection,
    scope: &Scope,
    id: SessionId,
) -> Result<Option<(MovementId, SessionData)>, StoreError> {
    let Some(r) = sqlx::query_as::<Any, HeadRow>(sqlx::AssertSqlSafe(format!(
        "SELECT movement_id, held_on, place, chair_name, secretary_name, members_total, members_present,
             written_opinions, method, denominator, threshold_num, threshold_den, quorum_num, quorum_den, count_written
         FROM council_sessions s WHERE s.id = $1 AND {}",
        unit_is(scope, "s.unit_id")
    )))
    .bind(id.0)
    .fetch_optional(conn)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some((
        MovementId(r.movement_id),
        SessionData {
            held_on: date(&r.held_on)?,
            place: r.place,
            chair_name: r.chair_name,
            secretary_name: r.secretary_name,
            attendance: Attendance {
                members_total: r.members_total,
                members_present: r.members_present,
                written_opinions: r.written_opinions,
            },
            rule: rule_of(
                &r.method,
                &r.denominator,
                (r.threshold_num, r.threshold_den),
                (r.quorum_num, r.quorum_den),
                r.count_written,
            )?,
        },
    )))
}

/// A session with its nominees, their counts and outcomes, in the order proposed.
pub async fn session(db: &Db, scope: &Scope, id: SessionId) -> Result<Option<Session>, StoreError> {
    let mut conn = db.pool().acquire().await?;
    session_in(&mut conn, scope, id).await
}

pub(super) async fn session_in(
    conn: &mut AnyConnection,
    scope: &Scope,
    id: SessionId,
) -> Result<Option<Session>, StoreError> {
    let Some((movement_id, data)) = session_head(&mut *conn, scope, id).await? else {
        return Ok(None);
    };
    let (unit_id, unit_name) = sqlx::query_as::<Any, (i64, String)>(
        "SELECT s.unit_id, u.name FROM council_sessions s JOIN units u ON u.id = s.unit_id WHERE s.id = $1",
    )
    .bind(id.0)
    .fetch_one(&mut *conn)
    .await?;
    let counts = sqlx::query_as::<Any, (i64, Option<i64>, Option<i64>, Option<i64>, Option<i64>)>(
        "SELECT nomination_id, votes_for, against, blank, invalid FROM council_ballots
         WHERE session_id = $1 ORDER BY position",
    )
    .bind(id.0)
    .fetch_all(&mut *conn)
    .await?;
    let mut lines = Vec::with_capacity(counts.len());
    for (nomination, f, a, b, i) in counts {
        let Some(n) = nomination_any_in(&mut *conn, NominationId(nomination)).await? else {
            continue;
        };
        let ballot = match (f, a, b, i) {
            (Some(votes_for), Some(against), Some(blank), Some(invalid)) => Some(Ballot {
                votes_for,
                against,
                blank,
                invalid,
            }),
            _ => None,
        };
        lines.push(BallotLine {
            outcome: ballot.map(|b| outcome(&data.rule, data.attendance, b)),
            ballot,
            nomination: n,
        });
    }
    Ok(Some(Session {
        id,
        movement_id,
        unit_id: UnitId(unit_id),
        unit_name,
        data,
        lines,
    }))
}

/// The sessions held for a movement in the scope, latest first.
pub async fn sessions_of(
    db: &Db,
    scope: &Scope,
    movement: MovementId,
) -> Result<Vec<(SessionId, Date, String)>, StoreError> {
    sqlx::query_as::<Any, (i64, String, String)>(sqlx::AssertSqlSafe(format!(
        "SELECT s.id, s.held_on, s.place FROM council_sessions s WHERE s.movement_id = $1 AND {} ORDER BY s.held_on DESC, s.id DESC",
        unit_is(scope, "s.unit_id")
    )))
    .bind(movement.0)
    .fetch_all(db.pool())
    .await?
    .into_iter()
    .map(|(id, on, place)| Ok((SessionId(id), date(&on)?, place)))
    .collect()
}

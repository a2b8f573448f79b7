//! The demo's emulation and honours: the rules as data (the Căn cứ lines of both
//! periods, the award types, the 2024 authority table with the district and the one
//! from 01/7/2025, two voting-rule presets, the old 90 % rule as an example), and the
//! 2024 movement launched by the office with nominations from wards and departments,
//! the district council's session (one nominee falls short, one is held by a
//! complaint), the decision with its list (id 1) and an honour without a decision.

use dxday_domain::document::DocumentType;
use dxday_domain::honours::{
    Attendance, Authority, AwardClass, Ballot, Denominator, Holds, InForce, IssuerKind, LegalBasis,
    LegalTopic, MovementData, NominationData, NominationForm, Ratio, Recipient, Step, VoteMethod,
    VotingRule,
};
use dxday_domain::{NominationId, Scope, ScopedUnit, UnitId, dates};
use dxday_store::honours::{self as h, AwardType, MentionData, SessionData};
use dxday_store::{Db, StoreError, documents, units};
use serde::Deserialize;
use time::Date;

use super::DecisionRequest;
use crate::Error;

const HONOURS: &str = include_str!("../../demo/honours.json");

#[derive(Deserialize)]
struct Demo {
    legal_bases: Vec<BasisSample>,
    body_names: Vec<NameSample>,
    award_types: Vec<TypeSample>,
    authorities: Vec<AuthoritySample>,
    voting_rules: Vec<RuleSample>,
    movement: MovementSample,
    nominations: Vec<NominationSample>,
    return_reason: String,
    session: SessionSample,
    decision: DecisionSample,
    mentions: Vec<MentionSample>,
}

#[derive(Deserialize)]
struct NameSample {
    name: String,
    successor: Option<String>,
    on: String,
    basis: String,
}

#[derive(Deserialize)]
struct BasisSample {
    topic: String,
    citation: String,
    from: String,
    to: Option<String>,
    position: i64,
}

#[derive(Deserialize)]
struct TypeSample {
    code: String,
    name: String,
    class: String,
    for_collectives: bool,
    for_persons: bool,
    basis_for_escalation: bool,
    criteria: Option<String>,
}

#[derive(Deserialize)]
struct AuthoritySample {
    issuer_kind: String,
    award_types: Vec<String>,
    from: String,
    to: Option<String>,
    note: Option<String>,
}

#[derive(Deserialize)]
struct RuleSample {
    name: String,
    method: String,
    denominator: String,
    threshold: String,
    quorum: String,
    count_written: bool,
    note: Option<String>,
}

#[derive(Deserialize)]
struct MovementSample {
    launcher: String,
    title: String,
    slogan: String,
    criteria: String,
    intake_from: String,
    intake_to: String,
    midterm_on: Option<String>,
    final_on: Option<String>,
    excluded_kinds: Vec<String>,
}

#[derive(Deserialize)]
struct NominationSample {
    unit: String,
    #[serde(flatten)]
    form: NominationForm,
    hold: String,
    state: String,
    ballot: Option<[i64; 4]>,
}

#[derive(Deserialize)]
struct SessionSample {
    unit: String,
    held_on: String,
    place: String,
    chair_name: String,
    secretary_name: String,
    members_total: i64,
    members_present: i64,
    written_opinions: i64,
    rule: String,
}

#[derive(Deserialize)]
struct DecisionSample {
    issuer: String,
    issuer_kind: String,
    award_type: String,
    symbol: String,
    place: String,
    proposer: String,
    executors: String,
    deputy_signs: bool,
    signer_name: String,
    drafting_unit: String,
    drafted_on: String,
    issued_on: String,
}

#[derive(Deserialize)]
struct MentionSample {
    unit: String,
    year: i64,
    recipient: String,
    name: String,
    work_unit: Option<String>,
    citation: String,
}

fn corrupt(what: impl std::fmt::Display) -> Error {
    Error::Store(StoreError::Corrupt(format!("demo honours: {what}")))
}

fn day(s: &str) -> Result<Date, Error> {
    dates::parse_date(s).map_err(|_| corrupt(format!("date {s}")))
}

fn opt_day(s: Option<&str>) -> Result<Option<Date>, Error> {
    s.map(day).transpose()
}

fn parsed<T>(r: Result<T, &'static str>, what: &str) -> Result<T, Error> {
    r.map_err(|_| corrupt(what))
}

async fn unit(db: &Db, system: &Scope, code: &str) -> Result<ScopedUnit, Error> {
    let u = units::find_by_code(db, code)
        .await?
        .ok_or_else(|| corrupt(format!("unit {code}")))?;
    system.unit(u.id).ok_or_else(|| corrupt("scope"))
}

/// Loads the rules tables (legal bases, award types, authorities, voting rules).
async fn rules(db: &Db, demo: &Demo) -> Result<(), Error> {
    for b in &demo.legal_bases {
        let basis = LegalBasis {
            topic: parsed(LegalTopic::parse(&b.topic), "topic")?,
            citation: b.citation.clone(),
            in_force: InForce {
                from: day(&b.from)?,
                to: opt_day(b.to.as_deref())?,
            },
            position: b.position,
        };
        h::insert_legal_basis(db, None, &basis).await?;
    }
    for n in &demo.body_names {
        let change = dxday_domain::document::BodyName {
            name: n.name.clone(),
            successor: n.successor.clone(),
            effective_on: day(&n.on)?,
            basis: n.basis.clone(),
        };
        dxday_store::body_names::insert(db, None, &change).await?;
    }
    for t in &demo.award_types {
        let award = AwardType {
            id: 0,
            code: t.code.clone(),
            name: t.name.clone(),
            class: parsed(AwardClass::parse(&t.class), "class")?,
            for_collectives: t.for_collectives,
            for_persons: t.for_persons,
            basis_for_escalation: t.basis_for_escalation,
            criteria: t.criteria.clone(),
        };
        h::insert_award_type(db, None, &award).await?;
    }
    for a in &demo.authorities {
        for code in &a.award_types {
            let row = Authority {
                issuer_kind: parsed(IssuerKind::parse(&a.issuer_kind), "issuer")?,
                award_type_code: code.clone(),
                in_force: InForce {
                    from: day(&a.from)?,
                    to: opt_day(a.to.as_deref())?,
                },
                needs_council: true,
            };
            h::insert_authority(db, None, &row, a.note.as_deref()).await?;
        }
    }
    for r in &demo.voting_rules {
        let rule = VotingRule {
            method: parsed(VoteMethod::parse(&r.method), "method")?,
            denominator: parsed(Denominator::parse(&r.denominator), "denominator")?,
            threshold: parsed(Ratio::parse(&r.threshold), "threshold")?,
            quorum: parsed(Ratio::parse(&r.quorum), "quorum")?,
            count_written: r.count_written,
        };
        h::insert_voting_rule(db, None, &r.name, &rule, r.note.as_deref()).await?;
    }
    Ok(())
}

/// Loads the honours demo (see the module's comment) as the system.
pub async fn load(db: &Db, system: &Scope) -> Result<(), Error> {
    let demo: Demo = serde_json::from_str(HONOURS).map_err(corrupt)?;
    rules(db, &demo).await?;

    // The movement, launched by the office with the seed dispatch, open to every unit
    // but the committees and the office itself.
    let m = &demo.movement;
    let launcher = unit(db, system, &m.launcher).await?;
    let dispatch = documents::latest_issued_by(db, launcher.id())
        .await?
        .filter(|d| d.data.kind == DocumentType::Dispatch)
        .map(|d| d.id);
    let participants: Vec<UnitId> = units::directory(db)
        .await?
        .into_iter()
        .filter(|u| !m.excluded_kinds.iter().any(|k| k == u.data.kind.as_str()))
        .map(|u| u.id)
        .collect();
    let data = MovementData {
        title: m.title.clone(),
        slogan: Some(m.slogan.clone()),
        criteria: m.criteria.clone(),
        document_id: dispatch,
        intake_from: day(&m.intake_from)?,
        intake_to: day(&m.intake_to)?,
        midterm_on: opt_day(m.midterm_on.as_deref())?,
        final_on: opt_day(m.final_on.as_deref())?,
    };
    let campaign = dxday_store::campaigns::list(db)
        .await?
        .into_iter()
        .find(|c| c.data.year == data.intake_from.year())
        .map(|c| c.id);
    let movement = h::insert_movement(db, None, launcher, campaign, &data, &participants).await?;

    // Nominations, sent and taken in or returned; their ballots.
    let mut ballots: Vec<(NominationId, Ballot)> = Vec::new();
    for n in &demo.nominations {
        let u = unit(db, system, &n.unit).await?;
        let mut nd: NominationData = n.form.parse().map_err(|e| corrupt(format!("{e:?}")))?;
        nd.holds = Holds {
            complaint: n.hold == "complaint",
            ..Holds::default()
        };
        let id = h::insert_nomination(db, None, u, movement, data.intake_from, &nd)
            .await?
            .map_err(|r| corrupt(format!("{r:?}")))?;
        let own = Scope::unit_only(u);
        h::move_nomination(db, None, &own, id, Step::Submit, None)
            .await?
            .map_err(|r| corrupt(format!("{r:?}")))?;
        let (step, reason) = match n.state.as_str() {
            "returned" => (Step::Return, Some(demo.return_reason.as_str())),
            _ => (Step::Accept, None),
        };
        h::move_nomination(db, None, system, id, step, reason)
            .await?
            .map_err(|r| corrupt(format!("{r:?}")))?;
        if let Some([votes_for, against, blank, invalid]) = n.ballot {
            ballots.push((
                id,
                Ballot {
                    votes_for,
                    against,
                    blank,
                    invalid,
                },
            ));
        }
    }

    // The district council's session.
    let s = &demo.session;
    let council = unit(db, system, &s.unit).await?;
    let rule = h::voting_rules(db)
        .await?
        .into_iter()
        .find(|r| r.name == s.rule)
        .ok_or_else(|| corrupt("voting rule"))?
        .rule;
    let session_data = SessionData {
        held_on: day(&s.held_on)?,
        place: s.place.clone(),
        chair_name: s.chair_name.clone(),
        secretary_name: s.secretary_name.clone(),
        attendance: Attendance {
            members_total: s.members_total,
            members_present: s.members_present,
            written_opinions: s.written_opinions,
        },
        rule,
    };
    let session = h::insert_session(db, None, system, council, movement, &session_data)
        .await?
        .map_err(|r| corrupt(format!("{r:?}")))?;
    let proposed: Vec<NominationId> = ballots.iter().map(|(id, _)| *id).collect();
    h::propose(db, None, system, session, &proposed)
        .await?
        .map_err(|r| corrupt(format!("{r:?}")))?;
    h::record_ballots(db, None, system, session, &ballots)
        .await?
        .map_err(|r| corrupt(format!("{r:?}")))?;

    // The decision lists those who passed; a leader issues it.
    let passed: Vec<NominationId> = h::session(db, system, session)
        .await?
        .ok_or_else(|| corrupt("session"))?
        .lines
        .iter()
        .filter(|l| l.passed())
        .map(|l| l.nomination.id)
        .collect();
    let d = &demo.decision;
    let request = DecisionRequest {
        movement,
        session: Some(session),
        issuer: unit(db, system, &d.issuer).await?,
        issuer_kind: parsed(IssuerKind::parse(&d.issuer_kind), "issuer")?,
        award_type: d.award_type.clone(),
        nominations: passed,
        symbol: d.symbol.clone(),
        place: d.place.clone(),
        proposer: d.proposer.clone(),
        executors: d.executors.clone(),
        deputy_signs: d.deputy_signs,
        signer_name: d.signer_name.clone(),
        drafting_unit: d.drafting_unit.clone(),
    };
    let decision = super::draft_decision(db, None, system, &request, day(&d.drafted_on)?)
        .await?
        .map_err(|r| corrupt(format!("{r:?}")))?;
    h::issue_decision(db, None, system, decision, day(&d.issued_on)?, None)
        .await?
        .map_err(|r| corrupt(format!("{r:?}")))?;

    for mention in &demo.mentions {
        let u = unit(db, system, &mention.unit).await?;
        let data = MentionData {
            year: mention.year,
            recipient: parsed(Recipient::parse(&mention.recipient), "recipient")?,
            name: mention.name.clone(),
            work_unit: mention.work_unit.clone(),
            citation: mention.citation.clone(),
        };
        h::insert_mention(db, None, u, campaign, &data).await?;
    }
    Ok(())
}

//! Emulation and honours: the dated rules (legal bases, award types and who may give
//! them, voting-rule presets), movements, nominations, council sessions and award
//! decisions. Every rule of the law is checked inside the write's transaction, so a
//! refused change writes nothing.

use dxday_domain::honours::{
    Authority, AwardClass, Denominator, InForce, IssuerKind, LegalBasis, LegalTopic, Ratio,
    VoteMethod, VotingRule,
};
use dxday_domain::{Scope, UnitId, UserId};
use serde::Serialize;
use sqlx::{Any, AnyConnection, FromRow};
use time::Date;

use crate::audit::{self, Entry};
use crate::scope_sql::unit_is;
use crate::time_text::{date, date_text, now_text, opt_date};
use crate::{Db, StoreError};

mod council;
mod decisions;
mod movements;
mod nominations;
mod roll;
pub use council::*;
pub use decisions::*;
pub use movements::*;
pub use nominations::*;
pub use roll::*;

/// Why a change was refused; nothing was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// No such record in the caller's reach (404).
    NotFound,
    /// A rule of the law or of the workflow; the i18n key says which (409).
    Rule(&'static str),
}

/// An award type (danh hiệu or hình thức khen thưởng).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AwardType {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub class: AwardClass,
    pub for_collectives: bool,
    pub for_persons: bool,
    /// May serve as the basis for proposing a higher award (Nghị định 152/2025, Điều
    /// 4.3: not when given in a themed movement).
    pub basis_for_escalation: bool,
    /// Tiêu chuẩn, from the province's rules.
    pub criteria: Option<String>,
}

#[derive(FromRow)]
struct AwardTypeRow {
    id: i64,
    code: String,
    name: String,
    class: String,
    for_collectives: i64,
    for_persons: i64,
    basis_for_escalation: i64,
    criteria: Option<String>,
}

impl TryFrom<AwardTypeRow> for AwardType {
    type Error = StoreError;
    fn try_from(r: AwardTypeRow) -> Result<AwardType, StoreError> {
        Ok(AwardType {
            id: r.id,
            code: r.code,
            name: r.name,
            class: AwardClass::parse(&r.class).map_err(|_| corrupt("award class"))?,
            for_collectives: r.for_collectives != 0,
            for_persons: r.for_persons != 0,
            basis_for_escalation: r.basis_for_escalation != 0,
            criteria: r.criteria,
        })
    }
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(what.into())
}

const AWARD_TYPES: &str = "SELECT id, code, name, class, for_collectives, for_persons, basis_for_escalation, criteria FROM award_types";

/// Adds an award type.
pub async fn insert_award_type(
    db: &Db,
    actor: Option<UserId>,
    t: &AwardType,
) -> Result<i64, StoreError> {
    audit::write(db, actor, async |tx| {
        let id = sqlx::query_scalar::<Any, i64>(
            "INSERT INTO award_types (code, name, class, for_collectives, for_persons, basis_for_escalation, criteria)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(&t.code)
        .bind(&t.name)
        .bind(t.class.as_str())
        .bind(i64::from(t.for_collectives))
        .bind(i64::from(t.for_persons))
        .bind(i64::from(t.basis_for_escalation))
        .bind(t.criteria.clone())
        .fetch_one(&mut *tx)
        .await
        .map_err(crate::error::taken_as("code"))?;
        Ok((id, Entry::new("award_type.create", "award_type", id).after(t)))
    })
    .await
}

/// Every award type, by name.
pub async fn award_types(db: &Db) -> Result<Vec<AwardType>, StoreError> {
    sqlx::query_as::<Any, AwardTypeRow>(sqlx::AssertSqlSafe(format!("{AWARD_TYPES} ORDER BY name")))
        .fetch_all(db.pool())
        .await?
        .into_iter()
        .map(AwardType::try_from)
        .collect()
}

async fn award_type_in(
    conn: &mut AnyConnection,
    code: &str,
) -> Result<Option<AwardType>, StoreError> {
    sqlx::query_as::<Any, AwardTypeRow>(sqlx::AssertSqlSafe(format!(
        "{AWARD_TYPES} WHERE code = $1"
    )))
    .bind(code)
    .fetch_optional(conn)
    .await?
    .map(AwardType::try_from)
    .transpose()
}

/// Adds a "Căn cứ" line to the register of legal bases.
pub async fn insert_legal_basis(
    db: &Db,
    actor: Option<UserId>,
    b: &LegalBasis,
) -> Result<i64, StoreError> {
    b.in_force.check().map_err(|key| StoreError::Field {
        field: "effective_to",
        key,
    })?;
    audit::write(db, actor, async |tx| {
        let id = sqlx::query_scalar::<Any, i64>(
            "INSERT INTO legal_bases (topic, citation, effective_from, effective_to, position, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(b.topic.as_str())
        .bind(&b.citation)
        .bind(date_text(b.in_force.from))
        .bind(b.in_force.to.map(date_text))
        .bind(b.position)
        .bind(now_text())
        .fetch_one(&mut *tx)
        .await?;
        Ok((id, Entry::new("legal_basis.create", "legal_basis", id).after(b)))
    })
    .await
}

/// The register of legal bases, by topic and date.
pub async fn legal_bases(db: &Db) -> Result<Vec<LegalBasis>, StoreError> {
    let mut conn = db.pool().acquire().await?;
    legal_bases_in(&mut conn).await
}

pub(crate) async fn legal_bases_in(
    conn: &mut AnyConnection,
) -> Result<Vec<LegalBasis>, StoreError> {
    sqlx::query_as::<Any, (String, String, String, Option<String>, i64)>(
        "SELECT topic, citation, effective_from, effective_to, position FROM legal_bases
         ORDER BY topic, effective_from, position, id",
    )
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|(topic, citation, from, to, position)| {
        Ok(LegalBasis {
            topic: LegalTopic::parse(&topic).map_err(|_| corrupt("legal topic"))?,
            citation,
            in_force: InForce {
                from: date(&from)?,
                to: opt_date(to.as_deref())?,
            },
            position,
        })
    })
    .collect()
}

/// The "Căn cứ" lines of `topics` in force on `day`.
pub async fn citations_on(
    db: &Db,
    topics: &[LegalTopic],
    day: Date,
) -> Result<Vec<String>, StoreError> {
    let bases = legal_bases(db).await?;
    Ok(dxday_domain::honours::citations_on(&bases, topics, day)
        .into_iter()
        .map(str::to_string)
        .collect())
}

/// Adds a row to the authority table: `issuer_kind` may give `award_type` in the span.
pub async fn insert_authority(
    db: &Db,
    actor: Option<UserId>,
    a: &Authority,
    note: Option<&str>,
) -> Result<i64, StoreError> {
    a.in_force.check().map_err(|key| StoreError::Field {
        field: "effective_to",
        key,
    })?;
    audit::write(db, actor, async |tx| {
        let Some(t) = award_type_in(&mut *tx, &a.award_type_code).await? else {
            return Err(StoreError::Field {
                field: "award_type",
                key: "err-choice",
            });
        };
        let id = sqlx::query_scalar::<Any, i64>(
            "INSERT INTO award_authorities (issuer_kind, award_type_id, effective_from, effective_to, needs_council, note)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(a.issuer_kind.as_str())
        .bind(t.id)
        .bind(date_text(a.in_force.from))
        .bind(a.in_force.to.map(date_text))
        .bind(i64::from(a.needs_council))
        .bind(note)
        .fetch_one(&mut *tx)
        .await?;
        Ok((id, Entry::new("award_authority.create", "award_authority", id).after(a)))
    })
    .await
}

/// The authority table, by issuer and date.
pub async fn authorities(db: &Db) -> Result<Vec<Authority>, StoreError> {
    let mut conn = db.pool().acquire().await?;
    authorities_in(&mut conn).await
}

async fn authorities_in(conn: &mut AnyConnection) -> Result<Vec<Authority>, StoreError> {
    sqlx::query_as::<Any, (String, String, String, Option<String>, i64)>(
        "SELECT a.issuer_kind, t.code, a.effective_from, a.effective_to, a.needs_council
         FROM award_authorities a JOIN award_types t ON t.id = a.award_type_id
         ORDER BY a.issuer_kind, a.effective_from, t.code",
    )
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|(kind, code, from, to, council)| {
        Ok(Authority {
            issuer_kind: IssuerKind::parse(&kind).map_err(|_| corrupt("issuer kind"))?,
            award_type_code: code,
            in_force: InForce {
                from: date(&from)?,
                to: opt_date(to.as_deref())?,
            },
            needs_council: council != 0,
        })
    })
    .collect()
}

/// A named voting rule the office can start a session from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RulePreset {
    pub id: i64,
    pub name: String,
    pub rule: VotingRule,
    pub note: Option<String>,
}

/// Adds a voting-rule preset.
pub async fn insert_voting_rule(
    db: &Db,
    actor: Option<UserId>,
    name: &str,
    rule: &VotingRule,
    note: Option<&str>,
) -> Result<i64, StoreError> {
    audit::write(db, actor, async |tx| {
        let id = sqlx::query_scalar::<Any, i64>(
            "INSERT INTO voting_rules (name, method, denominator, threshold_num, threshold_den, quorum_num, quorum_den,
                 count_written, note)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(name)
        .bind(rule.method.as_str())
        .bind(rule.denominator.as_str())
        .bind(rule.threshold.num)
        .bind(rule.threshold.den)
        .bind(rule.quorum.num)
        .bind(rule.quorum.den)
        .bind(i64::from(rule.count_written))
        .bind(note)
        .fetch_one(&mut *tx)
        .await
        .map_err(crate::error::taken_as("name"))?;
        Ok((id, Entry::new("voting_rule.create", "voting_rule", id).after(rule)))
    })
    .await
}

/// The voting-rule presets, by name.
pub async fn voting_rules(db: &Db) -> Result<Vec<RulePreset>, StoreError> {
    #[derive(FromRow)]
    struct Row {
        id: i64,
        name: String,
        method: String,
        denominator: String,
        threshold_num: i64,
        threshold_den: i64,
        quorum_num: i64,
        quorum_den: i64,
        count_written: i64,
        note: Option<String>,
    }
    sqlx::query_as::<Any, Row>(
        "SELECT id, name, method, denominator, threshold_num, threshold_den, quorum_num, quorum_den, count_written, note
         FROM voting_rules ORDER BY name",
    )
    .fetch_all(db.pool())
    .await?
    .into_iter()
    .map(|r| {
        Ok(RulePreset {
            id: r.id,
            name: r.name,
            note: r.note,
            rule: rule_of(
                &r.method,
                &r.denominator,
                (r.threshold_num, r.threshold_den),
                (r.quorum_num, r.quorum_den),
                r.count_written,
            )?,
        })
    })
    .collect()
}

fn rule_of(
    method: &str,
    denominator: &str,
    threshold: (i64, i64),
    quorum: (i64, i64),
    count_written: i64,
) -> Result<VotingRule, StoreError> {
    Ok(VotingRule {
        method: VoteMethod::parse(method).map_err(|_| corrupt("vote method"))?,
        denominator: Denominator::parse(denominator).map_err(|_| corrupt("denominator"))?,
        threshold: Ratio {
            num: threshold.0,
            den: threshold.1,
        },
        quorum: Ratio {
            num: quorum.0,
            den: quorum.1,
        },
        count_written: count_written != 0,
    })
}

/// A unit's name and kind, read inside a transaction.
async fn unit_in(
    conn: &mut AnyConnection,
    unit: UnitId,
) -> Result<Option<(String, dxday_domain::unit::UnitKind)>, StoreError> {
    sqlx::query_as::<Any, (String, String)>("SELECT name, kind FROM units WHERE id = $1")
        .bind(unit.0)
        .fetch_optional(conn)
        .await?
        .map(|(name, kind)| {
            Ok((
                name,
                dxday_domain::unit::UnitKind::parse(&kind).map_err(|_| corrupt("unit kind"))?,
            ))
        })
        .transpose()
}

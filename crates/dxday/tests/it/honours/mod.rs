//! Emulation and honours on both databases: the rules read by date (Căn cứ lines,
//! authority), nominations (one award per achievement, the intake window, another
//! ward's records not found, every step logged), the council's vote (counts over the
//! voters refused, "passed" computed), the decision (nobody listed who did not pass,
//! no issuer without authority on the date, no award under a hold, never twice), the
//! register's numbers, revocation and the honour roll. A refused change writes nothing.

use dxday_domain::document::DocumentForm;
use dxday_domain::honours::{
    Attendance, Authority, AwardClass, Denominator, Holds, InForce, IssuerKind, LegalBasis,
    LegalTopic, MovementData, NominationData, NominationStatus, Procedure, Ratio, Recipient, Step,
    VoteMethod, VotingRule,
};
use dxday_domain::{MovementId, NominationId, UnitId};
use dxday_store::Db;
use dxday_store::honours::{self as h, AwardType, Refused, SessionData};
use time::Date;
use time::macros::date;

use crate::helpers::{Backend, scoped, system, unit_of};

mod decisions;
mod documents;
mod store;
mod web;

/// The demo's units, this test's rules and a movement of the office open in October
/// 2024 to Máy Chai, Lạch Tray and the education department.
pub struct Fixture {
    pub db: Db,
    _t: crate::helpers::TestDb,
    pub district: UnitId,
    pub office: UnitId,
    pub may_chai: UnitId,
    pub lach_tray: UnitId,
    pub cau_dat: UnitId,
    pub movement: MovementId,
}

pub const IN_INTAKE: Date = date!(2024 - 10 - 15);

pub async fn fixture(b: Backend) -> Option<Fixture> {
    let (db, t, _) = crate::helpers::demo_db(b).await?;
    rules(&db).await;
    let district = unit_of(&db, "ubnd-quan").await;
    let office = unit_of(&db, "vhtt").await;
    let may_chai = unit_of(&db, "p-may-chai").await;
    let lach_tray = unit_of(&db, "p-lach-tray").await;
    let cau_dat = unit_of(&db, "p-cau-dat").await;
    let education = unit_of(&db, "gd-dt").await;
    let movement = h::insert_movement(
        &db,
        None,
        scoped(office),
        None,
        &MovementData {
            title: "Phong trào thi đua chuyển đổi số năm 2024".into(),
            slogan: Some("Chuyển đổi số toàn dân, toàn diện".into()),
            criteria: "Tiêu chí 1\nTiêu chí 2".into(),
            document_id: None,
            intake_from: date!(2024 - 10 - 01),
            intake_to: date!(2024 - 10 - 31),
            midterm_on: None,
            final_on: Some(date!(2024 - 12 - 15)),
        },
        &[may_chai, lach_tray, education, district],
    )
    .await
    .expect("movement");
    Some(Fixture {
        db,
        _t: t,
        district,
        office,
        may_chai,
        lach_tray,
        cau_dat,
        movement,
    })
}

fn basis(
    topic: LegalTopic,
    citation: &str,
    from: Date,
    to: Option<Date>,
    position: i64,
) -> LegalBasis {
    LegalBasis {
        topic,
        citation: citation.into(),
        in_force: InForce { from, to },
        position,
    }
}

/// The 2024 table (a district) and the one from 01/7/2025 (wards), with the Căn cứ
/// lines of both periods.
async fn rules(db: &Db) {
    for b in [
        basis(
            LegalTopic::LocalGovernment,
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015",
            date!(2016 - 01 - 01),
            Some(date!(2025 - 06 - 30)),
            1,
        ),
        basis(
            LegalTopic::LocalGovernment,
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025",
            date!(2025 - 07 - 01),
            None,
            1,
        ),
        basis(
            LegalTopic::Emulation,
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
            date!(2024 - 01 - 01),
            None,
            1,
        ),
        basis(
            LegalTopic::Emulation,
            "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ",
            date!(2023 - 12 - 31),
            Some(date!(2025 - 06 - 30)),
            2,
        ),
        basis(
            LegalTopic::Emulation,
            "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ",
            date!(2025 - 07 - 01),
            None,
            2,
        ),
    ] {
        h::insert_legal_basis(db, None, &b).await.expect("basis");
    }
    for (code, name) in [("giay_khen", "Giấy khen"), ("bang_khen", "Bằng khen")] {
        h::insert_award_type(
            db,
            None,
            &AwardType {
                id: 0,
                code: code.into(),
                name: name.into(),
                class: AwardClass::Commendation,
                for_collectives: true,
                for_persons: true,
                basis_for_escalation: true,
                criteria: None,
            },
        )
        .await
        .expect("award type");
    }
    for (kind, to) in [
        (IssuerKind::DistrictChair, Some(date!(2025 - 06 - 30))),
        (IssuerKind::WardChair, None),
    ] {
        h::insert_authority(
            db,
            None,
            &Authority {
                issuer_kind: kind,
                award_type_code: "giay_khen".into(),
                in_force: InForce {
                    from: date!(2024 - 01 - 01),
                    to,
                },
                needs_council: true,
            },
            None,
        )
        .await
        .expect("authority");
    }
}

/// The old rule, as an example: 90 % of all members, two thirds present.
pub fn ninety_percent() -> VotingRule {
    VotingRule {
        method: VoteMethod::SecretBallot,
        denominator: Denominator::AllMembers,
        threshold: Ratio { num: 9, den: 10 },
        quorum: Ratio { num: 2, den: 3 },
        count_written: true,
    }
}

pub fn person(name: &str, code: Option<&str>) -> NominationData {
    NominationData {
        recipient: Recipient::Person,
        name: name.into(),
        gender: Some(dxday_domain::honours::Gender::Female),
        position: Some("Công chức Văn hóa - Xã hội".into()),
        work_unit: "UBND phường Máy Chai".into(),
        staff_code: code.map(str::to_string),
        award_type: "giay_khen".into(),
        procedure: Procedure::Ordinary,
        report: Some("Báo cáo thành tích.".into()),
        citation: "Đã có thành tích xuất sắc trong phong trào thi đua chuyển đổi số năm 2024"
            .into(),
        holds: Holds::default(),
    }
}

/// A nomination of `unit`, sent and accepted.
pub async fn accepted(f: &Fixture, unit: UnitId, n: &NominationData) -> NominationId {
    let id = h::insert_nomination(&f.db, None, scoped(unit), f.movement, IN_INTAKE, n)
        .await
        .expect("insert")
        .expect("nominated");
    for step in [Step::Submit, Step::Accept] {
        h::move_nomination(&f.db, None, system(), id, step, None)
            .await
            .expect("step")
            .expect("moved");
    }
    id
}

pub fn session_data(present: i64, written: i64) -> SessionData {
    SessionData {
        held_on: date!(2024 - 11 - 20),
        place: "Phòng họp UBND quận".into(),
        chair_name: "Lê Văn Chủ tọa".into(),
        secretary_name: "Trần Thị Thư ký".into(),
        attendance: Attendance {
            members_total: 9,
            members_present: present,
            written_opinions: written,
        },
        rule: ninety_percent(),
    }
}

pub fn decision_form() -> DocumentForm {
    DocumentForm {
        kind: "decision".into(),
        parent_body: String::new(),
        issuer_name: "ỦY BAN NHÂN DÂN QUẬN NGÔ QUYỀN".into(),
        symbol: "QĐ-UBND".into(),
        place: "Quận Ngô Quyền".into(),
        subject: "Về việc tặng Giấy khen".into(),
        body: "Điều 1. Tặng Giấy khen.".into(),
        authority: "TM.".into(),
        authority_title: "ỦY BAN NHÂN DÂN".into(),
        signer_title: "CHỦ TỊCH".into(),
        signer_name: "Nguyễn Văn Chủ tịch".into(),
        ..DocumentForm::default()
    }
}

pub fn rule_of(r: Result<impl std::fmt::Debug, Refused>) -> &'static str {
    match r {
        Err(Refused::Rule(key)) => key,
        other => panic!("expected a refusal by rule, got {other:?}"),
    }
}

pub async fn status(f: &Fixture, id: NominationId) -> NominationStatus {
    h::nomination(&f.db, system(), id)
        .await
        .expect("read")
        .expect("found")
        .status
}

pub async fn count(db: &Db, table: &str) -> i64 {
    sqlx::query_scalar::<sqlx::Any, i64>(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM {table}"
    )))
    .fetch_one(db.pool())
    .await
    .expect("count")
}

use time::macros::date;

use super::*;

fn rule(
    denominator: Denominator,
    threshold: &str,
    quorum: &str,
    count_written: bool,
) -> VotingRule {
    VotingRule {
        method: VoteMethod::SecretBallot,
        denominator,
        threshold: Ratio::parse(threshold).expect("threshold"),
        quorum: Ratio::parse(quorum).expect("quorum"),
        count_written,
    }
}

#[test]
fn ratios_read_percentages_and_fractions() {
    assert_eq!(Ratio::parse("90%"), Ok(Ratio { num: 90, den: 100 }));
    assert_eq!(
        Ratio::parse("50,5 %"),
        Ok(Ratio {
            num: 505,
            den: 1000
        })
    );
    assert_eq!(Ratio::parse("2/3"), Ok(Ratio { num: 2, den: 3 }));
    assert_eq!(Ratio::parse("1"), Ok(Ratio { num: 1, den: 1 }));
    for bad in ["", "120%", "3/2", "-1/2", "1/0", "abc", "1,234%"] {
        assert_eq!(Ratio::parse(bad), Err("err-ratio"), "{bad}");
    }
    assert_eq!(Ratio::parse("90%").map(Ratio::text), Ok("90%".into()));
    assert_eq!(Ratio::parse("50,5%").map(Ratio::text), Ok("50,5%".into()));
    assert_eq!(Ratio::parse("2/3").map(Ratio::text), Ok("2/3".into()));
    // 2/3 of 9 is 6: 6 meets it, 5 does not.
    let two_thirds = Ratio { num: 2, den: 3 };
    assert!(two_thirds.met_by(6, 9));
    assert!(!two_thirds.met_by(5, 9));
}

#[test]
fn the_old_ninety_percent_of_all_members_rule() {
    let r = rule(Denominator::AllMembers, "90%", "2/3", true);
    let at = Attendance {
        members_total: 11,
        members_present: 9,
        written_opinions: 1,
    };
    // 90 % of 11 members is 9.9: 10 votes for pass, 9 do not.
    let ten = Ballot {
        votes_for: 10,
        ..Ballot::default()
    };
    let nine = Ballot {
        votes_for: 9,
        against: 1,
        ..Ballot::default()
    };
    assert!(outcome(&r, at, ten).passed);
    let short = outcome(&r, at, nine);
    assert!(!short.passed);
    assert!(short.quorum_met);
    assert_eq!(short.share_bp, 8181);
}

#[test]
fn a_majority_of_voters_rule_and_the_quorum() {
    let r = rule(Denominator::Voters, "1/2", "2/3", false);
    let at = Attendance {
        members_total: 9,
        members_present: 6,
        written_opinions: 2,
    };
    // Written opinions do not count here: 6 voters, 3 for is half.
    assert_eq!(at.voters(&r), 6);
    let three = Ballot {
        votes_for: 3,
        against: 3,
        ..Ballot::default()
    };
    assert!(outcome(&r, at, three).passed);
    // Five present of nine is under two thirds: nobody passes.
    let few = Attendance {
        members_present: 5,
        ..at
    };
    let o = outcome(&r, few, three);
    assert!(!o.quorum_met);
    assert!(!o.passed);
}

#[test]
fn ballots_and_attendance_are_checked_against_each_other() {
    let r = rule(Denominator::AllMembers, "90%", "2/3", true);
    let at = Attendance {
        members_total: 9,
        members_present: 7,
        written_opinions: 1,
    };
    assert_eq!(at.check(), Ok(at));
    let over = Ballot {
        votes_for: 8,
        against: 1,
        ..Ballot::default()
    };
    assert_eq!(over.check(at, &r), Err("err-ballot-over"));
    assert_eq!(
        Ballot {
            blank: -1,
            ..Ballot::default()
        }
        .check(at, &r),
        Err("err-ballot-negative")
    );
    let bad = Attendance {
        members_total: 9,
        members_present: 10,
        written_opinions: 0,
    };
    assert_eq!(
        bad.check().err().and_then(|e| e.get("members_present")),
        Some("err-council-present")
    );
    let too_many_written = Attendance {
        members_total: 9,
        members_present: 8,
        written_opinions: 2,
    };
    assert_eq!(
        too_many_written
            .check()
            .err()
            .and_then(|e| e.get("written_opinions")),
        Some("err-council-written")
    );
}

fn basis(
    topic: LegalTopic,
    citation: &str,
    from: time::Date,
    to: Option<time::Date>,
    position: i64,
) -> LegalBasis {
    LegalBasis {
        topic,
        citation: citation.into(),
        in_force: InForce { from, to },
        position,
    }
}

#[test]
fn the_can_cu_lines_are_those_in_force_on_the_documents_date() {
    let bases = vec![
        basis(
            LegalTopic::Emulation,
            "Nghị định 152/2025",
            date!(2025 - 07 - 01),
            None,
            2,
        ),
        basis(
            LegalTopic::Emulation,
            "Nghị định 98/2023",
            date!(2023 - 12 - 31),
            Some(date!(2025 - 06 - 30)),
            2,
        ),
        basis(
            LegalTopic::Emulation,
            "Luật 06/2022",
            date!(2024 - 01 - 01),
            None,
            1,
        ),
        basis(
            LegalTopic::LocalGovernment,
            "Luật TCCQĐP 2015",
            date!(2016 - 01 - 01),
            Some(date!(2025 - 06 - 30)),
            1,
        ),
        basis(
            LegalTopic::LocalGovernment,
            "Luật TCCQĐP 2025",
            date!(2025 - 07 - 01),
            None,
            1,
        ),
    ];
    let topics = [LegalTopic::LocalGovernment, LegalTopic::Emulation];
    assert_eq!(
        citations_on(&bases, &topics, date!(2024 - 10 - 08)),
        ["Luật TCCQĐP 2015", "Luật 06/2022", "Nghị định 98/2023"]
    );
    assert_eq!(
        citations_on(&bases, &topics, date!(2025 - 06 - 30)),
        ["Luật TCCQĐP 2015", "Luật 06/2022", "Nghị định 98/2023"]
    );
    assert_eq!(
        citations_on(&bases, &topics, date!(2025 - 07 - 01)),
        ["Luật TCCQĐP 2025", "Luật 06/2022", "Nghị định 152/2025"]
    );
    assert_eq!(
        citations_on(&bases, &[LegalTopic::Emulation], date!(2023 - 06 - 01)),
        Vec::<&str>::new()
    );
}

#[test]
fn authority_is_read_for_the_decisions_date() {
    let table = vec![
        Authority {
            issuer_kind: IssuerKind::DistrictChair,
            award_type_code: "giay_khen".into(),
            in_force: InForce {
                from: date!(2024 - 01 - 01),
                to: Some(date!(2025 - 06 - 30)),
            },
            needs_council: true,
        },
        Authority {
            issuer_kind: IssuerKind::WardChair,
            award_type_code: "giay_khen".into(),
            in_force: InForce {
                from: date!(2024 - 01 - 01),
                to: None,
            },
            needs_council: true,
        },
    ];
    let gk = "giay_khen";
    assert!(authority_on(&table, IssuerKind::DistrictChair, gk, date!(2024 - 10 - 08)).is_some());
    assert!(authority_on(&table, IssuerKind::DistrictChair, gk, date!(2025 - 07 - 01)).is_none());
    assert!(authority_on(&table, IssuerKind::WardChair, gk, date!(2026 - 10 - 08)).is_some());
    assert!(
        authority_on(
            &table,
            IssuerKind::WardChair,
            "bang_khen",
            date!(2026 - 10 - 08)
        )
        .is_none()
    );
    assert!(IssuerKind::WardChair.fits(crate::unit::UnitKind::Ward));
    assert!(!IssuerKind::WardChair.fits(crate::unit::UnitKind::School));
    assert_eq!(
        InForce {
            from: date!(2025 - 01 - 02),
            to: Some(date!(2025 - 01 - 01))
        }
        .check(),
        Err("err-date-order")
    );
}

#[test]
fn a_nomination_moves_only_along_its_steps() {
    use NominationStatus as S;
    assert_eq!(Step::Submit.from(S::Draft), Some(S::Submitted));
    assert_eq!(Step::Submit.from(S::Returned), Some(S::Submitted));
    assert_eq!(Step::Submit.from(S::Accepted), None);
    assert_eq!(Step::Return.from(S::Submitted), Some(S::Returned));
    assert_eq!(Step::Accept.from(S::Draft), None);
    assert_eq!(Step::Propose.from(S::Accepted), Some(S::Proposed));
    assert_eq!(Step::Award.from(S::Submitted), None);
    assert_eq!(Step::Award.from(S::Proposed), Some(S::Awarded));
    assert_eq!(Step::Decline.from(S::Proposed), Some(S::NotAwarded));
    assert_eq!(Step::Return.from(S::Awarded), None);
    assert!(S::Returned.editable());
    assert!(!S::Submitted.editable());
}

#[test]
fn the_same_person_is_found_by_staff_code_or_by_name_and_unit() {
    assert_eq!(person_key(Some(" cb-01 "), "A", "B"), "code:CB-01");
    assert_eq!(
        person_key(None, "Nguyễn Thị  Hoa", "UBND phường Máy Chai"),
        person_key(Some(""), "nguyen thi hoa", "ubnd phuong may chai")
    );
    assert_ne!(
        person_key(None, "Nguyễn Thị Hoa", "UBND phường Máy Chai"),
        person_key(None, "Nguyễn Thị Hoa", "UBND phường Lạch Tray")
    );
}

#[test]
fn forms_refuse_what_cannot_be_printed_or_ordered() {
    let f = NominationForm {
        recipient: "person".into(),
        name: "Nguyễn Thị Hoa".into(),
        work_unit: "UBND phường Máy Chai".into(),
        award_type: "giay_khen".into(),
        citation: "x".repeat(MAX_CITATION + 1),
        hold_complaint: Some("on".into()),
        ..NominationForm::default()
    };
    assert_eq!(
        f.parse().err().and_then(|e| e.get("citation")),
        Some("err-too-long")
    );
    let ok = NominationForm {
        citation: "Đã có thành tích xuất sắc".into(),
        ..f
    }
    .parse()
    .expect("parses");
    assert!(ok.holds.complaint && ok.holds.any());
    assert_eq!(ok.procedure, Procedure::Ordinary);
    let m = MovementForm {
        title: "Phong trào".into(),
        criteria: "Tiêu chí".into(),
        intake_from: "10/10/2024".into(),
        intake_to: "01/10/2024".into(),
        ..MovementForm::default()
    };
    assert_eq!(
        m.parse(None).err().and_then(|e| e.get("intake_to")),
        Some("err-date-order")
    );
    let m = MovementForm {
        intake_to: "31/10/2024".into(),
        final_on: "15/12/2024".into(),
        ..m
    }
    .parse(None)
    .expect("movement");
    assert_eq!(m.phase(date!(2024 - 10 - 09)), MovementPhase::NotOpen);
    assert_eq!(m.phase(date!(2024 - 10 - 31)), MovementPhase::Open);
    assert_eq!(m.phase(date!(2024 - 11 - 30)), MovementPhase::Reviewing);
    assert_eq!(m.phase(date!(2024 - 12 - 16)), MovementPhase::Closed);
}

#[test]
fn a_can_cu_line_out_of_force_on_the_date_is_found() {
    let bases = vec![
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
        basis(
            LegalTopic::Emulation,
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
            date!(2024 - 01 - 01),
            None,
            1,
        ),
    ];
    let typed = "Căn cứ Nghị định 98/2023/NĐ-CP quy định chi tiết Luật Thi đua, khen thưởng;";
    assert!(out_of_force(&bases, typed, date!(2025 - 06 - 30)).is_none());
    let found = out_of_force(&bases, typed, date!(2025 - 07 - 01)).expect("expired");
    assert!(found.citation.contains("98/2023"));
    // A law cited by its date, before it took effect.
    let law = "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;";
    assert!(out_of_force(&bases, law, date!(2023 - 06 - 01)).is_some());
    assert!(out_of_force(&bases, law, date!(2024 - 06 - 01)).is_none());
    // Lines the register does not know, and dates written with slashes, are left alone.
    assert!(
        out_of_force(
            &bases,
            "Căn cứ Kế hoạch số 12/KH-UBND ngày 22/4/2022;",
            date!(2026 - 01 - 01)
        )
        .is_none()
    );
}

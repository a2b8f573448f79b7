//! The council's vote and the decision's rules, one test each, on both databases.

use dxday_domain::honours::{Ballot, DecisionStatus, IssuerKind, NominationStatus};
use dxday_domain::{Scope, SessionId};
use dxday_store::documents;
use dxday_store::honours::{self as h, DecisionDraft, MentionData, Refused};
use time::macros::date;

use super::*;
use crate::on_both_backends;

/// Three accepted nominees (one with a hold) and a session of the district's council
/// with 8 of 9 members present and one written opinion.
async fn before_the_council(f: &Fixture) -> (SessionId, [NominationId; 3]) {
    let a = accepted(f, f.may_chai, &person("Nguyễn Thị Hoa", Some("CB-1"))).await;
    let b = accepted(f, f.lach_tray, &person("Đỗ Văn Bình", Some("CB-2"))).await;
    let mut held = person("Vũ Thị Cúc", Some("CB-3"));
    held.holds.complaint = true;
    let c = accepted(f, f.may_chai, &held).await;
    let s = h::insert_session(
        &f.db,
        None,
        system(),
        scoped(f.district),
        f.movement,
        &session_data(8, 1),
    )
    .await
    .expect("db")
    .expect("session");
    (s, [a, b, c])
}

async fn the_council_votes_and_passed_is_computed(b: Backend) {
    let Some(f) = fixture(b).await else {
        return;
    };
    let (s, [a, bb, held]) = before_the_council(&f).await;
    // A nominee under a hold is not put before the council; nothing is written.
    assert_eq!(
        rule_of(
            h::propose(&f.db, None, system(), s, &[a, held])
                .await
                .expect("db")
        ),
        "err-nomination-hold"
    );
    assert_eq!(status(&f, a).await, NominationStatus::Accepted);
    h::propose(&f.db, None, system(), s, &[a, bb])
        .await
        .expect("db")
        .expect("proposed");
    // 8 present + 1 written = 9 voters: 10 ballots are refused, nothing written.
    let over = Ballot {
        votes_for: 9,
        against: 1,
        ..Ballot::default()
    };
    let pass = Ballot {
        votes_for: 9,
        ..Ballot::default()
    };
    let short = Ballot {
        votes_for: 7,
        against: 2,
        ..Ballot::default()
    };
    assert_eq!(
        rule_of(
            h::record_ballots(&f.db, None, system(), s, &[(a, pass), (bb, over)])
                .await
                .expect("db")
        ),
        "err-ballot-over"
    );
    let session = h::session(&f.db, system(), s)
        .await
        .expect("db")
        .expect("found");
    assert!(session.lines.iter().all(|l| l.ballot.is_none()));
    h::record_ballots(&f.db, None, system(), s, &[(a, pass), (bb, short)])
        .await
        .expect("db")
        .expect("recorded");
    let session = h::session(&f.db, system(), s)
        .await
        .expect("db")
        .expect("found");
    let passed: Vec<(NominationId, bool)> = session
        .lines
        .iter()
        .map(|l| (l.nomination.id, l.passed()))
        .collect();
    // 90 % of 9 members is 8.1: 9 votes pass, 7 do not.
    assert_eq!(passed, [(a, true), (bb, false)]);
    assert_eq!(session.lines[1].ballot, Some(short));
    // A ward does not reach the district's council.
    assert!(
        h::session(&f.db, &Scope::unit_only(scoped(f.may_chai)), s)
            .await
            .expect("db")
            .is_none()
    );
}
on_both_backends!(the_council_votes_and_passed_is_computed);

fn draft(
    f: &Fixture,
    s: Option<SessionId>,
    kind: IssuerKind,
    ids: Vec<NominationId>,
) -> DecisionDraft {
    DecisionDraft {
        movement: f.movement,
        session: s,
        issuer: scoped(f.district),
        issuer_kind: kind,
        award_type: "giay_khen".into(),
        nominations: ids,
        document: decision_form().parse(f.district, Vec::new()).expect("form"),
    }
}

async fn the_decision_lists_only_who_passed_under_an_authority_in_force(b: Backend) {
    let Some(f) = fixture(b).await else {
        return;
    };
    let (s, [a, bb, _]) = before_the_council(&f).await;
    h::propose(&f.db, None, system(), s, &[a, bb])
        .await
        .expect("db")
        .expect("proposed");
    let pass = Ballot {
        votes_for: 9,
        ..Ballot::default()
    };
    let short = Ballot {
        votes_for: 7,
        against: 2,
        ..Ballot::default()
    };
    h::record_ballots(&f.db, None, system(), s, &[(a, pass), (bb, short)])
        .await
        .expect("db")
        .expect("recorded");
    let (docs, decisions) = (
        count(&f.db, "documents").await,
        count(&f.db, "award_decisions").await,
    );
    let day = date!(2024 - 11 - 25);
    let refused = [
        // Đỗ Văn Bình fell short.
        (
            draft(&f, Some(s), IssuerKind::DistrictChair, vec![a, bb]),
            day,
            "err-award-not-passed",
        ),
        // A ward chair's office is not held by the district committee.
        (
            draft(&f, Some(s), IssuerKind::WardChair, vec![a]),
            day,
            "err-award-issuer-kind",
        ),
        // The district chair no longer gives awards after 30/6/2025.
        (
            draft(&f, Some(s), IssuerKind::DistrictChair, vec![a]),
            date!(2025 - 07 - 01),
            "err-award-authority",
        ),
        // Nobody.
        (
            draft(&f, Some(s), IssuerKind::DistrictChair, vec![]),
            day,
            "err-decision-empty",
        ),
        // Without the council's vote.
        (
            draft(&f, None, IssuerKind::DistrictChair, vec![a]),
            day,
            "err-award-not-passed",
        ),
    ];
    for (d, on, key) in refused {
        assert_eq!(
            rule_of(
                h::create_decision(&f.db, None, system(), &d, on)
                    .await
                    .expect("db")
            ),
            key
        );
    }
    assert_eq!(count(&f.db, "documents").await, docs);
    assert_eq!(count(&f.db, "award_decisions").await, decisions);
    let id = h::create_decision(
        &f.db,
        None,
        system(),
        &draft(&f, Some(s), IssuerKind::DistrictChair, vec![a]),
        day,
    )
    .await
    .expect("db")
    .expect("drafted");
    let d = h::decision(&f.db, system(), id)
        .await
        .expect("db")
        .expect("found");
    assert_eq!(d.status, DecisionStatus::Draft);
    // The document layer does not issue it past the decision's checks.
    let err = documents::issue(&f.db, None, system(), d.document_id, day, None).await;
    assert!(
        matches!(
            err,
            Err(dxday_store::StoreError::Field {
                key: "err-doc-award-decision",
                ..
            })
        ),
        "{err:?}"
    );
    // On a date the district no longer has the authority, issuing is refused too.
    assert_eq!(
        rule_of(
            h::issue_decision(&f.db, None, system(), id, date!(2025 - 07 - 02), None)
                .await
                .expect("db")
        ),
        "err-award-authority"
    );
    let issued = h::issue_decision(&f.db, None, system(), id, day, None)
        .await
        .expect("db")
        .expect("issued");
    assert_eq!(issued.year, 2024);
    let d = h::decision(&f.db, system(), id)
        .await
        .expect("db")
        .expect("found");
    assert_eq!(d.status, DecisionStatus::Issued);
    assert_eq!(d.entries.len(), 1);
    assert_eq!(
        (d.entries[0].year, d.entries[0].register_no),
        (Some(2024), Some(1))
    );
    assert!(
        !d.entries[0].basis_for_escalation,
        "a themed movement's award is no basis"
    );
    let doc = documents::get(&f.db, d.document_id)
        .await
        .expect("db")
        .expect("doc");
    assert_eq!(doc.number, Some(issued.number));
    assert!(doc.data.legal_basis.contains("98/2023") && !doc.data.legal_basis.contains("152/2025"));
    assert_eq!(status(&f, a).await, NominationStatus::Awarded);
    assert_eq!(status(&f, bb).await, NominationStatus::NotAwarded);
    // Issued once: a second signature is refused.
    assert_eq!(
        rule_of(
            h::issue_decision(&f.db, None, system(), id, day, None)
                .await
                .expect("db")
        ),
        "err-decision-issued"
    );
    // The same awardee in another decision: refused.
    assert_eq!(
        rule_of(
            h::create_decision(
                &f.db,
                None,
                system(),
                &draft(&f, Some(s), IssuerKind::DistrictChair, vec![a]),
                day
            )
            .await
            .expect("db")
        ),
        "err-award-twice"
    );
    // The prior award is found for the same person in a later movement.
    let prior = h::prior_awards(&f.db, a).await.expect("db");
    assert!(prior.is_empty(), "not the nomination's own award");
}
on_both_backends!(the_decision_lists_only_who_passed_under_an_authority_in_force);

async fn the_register_numbers_revocation_and_the_honour_roll(b: Backend) {
    let Some(f) = fixture(b).await else {
        return;
    };
    let (s, [a, bb, _]) = before_the_council(&f).await;
    h::propose(&f.db, None, system(), s, &[a, bb])
        .await
        .expect("db")
        .expect("proposed");
    let pass = Ballot {
        votes_for: 9,
        ..Ballot::default()
    };
    h::record_ballots(&f.db, None, system(), s, &[(a, pass), (bb, pass)])
        .await
        .expect("db")
        .expect("recorded");
    let day = date!(2024 - 11 - 25);
    let id = h::create_decision(
        &f.db,
        None,
        system(),
        &draft(&f, Some(s), IssuerKind::DistrictChair, vec![bb, a]),
        day,
    )
    .await
    .expect("db")
    .expect("drafted");
    h::issue_decision(&f.db, None, system(), id, day, None)
        .await
        .expect("db")
        .expect("issued");
    let d = h::decision(&f.db, system(), id)
        .await
        .expect("db")
        .expect("found");
    let numbers: Vec<(NominationId, Option<i64>)> = d
        .entries
        .iter()
        .map(|e| (e.nomination.id, e.register_no))
        .collect();
    assert_eq!(
        numbers,
        [(bb, Some(1)), (a, Some(2))],
        "numbered in the list's order"
    );
    // The ballots of a decided session are final.
    assert_eq!(
        rule_of(
            h::record_ballots(&f.db, None, system(), s, &[(a, pass)])
                .await
                .expect("db")
        ),
        "err-council-decided"
    );
    h::insert_mention(
        &f.db,
        None,
        scoped(f.may_chai),
        None,
        &MentionData {
            year: 2024,
            recipient: dxday_domain::honours::Recipient::Collective,
            name: "Tổ công nghệ số cộng đồng tổ dân phố số 3".into(),
            work_unit: Some("Phường Máy Chai".into()),
            citation: "Tiêu biểu trong hướng dẫn người dân dùng VNeID".into(),
        },
    )
    .await
    .expect("mention");
    let roll = h::honour_roll(&f.db, Some(2024), None).await.expect("roll");
    assert_eq!(roll.len(), 3);
    assert_eq!(roll[0].name, "Đỗ Văn Bình");
    assert!(
        roll[0]
            .award
            .as_ref()
            .is_some_and(|w| w.number_symbol.ends_with("/QĐ-UBND"))
    );
    assert!(
        roll[2].award.is_none(),
        "an honour without a decision is marked as such"
    );
    assert_eq!(
        h::honour_roll(&f.db, Some(2024), Some(f.may_chai))
            .await
            .expect("roll")
            .len(),
        2
    );
    assert_eq!(h::roll_years(&f.db).await.expect("years"), [2024]);
    // Revoked: recorded with its reason, gone from the roll, never deleted.
    let entry = d.entries[0].id;
    assert_eq!(
        rule_of(
            h::revoke_award(&f.db, None, system(), id, entry, " ")
                .await
                .expect("db")
        ),
        "err-revoke-reason"
    );
    h::revoke_award(&f.db, None, system(), id, entry, "Khai man thành tích")
        .await
        .expect("db")
        .expect("revoked");
    let d = h::decision(&f.db, system(), id)
        .await
        .expect("db")
        .expect("found");
    assert_eq!(
        d.entries[0].revoked_reason.as_deref(),
        Some("Khai man thành tích")
    );
    assert_eq!(d.entries.len(), 2);
    let roll = h::honour_roll(&f.db, Some(2024), None).await.expect("roll");
    assert!(roll.iter().all(|r| r.name != "Đỗ Văn Bình"));
    assert_eq!(
        h::revoke_award(&f.db, None, system(), id, entry, "again")
            .await
            .expect("db"),
        Err(Refused::NotFound)
    );
    // A ward does not reach the district's decision.
    assert!(
        h::decision(&f.db, &Scope::unit_only(scoped(f.may_chai)), id)
            .await
            .expect("db")
            .is_none()
    );
    let _ = f.office;
}
on_both_backends!(the_register_numbers_revocation_and_the_honour_roll);

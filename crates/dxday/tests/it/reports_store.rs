//! Report requests and unit reports on both databases: drafts, submission, return and
//! approval, the lock after approval, two submissions racing, missing is not zero in
//! the totals, the reminders.

use dxday_domain::RequestId;
use dxday_domain::report::{Aggregation, Indicator, IndicatorKind, ReportStatus, RequestForm};
use dxday_domain::{CampaignId, UnitId};
use dxday_store::reports::{self, Refused, Submission, Value};
use dxday_store::{Db, reminders};

use crate::helpers::Backend;
use crate::on_both_backends;

use crate::helpers::demo_db as open;

use crate::helpers::unit_of as unit;

/// A unit's report saved (or submitted) as the system.
async fn save(db: &Db, id: RequestId, unit: UnitId, s: Submission) -> Result<i64, Refused> {
    reports::save(db, None, id, crate::helpers::scoped(unit), s)
        .await
        .expect("save")
}

/// The office approves (or returns with `comment`) a unit's report, as the system.
async fn review(
    db: &Db,
    id: RequestId,
    unit: UnitId,
    approve: bool,
    comment: Option<&str>,
) -> Result<(), Refused> {
    reports::review(db, None, id, crate::helpers::scoped(unit), approve, comment)
        .await
        .expect("review")
}

fn number(code: &str, aggregation: Aggregation) -> Indicator {
    Indicator {
        code: code.into(),
        label: format!("Chỉ tiêu {code}"),
        kind: IndicatorKind::Number,
        measure: "người".into(),
        aggregation,
    }
}

/// A request due on `due` (dd/mm/yyyy) to the given units.
async fn request(
    db: &Db,
    campaign: CampaignId,
    due: &str,
    indicators: &[Indicator],
    targets: &[UnitId],
) -> RequestId {
    let data = RequestForm {
        title: "Báo cáo nhanh kết quả tuần đầu tháng 10".into(),
        kind: "ad_hoc".into(),
        due_on: due.into(),
        ..RequestForm::default()
    }
    .parse()
    .expect("valid request");
    reports::insert(db, None, campaign, &data, indicators, targets)
        .await
        .expect("insert request")
}

fn numbers(ids: &[i64], values: &[Option<i64>]) -> Vec<Value> {
    ids.iter()
        .zip(values)
        .map(|(id, n)| Value {
            indicator_id: *id,
            number: *n,
            text: None,
        })
        .collect()
}

on_both_backends!(the_demo_campaign_asks_its_recipients_for_the_results_report);
async fn the_demo_campaign_asks_its_recipients_for_the_results_report(b: Backend) {
    let Some((db, _t, campaign)) = open(b).await else {
        return;
    };
    let all = reports::for_campaign(&db, campaign).await.expect("list");
    assert_eq!(all.len(), 1);
    let r = &all[0];
    assert!(
        r.request
            .data
            .title
            .starts_with("Báo cáo kết quả triển khai Ngày Chuyển đổi số")
    );
    assert_eq!((r.targets, r.received, r.missing()), (32, 0, 32));
    let indicators = reports::indicators(&db, r.request.id)
        .await
        .expect("indicators");
    assert_eq!(indicators.len(), 14);
    assert_eq!(indicators[0].indicator.code, "avatar_staff");
    let ward = unit(&db, "p-lach-tray").await;
    let mine = reports::for_unit(&db, campaign, crate::helpers::scoped(ward))
        .await
        .expect("for unit");
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].status, None);
    // The office itself is not asked.
    let office = unit(&db, "vhtt").await;
    assert!(
        reports::for_unit(&db, campaign, crate::helpers::scoped(office))
            .await
            .expect("office")
            .is_empty()
    );
}

on_both_backends!(drafts_submission_return_approval_and_the_lock);
async fn drafts_submission_return_approval_and_the_lock(b: Backend) {
    let Some((db, _t, campaign)) = open(b).await else {
        return;
    };
    let (w1, w2, w3) = (
        unit(&db, "p-may-chai").await,
        unit(&db, "p-may-to").await,
        unit(&db, "p-van-my").await,
    );
    let outsider = unit(&db, "th-mau").await;
    let id = request(
        &db,
        campaign,
        "20/10/2024",
        &[
            number("a", Aggregation::Sum),
            number("b", Aggregation::Sum),
            number("c", Aggregation::Max),
            number("d", Aggregation::Latest),
            number("e", Aggregation::Sum),
        ],
        &[w1, w2, w3],
    )
    .await;
    let ids: Vec<i64> = reports::indicators(&db, id)
        .await
        .expect("indicators")
        .iter()
        .map(|s| s.id)
        .collect();
    // A unit that was not asked: refused, nothing written.
    let refused = save(
        &db,
        id,
        outsider,
        Submission {
            values: numbers(&ids, &[Some(1); 5]),
            submit: true,
            ..Submission::default()
        },
    )
    .await;
    assert_eq!(refused, Err(Refused::NotFound));
    assert!(
        reports::report_of(&db, id, crate::helpers::scoped(outsider))
            .await
            .expect("read")
            .is_none()
    );
    // Ward 1 saves a draft: not received, not counted.
    let draft = Submission {
        values: numbers(&ids, &[Some(10), None, Some(3), Some(7), None]),
        ..Submission::default()
    };
    save(&db, id, w1, draft.clone()).await.expect("draft saved");
    let c = reports::consolidated(&db, id)
        .await
        .expect("c")
        .expect("some");
    assert_eq!(c.received(), 0);
    assert_eq!(c.totals, vec![None; 5], "drafts do not count");
    // Ward 1 submits; ward 2 submits later with a 0 for b and a bigger c.
    save(
        &db,
        id,
        w1,
        Submission {
            submit: true,
            ..draft
        },
    )
    .await
    .expect("submitted");
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    save(
        &db,
        id,
        w2,
        Submission {
            values: numbers(&ids, &[Some(5), Some(0), Some(9), Some(2), None]),
            submit: true,
            ..Submission::default()
        },
    )
    .await
    .expect("submitted");
    let c = reports::consolidated(&db, id)
        .await
        .expect("c")
        .expect("some");
    assert_eq!(c.received(), 2);
    assert_eq!(c.missing().len(), 1);
    assert_eq!(c.missing()[0].unit_id, w3);
    // a: 10 + 5; b: only ward 2's 0 (ward 1 left it empty: missing, not zero);
    // c: the larger; d: the report submitted last; e: nobody gave one.
    assert_eq!(c.totals, vec![Some(15), Some(0), Some(9), Some(2), None]);
    assert_eq!(c.answered, vec![2, 1, 2, 2, 0]);
    let line = c.lines.iter().find(|l| l.unit_id == w1).expect("ward 1");
    assert_eq!(line.numbers[1], None, "an empty number stays empty");
    // A submitted report cannot be changed by the unit.
    let again = save(&db, id, w1, Submission::default()).await;
    assert_eq!(again, Err(Refused::Submitted));
    // The office returns it with a comment; the unit corrects and resubmits.
    review(&db, id, w1, false, Some("Bổ sung số liệu chỉ tiêu b"))
        .await
        .expect("returned");
    let r = reports::report_of(&db, id, crate::helpers::scoped(w1))
        .await
        .expect("r")
        .expect("some");
    assert_eq!(r.status, ReportStatus::Returned);
    assert_eq!(
        r.review_comment.as_deref(),
        Some("Bổ sung số liệu chỉ tiêu b")
    );
    let c = reports::consolidated(&db, id)
        .await
        .expect("c")
        .expect("some");
    assert_eq!(c.totals[0], Some(5), "a returned report does not count");
    save(
        &db,
        id,
        w1,
        Submission {
            values: numbers(&ids[1..2], &[Some(4)]),
            submit: true,
            ..Submission::default()
        },
    )
    .await
    .expect("resubmitted");
    // Approval locks it: a later edit is refused and changes nothing.
    review(&db, id, w1, true, None).await.expect("approved");
    assert_eq!(
        review(&db, id, w1, false, Some("x")).await,
        Err(Refused::Approved)
    );
    let edit = save(
        &db,
        id,
        w1,
        Submission {
            values: numbers(&ids, &[Some(999); 5]),
            ..Submission::default()
        },
    )
    .await;
    assert_eq!(edit, Err(Refused::Approved));
    let c = reports::consolidated(&db, id)
        .await
        .expect("c")
        .expect("some");
    assert_eq!(c.totals[0], Some(15));
    assert_eq!(c.totals[1], Some(4), "4 + ward 2's 0");
    // Only a submitted report can be reviewed.
    assert_eq!(
        review(&db, id, w3, true, None).await,
        Err(Refused::NotFound)
    );
}

on_both_backends!(two_submissions_at_the_same_moment_make_one_report);
async fn two_submissions_at_the_same_moment_make_one_report(b: Backend) {
    let Some((db, _t, campaign)) = open(b).await else {
        return;
    };
    let ward = unit(&db, "p-cau-tre").await;
    let id = request(
        &db,
        campaign,
        "20/10/2024",
        &[number("a", Aggregation::Sum)],
        &[ward],
    )
    .await;
    let ind = reports::indicators(&db, id).await.expect("i")[0].id;
    for round in 0..5 {
        let (a, b2) = tokio::join!(
            reports::save(
                &db,
                None,
                id,
                crate::helpers::scoped(ward),
                Submission {
                    values: numbers(&[ind], &[Some(100 + round)]),
                    submit: true,
                    ..Submission::default()
                }
            ),
            reports::save(
                &db,
                None,
                id,
                crate::helpers::scoped(ward),
                Submission {
                    values: numbers(&[ind], &[Some(200 + round)]),
                    submit: true,
                    ..Submission::default()
                }
            ),
        );
        let outcomes = [a.expect("first"), b2.expect("second")];
        assert_eq!(
            outcomes.iter().filter(|o| o.is_ok()).count(),
            1,
            "round {round}: exactly one wins: {outcomes:?}"
        );
        assert!(outcomes.contains(&Err(Refused::Submitted)), "{outcomes:?}");
        let rows: i64 = sqlx::query_scalar::<sqlx::Any, i64>(
            "SELECT COUNT(*) FROM unit_reports WHERE request_id = $1",
        )
        .bind(id.0)
        .fetch_one(db.pool())
        .await
        .expect("count");
        assert_eq!(rows, 1, "one report, never two");
        let c = reports::consolidated(&db, id)
            .await
            .expect("c")
            .expect("some");
        let total = c.totals[0].expect("a total");
        assert!(total == 100 + round || total == 200 + round, "{total}");
        // Back to the unit for the next round.
        review(&db, id, ward, false, Some("lại"))
            .await
            .expect("returned");
    }
}

on_both_backends!(reports_get_reminders_until_the_office_has_them);
async fn reports_get_reminders_until_the_office_has_them(b: Backend) {
    let Some((db, _t, campaign)) = open(b).await else {
        return;
    };
    let today = dxday_domain::dates::today_in_vietnam(time::OffsetDateTime::now_utc());
    let due = dxday_domain::dates::format_dmy(today + time::Duration::days(3));
    let (w1, w2, w3) = (
        unit(&db, "p-le-loi").await,
        unit(&db, "p-gia-vien").await,
        unit(&db, "p-dong-khe").await,
    );
    let id = request(
        &db,
        campaign,
        &due,
        &[number("a", Aggregation::Sum)],
        &[w1, w2, w3],
    )
    .await;
    // Ward 1 has submitted, ward 2 only has a draft, ward 3 nothing.
    reports::save(
        &db,
        None,
        id,
        crate::helpers::scoped(w1),
        Submission {
            submit: true,
            ..Submission::default()
        },
    )
    .await
    .expect("save")
    .expect("ok");
    save(&db, id, w2, Submission::default()).await.expect("ok");
    // Two runs at the same moment (two nodes): each reminder is created once.
    let (a, b2) = tokio::join!(reminders::run(&db, today), reminders::run(&db, today));
    let mut first = a.expect("run");
    first.extend(b2.expect("run"));
    // (The demo's 2024 request is long overdue: its reminders are left aside here.)
    let mine: Vec<_> = first
        .iter()
        .filter(|r| r.subject == "report" && r.subject_id == id.0)
        .collect();
    let mut reminded: Vec<UnitId> = mine.iter().map(|r| r.unit_id).collect();
    reminded.sort_by_key(|u| u.0);
    let mut expected = vec![w2, w3];
    expected.sort_by_key(|u| u.0);
    assert_eq!(reminded, expected);
    assert!(mine.iter().all(|r| r.rule == "t-3"), "{mine:?}");
    let second = reminders::run(&db, today).await.expect("run again");
    assert!(
        second.iter().all(|r| r.subject != "report"),
        "a second run the same day sends nothing: {second:?}"
    );
    let shown = reminders::for_unit(&db, w3, 10).await.expect("for unit");
    assert!(shown.iter().any(|r| r.message.starts_with("Báo cáo nhanh")));
    // Overdue: the next days, each once.
    let later = reminders::run(&db, today + time::Duration::days(4))
        .await
        .expect("run");
    assert_eq!(
        later
            .iter()
            .filter(|r| r.subject == "report" && r.subject_id == id.0)
            .count(),
        2,
        "one overdue reminder for each unit still missing"
    );
}

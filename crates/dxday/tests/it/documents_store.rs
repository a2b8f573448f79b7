//! The outgoing register on both databases: numbers from 01 each year, taken only on
//! issue, never twice (also when clerks issue at the same moment), drafts editable and
//! issued documents final, delivery to the recipients in the same transaction.
//! (The demo data already holds 01/VHTT of 2024, so these tests number 2025 and 2026.)

use dxday_domain::document::{DocumentForm, DocumentStatus};
use dxday_domain::{DocumentId, Scope, UnitId};
use dxday_store::documents::{self, Refused};
use dxday_store::{Db, StoreError, demo, units};
use time::macros::date;

use crate::helpers::{Backend, test_db};
use crate::on_both_backends;

async fn open(b: Backend) -> Option<(Db, crate::helpers::TestDb)> {
    let t = test_db(b).await?;
    let db = Db::connect(&t.url).await.expect("connect");
    db.migrate().await.expect("migrate");
    demo::load_if_empty(&db, crate::helpers::system())
        .await
        .expect("demo");
    Some((db, t))
}

async fn unit(db: &Db, code: &str) -> UnitId {
    units::find_by_code(db, code)
        .await
        .expect("query")
        .expect("unit")
        .id
}

fn form(subject: &str) -> DocumentForm {
    DocumentForm {
        kind: "dispatch".into(),
        parent_body: "UBND QUẬN NGÔ QUYỀN".into(),
        issuer_name: "PHÒNG VĂN HÓA VÀ THÔNG TIN".into(),
        symbol: "VHTT".into(),
        place: "Quận Ngô Quyền".into(),
        subject: subject.into(),
        addressees: "Ủy ban nhân dân 12 phường".into(),
        body: "Nội dung.".into(),
        authority: "KT.".into(),
        authority_title: "TRƯỞNG PHÒNG".into(),
        signer_title: "PHÓ TRƯỞNG PHÒNG".into(),
        signer_name: "Nguyễn Hồng Đại".into(),
        ..DocumentForm::default()
    }
}

async fn draft(db: &Db, issuer: UnitId, recipients: Vec<UnitId>, subject: &str) -> DocumentId {
    let data = form(subject).parse(issuer, recipients).expect("valid form");
    documents::insert_draft(db, None, crate::helpers::system(), &data)
        .await
        .expect("draft")
}

async fn next_number(db: &Db, issuer: UnitId, year: i64) -> Option<i64> {
    sqlx::query_scalar::<sqlx::Any, i64>(
        "SELECT next_number FROM registers WHERE issuer_unit_id = $1 AND year = $2",
    )
    .bind(issuer.0)
    .bind(year)
    .fetch_optional(db.pool())
    .await
    .expect("register")
}

on_both_backends!(numbers_start_at_01_each_year_and_only_issued_documents_take_one);
async fn numbers_start_at_01_each_year_and_only_issued_documents_take_one(b: Backend) {
    let Some((db, _t)) = open(b).await else {
        return;
    };
    let office = unit(&db, "vhtt").await;
    let ubnd = unit(&db, "ubnd-quan").await;
    let ward = unit(&db, "p-may-chai").await;
    let a = draft(&db, office, vec![ward], "một").await;
    let doc = documents::get(&db, a).await.expect("get").expect("doc");
    assert_eq!(doc.status, DocumentStatus::Draft);
    assert_eq!((doc.number, doc.year, doc.issued_on), (None, None, None));
    assert_eq!(doc.number_line(), "Số:      /VHTT");

    let first = documents::issue(
        &db,
        None,
        crate::helpers::system(),
        a,
        date!(2025 - 10 - 03),
        None,
    )
    .await
    .expect("issue")
    .expect("a draft");
    assert_eq!((first.number, first.year, first.delivered), (1, 2025, 1));
    let doc = documents::get(&db, a).await.expect("get").expect("doc");
    assert_eq!(doc.number_line(), "Số: 01/VHTT");
    assert_eq!(doc.status, DocumentStatus::Issued);

    let b2 = draft(&db, office, vec![], "hai").await;
    let second = documents::issue(
        &db,
        None,
        crate::helpers::system(),
        b2,
        date!(2025 - 12 - 31),
        None,
    )
    .await
    .expect("issue")
    .expect("a draft");
    assert_eq!(second.number, 2);
    // A new year starts again at 01; another issuer has its own register.
    let c = draft(&db, office, vec![], "ba").await;
    let next_year = documents::issue(
        &db,
        None,
        crate::helpers::system(),
        c,
        date!(2026 - 01 - 02),
        None,
    )
    .await
    .expect("issue")
    .expect("a draft");
    assert_eq!((next_year.number, next_year.year), (1, 2026));
    let d = draft(&db, ubnd, vec![], "bốn").await;
    let other = documents::issue(
        &db,
        None,
        crate::helpers::system(),
        d,
        date!(2025 - 10 - 04),
        None,
    )
    .await
    .expect("issue")
    .expect("a draft");
    assert_eq!(other.number, 1);

    // A draft's issuing unit can be changed before it is issued (its register then
    // numbers it).
    let e = draft(&db, office, vec![], "năm").await;
    let moved = form("năm").parse(ubnd, vec![]).expect("valid");
    documents::update_draft(&db, None, crate::helpers::system(), e, &moved)
        .await
        .expect("update")
        .expect("a draft");
    let stored = documents::get(&db, e).await.expect("get").expect("some");
    assert_eq!(stored.data.issuer_unit_id, ubnd);
    let moved_issue = documents::issue(
        &db,
        None,
        crate::helpers::system(),
        e,
        date!(2025 - 10 - 06),
        None,
    )
    .await
    .expect("issue")
    .expect("a draft");
    assert_eq!(
        moved_issue.number, 2,
        "the second of the committee's 2025 register"
    );

    // An issued document is final: no edit, no second number.
    let data = form("sửa").parse(office, vec![]).expect("valid");
    assert_eq!(
        documents::update_draft(&db, None, crate::helpers::system(), a, &data)
            .await
            .expect("update"),
        Err(Refused::NotDraft)
    );
    assert_eq!(
        documents::issue(
            &db,
            None,
            crate::helpers::system(),
            a,
            date!(2025 - 10 - 05),
            None
        )
        .await
        .expect("issue"),
        Err(Refused::NotDraft)
    );
    assert_eq!(
        documents::issue(
            &db,
            None,
            crate::helpers::system(),
            DocumentId(999_999),
            date!(2025 - 10 - 05),
            None
        )
        .await
        .expect("issue"),
        Err(Refused::NotFound)
    );
    assert_eq!(next_number(&db, office, 2025).await, Some(3));
}

on_both_backends!(clerks_issuing_at_the_same_moment_get_different_numbers);
async fn clerks_issuing_at_the_same_moment_get_different_numbers(b: Backend) {
    let Some((db, _t)) = open(b).await else {
        return;
    };
    let office = unit(&db, "vhtt").await;
    let ward = unit(&db, "p-lac-vien").await;
    let mut ids = Vec::new();
    for i in 0..24 {
        ids.push(draft(&db, office, vec![ward], &format!("văn bản {i}")).await);
    }
    let tasks: Vec<_> = ids
        .iter()
        .map(|id| {
            let db = db.clone();
            let id = *id;
            tokio::spawn(async move {
                documents::issue(
                    &db,
                    None,
                    crate::helpers::system(),
                    id,
                    date!(2025 - 10 - 07),
                    None,
                )
                .await
            })
        })
        .collect();
    let mut numbers = Vec::new();
    for t in tasks {
        let issued = t
            .await
            .expect("task")
            .expect("no database error")
            .expect("a draft");
        numbers.push(issued.number);
    }
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=24).collect::<Vec<i64>>(), "every number once");
    // The same draft issued twice at once: one wins, the other is told it is no draft.
    let one = draft(&db, office, vec![], "một lần").await;
    let (x, y) = tokio::join!(
        documents::issue(
            &db,
            None,
            crate::helpers::system(),
            one,
            date!(2025 - 10 - 08),
            None
        ),
        documents::issue(
            &db,
            None,
            crate::helpers::system(),
            one,
            date!(2025 - 10 - 08),
            None
        )
    );
    let outcomes = [x.expect("x"), y.expect("y")];
    assert_eq!(
        outcomes.iter().filter(|o| o.is_ok()).count(),
        1,
        "{outcomes:?}"
    );
    assert!(outcomes.contains(&Err(Refused::NotDraft)));
    assert_eq!(next_number(&db, office, 2025).await, Some(26));
}

on_both_backends!(a_failed_issue_leaves_the_draft_and_the_register_as_they_were);
async fn a_failed_issue_leaves_the_draft_and_the_register_as_they_were(b: Backend) {
    let Some((db, _t)) = open(b).await else {
        return;
    };
    let office = unit(&db, "vhtt").await;
    let ward = unit(&db, "p-cau-tre").await;
    let a = draft(&db, office, vec![], "một").await;
    documents::issue(
        &db,
        None,
        crate::helpers::system(),
        a,
        date!(2025 - 10 - 01),
        Some(5),
    )
    .await
    .expect("issue")
    .expect("a draft");
    assert_eq!(
        next_number(&db, office, 2025).await,
        Some(6),
        "the register moves past a typed number"
    );
    // A number typed by hand that is taken: refused with the field named. The failure
    // comes after the draft was claimed for issuing and its register row written; all
    // of it is undone: still a draft, no number, nothing delivered.
    let dup = draft(&db, office, vec![ward], "trùng số").await;
    match documents::issue(
        &db,
        None,
        crate::helpers::system(),
        dup,
        date!(2025 - 10 - 02),
        Some(5),
    )
    .await
    {
        Err(StoreError::Field { field, key }) => assert_eq!((field, key), ("number", "err-taken")),
        other => panic!("a taken number is refused: {other:?}"),
    }
    let doc = documents::get(&db, dup).await.expect("get").expect("doc");
    assert_eq!(doc.status, DocumentStatus::Draft);
    assert_eq!(doc.number, None);
    assert_eq!(next_number(&db, office, 2025).await, Some(6));
    let deliveries = documents::deliveries(&db, dup).await.expect("deliveries");
    assert!(deliveries.iter().all(|d| d.delivered_at.is_none()));
    // It issues fine afterwards, with the next free number.
    let issued = documents::issue(
        &db,
        None,
        crate::helpers::system(),
        dup,
        date!(2025 - 10 - 02),
        None,
    )
    .await
    .expect("issue")
    .expect("a draft");
    assert_eq!(issued.number, 6);
}

on_both_backends!(a_ward_sees_only_what_was_delivered_to_it_and_acknowledges_it);
async fn a_ward_sees_only_what_was_delivered_to_it_and_acknowledges_it(b: Backend) {
    let Some((db, _t)) = open(b).await else {
        return;
    };
    let office = unit(&db, "vhtt").await;
    let may_chai = unit(&db, "p-may-chai").await;
    let lac_vien = unit(&db, "p-lac-vien").await;
    let a = draft(&db, office, vec![may_chai], "gửi Máy Chai").await;
    // A draft is not delivered yet: the ward does not see it.
    assert!(
        documents::get_in_scope(
            &db,
            &Scope::for_account(dxday_domain::Role::UnitFocalPoint, Some(may_chai)),
            a
        )
        .await
        .expect("get")
        .is_none()
    );
    documents::issue(
        &db,
        None,
        crate::helpers::system(),
        a,
        date!(2025 - 10 - 03),
        None,
    )
    .await
    .expect("issue")
    .expect("a draft");
    assert!(
        documents::get_in_scope(
            &db,
            &Scope::for_account(dxday_domain::Role::UnitFocalPoint, Some(may_chai)),
            a
        )
        .await
        .expect("get")
        .is_some()
    );
    assert!(
        documents::get_in_scope(
            &db,
            &Scope::for_account(dxday_domain::Role::UnitFocalPoint, Some(lac_vien)),
            a
        )
        .await
        .expect("get")
        .is_none(),
        "another ward does not see it"
    );
    let seen: Vec<DocumentId> = documents::list(
        &db,
        &Scope::for_account(dxday_domain::Role::UnitFocalPoint, Some(lac_vien)),
    )
    .await
    .expect("list")
    .iter()
    .map(|d| d.id)
    .collect();
    assert!(
        !seen.contains(&a),
        "only what was delivered to it: {seen:?}"
    );
    assert_eq!(seen.len(), 1, "the demo's dispatch went to every ward");
    assert!(
        !documents::acknowledge(&db, None, a, lac_vien)
            .await
            .expect("ack")
    );
    assert!(
        documents::acknowledge(&db, None, a, may_chai)
            .await
            .expect("ack")
    );
    assert!(
        !documents::acknowledge(&db, None, a, may_chai)
            .await
            .expect("again"),
        "the first acknowledgement counts"
    );
    let d = documents::deliveries(&db, a).await.expect("deliveries");
    assert_eq!(d.len(), 1);
    assert!(d[0].delivered_at.is_some() && d[0].acknowledged_at.is_some());
}

on_both_backends!(a_crash_before_commit_leaves_a_draft_and_no_number_taken);
async fn a_crash_before_commit_leaves_a_draft_and_no_number_taken(b: Backend) {
    let Some((db, _t)) = open(b).await else {
        return;
    };
    let office = unit(&db, "vhtt").await;
    let ward = unit(&db, "p-dong-khe").await;
    let a = draft(&db, office, vec![ward], "mất điện giữa chừng").await;
    {
        // Everything of an issue is written, then the process dies before COMMIT:
        // here the transaction is dropped, as a dead connection's would be.
        let mut tx = db.begin().await.expect("begin");
        let issued = documents::issue_in(
            &mut tx,
            None,
            crate::helpers::system(),
            a,
            date!(2025 - 10 - 09),
            None,
        )
        .await
        .expect("issue")
        .expect("a draft");
        assert_eq!((issued.number, issued.delivered), (1, 1));
        drop(tx);
    }
    let doc = documents::get(&db, a).await.expect("get").expect("doc");
    assert_eq!(doc.status, DocumentStatus::Draft);
    assert_eq!(doc.number, None);
    assert_eq!(
        next_number(&db, office, 2025).await,
        None,
        "no register row, no number taken"
    );
    assert!(
        documents::deliveries(&db, a)
            .await
            .expect("deliveries")
            .iter()
            .all(|d| d.delivered_at.is_none())
    );
    let issued = documents::issue(
        &db,
        None,
        crate::helpers::system(),
        a,
        date!(2025 - 10 - 09),
        None,
    )
    .await
    .expect("issue")
    .expect("a draft");
    assert_eq!(issued.number, 1, "the number was never lost");
}

on_both_backends!(a_unit_s_scope_cannot_write_another_unit_s_document);
/// Writes take a scope and apply it in their statement: with a ward's scope, the
/// office's draft and issued document are "not found" for every change (edit, issue,
/// recall, remind, attach, detach) and nothing changes; a ward cannot draft in the
/// office's name. With the system scope the same calls work.
async fn a_unit_s_scope_cannot_write_another_unit_s_document(b: Backend) {
    let Some((db, _t)) = open(b).await else {
        return;
    };
    let office = unit(&db, "vhtt").await;
    let ward = unit(&db, "p-may-chai").await;
    let ward_scope = Scope::for_account(dxday_domain::Role::UnitFocalPoint, Some(ward));
    let draft_id = draft(&db, office, vec![ward], "bản nháp").await;
    let issued_id = draft(&db, office, vec![ward], "đã ban hành").await;
    documents::issue(
        &db,
        None,
        crate::helpers::system(),
        issued_id,
        date!(2025 - 10 - 05),
        None,
    )
    .await
    .expect("issue")
    .expect("issued");
    let before = documents::get(&db, draft_id)
        .await
        .expect("get")
        .expect("doc");
    let changed = form("sửa trái phép")
        .parse(office, vec![ward])
        .expect("valid");

    let r = documents::update_draft(&db, None, &ward_scope, draft_id, &changed).await;
    assert_eq!(r.expect("query"), Err(Refused::NotFound));
    let r = documents::issue(
        &db,
        None,
        &ward_scope,
        draft_id,
        date!(2025 - 10 - 06),
        None,
    )
    .await;
    assert_eq!(r.expect("query"), Err(Refused::NotFound));
    let r = documents::recall(&db, None, &ward_scope, issued_id).await;
    assert_eq!(r.expect("query"), Err(Refused::NotFound));
    let r = documents::remind(&db, None, &ward_scope, issued_id).await;
    assert_eq!(r.expect("query"), 0, "no recipient reminded");
    let r = documents::add_attachment(
        &db,
        None,
        &ward_scope,
        draft_id,
        documents::NewAttachment {
            file_name: "x.pdf",
            media_type: "application/pdf",
            sha256: "00",
            content: b"%PDF".to_vec(),
        },
    )
    .await;
    assert_eq!(r.expect("query"), Err(Refused::NotFound));
    let att = documents::add_attachment(
        &db,
        None,
        crate::helpers::system(),
        draft_id,
        documents::NewAttachment {
            file_name: "kh.pdf",
            media_type: "application/pdf",
            sha256: "11",
            content: b"%PDF-1.4".to_vec(),
        },
    )
    .await
    .expect("query")
    .expect("attached");
    let r = documents::remove_attachment(&db, None, &ward_scope, draft_id, att).await;
    assert_eq!(r.expect("query"), Err(Refused::NotFound));
    // The ward drafting in the office's name: refused as a bad choice of issuer.
    let r = documents::insert_draft(&db, None, &ward_scope, &changed).await;
    assert!(
        matches!(
            r,
            Err(StoreError::Field {
                field: "issuer_unit_id",
                ..
            })
        ),
        "{r:?}"
    );
    // Nothing changed: the draft is as it was with its file, the document is issued,
    // no reminder was marked.
    let after = documents::get(&db, draft_id)
        .await
        .expect("get")
        .expect("doc");
    assert_eq!(
        (after.status, &after.data),
        (DocumentStatus::Draft, &before.data)
    );
    assert_eq!(
        documents::attachments(&db, draft_id)
            .await
            .expect("files")
            .len(),
        1
    );
    let issued = documents::get(&db, issued_id)
        .await
        .expect("get")
        .expect("doc");
    assert_eq!(issued.status, DocumentStatus::Issued);
    let reminded = documents::deliveries(&db, issued_id)
        .await
        .expect("deliveries")
        .iter()
        .filter(|d| d.reminded_at.is_some())
        .count();
    assert_eq!(reminded, 0);
    // The system scope (and the office's, which reaches as far) may.
    let r = documents::update_draft(&db, None, crate::helpers::system(), draft_id, &changed).await;
    assert_eq!(r.expect("query"), Ok(()));
    let r = documents::recall(&db, None, crate::helpers::system(), issued_id).await;
    assert_eq!(r.expect("query"), Ok(()));
}

use super::*;

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

    let first = issue(&db, a, date!(2025 - 10 - 03)).await;
    assert_eq!((first.number, first.year, first.delivered), (1, 2025, 1));
    let doc = documents::get(&db, a).await.expect("get").expect("doc");
    assert_eq!(doc.number_line(), "Số: 01/VHTT");
    assert_eq!(doc.status, DocumentStatus::Issued);

    let b2 = draft(&db, office, vec![], "hai").await;
    let second = issue(&db, b2, date!(2025 - 12 - 31)).await;
    assert_eq!(second.number, 2);
    // A new year starts again at 01; another issuer has its own register.
    let c = draft(&db, office, vec![], "ba").await;
    let next_year = issue(&db, c, date!(2026 - 01 - 02)).await;
    assert_eq!((next_year.number, next_year.year), (1, 2026));
    let d = draft(&db, ubnd, vec![], "bốn").await;
    let other = issue(&db, d, date!(2025 - 10 - 04)).await;
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
    let moved_issue = issue(&db, e, date!(2025 - 10 - 06)).await;
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
    let issued = issue(&db, dup, date!(2025 - 10 - 02)).await;
    assert_eq!(issued.number, 6);
}

use super::*;

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
    issue(&db, a, date!(2025 - 10 - 03)).await;
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
        !documents::acknowledge(&db, None, a, crate::helpers::scoped(lac_vien))
            .await
            .expect("ack")
    );
    assert!(
        documents::acknowledge(&db, None, a, crate::helpers::scoped(may_chai))
            .await
            .expect("ack")
    );
    assert!(
        !documents::acknowledge(&db, None, a, crate::helpers::scoped(may_chai))
            .await
            .expect("again"),
        "the first acknowledgement counts"
    );
    let d = documents::deliveries(&db, a).await.expect("deliveries");
    assert_eq!(d.len(), 1);
    assert!(d[0].delivered_at.is_some() && d[0].acknowledged_at.is_some());
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

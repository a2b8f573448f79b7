//! The rules of the rules tables and of nominations, one test each, on both databases.

use dxday_domain::Scope;
use dxday_domain::honours::{IssuerKind, LegalTopic, NominationStatus, Step};
use dxday_store::honours::{self as h, Refused};
use time::macros::date;

use super::*;
use crate::on_both_backends;

async fn the_can_cu_lines_and_the_authority_follow_the_date(b: Backend) {
    let Some(f) = fixture(b).await else {
        return;
    };
    let topics = [LegalTopic::LocalGovernment, LegalTopic::Emulation];
    let old = h::citations_on(&f.db, &topics, date!(2024 - 11 - 25))
        .await
        .expect("read");
    assert_eq!(old.len(), 3);
    assert!(
        old[0].contains("năm 2015") && old[2].contains("98/2023"),
        "{old:?}"
    );
    let new = h::citations_on(&f.db, &topics, date!(2025 - 07 - 01))
        .await
        .expect("read");
    assert!(
        new[0].contains("năm 2025") && new[2].contains("152/2025"),
        "{new:?}"
    );
    let table = h::authorities(&f.db).await.expect("authorities");
    let on =
        |kind, day| dxday_domain::honours::authority_on(&table, kind, "giay_khen", day).is_some();
    assert!(on(IssuerKind::DistrictChair, date!(2025 - 06 - 30)));
    assert!(!on(IssuerKind::DistrictChair, date!(2025 - 07 - 01)));
    assert!(on(IssuerKind::WardChair, date!(2026 - 10 - 10)));
}
on_both_backends!(the_can_cu_lines_and_the_authority_follow_the_date);

async fn a_nomination_is_refused_twice_out_of_its_window_and_hidden_from_other_wards(b: Backend) {
    let Some(f) = fixture(b).await else {
        return;
    };
    let hoa = person("Nguyễn Thị Hoa", Some("CB-001"));
    let id = h::insert_nomination(&f.db, None, scoped(f.may_chai), f.movement, IN_INTAKE, &hoa)
        .await
        .expect("insert")
        .expect("nominated");
    // The same person (by staff code, whatever the name is written as) again: refused.
    let again = person("NGUYEN THI HOA", Some("cb-001"));
    let before = count(&f.db, "nominations").await;
    assert_eq!(
        rule_of(
            h::insert_nomination(
                &f.db,
                None,
                scoped(f.may_chai),
                f.movement,
                IN_INTAKE,
                &again
            )
            .await
            .expect("db")
        ),
        "err-nomination-duplicate"
    );
    // By name and unit when there is no staff code.
    let lan = person("Trần Thị Lan", None);
    h::insert_nomination(&f.db, None, scoped(f.may_chai), f.movement, IN_INTAKE, &lan)
        .await
        .expect("db")
        .expect("nominated");
    assert_eq!(
        rule_of(
            h::insert_nomination(
                &f.db,
                None,
                scoped(f.lach_tray),
                f.movement,
                IN_INTAKE,
                &person("tran thi  lan", None)
            )
            .await
            .expect("db")
        ),
        "err-nomination-duplicate"
    );
    assert_eq!(count(&f.db, "nominations").await, before + 1);
    // Outside the intake window.
    assert_eq!(
        rule_of(
            h::insert_nomination(
                &f.db,
                None,
                scoped(f.may_chai),
                f.movement,
                date!(2024 - 11 - 01),
                &person("Lê Minh", None)
            )
            .await
            .expect("db")
        ),
        "err-movement-not-open"
    );
    // A ward that does not take part does not find the movement.
    assert_eq!(
        h::insert_nomination(
            &f.db,
            None,
            scoped(f.cau_dat),
            f.movement,
            IN_INTAKE,
            &person("Lê Minh", None)
        )
        .await
        .expect("db"),
        Err(Refused::NotFound)
    );
    assert!(
        h::movement(&f.db, &Scope::unit_only(scoped(f.cau_dat)), f.movement)
            .await
            .expect("db")
            .is_none()
    );
    // Another ward neither reads nor changes Máy Chai's nomination.
    let lach_tray = Scope::unit_only(scoped(f.lach_tray));
    assert!(
        h::nomination(&f.db, &lach_tray, id)
            .await
            .expect("db")
            .is_none()
    );
    assert_eq!(
        h::update_nomination(&f.db, None, scoped(f.lach_tray), id, &hoa)
            .await
            .expect("db"),
        Err(Refused::NotFound)
    );
    assert_eq!(
        h::move_nomination(&f.db, None, &lach_tray, id, Step::Submit, None)
            .await
            .expect("db"),
        Err(Refused::NotFound)
    );
    assert!(
        h::nominations(&f.db, &lach_tray, f.movement)
            .await
            .expect("db")
            .is_empty()
    );
    assert_eq!(
        h::nominations(&f.db, system(), f.movement)
            .await
            .expect("db")
            .len(),
        2
    );
}
on_both_backends!(a_nomination_is_refused_twice_out_of_its_window_and_hidden_from_other_wards);

async fn every_step_is_logged_and_a_return_needs_a_reason(b: Backend) {
    let Some(f) = fixture(b).await else {
        return;
    };
    let own = Scope::unit_only(scoped(f.may_chai));
    let id = h::insert_nomination(
        &f.db,
        None,
        scoped(f.may_chai),
        f.movement,
        IN_INTAKE,
        &person("Phạm Văn An", None),
    )
    .await
    .expect("db")
    .expect("nominated");
    // Accepting a draft is not a step.
    assert_eq!(
        rule_of(
            h::move_nomination(&f.db, None, system(), id, Step::Accept, None)
                .await
                .expect("db")
        ),
        "err-nomination-step"
    );
    h::move_nomination(&f.db, None, &own, id, Step::Submit, None)
        .await
        .expect("db")
        .expect("sent");
    // A sent nomination is locked for the unit.
    assert_eq!(
        rule_of(
            h::update_nomination(
                &f.db,
                None,
                scoped(f.may_chai),
                id,
                &person("Phạm Văn An", None)
            )
            .await
            .expect("db")
        ),
        "err-nomination-locked"
    );
    assert_eq!(
        rule_of(
            h::move_nomination(&f.db, None, system(), id, Step::Return, Some("  "))
                .await
                .expect("db")
        ),
        "err-return-reason"
    );
    h::move_nomination(
        &f.db,
        None,
        system(),
        id,
        Step::Return,
        Some("Bổ sung báo cáo thành tích"),
    )
    .await
    .expect("db")
    .expect("returned");
    let returned = h::nomination(&f.db, &own, id)
        .await
        .expect("db")
        .expect("found");
    assert_eq!(returned.status, NominationStatus::Returned);
    assert_eq!(
        returned.return_reason.as_deref(),
        Some("Bổ sung báo cáo thành tích")
    );
    h::update_nomination(
        &f.db,
        None,
        scoped(f.may_chai),
        id,
        &person("Phạm Văn An", None),
    )
    .await
    .expect("db")
    .expect("edited");
    h::move_nomination(&f.db, None, &own, id, Step::Submit, None)
        .await
        .expect("db")
        .expect("sent");
    h::move_nomination(&f.db, None, system(), id, Step::Accept, None)
        .await
        .expect("db")
        .expect("accepted");
    let log = h::events(&f.db, id).await.expect("events");
    let steps: Vec<(&str, NominationStatus)> =
        log.iter().map(|e| (e.step.as_str(), e.to)).collect();
    assert_eq!(
        steps,
        [
            ("create", NominationStatus::Draft),
            ("submit", NominationStatus::Submitted),
            ("return", NominationStatus::Returned),
            ("submit", NominationStatus::Submitted),
            ("accept", NominationStatus::Accepted),
        ]
    );
    assert_eq!(log[2].reason.as_deref(), Some("Bổ sung báo cáo thành tích"));
}
on_both_backends!(every_step_is_logged_and_a_return_needs_a_reason);

async fn any_document_citing_a_basis_out_of_force_is_refused_at_issue(b: Backend) {
    let Some(f) = fixture(b).await else {
        return;
    };
    let form = dxday_domain::document::DocumentForm {
        kind: "plan".into(),
        issuer_name: "PHÒNG VĂN HÓA VÀ THÔNG TIN".into(),
        symbol: "KH-VHTT".into(),
        place: "Ngô Quyền".into(),
        subject: "Tổ chức phong trào".into(),
        legal_basis: "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022\nCăn cứ Nghị định 98/2023/NĐ-CP".into(),
        body: "Nội dung.".into(),
        authority: String::new(),
        signer_title: "TRƯỞNG PHÒNG".into(),
        signer_name: "Nguyễn Văn A".into(),
        ..dxday_domain::document::DocumentForm::default()
    };
    let data = form.parse(f.office, Vec::new()).expect("form");
    let id = dxday_store::documents::insert_draft(&f.db, None, system(), &data)
        .await
        .expect("draft");
    let late =
        dxday_store::documents::issue(&f.db, None, system(), id, date!(2025 - 07 - 02), None).await;
    assert!(
        matches!(
            late,
            Err(dxday_store::StoreError::Field {
                key: "err-doc-basis-out-of-force",
                ..
            })
        ),
        "{late:?}"
    );
    let doc = dxday_store::documents::get(&f.db, id)
        .await
        .expect("db")
        .expect("doc");
    assert_eq!(doc.number, None, "nothing written");
    dxday_store::documents::issue(&f.db, None, system(), id, date!(2025 - 06 - 02), None)
        .await
        .expect("db")
        .expect("issued while the decree was in force");
}
on_both_backends!(any_document_citing_a_basis_out_of_force_is_refused_at_issue);

/// A body's name is data with the day it changes: a 2024 document keeps the Ministry of
/// Information and Communications, a document of 2025 naming it is refused until the
/// clerk writes the Ministry of Science and Technology.
async fn a_document_names_bodies_as_they_are_on_its_date(b: Backend) {
    let Some(f) = fixture(b).await else {
        return;
    };
    dxday_store::body_names::insert(
        &f.db,
        None,
        &dxday_domain::document::BodyName {
            name: "Bộ Thông tin và Truyền thông".into(),
            successor: Some("Bộ Khoa học và Công nghệ".into()),
            effective_on: date!(2025 - 03 - 01),
            basis: "Nghị định số 55/2025/NĐ-CP".into(),
        },
    )
    .await
    .expect("the change");
    let form = |addressees: &str| dxday_domain::document::DocumentForm {
        kind: "dispatch".into(),
        issuer_name: "PHÒNG VĂN HÓA VÀ THÔNG TIN".into(),
        symbol: "VHTT".into(),
        place: "Ngô Quyền".into(),
        subject: "Báo cáo kết quả Ngày Chuyển đổi số".into(),
        addressees: addressees.into(),
        body: "Nội dung.".into(),
        authority: String::new(),
        signer_title: "TRƯỞNG PHÒNG".into(),
        signer_name: "Nguyễn Văn A".into(),
        ..dxday_domain::document::DocumentForm::default()
    };
    let draft = |addressees: &str| {
        let data = form(addressees).parse(f.office, Vec::new()).expect("form");
        let db = f.db.clone();
        async move {
            dxday_store::documents::insert_draft(&db, None, system(), &data)
                .await
                .expect("draft")
        }
    };
    let old = draft("Bộ Thông tin và Truyền thông").await;
    let refused =
        dxday_store::documents::issue(&f.db, None, system(), old, date!(2025 - 10 - 07), None)
            .await;
    assert!(
        matches!(
            refused,
            Err(dxday_store::StoreError::Field {
                key: "err-doc-name-out-of-date",
                ..
            })
        ),
        "{refused:?}"
    );
    dxday_store::documents::issue(&f.db, None, system(), old, date!(2024 - 10 - 07), None)
        .await
        .expect("db")
        .expect("in 2024 the ministry had that name");
    let new = draft("Bộ Khoa học và Công nghệ").await;
    dxday_store::documents::issue(&f.db, None, system(), new, date!(2025 - 10 - 07), None)
        .await
        .expect("db")
        .expect("the new name is right in 2025");
}
on_both_backends!(a_document_names_bodies_as_they_are_on_its_date);

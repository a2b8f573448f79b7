use super::*;

on_both_backends!(every_report_handler_keeps_units_to_their_own, app);
async fn every_report_handler_keeps_units_to_their_own(app: TestApp) {
    let office = app.office().await;
    let ward = app.ward().await;
    let other = app.focal_point("p-may-to").await;
    let school = app.school().await;
    let (w1, w2) = (
        app.unit_id("p-may-chai").await,
        app.unit_id("p-may-to").await,
    );
    // Both wards are asked; the school is not.
    let id = create_request(&app, &office, &[w1, w2]).await;
    let (_, form) = app.get(&ward, &format!("/quan-tri/bao-cao/{id}")).await;
    let files = field_ids(&form, "f");
    let res = post_report(
        &app,
        &ward,
        id,
        vec![("action".into(), "submit".into())],
        Some((format!("f{}", files[0]), "bien-ban.png", png())),
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);
    let file = reports::report_of(&app.db, RequestId(id), crate::helpers::scoped(UnitId(w1)))
        .await
        .expect("r")
        .expect("some")
        .files[0]
        .id;
    let mine = format!("/quan-tri/bao-cao/{id}/don-vi/{w1}");
    // Reads: the other ward and the school get 404 on the ward's report, its file;
    // the school on the request itself; units get 403 on the office's pages.
    for (c, path, expected) in [
        (&other, mine.clone(), 404),
        (&other, format!("{mine}/tep/{file}"), 404),
        (&school, mine.clone(), 404),
        (&school, format!("{mine}/tep/{file}"), 404),
        (&school, format!("/quan-tri/bao-cao/{id}"), 404),
        (&school, "/quan-tri/bao-cao/999999".to_string(), 404),
        (&ward, format!("/quan-tri/bao-cao/{id}/don-vi/{w2}"), 404),
        (&ward, "/quan-tri/bao-cao/moi".to_string(), 403),
        (&ward, format!("/quan-tri/bao-cao/{id}/tong-hop.xlsx"), 403),
        (&ward, format!("/quan-tri/bao-cao/{id}/bao-cao.docx"), 403),
        (&ward, "/quan-tri/bao-cao/tong-hop.xlsx".to_string(), 403),
        // Their own: allowed.
        (&ward, mine.clone(), 200),
        (&ward, format!("{mine}/tep/{file}"), 200),
        (&other, format!("/quan-tri/bao-cao/{id}"), 200),
        (&office, format!("{mine}/tep/{file}"), 200),
        (
            &office,
            format!("/quan-tri/bao-cao/{id}/don-vi/999999"),
            404,
        ),
    ] {
        assert_eq!(app.get(c, &path).await.0, expected, "GET {path}");
    }
    // Writes: the school cannot report on a request it was not asked; a unit cannot
    // review; a unit cannot create requests. Nothing changed.
    let (_, page) = app.get(&school, "/quan-tri/bao-cao").await;
    let csrf = csrf_of(&page);
    assert_eq!(
        crate::helpers::status_of(
            school
                .post(app.url(&format!("/quan-tri/bao-cao/{id}")))
                .multipart(
                    Form::new()
                        .text("_csrf", csrf.clone())
                        .text("action", "submit"),
                )
        )
        .await,
        404
    );
    let (_, page) = app.get(&other, "/quan-tri/bao-cao").await;
    assert_eq!(
        crate::helpers::status_of(other.post(app.url(&format!("{mine}/duyet"))).form(&[
            ("_csrf", csrf_of(&page).as_str()),
            ("decision", "return"),
            ("comment", "x"),
        ]))
        .await,
        403
    );
    assert_eq!(
        crate::helpers::status_of(
            other
                .post(app.url("/quan-tri/bao-cao/moi"))
                .form(&[("_csrf", csrf_of(&page).as_str()), ("title", "x")])
        )
        .await,
        403
    );
    // Without the CSRF token: 403.
    assert_eq!(
        crate::helpers::status_of(
            ward.post(app.url(&format!("/quan-tri/bao-cao/{id}")))
                .multipart(Form::new().text("action", "save"))
        )
        .await,
        403
    );
    let r = reports::report_of(&app.db, RequestId(id), crate::helpers::scoped(UnitId(w1)))
        .await
        .expect("r")
        .expect("some");
    assert_eq!(r.status, dxday_domain::report::ReportStatus::Submitted);
    assert!(
        reports::report_of(
            &app.db,
            RequestId(id),
            crate::helpers::scoped(app_unit(&app, "th-mau").await)
        )
        .await
        .expect("r")
        .is_none()
    );
    // The office reviewing a unit that was not asked: 404.
    let (_, page) = app.get(&office, &mine).await;
    let school_id = app.unit_id("th-mau").await;
    assert_eq!(
        crate::helpers::status_of(
            office
                .post(app.url(&format!("/quan-tri/bao-cao/{id}/don-vi/{school_id}/duyet")))
                .form(&[
                    ("_csrf", csrf_of(&page).as_str()),
                    ("decision", "return"),
                    ("comment", "x"),
                ])
        )
        .await,
        404
    );
}

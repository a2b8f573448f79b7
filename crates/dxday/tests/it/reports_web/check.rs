//! The unit reads its answers back before it sends them; the office reminds by hand
//! the units that have not sent theirs.

use super::*;

on_both_backends!(
    a_unit_checks_its_answers_before_sending_and_the_office_reminds_the_rest,
    app
);
async fn a_unit_checks_its_answers_before_sending_and_the_office_reminds_the_rest(app: TestApp) {
    let office = app.office().await;
    let ward = app.ward().await;
    let (w1, w2) = (
        app.unit_id("p-may-chai").await,
        app.unit_id("p-may-to").await,
    );
    let id = create_request(&app, &office, &[w1, w2]).await;
    let (_, form) = app.get(&ward, &format!("/quan-tri/bao-cao/{id}")).await;
    assert!(
        form.contains("name=\"action\" value=\"check\">Kiểm tra và gửi</button>"),
        "the form's send button leads to the check: {form}"
    );
    let nums = field_ids(&form, "n");

    // "Check and send": the answers are saved as a draft, and read back.
    let res = post_report(
        &app,
        &ward,
        id,
        vec![
            (format!("n{}", nums[0]), "1.250".into()),
            ("action".into(), "check".into()),
        ],
        None,
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);
    let check = format!("/quan-tri/bao-cao/{id}/kiem-tra");
    assert_eq!(header(&res, "location"), check);
    let unit = crate::helpers::scoped(UnitId(w1));
    let r = reports::report_of(&app.db, RequestId(id), unit)
        .await
        .expect("read")
        .expect("a draft");
    assert_eq!(
        r.status,
        dxday_domain::report::ReportStatus::Draft,
        "not sent yet"
    );
    let (status, page) = app.get(&ward, &check).await;
    assert_eq!(status, 200);
    assert!(page.contains("Kiểm tra trước khi gửi"), "{page}");
    assert!(
        page.contains("1.250"),
        "numbers as the office writes them: {page}"
    );
    assert!(
        page.contains("Còn 4 mục chưa trả lời."),
        "the unanswered are counted: {page}"
    );
    assert!(
        page.contains(&format!("href=\"/quan-tri/bao-cao/{id}\"")),
        "a way back to change"
    );
    // Another unit, and the office, have no such page.
    let other = app.focal_point("p-lac-vien").await;
    assert_eq!(app.get(&other, &check).await.0, 404);
    assert_eq!(app.get(&office, &check).await.0, 404);

    // Before it is sent, the office reminds the two wards that have not sent theirs.
    let results = format!("/quan-tri/bao-cao/{id}");
    let (_, html) = app.get(&office, &results).await;
    assert!(html.contains("id=\"remind-missing\""), "{html}");
    let remind = format!("/quan-tri/bao-cao/{id}/nhac");
    let res = app.post_form(&office, &results, &remind, &[]).await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, html) = app.get(&office, &results).await;
    assert!(
        html.contains("Đã nhắc các đơn vị chưa gửi báo cáo"),
        "{html}"
    );
    assert_eq!(app.count("reminders").await, 2);
    assert_eq!(app.audit_count("report_request.remind").await, 1);
    let (_, dash) = app.get(&ward, "/quan-tri").await;
    assert!(
        dash.contains("Báo cáo nhanh tuần lễ Chuyển đổi số"),
        "{dash}"
    );
    // Again the same day: no one is reminded twice.
    let res = app.post_form(&office, &results, &remind, &[]).await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(app.count("reminders").await, 2);
    let (_, html) = app.get(&office, &results).await;
    assert!(html.contains("đã được nhắc hôm nay"), "{html}");
    // A ward may not remind; without the CSRF token nothing is done.
    assert_eq!(
        app.post_form(&ward, &results, &remind, &[])
            .await
            .status()
            .as_u16(),
        403
    );
    let bare = office
        .post(app.url(&remind))
        .form(&[("_csrf", "not-the-token")])
        .send()
        .await
        .expect("post");
    assert_eq!(bare.status().as_u16(), 403);

    // The ward sends what it checked.
    let res = app.post_form(&ward, &check, &check, &[]).await;
    assert_eq!(res.status().as_u16(), 303);
    let r = reports::report_of(&app.db, RequestId(id), unit)
        .await
        .expect("read")
        .expect("the report");
    assert_eq!(r.status, dxday_domain::report::ReportStatus::Submitted);
    assert_eq!(r.value(nums[0]).and_then(|v| v.number), Some(1250));
    // Sent: the check page goes back to the report, and a second send is refused.
    let res = ward.get(app.url(&check)).send().await.expect("get");
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(
        app.post_form(&ward, &results, &check, &[])
            .await
            .status()
            .as_u16(),
        409
    );
    // Only the ward still missing is reminded now (tomorrow's click; today's is done).
    assert_eq!(
        dxday_store::reminders::remind_missing_reports(
            &app.db,
            None,
            RequestId(id),
            time::macros::date!(2099 - 01 - 01),
        )
        .await
        .expect("remind")
        .iter()
        .map(|r| r.unit_id.0)
        .collect::<Vec<_>>(),
        [w2]
    );
}

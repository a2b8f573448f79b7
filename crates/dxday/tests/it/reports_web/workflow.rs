use super::*;
use crate::helpers::{ok, ok_bytes};

on_both_backends!(a_ward_reports_and_the_office_reviews_and_consolidates, app);
async fn a_ward_reports_and_the_office_reviews_and_consolidates(app: TestApp) {
    let office = app.office().await;
    let leader = app
        .logged_in("truong-phong@vhtt.gov.vn", Role::OfficeLeader, Some("vhtt"))
        .await;
    let ward = app.ward().await;
    let (w1, w2) = (
        app.unit_id("p-may-chai").await,
        app.unit_id("p-may-to").await,
    );
    let id = create_request(&app, &office, &[w1, w2]).await;

    // The ward sees the request on its list and its dashboard.
    let (_, list) = app.get(&ward, "/quan-tri/bao-cao").await;
    assert!(
        list.contains("Báo cáo nhanh tuần lễ Chuyển đổi số"),
        "{list}"
    );
    let (_, dash) = app.get(&ward, "/quan-tri").await;
    assert!(dash.contains("id=\"dash-reports\"") && dash.contains("Báo cáo nhanh tuần lễ"));
    // Its tasks at a glance: the demo gives a ward 8, all overdue (October 2024).
    let card = dash
        .split("id=\"dash-tasks\"")
        .nth(1)
        .expect("the tasks card");
    assert!(card.contains("Được giao: <strong>8</strong>"), "{card}");
    assert!(
        card.contains("Quá hạn: <strong class=\"late-text\">8</strong>"),
        "{card}"
    );
    let (status, form) = app.get(&ward, &format!("/quan-tri/bao-cao/{id}")).await;
    assert_eq!(status, 200);
    let nums = field_ids(&form, "n");
    let texts = field_ids(&form, "t");
    let files = field_ids(&form, "f");
    assert_eq!((nums.len(), texts.len(), files.len()), (3, 1, 1), "{form}");

    // A number with text: 422 with the message beside it, nothing stored.
    let res = post_report(
        &app,
        &ward,
        id,
        vec![
            (format!("n{}", nums[0]), "mười hai".into()),
            ("action".into(), "submit".into()),
        ],
        None,
    )
    .await;
    assert_eq!(res.status().as_u16(), 422);
    let body = res.text().await.expect("body");
    assert!(body.contains("Vui lòng nhập một số."), "{body}");
    assert!(
        body.contains("value=\"mười hai\""),
        "what was typed is kept"
    );
    let unit = UnitId(w1);
    assert!(
        reports::report_of(&app.db, RequestId(id), crate::helpers::scoped(unit))
            .await
            .expect("read")
            .is_none()
    );
    // A renamed executable as evidence: refused.
    let res = post_report(
        &app,
        &ward,
        id,
        vec![("action".into(), "save".into())],
        Some((format!("f{}", files[0]), "anh.png", b"MZ\x90\x00".to_vec())),
    )
    .await;
    assert_eq!(res.status().as_u16(), 422);

    // A draft: 1.250 people, households left empty, a text, a photo as evidence.
    let res = post_report(
        &app,
        &ward,
        id,
        vec![
            (format!("n{}", nums[0]), "1.250".into()),
            (format!("n{}", nums[1]), String::new()),
            (format!("n{}", nums[2]), "3".into()),
            (
                format!("t{}", texts[0]),
                "Treo 20 băng rôn; ra quân Tổ công nghệ số cộng đồng.".into(),
            ),
            ("action".into(), "save".into()),
        ],
        Some((format!("f{}", files[0]), "ra-quan.png", png())),
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);
    let r = reports::report_of(&app.db, RequestId(id), crate::helpers::scoped(unit))
        .await
        .expect("r")
        .expect("draft");
    assert_eq!(r.status, dxday_domain::report::ReportStatus::Draft);
    assert_eq!(r.value(nums[0]).and_then(|v| v.number), Some(1250));
    assert_eq!(
        r.value(nums[1]).and_then(|v| v.number),
        None,
        "empty is not 0"
    );
    assert_eq!(r.files.len(), 1);
    let file_url = format!("/quan-tri/bao-cao/{id}/don-vi/{w1}/tep/{}", r.files[0].id);
    let res = ok(ward.get(app.url(&file_url))).await;
    assert_eq!(res.bytes().await.expect("bytes").to_vec(), png());
    let (_, form) = app.get(&ward, &format!("/quan-tri/bao-cao/{id}")).await;
    assert!(form.contains("value=\"1250\"") && form.contains("ra-quan.png"));
    assert!(form.contains("Đang soạn"));

    // Submit; a second submit answers 409 and changes nothing.
    let submit = vec![
        (format!("n{}", nums[0]), "1250".into()),
        (format!("n{}", nums[2]), "3".into()),
        ("action".into(), "submit".into()),
    ];
    assert_eq!(
        post_report(&app, &ward, id, submit.clone(), None)
            .await
            .status()
            .as_u16(),
        303
    );
    crate::helpers::answers(
        ward.post(app.url(&format!("/quan-tri/bao-cao/{id}")))
            .multipart(
                Form::new()
                    .text("_csrf", csrf_of(&form))
                    .text(format!("n{}", nums[0]), "7")
                    .text("action", "submit"),
            ),
        409,
        "Báo cáo đã được gửi",
    )
    .await;
    assert_eq!(
        reports::report_of(&app.db, RequestId(id), crate::helpers::scoped(unit))
            .await
            .expect("r")
            .expect("some")
            .value(nums[0])
            .and_then(|v| v.number),
        Some(1250)
    );

    // The office: received 1/2, the totals, the unit's page.
    let (_, results) = app.get(&office, &format!("/quan-tri/bao-cao/{id}")).await;
    assert!(results.contains("Đã nhận: 1/2"), "{results}");
    let row = results
        .split("<tr data-code=\"avatar_staff\">")
        .nth(1)
        .expect("avatar row");
    assert!(
        row.split("</tr>").next().expect("row").contains("1.250"),
        "{row}"
    );
    let households = results
        .split("<tr data-code=\"team_households\">")
        .nth(1)
        .and_then(|r| r.split("</tr>").next())
        .expect("households row");
    assert!(
        households.contains("<td class=\"num\">—</td>"),
        "missing stays empty: {households}"
    );
    let review_url = format!("/quan-tri/bao-cao/{id}/don-vi/{w1}/duyet");
    let (_, page) = app
        .get(&office, &format!("/quan-tri/bao-cao/{id}/don-vi/{w1}"))
        .await;
    assert!(page.contains("Treo 20 băng rôn") && page.contains("ra-quan.png"));
    let csrf = csrf_of(&page);
    let review = |c: &reqwest::Client, decision: &str, comment: &str| {
        let c = c.clone();
        let url = app.url(&review_url);
        let fields = vec![
            ("_csrf".to_string(), csrf.clone()),
            ("decision".to_string(), decision.to_string()),
            ("comment".to_string(), comment.to_string()),
        ];
        async move {
            c.post(url)
                .form(&fields)
                .send()
                .await
                .expect("post")
                .status()
                .as_u16()
        }
    };
    assert_eq!(
        review(&office, "approve", "").await,
        403,
        "staff do not approve"
    );
    assert_eq!(
        review(&office, "return", "").await,
        400,
        "a return needs a comment"
    );
    assert_eq!(
        review(&office, "return", "Bổ sung số hộ gia đình.").await,
        303
    );
    let (_, form) = app.get(&ward, &format!("/quan-tri/bao-cao/{id}")).await;
    assert!(form.contains("Bổ sung số hộ gia đình.") && form.contains("Bị trả lại"));
    let mut again = submit.clone();
    again.push((format!("n{}", nums[1]), "0".into()));
    assert_eq!(
        post_report(&app, &ward, id, again, None)
            .await
            .status()
            .as_u16(),
        303
    );
    // The leader approves (with the leader's own token); then the report is locked.
    let (_, page) = app
        .get(&leader, &format!("/quan-tri/bao-cao/{id}/don-vi/{w1}"))
        .await;
    assert_eq!(
        crate::helpers::status_of(
            leader
                .post(app.url(&review_url))
                .form(&[("_csrf", csrf_of(&page).as_str()), ("decision", "approve")])
        )
        .await,
        303
    );
    let (_, form) = app.get(&ward, &format!("/quan-tri/bao-cao/{id}")).await;
    assert!(form.contains("Đã duyệt"));
    crate::helpers::answers(
        ward.post(app.url(&format!("/quan-tri/bao-cao/{id}")))
            .multipart(
                Form::new()
                    .text("_csrf", csrf_of(&form))
                    .text(format!("n{}", nums[0]), "9")
                    .text("action", "save"),
            ),
        409,
        "Báo cáo đã được duyệt",
    )
    .await;

    // The consolidated XLSX: the summary sheet, then the request's sheet with the
    // ward's line and the totals; ward 2's empty line stays empty.
    let xlsx =
        ok_bytes(office.get(app.url(&format!("/quan-tri/bao-cao/{id}/tong-hop.xlsx")))).await;
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(xlsx.clone())).expect("xlsx");
    let names = book.sheet_names();
    assert_eq!(names.len(), 3, "{names:?}");
    assert_eq!(names[0], "Tổng hợp");
    assert_eq!(names[1], "Số liệu", "the figures by indicator");
    // The figures: one line per number indicator, how it is summed in its own column.
    let figures = book.worksheet_range(&names[1]).expect("figures");
    let staff = figures
        .rows()
        .find(|r| r.get(2) == Some(&Data::String("người".into())))
        .expect("a number indicator's line")
        .to_vec();
    assert_eq!(staff[3], Data::String("Cộng".into()), "{staff:?}");
    assert_eq!(staff[4], Data::Float(1.0), "one unit gave a figure");
    assert_eq!(staff[5], Data::Float(1250.0));
    let sheet = book.worksheet_range(&names[2]).expect("sheet");
    let header: Vec<String> = sheet
        .rows()
        .find(|r| r.first() == Some(&Data::String("Đơn vị".into())))
        .expect("the header row")
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert!(header[4].contains("(người)"), "{header:?}");
    let row_of = |name: &str| {
        (3..sheet.height() as u32)
            .find(|r| sheet.get_value((*r, 0)) == Some(&Data::String(name.into())))
            .expect(name)
    };
    let r1 = row_of("Ủy ban nhân dân phường Máy Chai");
    assert_eq!(sheet.get_value((r1, 4)), Some(&Data::Float(1250.0)));
    assert_eq!(sheet.get_value((r1, 5)), Some(&Data::Float(0.0)));
    assert_eq!(
        sheet.get_value((r1, 2)),
        Some(&Data::String("Đã duyệt".into()))
    );
    let r2 = row_of("Ủy ban nhân dân phường Máy Tơ");
    assert!(
        matches!(sheet.get_value((r2, 4)), None | Some(Data::Empty)),
        "no report: an empty cell, not 0"
    );
    let total = row_of("Tổng hợp");
    assert_eq!(sheet.get_value((total, 4)), Some(&Data::Float(1250.0)));
    assert_eq!(
        sheet.get_value((total, 2)),
        Some(&Data::String("Đã nhận 1/2".into()))
    );

    // The báo cáo: DOCX in the Decree 30 form with the results table.
    let docx = ok_bytes(office.get(app.url(&format!("/quan-tri/bao-cao/{id}/bao-cao.docx")))).await;
    let mut zip = zip::ZipArchive::new(Cursor::new(docx.clone())).expect("docx is a zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("word/document.xml").expect("part"),
        &mut xml,
    )
    .expect("read");
    for wanted in [
        "PHÒNG VĂN HÓA VÀ THÔNG TIN",
        "BÁO CÁO",
        "Báo cáo nhanh tuần lễ Chuyển đổi số",
        "/BC-VHTT",
        "1.250",
        "Ủy ban nhân dân phường Máy Tơ",
        "Treo 20 băng rôn",
        // Addressed to the level above, so that "Như trên" refers to someone, with
        // typographic quotes around the request's title.
        "Kính gửi: ",
        "- Như trên;",
        "“Báo cáo nhanh tuần lễ Chuyển đổi số”",
    ] {
        assert!(xml.contains(wanted), "the báo cáo lacks {wanted:?}");
    }
    assert!(
        !xml.contains(">Báo cáo nhanh tuần lễ Chuyển đổi số<"),
        "the title under BÁO CÁO does not repeat \"Báo cáo\""
    );
    // Both open in LibreOffice (converted headless to PDF and read back).
    crate::documents_docx::assert_opens_in_libreoffice(&docx, "docx", "BÁO CÁO");
    crate::documents_docx::assert_opens_in_libreoffice(&xlsx, "xlsx", "Máy Chai");

    // The whole campaign's workbook: the summary, the figures, the demo request and
    // this one.
    let res = office
        .get(app.url("/quan-tri/bao-cao/tong-hop.xlsx"))
        .send()
        .await
        .expect("get");
    let all: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(res.bytes().await.expect("bytes").to_vec()))
            .expect("xlsx");
    assert_eq!(all.sheet_names().len(), 4, "{:?}", all.sheet_names());

    // The office overview shows received / missing.
    let (_, overview) = app.get(&office, "/quan-tri/nhiem-vu/tong-hop").await;
    assert!(overview.contains("id=\"report-progress\""));
    assert!(overview.contains("<strong>1/2</strong>"), "{overview}");
}

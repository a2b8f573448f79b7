//! Reports over HTTP: the office asks two wards for a report; a ward saves a draft
//! with evidence, submits, is returned with a comment, resubmits, a leader approves;
//! a later edit answers 409; the consolidated XLSX and DOCX open in LibreOffice; every
//! handler answers 404 (or 403) to units it does not concern.

use dxday_domain::RequestId;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use dxday_domain::{Role, UnitId};
use dxday_store::reports;
use reqwest::multipart::{Form, Part};

use crate::helpers::{Backend, TestApp, csrf_of, spawn_app};
use crate::on_both_backends;

/// The indicator ids of the unit's form, by the prefix of their field (`n`, `t`, `f`).
fn field_ids(html: &str, prefix: &str) -> Vec<i64> {
    html.split(&format!("name=\"{prefix}"))
        .skip(1)
        .filter_map(|s| s.split('"').next()?.parse().ok())
        .collect()
}

async fn post_report(
    app: &TestApp,
    c: &reqwest::Client,
    id: i64,
    parts: Vec<(String, String)>,
    file: Option<(String, &'static str, Vec<u8>)>,
) -> reqwest::Response {
    let (_, html) = app.get(c, &format!("/quan-tri/bao-cao/{id}")).await;
    let mut form = Form::new().text("_csrf", csrf_of(&html));
    for (k, v) in parts {
        form = form.text(k, v);
    }
    if let Some((field, name, bytes)) = file {
        form = form.part(field, Part::bytes(bytes).file_name(name));
    }
    c.post(app.url(&format!("/quan-tri/bao-cao/{id}")))
        .multipart(form)
        .send()
        .await
        .expect("post")
}

fn png() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(4, 3, image::Rgb([200, 30, 30]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("png");
    out.into_inner()
}

/// The office creates a request for two wards; returns its id.
async fn create_request(app: &TestApp, office: &reqwest::Client, wards: &[i64]) -> i64 {
    let (status, html) = app.get(office, "/quan-tri/bao-cao/moi").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Cán bộ, công chức, viên chức"),
        "the campaign's indicators"
    );
    let mut fields: Vec<(String, String)> = vec![
        ("_csrf".into(), csrf_of(&html)),
        ("title".into(), "Báo cáo nhanh tuần lễ Chuyển đổi số".into()),
        ("kind".into(), "ad_hoc".into()),
        ("period_from".into(), "01/10/2024".into()),
        ("period_to".into(), "10/10/2024".into()),
        ("due_on".into(), "15/10/2024".into()),
        ("indicator".into(), "avatar_staff".into()),
        ("indicator".into(), "team_households".into()),
        ("indicator".into(), "highlights".into()),
        ("indicator".into(), "evidence".into()),
        ("c1_label".into(), "Lớp tập huấn kỹ năng số".into()),
        ("c1_kind".into(), "number".into()),
        ("c1_measure".into(), "lớp".into()),
        ("c1_aggregation".into(), "max".into()),
    ];
    // Bad first: the period ends before it starts, a custom number without its unit,
    // no target: 422, the messages, nothing stored.
    let mut bad = fields.clone();
    bad[4].1 = "30/09/2024".into();
    bad[12].1 = String::new();
    let res = office
        .post(app.url("/quan-tri/bao-cao/moi"))
        .form(&bad)
        .send()
        .await
        .expect("post");
    assert_eq!(res.status().as_u16(), 422);
    let body = res.text().await.expect("body");
    assert!(
        body.contains("Ngày kết thúc phải sau ngày bắt đầu."),
        "{body}"
    );
    assert!(body.contains("Chỉ tiêu số cần có đơn vị tính."), "{body}");
    assert!(
        body.contains("Hãy chọn ít nhất một đơn vị báo cáo."),
        "{body}"
    );
    for w in wards {
        fields.push(("target".into(), w.to_string()));
    }
    let res = office
        .post(app.url("/quan-tri/bao-cao/moi"))
        .form(&fields)
        .send()
        .await
        .expect("post");
    assert_eq!(res.status().as_u16(), 303);
    let location = res.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    location
        .rsplit('/')
        .next()
        .and_then(|s| s.parse().ok())
        .expect("the new request's id")
}

on_both_backends!(a_ward_reports_and_the_office_reviews_and_consolidates);
async fn a_ward_reports_and_the_office_reviews_and_consolidates(b: Backend) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    let office = app
        .logged_in("lan@vhtt.gov.vn", Role::OfficeStaff, Some("vhtt"))
        .await;
    let leader = app
        .logged_in("truong-phong@vhtt.gov.vn", Role::OfficeLeader, Some("vhtt"))
        .await;
    let ward = app
        .logged_in(
            "dau-moi@maychai.vn",
            Role::UnitFocalPoint,
            Some("p-may-chai"),
        )
        .await;
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
    let res = ward.get(app.url(&file_url)).send().await.expect("get");
    assert_eq!(res.status().as_u16(), 200);
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
    let res = ward
        .post(app.url(&format!("/quan-tri/bao-cao/{id}")))
        .multipart(
            Form::new()
                .text("_csrf", csrf_of(&form))
                .text(format!("n{}", nums[0]), "7")
                .text("action", "submit"),
        )
        .send()
        .await
        .expect("post");
    assert_eq!(res.status().as_u16(), 409);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("Báo cáo đã được gửi")
    );
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
    let res = leader
        .post(app.url(&review_url))
        .form(&[("_csrf", csrf_of(&page).as_str()), ("decision", "approve")])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status().as_u16(), 303);
    let (_, form) = app.get(&ward, &format!("/quan-tri/bao-cao/{id}")).await;
    assert!(form.contains("Đã duyệt"));
    let res = ward
        .post(app.url(&format!("/quan-tri/bao-cao/{id}")))
        .multipart(
            Form::new()
                .text("_csrf", csrf_of(&form))
                .text(format!("n{}", nums[0]), "9")
                .text("action", "save"),
        )
        .send()
        .await
        .expect("post");
    assert_eq!(res.status().as_u16(), 409);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("Báo cáo đã được duyệt")
    );

    // The consolidated XLSX: the summary sheet, then the request's sheet with the
    // ward's line and the totals; ward 2's empty line stays empty.
    let res = office
        .get(app.url(&format!("/quan-tri/bao-cao/{id}/tong-hop.xlsx")))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status().as_u16(), 200);
    let xlsx = res.bytes().await.expect("bytes").to_vec();
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(xlsx.clone())).expect("xlsx");
    let names = book.sheet_names();
    assert_eq!(names.len(), 2, "{names:?}");
    assert_eq!(names[0], "Tổng hợp");
    let sheet = book.worksheet_range(&names[1]).expect("sheet");
    let header: Vec<String> = (0..9)
        .map(|c| {
            sheet
                .get_value((2, c))
                .map(|d| d.to_string())
                .unwrap_or_default()
        })
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
    let res = office
        .get(app.url(&format!("/quan-tri/bao-cao/{id}/bao-cao.docx")))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status().as_u16(), 200);
    let docx = res.bytes().await.expect("bytes").to_vec();
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
    ] {
        assert!(xml.contains(wanted), "the báo cáo lacks {wanted:?}");
    }
    // Both open in LibreOffice (converted headless to PDF and read back).
    crate::documents_docx::assert_opens_in_libreoffice(&docx, "docx", "BÁO CÁO");
    crate::documents_docx::assert_opens_in_libreoffice(&xlsx, "xlsx", "Máy Chai");

    // The whole campaign's workbook: the summary, the demo request and this one.
    let res = office
        .get(app.url("/quan-tri/bao-cao/tong-hop.xlsx"))
        .send()
        .await
        .expect("get");
    let all: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(res.bytes().await.expect("bytes").to_vec()))
            .expect("xlsx");
    assert_eq!(all.sheet_names().len(), 3);

    // The office overview shows received / missing.
    let (_, overview) = app.get(&office, "/quan-tri/nhiem-vu/tong-hop").await;
    assert!(overview.contains("id=\"report-progress\""));
    assert!(overview.contains("<strong>1/2</strong>"), "{overview}");
}

on_both_backends!(every_report_handler_keeps_units_to_their_own);
async fn every_report_handler_keeps_units_to_their_own(b: Backend) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    let office = app
        .logged_in("lan@vhtt.gov.vn", Role::OfficeStaff, Some("vhtt"))
        .await;
    let ward = app
        .logged_in(
            "dau-moi@maychai.vn",
            Role::UnitFocalPoint,
            Some("p-may-chai"),
        )
        .await;
    let other = app
        .logged_in("dau-moi@mayto.vn", Role::UnitFocalPoint, Some("p-may-to"))
        .await;
    let school = app
        .logged_in(
            "hieu-truong@th.edu.vn",
            Role::UnitFocalPoint,
            Some("th-mau"),
        )
        .await;
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
    let res = school
        .post(app.url(&format!("/quan-tri/bao-cao/{id}")))
        .multipart(
            Form::new()
                .text("_csrf", csrf.clone())
                .text("action", "submit"),
        )
        .send()
        .await
        .expect("post");
    assert_eq!(res.status().as_u16(), 404);
    let (_, page) = app.get(&other, "/quan-tri/bao-cao").await;
    let res = other
        .post(app.url(&format!("{mine}/duyet")))
        .form(&[
            ("_csrf", csrf_of(&page).as_str()),
            ("decision", "return"),
            ("comment", "x"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status().as_u16(), 403);
    let res = other
        .post(app.url("/quan-tri/bao-cao/moi"))
        .form(&[("_csrf", csrf_of(&page).as_str()), ("title", "x")])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status().as_u16(), 403);
    // Without the CSRF token: 403.
    let res = ward
        .post(app.url(&format!("/quan-tri/bao-cao/{id}")))
        .multipart(Form::new().text("action", "save"))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status().as_u16(), 403);
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
    let res = office
        .post(app.url(&format!("/quan-tri/bao-cao/{id}/don-vi/{school_id}/duyet")))
        .form(&[
            ("_csrf", csrf_of(&page).as_str()),
            ("decision", "return"),
            ("comment", "x"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status().as_u16(), 404);
}

async fn app_unit(app: &TestApp, code: &str) -> UnitId {
    UnitId(app.unit_id(code).await)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_exports_the_consolidated_report_as_xlsx_and_docx() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let campaign = dxday_store::campaigns::list(&app.db).await.expect("c")[0].id;
    let id = reports::for_campaign(&app.db, campaign)
        .await
        .expect("list")[0]
        .request
        .id;
    let dir = tempfile::tempdir().expect("dir");
    for format in ["xlsx", "docx"] {
        let out = dir.path().join(format!("bc.{format}"));
        let res = std::process::Command::new(env!("CARGO_BIN_EXE_dxday"))
            .args([
                "report",
                "export",
                "--request",
                &id.to_string(),
                "--format",
                format,
            ])
            .arg("--out")
            .arg(&out)
            .args(["--database-url", &app.db_url])
            .output()
            .expect("run");
        assert!(
            res.status.success(),
            "{}",
            String::from_utf8_lossy(&res.stderr)
        );
        let bytes = std::fs::read(&out).expect("written");
        assert!(bytes.starts_with(b"PK"), "{format} is a zip package");
    }
    let xlsx = std::fs::read(dir.path().join("bc.xlsx")).expect("xlsx");
    let book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(xlsx)).expect("open");
    assert_eq!(book.sheet_names().len(), 2);
    // Bad input: one line, a non-zero exit.
    for (args, message) in [
        (
            vec![
                "report",
                "export",
                "--request",
                "999999",
                "--format",
                "xlsx",
            ],
            "no report request with id 999999",
        ),
        (
            vec!["report", "export", "--request", "1", "--format", "pdf"],
            "invalid value 'pdf'",
        ),
    ] {
        let res = std::process::Command::new(env!("CARGO_BIN_EXE_dxday"))
            .args(&args)
            .args(["--out", "/dev/null", "--database-url", &app.db_url])
            .output()
            .expect("run");
        assert!(!res.status.success());
        let err = String::from_utf8_lossy(&res.stderr);
        assert!(err.contains(message), "{err}");
    }
}

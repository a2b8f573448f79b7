//! Documents over HTTP: the office drafts, issues and reminds; wards see only what was
//! delivered to them and confirm receipt; bad input gets field messages, an issued
//! document is final (409), and the register exports to XLSX.

use std::io::Cursor;

use calamine::Reader;

use crate::helpers::{Backend, TestApp, csrf_of, header, ok, ok_bytes, spawn_app};
use crate::on_both_backends;

fn base_form(csrf: &str) -> Vec<(String, String)> {
    [
        ("_csrf", csrf),
        ("kind", "dispatch"),
        ("issuer_unit_id", ""),
        ("parent_body", "UBND QUẬN NGÔ QUYỀN"),
        ("issuer_name", "PHÒNG VĂN HÓA VÀ THÔNG TIN"),
        ("symbol", "VHTT"),
        ("place", "Quận Ngô Quyền"),
        ("subject", "đôn đốc báo cáo kết quả hưởng ứng Ngày Chuyển đổi số"),
        ("addressees", "Ủy ban nhân dân 12 phường"),
        ("body", "Phòng Văn hóa và Thông tin đề nghị **Ủy ban nhân dân các phường** báo cáo.\nTrân trọng./."),
        ("authority", "KT."),
        ("authority_title", "TRƯỞNG PHÒNG"),
        ("signer_title", "PHÓ TRƯỞNG PHÒNG"),
        ("signer_name", "Nguyễn Hồng Đại"),
        ("distribution", "Như trên"),
        ("drafting_unit", "VHTT"),
        ("urgency", "normal"),
        ("circulation", "open"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

fn set(form: &mut Vec<(String, String)>, key: &str, value: &str) {
    form.retain(|(k, _)| k != key);
    form.push((key.to_string(), value.to_string()));
}

async fn post(
    app: &TestApp,
    c: &reqwest::Client,
    path: &str,
    form: &[(String, String)],
) -> reqwest::Response {
    c.post(app.url(path)).form(form).send().await.expect("post")
}

async fn token(app: &TestApp, c: &reqwest::Client, page: &str) -> String {
    let (status, html) = app.get(c, page).await;
    assert_eq!(status, 200, "{page}");
    csrf_of(&html)
}

on_both_backends!(the_office_issues_a_dispatch_and_wards_confirm_receipt, app);
async fn the_office_issues_a_dispatch_and_wards_confirm_receipt(app: TestApp) {
    let office = app.office().await;
    let ward = app.ward().await;
    let school = app.school().await;
    let vhtt = app.unit_id("vhtt").await.to_string();

    // Draft: the whole ward group as recipients.
    let csrf = token(&app, &office, "/quan-tri/van-ban/moi").await;
    let mut form = base_form(&csrf);
    set(&mut form, "issuer_unit_id", &vhtt);
    form.push(("group".into(), "ward".into()));
    let res = post(&app, &office, "/quan-tri/van-ban/moi", &form).await;
    assert_eq!(res.status().as_u16(), 303);
    let page = header(&res, "location").to_string();
    let id = page.rsplit('/').next().expect("id").to_string();
    let (_, html) = app.get(&office, &page).await;
    assert!(
        html.contains("…/VHTT") && html.contains("Dự thảo"),
        "{html}"
    );
    // A draft is not delivered: the ward does not see it.
    assert_eq!(app.get(&ward, &page).await.0, 404);

    // Files sent with it: checked on their content, at most 10 MB, only on a draft.
    let pdf = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".to_vec();
    let attach = |name: &str, bytes: Vec<u8>, csrf: String| {
        reqwest::multipart::Form::new().text("_csrf", csrf).part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
        )
    };
    let csrf = token(&app, &office, &page).await;
    for (name, bytes, message) in [
        (
            "ke-hoach.pdf",
            b"\x89PNG\r\n\x1a\nxx".to_vec(),
            "Chỉ nhận tệp PDF, Word, Excel",
        ),
        (
            "virus.exe",
            b"MZ\x90\x00".to_vec(),
            "Chỉ nhận tệp PDF, Word, Excel",
        ),
        (
            "lon.pdf",
            {
                let mut v = pdf.clone();
                v.resize(11 * 1024 * 1024, b' ');
                v
            },
            "Tệp gửi kèm quá 10 MB.",
        ),
    ] {
        let res = office
            .post(app.url(&format!("{page}/dinh-kem")))
            .multipart(attach(name, bytes, csrf.clone()))
            .send()
            .await
            .expect("attach");
        assert_eq!(res.status().as_u16(), 422, "{name}");
        assert!(res.text().await.expect("body").contains(message), "{name}");
    }
    assert_eq!(
        crate::helpers::status_of(office.post(app.url(&format!("{page}/dinh-kem"))).multipart(
            attach("Kế hoạch 224-KH-UBND.pdf", pdf.clone(), csrf.clone(),)
        ))
        .await,
        303
    );
    let (_, html) = app.get(&office, &page).await;
    let file_link = html
        .split(&format!("href=\"{page}/dinh-kem/"))
        .nth(1)
        .and_then(|s| s.split('"').next())
        .map(|f| format!("{page}/dinh-kem/{f}"))
        .expect("the file is listed");
    assert!(html.contains("Kế hoạch 224-KH-UBND.pdf"));

    // Issuing: a date in the future is refused; today numbers it 01 of this year.
    let csrf = token(&app, &office, &page).await;
    let issue = |date: &str| {
        vec![
            ("_csrf".to_string(), csrf.clone()),
            ("issued_on".to_string(), date.to_string()),
            ("number".to_string(), String::new()),
        ]
    };
    let res = post(
        &app,
        &office,
        &format!("{page}/ban-hanh"),
        &issue("31/12/2999"),
    )
    .await;
    assert_eq!(res.status().as_u16(), 422);
    crate::helpers::says(res, "không được sau ngày hôm nay").await;
    let today = dxday_domain::dates::format_dmy(dxday_domain::dates::today_in_vietnam(
        time::OffsetDateTime::now_utc(),
    ));
    let res = post(&app, &office, &format!("{page}/ban-hanh"), &issue(&today)).await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, html) = app.get(&office, &page).await;
    assert!(html.contains("Số: 01/VHTT"), "{html}");
    assert!(html.contains("Đã ban hành"));
    assert_eq!(
        html.matches("Chưa xác nhận").count(),
        12,
        "12 wards not yet confirmed"
    );

    // A second draft with the number 01 typed by hand: taken, refused with the field named.
    let mut second = base_form(&csrf);
    set(&mut second, "issuer_unit_id", &vhtt);
    set(&mut second, "subject", "văn bản thứ hai");
    let res = post(&app, &office, "/quan-tri/van-ban/moi", &second).await;
    assert_eq!(res.status().as_u16(), 303);
    let second_page = header(&res, "location").to_string();
    let mut typed = issue(&today);
    set(&mut typed, "number", "1");
    let res = post(&app, &office, &format!("{second_page}/ban-hanh"), &typed).await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.expect("body");
    assert!(html.contains("id=\"e-number\""), "{html}");
    let (_, html) = app.get(&office, &second_page).await;
    assert!(html.contains("Dự thảo"), "still a draft");
    // Final: no edit (409), the same draft cannot be issued twice (409).
    assert_eq!(app.get(&office, &format!("{page}/sua")).await.0, 409);
    let mut edit = base_form(&csrf);
    set(&mut edit, "issuer_unit_id", &vhtt);
    set(&mut edit, "subject", "sửa sau khi ban hành");
    let res = post(&app, &office, &format!("{page}/sua"), &edit).await;
    assert_eq!(res.status().as_u16(), 409);
    crate::helpers::says(res, "không sửa được nữa").await;
    let res = post(&app, &office, &format!("{page}/ban-hanh"), &issue(&today)).await;
    assert_eq!(res.status().as_u16(), 409);
    let (_, html) = app.get(&office, &page).await;
    assert!(html.contains("đôn đốc báo cáo") && !html.contains("sửa sau khi ban hành"));

    // The ward's dashboard says a document waits; its list shows it unconfirmed.
    let (_, dash) = app.get(&ward, "/quan-tri").await;
    assert!(
        dash.contains("id=\"unread\">2<"),
        "the seed dispatch and this one: {dash}"
    );
    // The ward sees it in its list, unconfirmed, and confirms.
    let (_, list) = app.get(&ward, "/quan-tri/van-ban").await;
    assert!(
        list.contains("01/VHTT") && list.contains("Chưa xác nhận"),
        "{list}"
    );
    let csrf_w = token(&app, &ward, &page).await;
    let res = post(
        &app,
        &ward,
        &format!("{page}/da-nhan"),
        &[("_csrf".to_string(), csrf_w)],
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, html) = app.get(&ward, &page).await;
    assert!(html.contains("Đã xác nhận nhận văn bản"));
    assert!(
        !html.contains("id=\"deliveries\""),
        "a ward does not see the other wards"
    );
    // The office sees who confirmed and reminds the rest.
    let (_, html) = app.get(&office, &page).await;
    assert_eq!(html.matches("Chưa xác nhận").count(), 11);
    let res = post(
        &app,
        &office,
        &format!("{page}/nhac"),
        &[("_csrf".to_string(), csrf.clone())],
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(app.audit_count("document.remind").await, 1);

    // The attachment went with it: the ward downloads it; no more files once issued.
    let res = ok(ward.get(app.url(&file_link))).await;
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(res.bytes().await.expect("bytes").to_vec(), pdf);
    assert_eq!(app.get(&school, &file_link).await.0, 404);
    assert_eq!(
        crate::helpers::status_of(
            office
                .post(app.url(&format!("{page}/dinh-kem")))
                .multipart(attach("them.pdf", pdf.clone(), csrf.clone()))
        )
        .await,
        409
    );

    // A school it was not sent to: 404 for the page and the file.
    assert_eq!(app.get(&school, &page).await.0, 404);
    assert_eq!(
        app.get(&school, &format!("/quan-tri/van-ban/{id}.docx"))
            .await
            .0,
        404
    );
    // The ward downloads the DOCX.
    let res = ok(ward.get(app.url(&format!("/quan-tri/van-ban/{id}.docx")))).await;
    assert!(header(&res, "content-type").contains("wordprocessingml"));
    let bytes = res.bytes().await.expect("bytes");
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).expect("a zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("word/document.xml").expect("document.xml"),
        &mut xml,
    )
    .expect("xml");
    assert!(xml.contains("Số: 01/VHTT"));

    // The office's register for 2024 holds the seed dispatch, as the decree's table.
    let bytes = ok_bytes(office.get(app.url(&format!(
        "/quan-tri/van-ban/so-di.xlsx?don-vi={vhtt}&nam=2024"
    ))))
    .await;
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).expect("xlsx");
    // A book to bind: its cover, then the decree's table with the column numbers.
    let cover = book.worksheet_range_at(0).expect("a cover").expect("range");
    let cover: Vec<String> = cover.rows().flatten().map(|c| c.to_string()).collect();
    for wanted in [
        "PHÒNG VĂN HÓA VÀ THÔNG TIN",
        "SỔ ĐĂNG KÝ VĂN BẢN ĐI",
        "Năm: 2024",
        "Từ số 01 đến số 01",
        "Quyển số: 01",
    ] {
        assert!(cover.contains(&wanted.to_string()), "{wanted} in {cover:?}");
    }
    let sheet = book.worksheet_range_at(1).expect("a sheet").expect("range");
    let cells: Vec<String> = sheet.rows().flatten().map(|c| c.to_string()).collect();
    assert!(
        sheet
            .rows()
            .any(|r| r.first() == Some(&calamine::Data::String("(1)".into()))
                && r.get(9) == Some(&calamine::Data::String("(10)".into()))),
        "the column numbers (1)–(10)"
    );
    for wanted in [
        "Số, ký hiệu văn bản",
        "Ngày tháng văn bản",
        "Tên loại và trích yếu nội dung",
        "Người ký",
        "Nơi nhận văn bản",
        "Ghi chú",
        "01/VHTT",
        "Nguyễn Hồng Đại",
    ] {
        assert!(
            cells.iter().any(|c| c.contains(wanted)),
            "{wanted} in {cells:?}"
        );
    }
    // Dates are dates: the document's, and Ngày chuyển, the day it was sent (07/10/2024
    // in the demo), not the day the demo was loaded.
    let row = sheet
        .rows()
        .find(|r| r.first() == Some(&calamine::Data::String("01/VHTT".into())))
        .expect("the dispatch's line");
    let day = |c: &calamine::Data| match c {
        calamine::Data::DateTime(d) => d.as_f64(),
        other => panic!("not a date: {other:?}"),
    };
    assert_eq!(day(&row[1]), 45572.0, "07/10/2024");
    assert_eq!(day(&row[7]), 45572.0, "sent on 07/10/2024");
    // Recall: the document stays numbered; the next one gets the next number.
    let res = post(
        &app,
        &office,
        &format!("{page}/thu-hoi"),
        &[("_csrf".to_string(), csrf.clone())],
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, html) = app.get(&ward, &page).await;
    assert!(html.contains("Đã thu hồi") && html.contains("Số: 01/VHTT"));
    let res = post(
        &app,
        &office,
        &format!("{second_page}/ban-hanh"),
        &issue(&today),
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, html) = app.get(&office, &second_page).await;
    assert!(
        html.contains("Số: 02/VHTT"),
        "a recalled number is not given again"
    );
    // Wards do not export registers.
    assert_eq!(app.get(&ward, "/quan-tri/van-ban/so-di.xlsx").await.0, 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_document_input_gets_field_messages_and_nothing_is_stored() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let office = app.office().await;
    let vhtt = app.unit_id("vhtt").await.to_string();
    let before = app.audit_count("document.create").await;
    let csrf = token(&app, &office, "/quan-tri/van-ban/moi").await;
    let cases: Vec<(&str, &str, &str)> = vec![
        ("symbol", "VH TT", "Ký hiệu không được có dấu cách."),
        (
            "symbol",
            "KH-VHTT",
            "Công văn không có mã loại văn bản trong ký hiệu.",
        ),
        (
            "authority",
            "PT.",
            "Thẩm quyền ký chỉ có thể là TM., Q., KT., TL., TUQ. hoặc để trống.",
        ),
        ("addressees", "", "Công văn cần có nơi nhận"),
        ("signer_name", "", "Vui lòng nhập trường này."),
    ];
    for (field, value, message) in cases {
        let mut form = base_form(&csrf);
        set(&mut form, "issuer_unit_id", &vhtt);
        set(&mut form, field, value);
        let res = post(&app, &office, "/quan-tri/van-ban/moi", &form).await;
        assert_eq!(res.status().as_u16(), 422, "{field}");
        let html = res.text().await.expect("body");
        assert!(html.contains(message), "{field}: {message}");
        assert!(
            html.contains("đôn đốc báo cáo"),
            "the form keeps what was typed"
        );
    }
    // Bodies over the 2-MB form limit: 413 with a message, nothing stored. A 10-MB body
    // is cut off while the client is still sending (the connection may close first).
    for size in [3_000_000usize, 10_000_000] {
        let mut form = base_form(&csrf);
        set(&mut form, "issuer_unit_id", &vhtt);
        set(&mut form, "body", &"x".repeat(size));
        match office
            .post(app.url("/quan-tri/van-ban/moi"))
            .form(&form)
            .send()
            .await
        {
            Ok(res) => {
                assert_eq!(res.status().as_u16(), 413, "{size} bytes");
                // The body was not read: the connection is closed, and the client told.
                assert_eq!(
                    res.headers().get("connection").map(|v| v.as_bytes()),
                    Some(&b"close"[..]),
                    "{size} bytes"
                );
                crate::helpers::says(res, "Dữ liệu gửi lên quá lớn").await;
            }
            Err(e) => assert!(size > 5_000_000, "{size} bytes: {e}"),
        }
    }
    assert_eq!(
        app.get(&office, "/healthz").await.0,
        200,
        "the server keeps serving"
    );
    // Without the form's token: 403.
    let mut form = base_form("not-the-token");
    set(&mut form, "issuer_unit_id", &vhtt);
    let res = post(&app, &office, "/quan-tri/van-ban/moi", &form).await;
    assert_eq!(res.status().as_u16(), 403);
    assert_eq!(app.audit_count("document.create").await, before);
    // Focal points do not draft for the office.
    let ward = app.ward().await;
    assert_eq!(app.get(&ward, "/quan-tri/van-ban/moi").await.0, 403);
}

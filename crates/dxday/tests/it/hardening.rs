//! Issue 14's attack run, replayed through the front door: each test failed on the
//! code before the fix it names.

use std::io::Write;

use dxday_domain::Role;

use crate::helpers::{Backend, PASSWORD, client, client_from, csrf_of, spawn_app, spawn_app_with};
use crate::on_both_backends;

/// A minimal XLSX whose sheet holds `cells` (reference, inline text).
pub fn sheet_xlsx(cells: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut part = |name: &str, body: &str| {
        zip.start_file(name, opts).expect("part");
        zip.write_all(body.as_bytes()).expect("write");
    };
    part(
        "[Content_Types].xml",
        r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
    );
    part(
        "_rels/.rels",
        r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    part(
        "xl/workbook.xml",
        r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
    );
    part(
        "xl/_rels/workbook.xml.rels",
        r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
    );
    let mut sheet = format!(
        r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:{}"/><sheetData>"#,
        cells.last().map_or("A1", |c| c.0)
    );
    for (r, text) in cells {
        let row: String = r.chars().filter(char::is_ascii_digit).collect();
        sheet +=
            &format!(r#"<row r="{row}"><c r="{r}" t="inlineStr"><is><t>{text}</t></is></c></row>"#);
    }
    sheet += "</sheetData></worksheet>";
    part("xl/worksheets/sheet1.xml", &sheet);
    zip.finish().expect("zip").into_inner()
}

/// Point 1: a 1.6 KB XLSX with cells A1 and XFD1048576 aborted the server (calamine
/// reserved 17 billion cells). Now both imports answer 422 with the reason, and the
/// server goes on.
async fn a_sheet_with_far_apart_cells_is_refused_and_the_server_lives(b: Backend) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    let bomb = sheet_xlsx(&[("A1", "ma"), ("XFD1048576", "x")]);
    assert!(bomb.len() < 2_000, "{}", bomb.len());
    let office = app
        .logged_in("an@vhtt.gov.vn", Role::OfficeStaff, Some("vhtt"))
        .await;
    let ward = app
        .logged_in(
            "dau-moi@maychai.vn",
            Role::UnitFocalPoint,
            Some("p-may-chai"),
        )
        .await;
    for (c, page, target) in [
        (&office, "/quan-tri/nhiem-vu", "/quan-tri/nhiem-vu/nhap"),
        (&ward, "/quan-tri/tuyen-pho", "/quan-tri/tuyen-pho/nhap"),
    ] {
        let (_, html) = app.get(c, page).await;
        let form = reqwest::multipart::Form::new()
            .text("_csrf", csrf_of(&html))
            .part(
                "file",
                reqwest::multipart::Part::bytes(bomb.clone()).file_name("bom.xlsx"),
            );
        let res = c
            .post(app.url(target))
            .multipart(form)
            .send()
            .await
            .expect("post");
        assert_eq!(res.status().as_u16(), 422, "{target}");
        let body = res.text().await.expect("body");
        assert!(
            body.contains("Bảng quá lớn: tối đa 20.000 dòng và 64 cột"),
            "{body}"
        );
    }
    let (status, _) = app.get(&client(), "/healthz").await;
    assert_eq!(status, 200, "the server is still up");
}
on_both_backends!(a_sheet_with_far_apart_cells_is_refused_and_the_server_lives);

/// Point 2: 40 wrong passwords for one account sent at once were all evaluated. Now
/// at most 5 are, however they arrive.
async fn wrong_passwords_sent_at_once_are_evaluated_at_most_five_times(b: Backend) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    app.add_user("mai@phuong.vn", Role::UnitFocalPoint, Some("p-may-chai"))
        .await;
    let c = client_from("127.0.0.21");
    let (_, html) = app.get(&c, "/dang-nhap").await;
    let token = csrf_of(&html);
    let mut all = Vec::new();
    for _ in 0..40 {
        let c = c.clone();
        let url = app.url("/dang-nhap");
        let token = token.clone();
        all.push(tokio::spawn(async move {
            c.post(url)
                .form(&[
                    ("_csrf", token.as_str()),
                    ("email", "mai@phuong.vn"),
                    ("password", "sai"),
                ])
                .send()
                .await
                .expect("post")
                .status()
                .as_u16()
        }));
    }
    let mut evaluated = 0;
    let mut refused = 0;
    for h in all {
        match h.await.expect("task") {
            422 => evaluated += 1,
            429 => refused += 1,
            other => panic!("status {other}"),
        }
    }
    // Attempts that arrive together may all see each other and all be refused: that
    // is safe; what may never happen is a sixth evaluation.
    assert!(evaluated <= 5, "{evaluated} guesses evaluated");
    assert_eq!(evaluated + refused, 40);
    // The owner, elsewhere, is not locked out by the burst.
    let owner = client_from("127.0.0.22");
    let res = app.login_as(&owner, "mai@phuong.vn", PASSWORD).await;
    assert_eq!(res.status().as_u16(), 303);
}
on_both_backends!(wrong_passwords_sent_at_once_are_evaluated_at_most_five_times);

/// Point 3: an account attacked from many addresses slows down (a backoff from its
/// 10th failure) but its owner still gets in once the backoff has passed.
async fn an_account_attacked_from_many_addresses_backs_off_but_never_locks(b: Backend) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    app.add_user("lan@phuong.vn", Role::UnitFocalPoint, Some("p-may-to"))
        .await;
    for i in 0..10 {
        let c = client_from(&format!("127.0.1.{}", 10 + i));
        let res = app.login_as(&c, "lan@phuong.vn", "sai").await;
        assert_eq!(res.status().as_u16(), 422, "failure {i}");
    }
    let owner = client_from("127.0.1.99");
    let res = app.login_as(&owner, "lan@phuong.vn", PASSWORD).await;
    assert_eq!(res.status().as_u16(), 429);
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .expect("header")
        .parse()
        .expect("seconds");
    assert!((1..=2).contains(&retry), "{retry}");
    tokio::time::sleep(std::time::Duration::from_millis(retry * 1000 + 200)).await;
    let res = app.login_as(&owner, "lan@phuong.vn", PASSWORD).await;
    assert_eq!(
        res.status().as_u16(),
        303,
        "the owner gets in after the backoff"
    );
}
on_both_backends!(an_account_attacked_from_many_addresses_backs_off_but_never_locks);

/// Point 3: X-Forwarded-For counts only from a trusted proxy.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forwarded_addresses_are_believed_only_from_trusted_proxies() {
    // No trusted proxy (the default): the header is ignored, the peer is locked.
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    app.add_user("mai@phuong.vn", Role::UnitFocalPoint, Some("p-may-chai"))
        .await;
    let attempt = |app: &crate::helpers::TestApp, forwarded: String, password: &'static str| {
        let c = client_from("127.0.0.31");
        let url = app.url("/dang-nhap");
        let page = app.url("/dang-nhap");
        async move {
            let html = c
                .get(page)
                .send()
                .await
                .expect("get")
                .text()
                .await
                .expect("html");
            c.post(url)
                .header("x-forwarded-for", forwarded)
                .form(&[
                    ("_csrf", csrf_of(&html).as_str()),
                    ("email", "mai@phuong.vn"),
                    ("password", password),
                ])
                .send()
                .await
                .expect("post")
                .status()
                .as_u16()
        }
    };
    for i in 0..5 {
        assert_eq!(attempt(&app, format!("203.0.113.{i}"), "sai").await, 422);
    }
    assert_eq!(attempt(&app, "198.51.100.1".into(), PASSWORD).await, 429);
    // Behind a trusted proxy: each forwarded client has its own count.
    let Some(app) = spawn_app_with(Backend::Sqlite, |c| {
        c.trusted_proxies = "127.0.0.0/8".into();
    })
    .await
    else {
        return;
    };
    app.add_user("mai@phuong.vn", Role::UnitFocalPoint, Some("p-may-chai"))
        .await;
    for _ in 0..5 {
        assert_eq!(attempt(&app, "203.0.113.7".into(), "sai").await, 422);
    }
    assert_eq!(attempt(&app, "203.0.113.7".into(), PASSWORD).await, 429);
    // A client that writes its own header is read from the right: still 203.0.113.7.
    assert_eq!(
        attempt(&app, "198.51.100.1, 203.0.113.7".into(), PASSWORD).await,
        429
    );
    assert_eq!(attempt(&app, "198.51.100.1".into(), PASSWORD).await, 303);
}

/// Point 11: the 404 page linked to `//evil.example/x?lang=en`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_on_the_not_found_page_stay_on_this_site() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let res = client()
        .get(format!("{}//evil.example/x", app.base))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status().as_u16(), 404);
    let html = res.text().await.expect("body");
    assert!(!html.contains("\"//evil"), "{html}");
    assert!(html.contains("href=\"/evil.example/x?lang=en\""), "{html}");
}

//! Display evidence over HTTP: a ward declares where it showed the identity kit, the
//! days and a real photo; bad photos and periods outside the campaign get 422 with the
//! message and nothing stored; another ward sees and changes none of it (404); the
//! office's table says full, partial or none per channel against 01/10–10/10 and
//! exports to XLSX.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use reqwest::multipart::{Form, Part};

use crate::helpers::{TestApp, csrf_of, ok, ok_bytes};
use crate::on_both_backends;

pub(crate) fn photo(format: image::ImageFormat, w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 120])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format).expect("encode");
    out.into_inner()
}

pub(crate) async fn declare(
    app: &TestApp,
    c: &reqwest::Client,
    path: &str,
    fields: &[(&str, &str)],
    file: Option<(&str, Vec<u8>)>,
) -> (u16, String) {
    let (_, page) = app.get(c, "/quan-tri/hien-thi").await;
    let mut form = Form::new().text("_csrf", csrf_of(&page));
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    if let Some((name, bytes)) = file {
        form = form.part("photo", Part::bytes(bytes).file_name(name.to_string()));
    }
    let res = c
        .post(app.url(path))
        .multipart(form)
        .send()
        .await
        .expect("post");
    let status = res.status().as_u16();
    (status, res.text().await.expect("body"))
}

/// The ids of the declarations listed on a page.
fn listed(html: &str) -> Vec<i64> {
    html.split("id=\"ev-")
        .skip(1)
        .filter_map(|s| s.split('"').next()?.parse().ok())
        .collect()
}

on_both_backends!(
    a_ward_declares_its_channels_and_the_office_sees_the_coverage,
    app
);
async fn a_ward_declares_its_channels_and_the_office_sees_the_coverage(app: TestApp) {
    let ward = app.ward().await;
    let other = app.focal_point("p-lach-tray").await;
    let office = app.office().await;

    let (status, page) = app.get(&ward, "/quan-tri/hien-thi").await;
    assert_eq!(status, 200);
    assert!(page.contains("Khai báo kênh hiển thị"), "{page}");
    assert!(page.contains("01/10/2024 – 10/10/2024"));

    // The portal, in two touching periods: full. The e-board for six days: partial.
    let screenshot = photo(image::ImageFormat::Png, 1280, 720);
    let board = photo(image::ImageFormat::Jpeg, 1600, 1200);
    for (channel, place, from, to, file) in [
        (
            "portal",
            "https://maychai.ngoquyen.haiphong.gov.vn",
            "01/10/2024",
            "05/10/2024",
            ("trang-chu.png", screenshot.clone()),
        ),
        (
            "portal",
            "https://maychai.ngoquyen.haiphong.gov.vn",
            "06/10/2024",
            "10/10/2024",
            ("trang-chu-2.png", screenshot.clone()),
        ),
        (
            "e_board",
            "Bảng điện tử trước trụ sở UBND phường",
            "03/10/2024",
            "08/10/2024",
            ("bang-dien-tu.jpg", board.clone()),
        ),
    ] {
        let (status, body) = declare(
            &app,
            &ward,
            "/quan-tri/hien-thi",
            &[
                ("channel", channel),
                ("place", place),
                ("shown_from", from),
                ("shown_to", to),
            ],
            Some(file),
        )
        .await;
        assert_eq!(status, 303, "{body}");
    }
    assert_eq!(app.count("display_evidence").await, 3);
    // Two distinct photos (the screenshot once) and their two previews.
    assert_eq!(app.stored_files("display"), 2);

    // Bad input: a message beside the field, nothing stored.
    let exe = {
        let mut b = b"MZ\x90\x00\x03\x00\x00\x00".to_vec();
        b.resize(4096, 0);
        b
    };
    let bomb = {
        // A PNG header claiming 100 000 × 100 000 pixels, refused before decoding.
        let mut p = photo(image::ImageFormat::Png, 8, 8);
        p[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        p[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        let crc = crate::kit_web::crc32(&p[12..29]);
        p[29..33].copy_from_slice(&crc.to_be_bytes());
        p
    };
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>"#.to_vec();
    let mut big = photo(image::ImageFormat::Png, 16, 16);
    big.resize(10 * 1024 * 1024 + 1, 0);
    // (from, to, channel, photo, the message expected)
    type Case<'a> = (
        &'a str,
        &'a str,
        &'a str,
        Option<(&'a str, Vec<u8>)>,
        &'a str,
    );
    let cases: Vec<Case> = vec![
        (
            "25/09/2024",
            "05/10/2024",
            "portal",
            Some(("a.png", screenshot.clone())),
            "Thời gian hiển thị phải nằm trong thời gian của chiến dịch.",
        ),
        (
            "01/10/2023",
            "10/10/2023",
            "app",
            Some(("a.png", screenshot.clone())),
            "Thời gian hiển thị phải nằm trong thời gian của chiến dịch.",
        ),
        (
            "10/10/2024",
            "01/10/2024",
            "app",
            Some(("a.png", screenshot.clone())),
            "Ngày kết thúc phải sau ngày bắt đầu.",
        ),
        (
            "01/10/2024",
            "10/10/2024",
            "app",
            Some(("anh.png", exe)),
            "Ảnh minh chứng phải là ảnh PNG, JPEG hoặc WebP",
        ),
        (
            "01/10/2024",
            "10/10/2024",
            "app",
            Some(("anh.svg", svg)),
            "Ảnh minh chứng phải là ảnh PNG, JPEG hoặc WebP",
        ),
        (
            "01/10/2024",
            "10/10/2024",
            "app",
            Some(("bom.png", bomb)),
            "quá lớn",
        ),
        (
            "01/10/2024",
            "10/10/2024",
            "app",
            Some(("lon.png", big)),
            "Ảnh minh chứng quá 10 MB.",
        ),
        (
            "01/10/2024",
            "10/10/2024",
            "app",
            None,
            "Vui lòng đính kèm ảnh chụp màn hình hoặc ảnh chụp thực tế làm minh chứng.",
        ),
    ];
    for (from, to, channel, file, message) in cases {
        let (status, body) = declare(
            &app,
            &ward,
            "/quan-tri/hien-thi",
            &[
                ("channel", channel),
                ("place", "Ứng dụng Hải Phòng Smart"),
                ("shown_from", from),
                ("shown_to", to),
            ],
            file,
        )
        .await;
        assert_eq!(status, 422, "{from}–{to}: {body}");
        assert!(body.contains(message), "{message}: {body}");
        assert!(
            body.contains("value=\"Ứng dụng Hải Phòng Smart\""),
            "kept as typed"
        );
    }
    assert_eq!(app.count("display_evidence").await, 3, "nothing stored");
    assert_eq!(app.stored_files("display"), 2, "no photo stored");
    // Without the CSRF token: 403.
    assert_eq!(
        crate::helpers::status_of(
            ward.post(app.url("/quan-tri/hien-thi"))
                .multipart(Form::new().text("channel", "app"))
        )
        .await,
        403
    );

    let (_, page) = app.get(&ward, "/quan-tri/hien-thi").await;
    let ids = listed(&page);
    assert_eq!(ids.len(), 3);
    assert!(page.contains("Cổng/Trang thông tin điện tử: <span class=\"cell full\">Đủ</span> 01/10–10/10 (10/10 ngày)"), "{page}");
    assert!(page.contains(
        "Bảng điện tử: <span class=\"cell partial\">Một phần</span> 03/10–08/10 (6/10 ngày)"
    ));
    let board_id = ids[2];

    // Another ward: its own page is empty; May Chai's records answer 404.
    let (_, page) = app.get(&other, "/quan-tri/hien-thi").await;
    assert!(listed(&page).is_empty());
    let may_chai = app.unit_id("p-may-chai").await;
    for path in [
        format!("/quan-tri/hien-thi/{board_id}"),
        format!("/quan-tri/hien-thi/{board_id}/anh"),
        format!("/quan-tri/hien-thi/{board_id}/anh?ban=goc"),
        format!("/quan-tri/hien-thi/don-vi/{may_chai}"),
    ] {
        assert_eq!(app.get(&other, &path).await.0, 404, "{path}");
    }
    assert_eq!(
        app.get(&other, "/quan-tri/hien-thi/tong-hop.xlsx").await.0,
        403
    );
    let (status, _) = declare(
        &app,
        &other,
        &format!("/quan-tri/hien-thi/{board_id}"),
        &[
            ("channel", "e_board"),
            ("place", "Đổi trộm"),
            ("shown_from", "01/10/2024"),
            ("shown_to", "10/10/2024"),
        ],
        None,
    )
    .await;
    assert_eq!(status, 404);
    let (_, page) = app.get(&other, "/quan-tri/hien-thi").await;
    assert_eq!(
        crate::helpers::status_of(
            other
                .post(app.url(&format!("/quan-tri/hien-thi/{board_id}/xoa")))
                .form(&[("_csrf", csrf_of(&page))])
        )
        .await,
        404
    );
    assert_eq!(app.count("display_evidence").await, 3, "nothing changed");
    // The office does not declare for a unit.
    let (status, _) = declare(
        &app,
        &office,
        "/quan-tri/hien-thi",
        &[("channel", "app")],
        None,
    )
    .await;
    assert_eq!(status, 403);

    // The ward extends its e-board to the whole window, keeping its photo.
    let (status, form) = app
        .get(&ward, &format!("/quan-tri/hien-thi/{board_id}"))
        .await;
    assert_eq!(status, 200);
    assert!(form.contains("value=\"03/10/2024\""), "the form is filled");
    let (status, body) = declare(
        &app,
        &ward,
        &format!("/quan-tri/hien-thi/{board_id}"),
        &[
            ("channel", "e_board"),
            ("place", "Bảng điện tử trước trụ sở UBND phường"),
            ("shown_from", "01/10/2024"),
            ("shown_to", "10/10/2024"),
            ("note", "Chiếu 6 giờ mỗi ngày"),
        ],
        None,
    )
    .await;
    assert_eq!(status, 303, "{body}");
    let res = ok(ward.get(app.url(&format!("/quan-tri/hien-thi/{board_id}/anh?ban=goc")))).await;
    assert_eq!(
        res.bytes().await.expect("bytes").to_vec(),
        board,
        "photo kept"
    );

    // A social page declared and deleted again.
    let (status, _) = declare(
        &app,
        &ward,
        "/quan-tri/hien-thi",
        &[
            ("channel", "social_page"),
            ("place", "https://www.facebook.com/phuongmaychai"),
            ("shown_from", "01/10/2024"),
            ("shown_to", "02/10/2024"),
        ],
        Some(("fb.png", photo(image::ImageFormat::Png, 400, 300))),
    )
    .await;
    assert_eq!(status, 303);
    let (_, page) = app.get(&ward, "/quan-tri/hien-thi").await;
    let social = *listed(&page).last().expect("the social page");
    assert_eq!(
        crate::helpers::status_of(
            ward.post(app.url(&format!("/quan-tri/hien-thi/{social}/xoa")))
                .form(&[("_csrf", csrf_of(&page))])
        )
        .await,
        303
    );
    assert_eq!(app.count("display_evidence").await, 3);

    // The office's table: May Chai full on the portal and the e-board, none elsewhere.
    let (status, table) = app.get(&office, "/quan-tri/hien-thi").await;
    assert_eq!(status, 200);
    let row = table
        .split(&format!("<tr id=\"unit-{may_chai}\">"))
        .nth(1)
        .and_then(|s| s.split("</tr>").next())
        .expect("May Chai's row");
    assert_eq!(row.matches("class=\"cell full\"").count(), 2, "{row}");
    assert_eq!(row.matches("class=\"cell none\"").count(), 3, "{row}");
    assert!(row.contains("<td>2/5</td>"));
    assert!(table.contains("Đơn vị đã khai báo: <strong>1/"), "{table}");
    let lach_tray = app.unit_id("p-lach-tray").await;
    let row = table
        .split(&format!("<tr id=\"unit-{lach_tray}\">"))
        .nth(1)
        .and_then(|s| s.split("</tr>").next())
        .expect("Lach Tray's row");
    assert_eq!(row.matches("class=\"cell none\"").count(), 5);
    let vhtt = app.unit_id("vhtt").await;
    assert!(
        !table.contains(&format!("<tr id=\"unit-{vhtt}\">")),
        "the office does not report to itself"
    );
    // The office reads a unit's declarations and their photos.
    let (status, page) = app
        .get(&office, &format!("/quan-tri/hien-thi/don-vi/{may_chai}"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(listed(&page).len(), 3);
    assert!(!page.contains("Khai báo kênh hiển thị"), "read only");
    let res = ok(office.get(app.url(&format!("/quan-tri/hien-thi/{board_id}/anh")))).await;
    assert_eq!(res.headers()["content-type"], "image/png");
    let img = image::load_from_memory(&res.bytes().await.expect("bytes")).expect("a preview");
    assert_eq!((img.width(), img.height()), (480, 360));

    // The XLSX: one line per unit, the cells in words with the days.
    let bytes = ok_bytes(office.get(app.url("/quan-tri/hien-thi/tong-hop.xlsx"))).await;
    crate::documents_docx::assert_opens_in_libreoffice(&bytes, "xlsx", "Máy Chai");
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("an xlsx");
    let sheet = book.worksheet_range_at(0).expect("a sheet").expect("read");
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::String(s) => s.clone(),
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    _ => String::new(),
                })
                .collect()
        })
        .collect();
    let header_at = rows
        .iter()
        .position(|r| r.first().is_some_and(|c| c == "Đơn vị"))
        .expect("the header row");
    assert_eq!(rows[header_at][1], "Cổng/Trang thông tin điện tử");
    assert_eq!(rows[header_at][6], "Số kênh đủ thời gian");
    let line = rows
        .iter()
        .find(|r| r.first().is_some_and(|c| c.contains("Máy Chai")))
        .expect("May Chai's line");
    assert_eq!(line[1], "Đủ · 01/10–10/10");
    assert_eq!(line[2], "Đủ · 01/10–10/10");
    assert_eq!(line[3], "Chưa có");
    assert_eq!(line[6], "2");
    let units = rows.len() - header_at - 1;
    assert_eq!(
        units,
        table.matches("<tr id=\"unit-").count(),
        "one line per unit asked to display"
    );
    assert!(units >= 30, "{units}");
}

//! Online-payment streets over HTTP: a ward adds a street and its shops, is refused a
//! launch below target, imports shops from a Windows-1258 CSV (all or nothing), and
//! launches; another ward reaches none of it (404); the office sees and exports every
//! ward's; the public page lists the streets, finds shops and serves VietQR codes that
//! decode (zbarimg) to the shop's payload.

use std::io::Cursor;

use calamine::{Reader, Xlsx};
use dxday_domain::Role;
use dxday_domain::vietqr::VietQr;
use reqwest::multipart::{Form, Part};

use crate::helpers::{Backend, TestApp, csrf_of, ok, ok_bytes, value_before};
use crate::on_both_backends;

async fn post(
    app: &TestApp,
    c: &reqwest::Client,
    page: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> (u16, String, String) {
    let (_, html) = app.get(c, page).await;
    let mut form = vec![("_csrf", csrf_of(&html))];
    form.extend(fields.iter().map(|(k, v)| (*k, v.to_string())));
    let res = c
        .post(app.url(path))
        .form(&form)
        .send()
        .await
        .expect("post");
    let status = res.status().as_u16();
    let location = res
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, res.text().await.expect("body"), location)
}

async fn import(app: &TestApp, c: &reqwest::Client, name: &str, bytes: Vec<u8>) -> (u16, String) {
    let (_, html) = app.get(c, "/quan-tri/tuyen-pho").await;
    let form = Form::new()
        .text("_csrf", csrf_of(&html))
        .part("file", Part::bytes(bytes).file_name(name.to_string()));
    let res = c
        .post(app.url("/quan-tri/tuyen-pho/nhap"))
        .multipart(form)
        .send()
        .await
        .expect("import");
    let status = res.status().as_u16();
    (status, res.text().await.unwrap_or_default())
}

/// Text in Windows-1258 as Excel writes it (only the letters this test uses).
fn cp1258(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for c in text.chars() {
        let bytes: &[u8] = match c {
            'à' => b"a\xcc",
            'á' => b"a\xec",
            'ạ' => b"a\xf2",
            'â' => b"\xe2",
            'ê' => b"\xea",
            'ế' => b"\xea\xec",
            'ô' => b"\xf4",
            'ố' => b"\xf4\xec",
            'ơ' => b"\xf5",
            'ợ' => b"\xf5\xf2",
            'ở' => b"\xf5\xd2",
            'ú' => b"u\xec",
            'ư' => b"\xfd",
            'đ' => b"\xf0",
            'Đ' => b"\xd0",
            'ệ' => b"\xea\xf2",
            'ì' => b"i\xcc",
            'ĩ' => b"i\xde",
            'ầ' => b"\xe2\xcc",
            'ộ' => b"\xf4\xf2",
            'ị' => b"i\xf2",
            'ỉ' => b"i\xd2",
            'ả' => b"a\xd2",
            'ủ' => b"u\xd2",
            c if c.is_ascii() => {
                out.push(c as u8);
                continue;
            }
            other => panic!("add {other:?} to the test's table"),
        };
        out.extend_from_slice(bytes);
    }
    out
}

on_both_backends!(
    a_ward_builds_a_street_and_launches_it_when_every_shop_accepts,
    app
);
async fn a_ward_builds_a_street_and_launches_it_when_every_shop_accepts(app: TestApp) {
    let ward = app.ward().await;
    let other = app.focal_point("p-lach-tray").await;
    let office = app.office().await;
    let citizen = crate::helpers::client();

    // A street.
    let (status, _, location) = post(
        &app,
        &ward,
        "/quan-tri/tuyen-pho",
        "/quan-tri/tuyen-pho",
        &[
            ("name", "Phố Lê Lợi"),
            ("segment_from", "Ngã tư Lạch Tray"),
            ("segment_to", "Cầu Đất"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let street: i64 = location
        .rsplit('/')
        .next()
        .and_then(|s| s.parse().ok())
        .expect("the street's id");
    let page = format!("/quan-tri/tuyen-pho/{street}");
    // The same name again (whatever the case and accents), and a launch without a date.
    let (status, body, _) = post(
        &app,
        &ward,
        "/quan-tri/tuyen-pho",
        "/quan-tri/tuyen-pho",
        &[("name", "PHỐ LÊ LỢI")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(body.contains("Giá trị này đã được dùng."), "{body}");

    // Shops: one with VietQR, one cash only; bad bank details refused.
    let shop = |name: &'static str, qr: bool| {
        let mut f = vec![("name", name), ("kind", "household"), ("address", "")];
        f[2] = (
            "address",
            match name {
                "Bún cá Bà Hoa" => "12 Lê Lợi",
                _ => "14 Lê Lợi",
            },
        );
        if qr {
            f.extend([
                ("bank_qr", "1"),
                ("bank_bin", "970436"),
                ("account_number", "0011001932418"),
                ("account_holder", "NGUYEN THI HOA"),
            ]);
        }
        f
    };
    let add = format!("{page}/co-so");
    let (status, body, _) = post(&app, &ward, &page, &add, &shop("Bún cá Bà Hoa", true)).await;
    assert_eq!(status, 303, "{body}");
    let (status, _, _) = post(&app, &ward, &page, &add, &shop("Tạp hóa Minh", false)).await;
    assert_eq!(status, 303);
    for (field, value, message) in [
        (
            "bank_bin",
            "999999",
            "Ngân hàng không có trong danh sách thành viên NAPAS.",
        ),
        (
            "account_number",
            "00110A1932418",
            "Số tài khoản gồm 6 đến 19 chữ số.",
        ),
    ] {
        let mut f = shop("Cà phê Mộc", true);
        f.iter_mut().find(|(k, _)| *k == field).expect("field").1 = value;
        f[2].1 = "20 Lê Lợi";
        let (status, body, _) = post(&app, &ward, &page, &add, &f).await;
        assert_eq!(status, 422, "{field}");
        assert!(body.contains(message), "{message}: {body}");
    }
    assert_eq!(app.count("merchants").await, 2);

    // Launching with one shop of two accepting: refused.
    let launch = [
        ("name", "Phố Lê Lợi"),
        ("status", "launched"),
        ("launch_date", "05/10/2024"),
        ("decision_number", "45/QĐ-UBND"),
        ("decision_date", "01/10/2024"),
        ("target_percent", "100"),
    ];
    let (status, body, _) = post(&app, &ward, &page, &page, &launch).await;
    assert_eq!(status, 422);
    assert!(
        body.contains("Chỉ ra mắt tuyến phố khi tỷ lệ cơ sở chấp nhận thanh toán không dùng tiền mặt đạt mục tiêu."),
        "{body}"
    );

    // Imports: every error listed, nothing stored; then a good Windows-1258 file.
    let header = "Tên cơ sở,Loại hình,Địa chỉ,Tuyến phố,QR ngân hàng,Ngân hàng,Số tài khoản,Chủ tài khoản\r\n";
    let bad = format!(
        "{header}Bún cá Bà Hoa,Hộ kinh doanh,12 Lê Lợi,Phố Lê Lợi,,,,\r\nQuán ốc,Hộ kinh doanh,30 Lê Lợi,Phố Lê Lợi,x,999999,0011001932418,TRAN VAN A\r\nTiệm vàng,Doanh nghiệp,40 Lê Lợi,Phố Lê Lợi,x,VCB,00110AB932418,TRAN VAN B\r\nHiệu sách,,2 Cầu Đất,Phố Cầu Đất,,,,\r\n"
    );
    let (status, body) = import(&app, &ward, "co-so.csv", bad.into_bytes()).await;
    assert_eq!(status, 422);
    for (row, column, message) in [
        ("2", "ten_co_so", "Cơ sở này (cùng tên và địa chỉ) đã có"),
        (
            "3",
            "ngan_hang",
            "Ngân hàng không có trong danh sách thành viên NAPAS.",
        ),
        ("4", "so_tai_khoan", "Số tài khoản gồm 6 đến 19 chữ số."),
        ("5", "tuyen_pho", "Phường chưa có tuyến phố tên này."),
    ] {
        assert!(
            body.contains(&format!("<tr><td>{row}</td><td>{column}</td><td>{message}")),
            "row {row} {column}: {body}"
        );
    }
    let (status, body) = import(
        &app,
        &ward,
        "thieu-cot.csv",
        "Tên cơ sở,Địa chỉ\r\nQuán ốc,30 Lê Lợi\r\n"
            .as_bytes()
            .to_vec(),
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        body.contains("<td>tuyen_pho</td><td>Thiếu cột này ở hàng tiêu đề."),
        "{body}"
    );
    let utf16_without_bom: Vec<u8> = header.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let (status, body) = import(&app, &ward, "sai-ma.csv", utf16_without_bom).await;
    assert_eq!(status, 422);
    assert!(body.contains("Không đọc được tệp"), "{body}");
    // Over the 5-MB limit: 413 with a message. A 20-MB file is cut off while the
    // client is still sending (the connection may close before the answer is read).
    for size in [5_500_000usize, 20 * 1024 * 1024] {
        let (_, html) = app.get(&ward, "/quan-tri/tuyen-pho").await;
        let form = Form::new()
            .text("_csrf", csrf_of(&html))
            .part("file", Part::bytes(vec![b'a'; size]).file_name("lon.csv"));
        match ward
            .post(app.url("/quan-tri/tuyen-pho/nhap"))
            .multipart(form)
            .send()
            .await
        {
            Ok(res) => {
                assert_eq!(res.status().as_u16(), 413, "{size} bytes");
                crate::helpers::says(res, "Dữ liệu gửi lên quá lớn").await;
            }
            Err(e) => assert!(size > 10_000_000, "{size} bytes: {e}"),
        }
    }
    assert_eq!(app.count("merchants").await, 2, "nothing imported");

    let good = cp1258(&format!(
        "{header}Quán ốc Đào,Hộ kinh doanh,30 Lê Lợi,Phố Lê Lợi,x,Vietcombank,0451000123456,DAO THI OC\r\nCà phê Mộc,Doanh nghiệp,20 Lê Lợi,phố lê lợi,x,970415,0011001932418,CONG TY MOC\r\n"
    ));
    let (status, body) = import(&app, &ward, "co-so-1258.csv", good).await;
    assert_eq!(status, 303, "{body}");
    assert_eq!(app.count("merchants").await, 4);

    // The cash-only shop takes cards now: 4 of 4, the street launches.
    let (_, street_html) = app.get(&ward, &page).await;
    let cash_only = value_before(&street_html, "id=\"merchant-", "Tạp hóa Minh");
    assert!(street_html.contains("Chỉ nhận tiền mặt"));
    assert!(
        street_html.contains("Quán ốc Đào"),
        "imported from Windows-1258"
    );
    let edit = format!("/quan-tri/co-so/{cash_only}");
    let (status, body, _) = post(
        &app,
        &ward,
        &edit,
        &edit,
        &[
            ("street_id", &street.to_string()),
            ("name", "Tạp hóa Minh"),
            ("kind", "household"),
            ("address", "14 Lê Lợi"),
            ("card", "1"),
        ],
    )
    .await;
    assert_eq!(status, 303, "{body}");
    let (status, body, _) = post(&app, &ward, &page, &page, &launch).await;
    assert_eq!(status, 303, "{body}");
    let (_, street_html) = app.get(&ward, &page).await;
    assert!(
        street_html.contains("<strong>4/4</strong> (100 %)"),
        "{street_html}"
    );
    assert!(street_html.contains("Đã ra mắt"));

    // Another ward: 404 on every record of May Chai; a school: 403.
    for path in [page.clone(), edit.clone()] {
        assert_eq!(app.get(&other, &path).await.0, 404, "{path}");
    }
    let (status, _, _) = post(&app, &other, "/quan-tri/tuyen-pho", &page, &launch).await;
    assert_eq!(status, 404);
    let (status, _, _) = post(
        &app,
        &other,
        "/quan-tri/tuyen-pho",
        &format!("{edit}/xoa"),
        &[],
    )
    .await;
    assert_eq!(status, 404);
    let (_, own) = app.get(&other, "/quan-tri/tuyen-pho").await;
    assert!(!own.contains("Phố Lê Lợi"));
    let school = app
        .logged_in("thcs@ngoquyen.edu.vn", Role::UnitFocalPoint, Some("th-mau"))
        .await;
    assert_eq!(app.get(&school, "/quan-tri/tuyen-pho").await.0, 403);
    assert_eq!(app.count("merchants").await, 4, "nothing changed");

    // The office: every ward's streets, read only, and the district's workbook.
    let (status, list) = app.get(&office, "/quan-tri/tuyen-pho").await;
    assert_eq!(status, 200);
    assert!(list.contains("Ủy ban nhân dân phường Máy Chai") && list.contains("Phố Lê Lợi"));
    let (_, read_only) = app.get(&office, &page).await;
    assert!(!read_only.contains("id=\"add-shop\""));
    let res = ok(office.get(app.url("/quan-tri/tuyen-pho/xuat.xlsx"))).await;
    let mut book: Xlsx<_> =
        Xlsx::new(Cursor::new(res.bytes().await.expect("bytes").to_vec())).expect("xlsx");
    let names = book.sheet_names();
    assert_eq!(names.len(), 2, "{names:?}");
    let shops = book.worksheet_range_at(1).expect("sheet").expect("read");
    let text: Vec<String> = shops.rows().flatten().map(|c| c.to_string()).collect();
    assert!(text.contains(&"Quán ốc Đào".to_string()), "{text:?}");
    assert!(text.contains(&"Vietcombank".to_string()));

    // The public page: the street launched, 4/4, its shops; a search; the codes.
    let (status, public) = app.get(&citizen, "/tuyen-pho-so").await;
    assert_eq!(status, 200);
    assert!(
        public.contains("Phố Lê Lợi") && public.contains("street launched"),
        "{public}"
    );
    assert!(public.contains("4/4"));
    let (_, found) = app.get(&citizen, "/tuyen-pho-so?q=bun+ca").await;
    assert!(found.contains("Bún cá Bà Hoa"));
    assert!(!found.contains("Tạp hóa Minh"), "only the matching shop");
    let hoa = value_before(&public, "id=\"shop-", "Bún cá Bà Hoa");
    let png = ok_bytes(citizen.get(app.url(&format!("/tuyen-pho-so/qr/{hoa}.png")))).await;
    let expected = VietQr::new("970436", "0011001932418", None, None, None)
        .expect("valid")
        .payload();
    let decoded = crate::qr_codes::decode_bytes(&png);
    if let Some(text) = decoded {
        assert_eq!(text, expected);
    }
    assert_eq!(
        app.get(&citizen, &format!("/tuyen-pho-so/qr/{cash_only}.svg"))
            .await
            .0,
        404,
        "a shop without bank QR has no code"
    );

    // Standees: an A6 card (300 dpi) whose code reads back, and the street's sheet
    // (three shops with VietQR: one A4 page); the ward and the office, nobody else.
    let png = ok_bytes(ward.get(app.url(&format!("/quan-tri/co-so/{hoa}/standee.png")))).await;
    let img = image::load_from_memory(&png).expect("a png");
    assert_eq!((img.width(), img.height()), (1240, 1754), "A6 at 300 dpi");
    if let Some(text) = crate::qr_codes::decode_bytes(&png) {
        assert_eq!(text, expected);
    }
    assert_eq!(
        app.get(&other, &format!("/quan-tri/co-so/{hoa}/standee.png"))
            .await
            .0,
        404
    );
    assert_eq!(
        app.get(&ward, &format!("/quan-tri/co-so/{cash_only}/standee.png"))
            .await
            .0,
        404,
        "no card without bank QR"
    );
    let res = ok(office.get(app.url(&format!("{page}/standees.pdf")))).await;
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let pdf = res.bytes().await.expect("bytes").to_vec();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(
        String::from_utf8_lossy(&pdf).contains("/Count 1"),
        "one page for three cards"
    );
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("sheet.pdf"), &pdf).expect("write");
    let drawn = std::process::Command::new("pdftoppm")
        .args(["-r", "150", "-png", "-singlefile"])
        .arg(dir.path().join("sheet.pdf"))
        .arg(dir.path().join("sheet"))
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        drawn || !crate::helpers::in_ci(),
        "CI installs poppler-utils"
    );
    if drawn {
        let page = std::fs::read(dir.path().join("sheet.png")).expect("the page");
        if let Some(text) = crate::qr_codes::decode_bytes(&page) {
            assert_eq!(text.lines().count(), 3, "three codes on the page: {text}");
            assert!(text.lines().any(|l| l == expected), "{text}");
        }
    }
    assert_eq!(
        app.get(&other, &format!("{page}/standees.pdf")).await.0,
        404
    );

    // An XLSX import (as Excel saves it) adds a shop that takes cards: 5/5.
    let xlsx = dxday_media::xlsx::table(
        "Cơ sở",
        "Danh sách cơ sở kinh doanh",
        &[
            "Tên cơ sở".into(),
            "Địa chỉ".into(),
            "Tuyến phố".into(),
            "Thẻ".into(),
        ],
        &[vec![
            dxday_media::xlsx::Cell::Text("Nhà sách Lê Lợi".into()),
            dxday_media::xlsx::Cell::Text("50 Lê Lợi".into()),
            dxday_media::xlsx::Cell::Text("Phố Lê Lợi".into()),
            dxday_media::xlsx::Cell::Text("x".into()),
        ]],
    )
    .expect("xlsx");
    let (status, body) = import(&app, &ward, "co-so.xlsx", xlsx).await;
    assert_eq!(status, 303, "{body}");
    assert_eq!(app.count("merchants").await, 5);
    let (_, street_html) = app.get(&ward, &page).await;
    assert!(street_html.contains("<strong>5/5</strong> (100 %)"));
}

/// A street's standee sheet keeps the cores busy for seconds: it takes a permit of the
/// server's render pool, and a full pool answers 503 with Retry-After and a message
/// at once (the pool here has no permit, as when every permit is taken).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_standee_sheet_with_the_render_pool_full_answers_503() {
    let Some(app) =
        crate::helpers::spawn_app_with(Backend::Sqlite, |c| c.render_permits = Some(0)).await
    else {
        return;
    };
    let ward = app.ward().await;
    let (status, _, location) = post(
        &app,
        &ward,
        "/quan-tri/tuyen-pho",
        "/quan-tri/tuyen-pho",
        &[("name", "Phố Lê Lợi")],
    )
    .await;
    assert_eq!(status, 303);
    let (status, body, _) = post(
        &app,
        &ward,
        &location,
        &format!("{location}/co-so"),
        &[
            ("name", "Bún cá Bà Hoa"),
            ("kind", "household"),
            ("address", "12 Lê Lợi"),
            ("bank_qr", "1"),
            ("bank_bin", "970436"),
            ("account_number", "0011001932418"),
            ("account_holder", "NGUYEN THI HOA"),
        ],
    )
    .await;
    assert_eq!(status, 303, "{body}");
    let res = ward
        .get(app.url(&format!("{location}/standees.pdf")))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status().as_u16(), 503);
    assert_eq!(res.headers()["retry-after"], "2");
    let body = res.text().await.expect("body");
    assert!(
        body.contains("Máy chủ đang bận chuẩn bị bản in khác"),
        "{body}"
    );
    // One shop's standee goes through the same pool (issue 14): 503 as well.
    let shop: i64 = sqlx::query_scalar::<sqlx::Any, i64>("SELECT MAX(id) FROM merchants")
        .fetch_one(app.db.pool())
        .await
        .expect("shop");
    let (status, _) = app
        .get(&ward, &format!("/quan-tri/co-so/{shop}/standee.png"))
        .await;
    assert_eq!(status, 503);
}

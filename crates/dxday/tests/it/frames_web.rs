//! Avatar frames over HTTP: the studio, the server renderer and its bad input, the
//! office's uploads and the participation counts.

use std::io::Cursor;

use dxday_domain::Role;
use image::{ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};
use reqwest::multipart::{Form, Part};

use crate::helpers::{
    Backend, TestApp, client, csrf_of, header, ok, ok_bytes, spawn_app, spawn_app_with, value_after,
};
use crate::on_both_backends;

pub fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| {
        Rgb([(x * 255 / w.max(1)) as u8, (y * 255 / h.max(1)) as u8, 90])
    });
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), ImageFormat::Jpeg)
        .expect("jpeg");
    out
}

fn png_rgba(img: &RgbaImage) -> Vec<u8> {
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
        .expect("png");
    out
}

fn photo_form(bytes: Vec<u8>, name: &str) -> Form {
    Form::new()
        .part("photo", Part::bytes(bytes).file_name(name.to_string()))
        .text("don_vi", "p-may-chai")
}

async fn first_frame_id(app: &crate::helpers::TestApp) -> i64 {
    let campaigns = dxday_store::campaigns::list(&app.db)
        .await
        .expect("campaigns");
    dxday_store::frames::for_campaign(&app.db, campaigns[0].id, false)
        .await
        .expect("frames")[0]
        .id
        .0
}

async fn the_studio_shows_the_built_in_frame_and_the_unit_of_the_link(app: TestApp) {
    let c = client();
    let (status, html) = app.get(&c, "/khung-anh?don-vi=p-may-chai").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Ủy ban nhân dân phường Máy Chai"),
        "the unit of the link"
    );
    assert!(html.contains("data-unit=\"p-may-chai\""));
    assert!(html.contains("Ảnh của bạn được xử lý ngay trên thiết bị này"));
    assert!(
        html.contains("enctype=\"multipart/form-data\""),
        "a server fallback without JavaScript"
    );
    let url = value_after(&html, "data-frame-url=\"").replace("&amp;", "&");
    let res = c.get(app.url(&url)).send().await.expect("frame");
    assert_eq!(res.headers()["content-type"], "image/png");
    let frame = image::load_from_memory(&res.bytes().await.expect("bytes"))
        .expect("png")
        .into_rgba8();
    assert_eq!(frame.dimensions(), (1080, 1080));
    assert_eq!(
        frame.get_pixel(540, 540).0[3],
        0,
        "a transparent window in the middle"
    );
    assert_eq!(frame.get_pixel(3, 3).0[3], 255);
}
on_both_backends!(
    the_studio_shows_the_built_in_frame_and_the_unit_of_the_link,
    app
);

async fn the_server_renders_a_photo_and_counts_it_for_the_unit(app: TestApp) {
    let id = first_frame_id(&app).await;
    let c = client();
    let token = crate::helpers::count_token(&app, id).await;
    let res = ok(c
        .post(app.url(&format!("/api/frames/{id}/render")))
        .multipart(photo_form(jpeg(1600, 1200), "anh.jpg").text("token", token.clone())))
    .await;
    assert_eq!(res.headers()["content-type"], "image/png");
    assert!(header(&res, "content-disposition").starts_with("attachment"));
    let out = image::load_from_memory(&res.bytes().await.expect("bytes")).expect("png");
    assert_eq!((out.width(), out.height()), (1080, 1080));
    let form = photo_form(jpeg(800, 800), "anh.jpg")
        .text("size", "2048")
        .text("format", "jpg")
        .text("zoom", "1.5")
        .text("center_x", "0.3")
        .text("turns", "1")
        .text("token", token.clone());
    let bytes = ok_bytes(
        c.post(app.url(&format!("/api/frames/{id}/render")))
            .multipart(form),
    )
    .await;
    assert_eq!(image::guess_format(&bytes).ok(), Some(ImageFormat::Jpeg));
    assert_eq!(image::load_from_memory(&bytes).expect("jpeg").width(), 2048);
    // The in-browser path counts through its own endpoint.
    assert_eq!(
        crate::helpers::status_of(
            c.post(app.url(&format!("/api/frames/{id}/downloads")))
                .form(&[("don_vi", "p-may-chai"), ("token", &token)])
        )
        .await,
        204
    );
    c.post(app.url(&format!("/api/frames/{id}/downloads")))
        .form(&[("don_vi", ""), ("token", &token)])
        .send()
        .await
        .expect("count");
    let campaigns = dxday_store::campaigns::list(&app.db)
        .await
        .expect("campaigns");
    let by_unit = dxday_store::frames::downloads_by_unit(&app.db, campaigns[0].id)
        .await
        .expect("counts");
    let ward = app.unit_id("p-may-chai").await;
    assert_eq!(by_unit, vec![(0, 1), (ward, 3)]);
    // Only counts are stored: the table has no column for a person, a photo or an address.
    let cols: Vec<String> = match app.db.backend() {
        dxday_store::Backend::Sqlite => sqlx::query_scalar::<sqlx::Any, String>("SELECT name FROM pragma_table_info('frame_downloads')").fetch_all(app.db.pool()).await.expect("cols"),
        dxday_store::Backend::Postgres => sqlx::query_scalar::<sqlx::Any, String>("SELECT CAST(column_name AS TEXT) FROM information_schema.columns WHERE table_name = 'frame_downloads' AND table_schema = current_schema() ORDER BY ordinal_position")
            .fetch_all(app.db.pool())
            .await
            .expect("cols"),
    };
    assert_eq!(cols, ["frame_id", "day", "unit_key", "downloads"]);
    // The campaign page shows the total.
    let (_, home) = app.get(&client(), "/").await;
    assert!(home.contains("Đã có 4 lượt tải ảnh đại diện có khung"));
    // The office sees the count against the ward's staff.
    let office = app.office().await;
    let (status, html) = app.get(&office, "/quan-tri/khung-anh").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Tổng lượt tải: <strong>4</strong>"),
        "{}",
        html.split("Tổng lượt tải")
            .nth(1)
            .unwrap_or("")
            .chars()
            .take(80)
            .collect::<String>()
    );
}
on_both_backends!(the_server_renders_a_photo_and_counts_it_for_the_unit, app);

/// A PNG header claiming `w`×`h` with a valid IHDR CRC and almost no data.
fn bomb(w: u32, h: u32) -> Vec<u8> {
    let mut b = png_rgba(&RgbaImage::new(1, 1));
    b[16..20].copy_from_slice(&w.to_be_bytes());
    b[20..24].copy_from_slice(&h.to_be_bytes());
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in &b[12..29] {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    b[29..33].copy_from_slice(&(!crc).to_be_bytes());
    b
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_photos_get_clear_messages_and_the_server_keeps_serving() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let id = first_frame_id(&app).await;
    let c = client();
    let url = app.url(&format!("/api/frames/{id}/render"));
    let mut heic = vec![0, 0, 0, 24];
    heic.extend_from_slice(b"ftypheic");
    heic.extend_from_slice(&[0; 64]);
    let good = jpeg(400, 300);
    let cases: Vec<(Vec<u8>, u16, &str)> = vec![
        (
            b"day khong phai anh".to_vec(),
            415,
            "Không phải ảnh JPEG hoặc PNG.",
        ),
        (
            good[..good.len() / 3].to_vec(),
            422,
            "Ảnh bị hỏng hoặc không đầy đủ.",
        ),
        (
            bomb(30_000, 30_000),
            422,
            "Ảnh quá lớn (quá nhiều điểm ảnh).",
        ),
        (Vec::new(), 422, "Chưa chọn tệp, hoặc tệp rỗng."),
        (heic, 415, "Ảnh HEIC/HEIF (iPhone) chưa được hỗ trợ."),
    ];
    for (bytes, status, message) in cases {
        let res = c
            .post(&url)
            .multipart(photo_form(bytes, "anh.jpg"))
            .send()
            .await
            .expect("post");
        assert_eq!(res.status().as_u16(), status, "{message}");
        assert!(
            res.text().await.expect("body").contains(message),
            "{message}"
        );
    }
    assert_eq!(
        crate::helpers::status_of(
            c.post(&url)
                .multipart(photo_form(good.clone(), "anh.jpg").text("zoom", "0.2"))
        )
        .await,
        422
    );
    // 50 MB is refused before it is read into memory.
    let huge = vec![0u8; 50 * 1024 * 1024];
    let res = c
        .post(&url)
        .multipart(photo_form(huge, "lon.jpg"))
        .send()
        .await;
    if let Ok(res) = res {
        assert_eq!(res.status().as_u16(), 413);
    }
    // English clients get English messages.
    let res = c
        .post(&url)
        .header("accept-language", "en")
        .multipart(photo_form(b"nope".to_vec(), "a.jpg"))
        .send()
        .await
        .expect("post");
    crate::helpers::says(res, "Not a JPEG or PNG image.").await;
    let (status, _) = app.get(&c, "/healthz").await;
    assert_eq!(status, 200);
    assert_eq!(
        crate::helpers::status_of(c.post(&url).multipart(photo_form(good, "anh.jpg"))).await,
        200,
        "still rendering"
    );
    let none = c
        .post(app.url("/api/frames/999/render"))
        .multipart(photo_form(jpeg(10, 10), "a.jpg"))
        .send()
        .await
        .expect("post");
    assert_eq!(none.status().as_u16(), 404);
}

async fn the_office_uploads_frames_and_bad_frames_are_refused(app: TestApp) {
    let office = app.office().await;
    let (_, page) = app.get(&office, "/quan-tri/khung-anh").await;
    let token = csrf_of(&page);
    let campaign = value_after(&page, "name=\"campaign_id\" value=\"");
    let upload = |title: &str, bytes: Vec<u8>, name: &str| {
        Form::new()
            .text("_csrf", token.clone())
            .text("campaign_id", campaign.clone())
            .text("title", title.to_string())
            .part("png", Part::bytes(bytes).file_name(name.to_string()))
    };
    let ring = RgbaImage::from_fn(400, 500, |x, y| {
        let (dx, dy) = (f64::from(x) - 200.0, f64::from(y) - 250.0);
        if (dx * dx + dy * dy).sqrt() < 150.0 {
            Rgba([0, 0, 0, 0])
        } else {
            Rgba([0, 80, 160, 255])
        }
    });
    assert_eq!(
        crate::helpers::status_of(
            office
                .post(app.url("/quan-tri/khung-anh"))
                .multipart(upload("Khung bài đăng 4:5", png_rgba(&ring), "khung.png"))
        )
        .await,
        303
    );
    let (_, page) = app.get(&office, "/quan-tri/khung-anh").await;
    assert!(
        page.contains("Khung bài đăng 4:5")
            && page.contains("4:5 · 400×500")
            && page.contains("Đã lưu.")
    );
    assert!(page.contains("class=\"round\""), "a round preview");
    let opaque = png_rgba(&RgbaImage::from_pixel(300, 300, Rgba([1, 2, 3, 255])));
    let res = office
        .post(app.url("/quan-tri/khung-anh"))
        .multipart(upload("Khung đặc", opaque, "dac.png"))
        .send()
        .await
        .expect("upload");
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.expect("body");
    assert!(
        html.contains("Khung không có vùng trong suốt") && html.contains("value=\"Khung đặc\"")
    );
    crate::helpers::answers(
        office
            .post(app.url("/quan-tri/khung-anh"))
            .multipart(upload("Ảnh JPEG", jpeg(300, 300), "a.jpg")),
        422,
        "Khung phải là ảnh PNG có vùng trong suốt.",
    )
    .await;
    // Without the CSRF token nothing is stored.
    let form = Form::new()
        .text("campaign_id", campaign.clone())
        .text("title", "X")
        .part("png", Part::bytes(png_rgba(&ring)).file_name("k.png"));
    assert_eq!(
        crate::helpers::status_of(office.post(app.url("/quan-tri/khung-anh")).multipart(form))
            .await,
        403
    );
    let campaigns = dxday_store::campaigns::list(&app.db)
        .await
        .expect("campaigns");
    let frames = dxday_store::frames::for_campaign(&app.db, campaigns[0].id, true)
        .await
        .expect("frames");
    assert_eq!(frames.len(), 2, "the built-in frame and the 4:5 one");
    // A focal point may not manage frames.
    let ward = app
        .logged_in("dm@maychai.vn", Role::UnitFocalPoint, Some("p-may-chai"))
        .await;
    assert_eq!(app.get(&ward, "/quan-tri/khung-anh").await.0, 403);
    // Archiving a frame takes it off the studio.
    let second = frames[1].id.0;
    let res = app
        .post_form(
            &office,
            "/quan-tri/khung-anh",
            &format!("/quan-tri/khung-anh/{second}/luu-tru"),
            &[("archived", "1")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, studio) = app.get(&client(), "/khung-anh").await;
    assert!(!studio.contains(&format!("/khung-anh/{second}.png")));
    assert_eq!(
        app.get(&client(), &format!("/khung-anh/{second}.png"))
            .await
            .0,
        404
    );
}
on_both_backends!(the_office_uploads_frames_and_bad_frames_are_refused, app);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_render_pool_answers_503_with_retry_after() {
    let Some(app) = spawn_app_with(Backend::Sqlite, |c| c.render_permits = Some(0)).await else {
        return;
    };
    let id = first_frame_id(&app).await;
    let res = client()
        .post(app.url(&format!("/api/frames/{id}/render")))
        .multipart(photo_form(jpeg(300, 300), "a.jpg"))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status().as_u16(), 503);
    assert_eq!(res.headers()["retry-after"], "2");
    crate::helpers::says(res, "Máy chủ đang bận ghép ảnh").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unit_links_come_with_qr_codes_and_participation_exports_to_xlsx() {
    use calamine::{Data, Reader, Xlsx};
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let id = first_frame_id(&app).await;
    let c = client();
    let token = crate::helpers::count_token(&app, id).await;
    for _ in 0..2 {
        c.post(app.url(&format!("/api/frames/{id}/downloads")))
            .form(&[("don_vi", "p-cau-tre"), ("token", &token)])
            .send()
            .await
            .expect("count");
    }
    // The QR of a unit's studio link decodes to the absolute link.
    let res =
        ok(c.get(app.url("/qr.png?path=%2Fkhung-anh%3Fdon-vi%3Dp-cau-tre&ec=Q&size=400"))).await;
    let img = image::load_from_memory(&res.bytes().await.expect("bytes"))
        .expect("png")
        .into_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(img);
    let grids = prepared.detect_grids();
    let (_, text) = grids[0].decode().expect("a readable QR code");
    assert_eq!(text, app.url("/khung-anh?don-vi=p-cau-tre"));
    let (status, svg) = app.get(&c, "/qr.svg?path=/khung-anh").await;
    assert_eq!(status, 200);
    assert!(svg.contains("<svg"));
    let (status, body) = app.get(&c, "/qr.svg?path=https://evil.example/").await;
    assert_eq!(status, 400);
    assert!(body.contains("Chỉ tạo mã QR cho các trang của hệ thống này."));
    // The office page lists the ward's link and QR; the table exports to XLSX.
    let office = app.office().await;
    let (_, page) = app.get(&office, "/quan-tri/khung-anh").await;
    assert!(
        page.contains("/khung-anh?don-vi=p-cau-tre")
            && page.contains("/qr.svg?path=%2Fkhung-anh%3Fdon-vi%3Dp-cau-tre")
    );
    let bytes = ok_bytes(office.get(app.url("/quan-tri/khung-anh/tham-gia.xlsx"))).await;
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("xlsx opens");
    let range = book.worksheet_range("Tham gia").expect("sheet");
    let row = range
        .rows()
        .find(|r| r.first() == Some(&Data::String("Ủy ban nhân dân phường Cầu Tre".into())))
        .expect("the ward's row");
    assert_eq!(row.get(1), Some(&Data::Float(2.0)));
    assert!(
        matches!(row.get(2), None | Some(Data::Empty)),
        "unknown staff count stays empty"
    );
    assert_eq!(
        app.get(&client(), "/quan-tri/khung-anh/tham-gia.xlsx")
            .await
            .0,
        303,
        "login required"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_changes_a_frames_active_window_and_the_studio_follows() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let id = first_frame_id(&app).await;
    let office = app.office().await;
    let page = "/quan-tri/khung-anh";
    let res = app
        .post_form(
            &office,
            page,
            &format!("{page}/{id}"),
            &[
                ("title", "Khung 2024"),
                ("active_from", "2024-10-10"),
                ("active_to", "2024-10-01"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    crate::helpers::says(res, "Ngày kết thúc phải sau ngày bắt đầu.").await;
    let res = app
        .post_form(
            &office,
            page,
            &format!("{page}/{id}"),
            &[
                ("title", "Khung 2024"),
                ("active_from", "2024-09-25"),
                ("active_to", "2024-10-15"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, studio) = app.get(&client(), "/khung-anh").await;
    assert!(
        studio.contains("25/09/2024") && studio.contains("15/10/2024"),
        "the studio shows the new window"
    );
    let entries = dxday_store::audit::for_entity(&app.db, "frame", id)
        .await
        .expect("audit");
    assert_eq!(
        entries.last().map(|e| e.action.as_str()),
        Some("frame.update")
    );
}

//! Bulk framing from the web: a ward's focal point uploads a ZIP, watches the job,
//! downloads the framed photos; other units cannot see the job; bad ZIPs are refused
//! with a message and leave nothing behind.

use std::io::{Cursor, Read, Write};
use std::time::Duration;

use dxday_domain::Role;
use reqwest::multipart::{Form, Part};

use crate::frames_web::jpeg;
use crate::helpers::ok;
use crate::helpers::{Backend, TestApp, csrf_of, header, spawn_app, value_after};
use crate::on_both_backends;

const PAGE: &str = "/quan-tri/ghep-khung-hang-loat";

pub(crate) fn zip_of(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    for (name, bytes) in entries {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .expect("entry");
        zip.write_all(bytes).expect("write");
    }
    zip.finish().expect("finish");
    out.into_inner()
}

pub(crate) fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(w, h, |x, y| {
        image::Rgba([200, (x % 256) as u8, (y % 256) as u8, 255])
    });
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("png");
    out
}

/// Posts the bulk form (frame = the first offered) with `zip` as the file.
pub(crate) async fn upload(
    app: &TestApp,
    c: &reqwest::Client,
    zip: Option<Vec<u8>>,
    format: &str,
    with_csrf: bool,
) -> reqwest::Response {
    let (status, html) = app.get(c, PAGE).await;
    assert_eq!(status, 200);
    let frame = value_after(&html, "name=\"frame_id\"><option value=\"");
    let mut form = Form::new()
        .text("frame_id", frame)
        .text("format", format.to_string())
        .text("size", "1080");
    if with_csrf {
        form = form.text("_csrf", csrf_of(&html));
    }
    if let Some(z) = zip {
        form = form.part("zip", Part::bytes(z).file_name("can-bo-phuong.zip"));
    }
    c.post(app.url(&format!("{PAGE}/moi")))
        .multipart(form)
        .send()
        .await
        .expect("upload")
}

/// Files left in the bulk work folder.
fn work_files(app: &TestApp) -> Vec<String> {
    std::fs::read_dir(app.data_dir.join("bulk"))
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().to_string())
                .collect()
        })
        .unwrap_or_default()
}

on_both_backends!(a_ward_frames_its_staff_photos_from_a_zip, app);
async fn a_ward_frames_its_staff_photos_from_a_zip(app: TestApp) {
    let c = app.ward().await;
    let (status, home) = app.get(&c, "/quan-tri").await;
    assert_eq!(status, 200);
    assert!(home.contains(PAGE), "the dashboard links the bulk page");

    let zip = zip_of(&[
        ("Nguyễn Văn An.jpg", jpeg(1600, 1200)),
        ("to-dan-pho/Trần Thị Bình.png", png(500, 700)),
        ("hong.jpg", b"khong phai anh".to_vec()),
        ("ghi-chu.txt", b"danh sach".to_vec()),
    ]);
    let res = upload(&app, &c, Some(zip), "both", true).await;
    assert_eq!(res.status().as_u16(), 303, "the job starts");
    let job = res
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .expect("location")
        .to_string();
    assert!(job.starts_with(&format!("{PAGE}/")));

    // Progress until the job ends; the page refreshes itself while it runs.
    let mut page = String::new();
    for _ in 0..300 {
        let (status, html) = app.get(&c, &job).await;
        assert_eq!(status, 200);
        page = html;
        if page.contains("Đã xong") {
            break;
        }
        assert!(
            page.contains("http-equiv=\"refresh\""),
            "a running job refreshes"
        );
        assert!(
            page.contains("<progress max=\"3\""),
            "three photos counted: {page}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(page.contains("Đã xong"), "the job finishes: {page}");
    assert!(!page.contains("http-equiv=\"refresh\""));
    assert!(page.contains("<progress max=\"3\" value=\"3\""));
    assert!(page.contains("id=\"job-framed\">2<"), "two photos framed");
    assert!(
        page.contains("<td>hong.jpg</td><td>Không phải ảnh JPEG hoặc PNG.</td>"),
        "the bad photo is named with its reason: {page}"
    );

    let res = ok(c.get(app.url(&format!("{job}/tai-ve")))).await;
    assert_eq!(res.headers()["content-type"], "application/zip");
    assert!(header(&res, "content-disposition").starts_with("attachment"));
    let bytes = res.bytes().await.expect("zip");
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).expect("a ZIP");
    let mut names: Vec<String> = archive
        .file_names()
        .map(|n| n.expect("a UTF-8 name").to_string())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "Nguyễn Văn An.jpg",
            "Nguyễn Văn An.png",
            "Trần Thị Bình.jpg",
            "Trần Thị Bình.png"
        ]
    );
    for name in ["Nguyễn Văn An.png", "Trần Thị Bình.jpg"] {
        let mut data = Vec::new();
        archive
            .by_name(name)
            .expect("entry")
            .read_to_end(&mut data)
            .expect("read");
        let img = image::load_from_memory(&data).expect("an image");
        assert_eq!((img.width(), img.height()), (1080, 1080), "{name}");
    }

    // Another ward sees neither the job nor its file; the same ward's other account does.
    let other = app.focal_point("p-lac-vien").await;
    assert_eq!(app.get(&other, &job).await.0, 404);
    assert_eq!(app.get(&other, &format!("{job}/tai-ve")).await.0, 404);
    let (_, list) = app.get(&other, PAGE).await;
    assert!(!list.contains(&job), "another ward's list is empty of it");
    let colleague = app
        .logged_in(
            "can-bo@maychai.vn",
            Role::UnitFocalPoint,
            Some("p-may-chai"),
        )
        .await;
    let (_, list) = app.get(&colleague, PAGE).await;
    assert!(list.contains(&job), "the same ward lists it");

    // Community team members do not frame in bulk.
    let team = app
        .logged_in(
            "to-cds@maychai.vn",
            Role::CommunityTeamMember,
            Some("p-may-chai"),
        )
        .await;
    assert_eq!(app.get(&team, PAGE).await.0, 403);
}

#[tokio::test]
async fn bad_zips_are_refused_with_a_message_and_leave_nothing_behind() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let c = app.ward().await;
    let cases: Vec<(Option<Vec<u8>>, &str)> = vec![
        (
            Some(b"PK day khong phai zip".to_vec()),
            "Tệp tải lên không phải tệp ZIP hợp lệ.",
        ),
        (
            Some(zip_of(&[("ghi-chu.txt", b"x".to_vec())])),
            "Tệp ZIP không có ảnh JPEG hoặc PNG nào.",
        ),
        (Some(Vec::new()), "Chưa chọn tệp ZIP, hoặc tệp rỗng."),
        (None, "Chưa chọn tệp ZIP, hoặc tệp rỗng."),
    ];
    for (zip, message) in cases {
        let res = upload(&app, &c, zip, "png", true).await;
        assert_eq!(res.status().as_u16(), 422, "{message}");
        let html = res.text().await.expect("body");
        assert!(html.contains(message), "{message}: {html}");
    }
    let too_many: Vec<(String, Vec<u8>)> = (0..501)
        .map(|i| (format!("{i}.jpg"), b"x".to_vec()))
        .collect();
    let refs: Vec<(&str, Vec<u8>)> = too_many
        .iter()
        .map(|(n, b)| (n.as_str(), b.clone()))
        .collect();
    let res = upload(&app, &c, Some(zip_of(&refs)), "png", true).await;
    assert_eq!(res.status().as_u16(), 422);
    crate::helpers::says(res, "Tệp ZIP có quá 500 ảnh").await;

    // Without the form's token nothing starts.
    let res = upload(
        &app,
        &c,
        Some(zip_of(&[("a.jpg", jpeg(300, 300))])),
        "png",
        false,
    )
    .await;
    assert_eq!(res.status().as_u16(), 403);

    assert!(work_files(&app).is_empty(), "{:?}", work_files(&app));
    let (_, list) = app.get(&c, PAGE).await;
    assert!(!list.contains("bulk-jobs") && !list.contains("Các lần ghép gần đây"));
}

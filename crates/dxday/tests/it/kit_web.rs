//! The identity kit over HTTP: the office uploads real files (checked from their
//! content, stored once by hash, previews made once); the public page lists them by
//! category with their facts; downloads are counted; the whole kit streams as a ZIP;
//! bad files are refused with a message and nothing is stored.

use std::io::{Cursor, Read};

use reqwest::multipart::{Form, Part};

use crate::helpers::{Backend, TestApp, csrf_of, header, ok, ok_bytes, spawn_app};
use crate::on_both_backends;

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(w, h, |x, y| {
        image::Rgba([(x % 256) as u8, (y % 256) as u8, 46, 255])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("png");
    out.into_inner()
}

const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 160"><defs><linearGradient id="g"><stop offset="0" stop-color="#c8102e"/><stop offset="1" stop-color="#ffcd00"/></linearGradient></defs><rect width="400" height="160" fill="url(#g)"/><text x="20" y="90" font-size="40">Ngày CĐS 10.10</text></svg>"##;
const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

pub(crate) async fn upload(
    app: &TestApp,
    c: &reqwest::Client,
    fields: &[(&str, &str)],
    file: Option<(&str, Vec<u8>)>,
) -> (u16, String) {
    let (_, page) = app.get(c, "/quan-tri/bo-nhan-dien").await;
    let mut form = Form::new().text("_csrf", csrf_of(&page));
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    if let Some((name, bytes)) = file {
        form = form.part("file", Part::bytes(bytes).file_name(name.to_string()));
    }
    let res = c
        .post(app.url("/quan-tri/bo-nhan-dien"))
        .multipart(form)
        .send()
        .await
        .expect("post");
    let status = res.status().as_u16();
    (status, res.text().await.expect("body"))
}

on_both_backends!(the_office_publishes_the_kit_and_everyone_downloads_it, app);
async fn the_office_publishes_the_kit_and_everyone_downloads_it(app: TestApp) {
    let office = app.office().await;
    let citizen = crate::helpers::client();
    // An empty kit: no ZIP, a message.
    crate::helpers::answers(
        citizen.get(app.url("/bo-nhan-dien/tai-tat-ca.zip")),
        404,
        "Bộ nhận diện chưa có tệp nào để tải.",
    )
    .await;

    let banner = png(1920, 600);
    for (title, category, name, bytes) in [
        (
            "Banner cổng thông tin",
            "portal_banner",
            "banner.png",
            banner.clone(),
        ),
        (
            "Logo Ngày Chuyển đổi số",
            "logo",
            "logo.svg",
            SVG.as_bytes().to_vec(),
        ),
        (
            "Hướng dẫn sử dụng bộ nhận diện",
            "guideline",
            "huong-dan.pdf",
            PDF.to_vec(),
        ),
        // The same banner again, under another title: stored once.
        (
            "Banner (bản sao)",
            "social_image",
            "banner-2.png",
            banner.clone(),
        ),
    ] {
        let (status, body) = upload(
            &app,
            &office,
            &[("title", title), ("category", category)],
            Some((name, bytes)),
        )
        .await;
        assert_eq!(status, 303, "{title}: {body}");
    }
    let (status, _) = upload(
        &app,
        &office,
        &[
            ("title", "Video hưởng ứng"),
            ("category", "video"),
            ("external_url", "https://www.youtube.com/watch?v=cds2024"),
        ],
        None,
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(app.count("kit_assets").await, 5);
    // Three distinct files, and previews of the PNG and of the SVG (drawn by resvg).
    assert_eq!(
        app.stored_files("kit"),
        3,
        "the identical banner is stored once"
    );

    // The public page: by category, with pixel size, file size and format.
    let (status, page) = app.get(&citizen, "/bo-nhan-dien").await;
    assert_eq!(status, 200);
    let logo = page.find("<h2>Logo</h2>").expect("the logos");
    let banners = page
        .find("<h2>Banner cổng thông tin điện tử</h2>")
        .expect("the banners");
    assert!(logo < banners, "categories in the kit's order");
    assert!(page.contains("PNG · 1920×600 px"), "{page}");
    assert!(page.contains("SVG · 400×160 px"));
    assert!(page.contains("Bộ nhận diện gốc"), "the national kit's link");
    // Previews: immutable, by content hash.
    let src = page
        .split("<img src=\"/bo-nhan-dien/xem/")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .find(|s| s.ends_with(".png"))
        .expect("a PNG preview");
    let res = ok(citizen.get(app.url(&format!("/bo-nhan-dien/xem/{src}")))).await;
    assert!(header(&res, "cache-control").contains("immutable"));
    let preview = res.bytes().await.expect("bytes");
    let img = image::load_from_memory(&preview).expect("a preview image");
    assert!(img.width() <= 480 && img.height() <= 480);

    // Downloads: the bytes as uploaded, an ASCII name, counted.
    let id = page
        .split("id=\"asset-")
        .skip(1)
        .find(|s| {
            s.split("</li>")
                .next()
                .is_some_and(|c| c.contains("<h3>Banner cổng thông tin</h3>"))
        })
        .and_then(|s| s.split('"').next())
        .expect("the banner's id")
        .to_string();
    for _ in 0..2 {
        let res = ok(citizen.get(app.url(&format!("/bo-nhan-dien/{id}/tai-ve")))).await;
        assert_eq!(
            res.headers()["content-disposition"],
            "attachment; filename=\"banner-cong-thong-tin.png\""
        );
        assert_eq!(res.bytes().await.expect("bytes").to_vec(), banner);
    }
    let (_, admin) = app.get(&office, "/quan-tri/bo-nhan-dien").await;
    assert!(
        admin.contains("<td>2</td>"),
        "two downloads counted: {admin}"
    );

    // The whole kit as one ZIP: the four files, byte for byte.
    let bytes = ok_bytes(citizen.get(app.url("/bo-nhan-dien/tai-tat-ca.zip"))).await;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    assert_eq!(zip.len(), 4);
    let mut names = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("entry");
        let name = f.name().expect("utf-8 name").to_string();
        let mut content = Vec::new();
        f.read_to_end(&mut content).expect("read");
        if name.ends_with(".pdf") {
            assert_eq!(content, PDF);
        }
        names.push(name.clone());
        if name.ends_with(".svg") {
            // Stored as usvg wrote it again: the drawing, its text as outlines.
            let text = String::from_utf8(content).expect("utf-8");
            assert!(
                text.starts_with("<svg") && text.contains("linearGradient"),
                "{text}"
            );
            assert!(!text.contains("<text"), "{text}");
        }
    }
    assert!(
        names
            .iter()
            .any(|n| n.ends_with("-logo-ngay-chuyen-doi-so.svg")),
        "{names:?}"
    );

    // Archived assets leave the page and the ZIP.
    let (_, admin) = app.get(&office, "/quan-tri/bo-nhan-dien").await;
    assert_eq!(
        crate::helpers::status_of(
            office
                .post(app.url(&format!("/quan-tri/bo-nhan-dien/{id}/luu-tru")))
                .form(&[("_csrf", csrf_of(&admin).as_str()), ("archived", "1")])
        )
        .await,
        303
    );
    let (_, page) = app.get(&citizen, "/bo-nhan-dien").await;
    assert!(!page.contains(&format!("id=\"asset-{id}\"")));
    assert_eq!(
        app.get(&citizen, &format!("/bo-nhan-dien/{id}/tai-ve"))
            .await
            .0,
        404
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_files_are_refused_with_a_message_and_nothing_is_stored() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let office = app.office().await;
    // A PNG whose header says 30 000 × 30 000 (with a valid checksum): refused from the
    // header, before a pixel is decoded.
    let mut bomb = png(1, 1);
    bomb[16..20].copy_from_slice(&30_000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&30_000u32.to_be_bytes());
    let crc = crc32(&bomb[12..29]);
    bomb[29..33].copy_from_slice(&crc.to_be_bytes());
    for (name, bytes, extra, message) in [
        (
            "anh.png",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00".to_vec(),
            None,
            "Chỉ nhận tệp PNG, JPEG, WebP, PDF, SVG hoặc MP4",
        ),
        (
            "logo.svg",
            br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#.to_vec(),
            None,
            "Tệp SVG có mã chạy hoặc liên kết ra ngoài",
        ),
        (
            "huong-dan.pdf",
            b"%PDF-1.4\n1 0 obj << >> endo".to_vec(),
            None,
            "hỏng",
        ),
        ("bom.png", bomb, None, "quá lớn"),
        ("", Vec::new(), None, "Chưa chọn tệp"),
        (
            "banner.png",
            png(64, 32),
            Some(("display_to", "20/12/2024")),
            "Thời gian hiển thị phải nằm trong thời gian của chiến dịch.",
        ),
    ] {
        let mut fields = vec![("title", "Tệp thử"), ("category", "poster")];
        if let Some(kv) = extra {
            fields.push(kv);
        }
        let file = (!name.is_empty()).then_some((name, bytes));
        let (status, body) = upload(&app, &office, &fields, file).await;
        assert_eq!(status, 422, "{name}");
        assert!(
            body.contains(message),
            "{name}: wants {message:?} in {body}"
        );
    }
    assert_eq!(app.count("kit_assets").await, 0);
    assert_eq!(app.stored_files("kit"), 0, "nothing half-written");
    // A unit cannot manage the kit.
    let ward = app.ward().await;
    assert_eq!(app.get(&ward, "/quan-tri/bo-nhan-dien").await.0, 403);
    let (_, dash) = app.get(&ward, "/quan-tri").await;
    assert_eq!(
        crate::helpers::status_of(
            ward.post(app.url("/quan-tri/bo-nhan-dien")).multipart(
                Form::new()
                    .text("_csrf", csrf_of(&dash))
                    .text("title", "x")
                    .text("category", "logo")
                    .part("file", Part::bytes(png(8, 8)).file_name("x.png")),
            )
        )
        .await,
        403
    );
    assert_eq!(app.count("kit_assets").await, 0);
}

/// CRC-32 (IEEE), as PNG chunks carry it.
pub(crate) fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for b in bytes {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn short_links_lead_to_a_campaign_s_kit_and_studio() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let c = crate::helpers::client();
    for (link, target) in [
        ("/k/2024", "/bo-nhan-dien?nam=2024"),
        ("/k/2024/khung-anh", "/khung-anh?nam=2024"),
        (
            "/k/2024/p-may-chai",
            "/khung-anh?nam=2024&don-vi=p-may-chai",
        ),
    ] {
        let res = c.get(app.url(link)).send().await.expect("get");
        assert_eq!(res.status().as_u16(), 302, "{link}");
        assert_eq!(res.headers()["location"], target, "{link}");
        let (status, page) = app.get(&c, target).await;
        assert_eq!(status, 200, "{target}");
        assert!(
            page.contains("Ngày Chuyển đổi số quốc gia năm 2024"),
            "{target} shows the 2024 campaign"
        );
    }
    for missing in [
        "/k/1999",
        "/k/2024/khong-co-don-vi",
        "/k/hai-nghin",
        "/bo-nhan-dien?nam=1999",
    ] {
        assert_eq!(app.get(&c, missing).await.0, 404, "{missing}");
    }
}

/// A one-page A4 PDF with a red rectangle.
fn red_pdf() -> Vec<u8> {
    let content = "1 0 0 rg 40 40 515 762 re f";
    format!(
        "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >> endobj\n4 0 obj << /Length {} >> stream\n{content}\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
        content.len()
    )
    .into_bytes()
}

/// A two-second red 640×360 H.264 video, made by ffmpeg (None without it, outside CI).
fn red_mp4() -> Option<Vec<u8>> {
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("red.mp4");
    let made = std::process::Command::new("ffmpeg")
        .args([
            "-nostdin",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "color=c=red:s=640x360:d=2:r=10",
            "-pix_fmt",
            "yuv420p",
            "-movflags",
            "+faststart",
        ])
        .arg(&out)
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        assert!(!crate::helpers::in_ci(), "CI installs ffmpeg");
        return None;
    }
    Some(std::fs::read(&out).expect("the video"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pdf_and_video_files_get_a_thumbnail_made_once() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let Some(video) = red_mp4() else {
        return;
    };
    let office = app.office().await;
    for (title, category, name, bytes) in [
        ("Hướng dẫn in ấn", "guideline", "huong-dan.pdf", red_pdf()),
        ("Video hưởng ứng", "video", "video.mp4", video.clone()),
        // The same video again: stored once, its thumbnail too.
        ("Video (bản sao)", "video", "video-2.mp4", video),
    ] {
        let (status, body) = upload(
            &app,
            &office,
            &[("title", title), ("category", category)],
            Some((name, bytes)),
        )
        .await;
        assert_eq!(status, 303, "{title}: {body}");
    }
    let previews = std::fs::read_dir(app.data_dir.join("files/kit/preview"))
        .expect("previews")
        .count();
    assert_eq!(previews, 2, "one thumbnail per distinct file");
    let citizen = crate::helpers::client();
    let (_, page) = app.get(&citizen, "/bo-nhan-dien").await;
    for title in ["Hướng dẫn in ấn", "Video hưởng ứng"] {
        let card = page
            .split("id=\"asset-")
            .find(|s| s.contains(&format!("<h3>{title}</h3>")))
            .and_then(|s| s.split("</li>").next())
            .expect("the card");
        let src = card
            .split("<img src=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or_else(|| panic!("{title} has a thumbnail: {card}"));
        let res = ok(citizen.get(app.url(src))).await;
        assert!(header(&res, "cache-control").contains("immutable"));
        let img = image::load_from_memory(&res.bytes().await.expect("bytes"))
            .expect("a png")
            .to_rgb8();
        assert!(img.width().max(img.height()) <= 480);
        let centre = img.get_pixel(img.width() / 2, img.height() / 2);
        assert!(
            centre[0] > 200 && centre[1] < 70,
            "{title}: red, {centre:?}"
        );
    }
}

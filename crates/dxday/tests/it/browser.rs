//! A real headless Chromium, driven over WebDriver (chromedriver): open the campaign
//! page, read the theme, log in, reach the admin page.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use dxday_domain::Role;
use fantoccini::{ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

use crate::helpers::{Backend, PASSWORD, spawn_app};

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

use crate::helpers::in_ci;

/// Starts chromedriver, or `None` outside CI when it is not installed.
fn start_chromedriver() -> Option<(Driver, u16)> {
    let path = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    if !std::path::Path::new(&path).exists() {
        assert!(
            !in_ci(),
            "CI must install chromium-driver: the browser test may not be skipped in CI"
        );
        eprintln!(
            "browser test skipped: {path} not found (apt-get install chromium chromium-driver)"
        );
        return None;
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port");
    let child = Command::new(path)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    Some((Driver(child), port))
}

fn screenshot_dir() -> std::path::PathBuf {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screens");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// A WebDriver session on a 360-px Vietnamese phone screen.
async fn phone_browser(port: u16, profile: &std::path::Path) -> fantoccini::Client {
    browser_with(port, profile, None).await
}

/// The same phone, with another user agent (an in-app browser's).
async fn browser_with(
    port: u16,
    profile: &std::path::Path,
    user_agent: Option<&str>,
) -> fantoccini::Client {
    let mut emulation =
        serde_json::json!({ "deviceMetrics": { "width": 360, "height": 780, "pixelRatio": 2.0 } });
    if let Some(ua) = user_agent {
        emulation["userAgent"] = serde_json::Value::String(ua.to_string());
    }
    let caps = serde_json::json!({
        "goog:chromeOptions": {
            // A Vietnamese browser, as the office's users have.
            "prefs": { "intl.accept_languages": "vi-VN,vi" },
            // A 360-px-wide phone screen.
            "mobileEmulation": emulation,
            "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                     "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync", "--window-size=360,800", "--lang=vi",
                     format!("--user-data-dir={}", profile.display())]
        }
    });
    let caps = match caps {
        serde_json::Value::Object(m) => m,
        _ => unreachable!("a JSON object"),
    };
    let url = format!("http://127.0.0.1:{port}");
    let mut client = None;
    for _ in 0..50 {
        match ClientBuilder::new(HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(c) => {
                client = Some(c);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
    client.expect("chromedriver answers")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_reads_the_theme_then_an_official_logs_in_and_sees_the_admin_page() {
    let Some((_driver, port)) = start_chromedriver() else {
        return;
    };
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    app.add_user("lan@vhtt.gov.vn", Role::OfficeStaff, Some("vhtt"))
        .await;
    let profile = tempfile::tempdir().expect("profile dir");
    let b = phone_browser(port, profile.path()).await;
    let result = async {
        b.goto(&app.url("/")).await?;
        let theme = b
            .find(Locator::Css("blockquote.theme"))
            .await?
            .text()
            .await?;
        assert!(
            theme.contains("Phổ cập hạ tầng số và sáng tạo ứng dụng số"),
            "{theme}"
        );
        std::fs::write(screenshot_dir().join("home-360.png"), b.screenshot().await?)
            .expect("write screenshot");
        // The page fits a 360-px phone: nothing scrolls sideways.
        let overflow = b
            .execute(
                "return document.documentElement.scrollWidth > window.innerWidth;",
                vec![],
            )
            .await?;
        assert_eq!(
            overflow,
            serde_json::Value::Bool(false),
            "no horizontal scrolling at 360 px"
        );
        b.find(Locator::LinkText("Đăng nhập"))
            .await?
            .click()
            .await?;
        log_in(&b, "lan@vhtt.gov.vn").await?;
        b.wait().for_element(Locator::Css("ul.tiles")).await?;
        let h1 = b.find(Locator::Css("main h1")).await?.text().await?;
        assert_eq!(h1, "Quản trị");
        assert!(b.current_url().await?.path().ends_with("/quan-tri"));
        std::fs::write(
            screenshot_dir().join("admin-360.png"),
            b.screenshot().await?,
        )
        .expect("write screenshot");
        b.goto(&app.url("/quan-tri/don-vi")).await?;
        b.wait().for_element(Locator::Css("table")).await?;
        let body = b.find(Locator::Css("main")).await?.text().await?;
        assert!(body.contains("Đổng Quốc Bình"));
        // The document form: every field fits a phone.
        b.goto(&app.url("/quan-tri/van-ban/moi")).await?;
        b.wait().for_element(Locator::Id("f-symbol")).await?;
        assert_fits_360(&b).await?;
        std::fs::write(
            screenshot_dir().join("document-form-360.png"),
            b.screenshot().await?,
        )
        .expect("write screenshot");
        Ok::<(), fantoccini::error::CmdError>(())
    }
    .await;
    let _ = b.close().await;
    result.expect("browser steps");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_framed_in_the_browser_matches_the_server_renderer() {
    let Some((_driver, port)) = start_chromedriver() else {
        return;
    };
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let photo_path = dir.path().join("anh-the.jpg");
    let photo = image::RgbImage::from_fn(1600, 1200, |x, y| {
        let wave = 60.0 * ((f64::from(x) / 40.0).sin() * (f64::from(y) / 55.0).cos());
        image::Rgb([
            (40 + x * 170 / 1599) as u8,
            (120.0 + wave) as u8,
            (40 + y * 170 / 1199) as u8,
        ])
    });
    photo.save(&photo_path).expect("save photo");
    let profile = tempfile::tempdir().expect("profile dir");
    let b = phone_browser(port, profile.path()).await;
    let result = async {
        b.goto(&app.url("/khung-anh?don-vi=p-lac-vien")).await?;
        pick_photo(&b, &photo_path).await?;
        // Keyboard control: + zooms in, 0 resets.
        b.find(Locator::Id("stage")).await?.send_keys("+").await?;
        let zoom = b
            .execute(
                "return Number(document.getElementById('zoom').value);",
                vec![],
            )
            .await?;
        assert!(zoom.as_f64().unwrap_or(1.0) > 1.05, "{zoom}");
        b.find(Locator::Id("stage")).await?.send_keys("0").await?;
        b.find(Locator::Id("dl1080")).await?.click().await?;
        b.wait()
            .for_element(Locator::Css("#result-img[src^='blob:']"))
            .await?;
        std::fs::write(
            screenshot_dir().join("studio-360.png"),
            b.screenshot().await?,
        )
        .expect("write screenshot");
        assert_fits_360(&b).await?;
        result_png(&b).await
    }
    .await;
    let _ = b.close().await;
    let browser_png = result.expect("browser steps");
    let photo_bytes = std::fs::read(&photo_path).expect("photo");
    assert_matches_server(&app, &photo_bytes, &browser_png).await;
    // The browser's download was counted for the ward of the link, and nothing else was stored.
    let campaigns = dxday_store::campaigns::list(&app.db)
        .await
        .expect("campaigns");
    let ward = app.unit_id("p-lac-vien").await;
    let mut counted = Vec::new();
    for _ in 0..50 {
        counted = dxday_store::frames::downloads_by_unit(&app.db, campaigns[0].id)
            .await
            .expect("counts");
        if !counted.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(counted, vec![(ward, 1)]);
}

/// Fills in and sends the login form on the page the browser shows.
async fn log_in(b: &fantoccini::Client, email: &str) -> Result<(), fantoccini::error::CmdError> {
    b.find(Locator::Id("f-email"))
        .await?
        .send_keys(email)
        .await?;
    b.find(Locator::Id("f-password"))
        .await?
        .send_keys(PASSWORD)
        .await?;
    b.find(Locator::Css("form.form button[type=submit]"))
        .await?
        .click()
        .await
}

/// Nothing on the page scrolls sideways on a 360-px phone.
async fn assert_fits_360(b: &fantoccini::Client) -> Result<(), fantoccini::error::CmdError> {
    let overflow = b
        .execute(
            "return document.documentElement.scrollWidth > window.innerWidth;",
            vec![],
        )
        .await?;
    assert_eq!(
        overflow,
        serde_json::Value::Bool(false),
        "no horizontal scrolling at 360 px"
    );
    Ok(())
}

/// Chooses a photo in the studio and waits until it is drawn.
async fn pick_photo(
    b: &fantoccini::Client,
    path: &std::path::Path,
) -> Result<(), fantoccini::error::CmdError> {
    b.find(Locator::Id("photo"))
        .await?
        .send_keys(&path.display().to_string())
        .await?;
    for _ in 0..200 {
        if b.execute(
            "return !document.getElementById('dl1080').disabled;",
            vec![],
        )
        .await?
            == serde_json::Value::Bool(true)
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the photo loads and the download button turns on");
}

/// The PNG the studio shows as its result, read back from the page.
async fn result_png(b: &fantoccini::Client) -> Result<Vec<u8>, fantoccini::error::CmdError> {
    let b64 = b
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const img = document.getElementById('result-img');
             img.decode().then(() => {
               const c = document.createElement('canvas');
               c.width = img.naturalWidth; c.height = img.naturalHeight;
               c.getContext('2d').drawImage(img, 0, 0);
               done(c.toDataURL('image/png').split(',')[1]);
             }).catch(e => done('ERR ' + e));",
            vec![],
        )
        .await?;
    Ok(decode_base64(b64.as_str().unwrap_or_default()))
}

/// The browser's 1080² result is the server renderer's for the same photo, frame and
/// (default) placement, within a small tolerance.
async fn assert_matches_server(
    app: &crate::helpers::TestApp,
    photo_bytes: &[u8],
    browser_png: &[u8],
) {
    assert_matches_server_at(
        app,
        photo_bytes,
        browser_png,
        &dxday_media::geometry::Placement::default(),
        1080,
    )
    .await;
}

/// The same for a given placement and size.
async fn assert_matches_server_at(
    app: &crate::helpers::TestApp,
    photo_bytes: &[u8],
    browser_png: &[u8],
    placement: &dxday_media::geometry::Placement,
    size: u32,
) {
    let got = image::load_from_memory(browser_png)
        .expect("the browser made a PNG")
        .into_rgb8();
    assert_eq!(got.dimensions(), (size, size));
    let campaigns = dxday_store::campaigns::list(&app.db)
        .await
        .expect("campaigns");
    let frame_rec = &dxday_store::frames::for_campaign(&app.db, campaigns[0].id, false)
        .await
        .expect("frames")[0];
    let frame_png = dxday_store::frames::png(&app.db, frame_rec.id)
        .await
        .expect("png")
        .expect("frame");
    let frame = dxday_media::frame::Frame::from_png(&frame_png).expect("frame");
    let server = dxday_media::render::render_bytes(
        photo_bytes,
        &frame,
        placement,
        size,
        dxday_media::render::Format::Png,
    )
    .expect("render");
    let want = image::load_from_memory(&server).expect("png").into_rgb8();
    let (mut sum, mut big) = (0.0f64, 0usize);
    for (g, w) in got.pixels().zip(want.pixels()) {
        for c in 0..3 {
            let d = (f64::from(g.0[c]) - f64::from(w.0[c])).abs();
            sum += d;
            if d > 24.0 {
                big += 1;
            }
        }
    }
    let n = f64::from(size) * f64::from(size) * 3.0;
    let mean = sum / n;
    eprintln!("browser vs server: mean |Δ| {mean:.3}, {big} channel values off by more than 24");
    assert!(
        mean < 2.5 && (big as f64) < n / 1000.0,
        "mean |Δ| {mean:.3}, {big} large differences"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_photo_with_exif_orientation_6_is_turned_once_in_the_browser() {
    let Some((_driver, port)) = start_chromedriver() else {
        return;
    };
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    // Stored landscape 1600 × 1200 with "rotate 90° clockwise to display": a portrait
    // photo as phones write it. Distinct corners, so a wrong turn cannot pass.
    let stored = image::RgbImage::from_fn(1600, 1200, |x, y| {
        let wave = 50.0 * ((f64::from(x) / 45.0).sin() * (f64::from(y) / 60.0).cos());
        image::Rgb([
            (20 + x * 200 / 1599) as u8,
            (110.0 + wave) as u8,
            (20 + y * 200 / 1199) as u8,
        ])
    });
    let mut jpeg = Vec::new();
    stored
        .write_to(
            &mut std::io::Cursor::new(&mut jpeg),
            image::ImageFormat::Jpeg,
        )
        .expect("jpeg");
    let mut tiff = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    tiff.extend_from_slice(&[0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01]);
    tiff.extend_from_slice(&6u16.to_be_bytes());
    tiff.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    let mut app1 = b"Exif\x00\x00".to_vec();
    app1.extend_from_slice(&tiff);
    let mut photo_bytes = jpeg[..2].to_vec();
    photo_bytes.extend_from_slice(&[0xFF, 0xE1]);
    photo_bytes.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    photo_bytes.extend_from_slice(&app1);
    photo_bytes.extend_from_slice(&jpeg[2..]);
    let dir = tempfile::tempdir().expect("dir");
    let photo_path = dir.path().join("chan-dung.jpg");
    std::fs::write(&photo_path, &photo_bytes).expect("save photo");
    let profile = tempfile::tempdir().expect("profile dir");
    let b = phone_browser(port, profile.path()).await;
    let result = async {
        b.goto(&app.url("/khung-anh")).await?;
        pick_photo(&b, &photo_path).await?;
        let size = b
            .execute(
                "return document.querySelector('[data-source-size]').dataset.sourceSize;",
                vec![],
            )
            .await?;
        assert_eq!(
            size.as_str(),
            Some("1200x1600"),
            "drawn upright, as a portrait"
        );
        b.find(Locator::Id("dl1080")).await?.click().await?;
        b.wait()
            .for_element(Locator::Css("#result-img[src^='blob:']"))
            .await?;
        result_png(&b).await
    }
    .await;
    let _ = b.close().await;
    let browser_png = result.expect("browser steps");
    assert_matches_server(&app, &photo_bytes, &browser_png).await;
}

/// The studio's placement (zoom, centre x, centre y, turns) as the page reports it.
async fn placement_of(
    b: &fantoccini::Client,
) -> Result<dxday_media::geometry::Placement, fantoccini::error::CmdError> {
    let v = b
        .execute(
            "return document.getElementById('studio').dataset.placement;",
            vec![],
        )
        .await?;
    let parts: Vec<f64> = v
        .as_str()
        .unwrap_or_default()
        .split(',')
        .map(|p| p.parse().expect("a number"))
        .collect();
    Ok(dxday_media::geometry::Placement {
        zoom: parts[0],
        center_x: parts[1],
        center_y: parts[2],
        quarter_turns: parts[3] as u8,
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drag_pinch_and_wheel_place_the_photo_and_the_2048_download_is_that_placement() {
    use fantoccini::actions::{
        InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction, TouchActions,
    };
    let Some((_driver, port)) = start_chromedriver() else {
        return;
    };
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let photo_path = dir.path().join("anh.jpg");
    let photo = image::RgbImage::from_fn(1800, 1200, |x, y| {
        let wave = 60.0 * ((f64::from(x) / 50.0).sin() * (f64::from(y) / 35.0).cos());
        image::Rgb([
            (30 + x * 190 / 1799) as u8,
            (120.0 + wave) as u8,
            (30 + y * 190 / 1199) as u8,
        ])
    });
    photo.save(&photo_path).expect("save photo");
    let profile = tempfile::tempdir().expect("profile dir");
    let b = phone_browser(port, profile.path()).await;
    let result = async {
        b.goto(&app.url("/khung-anh")).await?;
        pick_photo(&b, &photo_path).await?;
        let stage = b.find(Locator::Id("stage")).await?;
        let start = placement_of(&b).await?;
        assert_eq!((start.zoom, start.center_x), (1.0, 0.5));
        // Two fingers moving apart zoom in.
        let finger = |id: &str, dx: f64| {
            TouchActions::new(id.to_string())
                .then(PointerAction::MoveToElement {
                    element: stage.clone(),
                    duration: None,
                    x: dx,
                    y: 0.0,
                })
                .then(PointerAction::Down {
                    button: MOUSE_BUTTON_LEFT,
                })
                .then(PointerAction::MoveBy {
                    duration: Some(Duration::from_millis(200)),
                    x: dx * 2.0,
                    y: 0.0,
                })
                .then(PointerAction::Up {
                    button: MOUSE_BUTTON_LEFT,
                })
        };
        b.perform_actions(vec![finger("finger1", -30.0), finger("finger2", 30.0)])
            .await?;
        let pinched = placement_of(&b).await?;
        assert!(pinched.zoom > 1.3, "a pinch zooms in: {}", pinched.zoom);
        // The wheel zooms out a little.
        b.execute(
            "document.getElementById('stage').dispatchEvent(new WheelEvent('wheel', { deltaY: 120, bubbles: true, cancelable: true }));",
            vec![],
        )
        .await?;
        let wheeled = placement_of(&b).await?;
        assert!(wheeled.zoom < pinched.zoom && wheeled.zoom >= 1.0, "{}", wheeled.zoom);
        // A mouse drag to the right shows more of the photo's left side.
        let drag = MouseActions::new("mouse".to_string())
            .then(PointerAction::MoveToElement {
                element: stage.clone(),
                duration: None,
                x: 0.0,
                y: 0.0,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::MoveBy {
                duration: Some(Duration::from_millis(200)),
                x: 60.0,
                y: 30.0,
            })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            });
        b.perform_actions(drag).await?;
        let dragged = placement_of(&b).await?;
        assert!(dragged.center_x < wheeled.center_x, "{dragged:?}");
        assert!(dragged.center_y < wheeled.center_y, "{dragged:?}");
        b.find(Locator::Id("dl2048")).await?.click().await?;
        b.wait()
            .for_element(Locator::Css("#result-img[src^='blob:']"))
            .await?;
        let png = result_png(&b).await?;
        Ok::<_, fantoccini::error::CmdError>((png, dragged))
    }
    .await;
    let _ = b.close().await;
    let (browser_png, placement) = result.expect("browser steps");
    let photo_bytes = std::fs::read(&photo_path).expect("photo");
    assert_matches_server_at(&app, &photo_bytes, &browser_png, &placement, 2048).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ward_reads_the_dispatch_on_a_phone_and_confirms_receipt() {
    let Some((_driver, port)) = start_chromedriver() else {
        return;
    };
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    app.add_user(
        "dau-moi@lacvien.vn",
        Role::UnitFocalPoint,
        Some("p-lac-vien"),
    )
    .await;
    let seed = dxday_store::documents::find_by_number(&app.db, 1, "VHTT", 2024)
        .await
        .expect("find")
        .expect("seed dispatch");
    let profile = tempfile::tempdir().expect("profile dir");
    let b = phone_browser(port, profile.path()).await;
    let result = async {
        b.goto(&app.url("/dang-nhap?next=/quan-tri/van-ban"))
            .await?;
        log_in(&b, "dau-moi@lacvien.vn").await?;
        b.wait()
            .for_element(Locator::LinkText("01/VHTT"))
            .await?
            .click()
            .await?;
        b.wait().for_element(Locator::Css("section.paper")).await?;
        let text = b.find(Locator::Css("section.paper")).await?.text().await?;
        assert!(
            text.contains("Số: 01/VHTT") && text.contains("Nguyễn Hồng Đại"),
            "{text}"
        );
        assert_fits_360(&b).await?;
        std::fs::write(
            screenshot_dir().join("document-360.png"),
            b.screenshot().await?,
        )
        .expect("write screenshot");
        b.find(Locator::Css("form[action$='/da-nhan'] button"))
            .await?
            .click()
            .await?;
        let flash = b
            .wait()
            .for_element(Locator::Css("p.flash"))
            .await?
            .text()
            .await?;
        assert!(flash.contains("Đã xác nhận"), "{flash}");
        Ok::<(), fantoccini::error::CmdError>(())
    }
    .await;
    let _ = b.close().await;
    result.expect("browser steps");
    let lac_vien = app.unit_id("p-lac-vien").await;
    let d = dxday_store::documents::deliveries(&app.db, seed.id)
        .await
        .expect("deliveries");
    assert!(
        d.iter()
            .any(|x| x.unit_id.0 == lac_vien && x.acknowledged_at.is_some()),
        "the receipt is recorded"
    );
}

/// Zalo's in-app browser on Android, as it announces itself.
const ZALO_UA: &str = "Mozilla/5.0 (Linux; Android 13; SM-A525F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36 Zalo android/12100608 ZaloTheme/light ZaloLanguage/vi";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_zalo_a_20_mp_photo_is_downscaled_then_offered_to_share_and_long_press() {
    let Some((_driver, port)) = start_chromedriver() else {
        return;
    };
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    // 5200 × 3900 = 20.3 MP: above the 16-MP canvas limit of iOS.
    let photo_path = dir.path().join("anh-20mp.jpg");
    let photo = image::RgbImage::from_fn(5200, 3900, |x, y| {
        let wave = 50.0 * ((f64::from(x) / 130.0).sin() * (f64::from(y) / 170.0).cos());
        image::Rgb([
            (30 + x * 180 / 5199) as u8,
            (110.0 + wave) as u8,
            (50 + y * 160 / 3899) as u8,
        ])
    });
    photo.save(&photo_path).expect("save photo");
    let profile = tempfile::tempdir().expect("profile dir");
    let b = browser_with(port, profile.path(), Some(ZALO_UA)).await;
    let result = async {
        b.goto(&app.url("/khung-anh?don-vi=p-cau-tre")).await?;
        pick_photo(&b, &photo_path).await?;
        let size = b
            .execute(
                "return document.querySelector('[data-source-size]').dataset.sourceSize;",
                vec![],
            )
            .await?;
        let size = size.as_str().unwrap_or_default().to_string();
        let (w, h) = size.split_once('x').expect("WxH");
        let (w, h): (u64, u64) = (w.parse().expect("w"), h.parse().expect("h"));
        assert!(w * h <= 16_000_000 && w * h > 15_000_000, "downscaled to {size}");
        assert!((w as f64 / h as f64 - 4.0 / 3.0).abs() < 0.01, "shape kept: {size}");
        // A platform with the Web Share API (Android's in-app browsers have it): record
        // what is shared; and record any attempt to save through <a download>.
        b.execute(
            "window.__shared = null; window.__clicked = false;
             navigator.canShare = function (d) { return !!(d && d.files && d.files.length); };
             navigator.share = function (d) { window.__shared = d.files[0].type + ' ' + d.files[0].name + ' ' + d.files[0].size; return Promise.resolve(); };
             HTMLAnchorElement.prototype.click = function () { window.__clicked = true; };",
            vec![],
        )
        .await?;
        b.find(Locator::Id("dl1080")).await?.click().await?;
        b.wait()
            .for_element(Locator::Css("#result-img[src^='blob:']"))
            .await?;
        let advice = b.find(Locator::Id("inapp-advice")).await?;
        assert!(advice.is_displayed().await?, "the in-app advice shows");
        assert!(advice.text().await?.contains("nhấn giữ vào ảnh"));
        assert!(b.find(Locator::Id("result-img")).await?.is_displayed().await?, "an image to long-press");
        let share = b.find(Locator::Id("share")).await?;
        assert!(share.is_displayed().await?, "the share button shows");
        share.click().await?;
        let shared = b.execute("return window.__shared;", vec![]).await?;
        let shared = shared.as_str().unwrap_or_default().to_string();
        assert!(shared.starts_with("image/png khung-anh-1080.png "), "{shared}");
        let clicked = b.execute("return window.__clicked;", vec![]).await?;
        assert_eq!(clicked, serde_json::Value::Bool(false), "no <a download> in an in-app browser");
        std::fs::write(screenshot_dir().join("studio-zalo-360.png"), b.screenshot().await?)
            .expect("write screenshot");
        result_png(&b).await
    }
    .await;
    let _ = b.close().await;
    let browser_png = result.expect("browser steps");
    let photo_bytes = std::fs::read(&photo_path).expect("photo");
    assert_matches_server(&app, &photo_bytes, &browser_png).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_focal_point_frames_a_zip_of_photos_in_the_browser() {
    let Some((_driver, port)) = start_chromedriver() else {
        return;
    };
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    app.add_user(
        "dau-moi@maychai.vn",
        Role::UnitFocalPoint,
        Some("p-may-chai"),
    )
    .await;
    let dir = tempfile::tempdir().expect("dir");
    let zip_path = dir.path().join("can-bo.zip");
    {
        use std::io::Write;
        let file = std::fs::File::create(&zip_path).expect("zip");
        let mut zip = zip::ZipWriter::new(file);
        for (i, name) in ["Phạm Thu Hà.jpg", "Lê Minh.jpg", "Đỗ Hải.jpg"]
            .iter()
            .enumerate()
        {
            zip.start_file(*name, zip::write::SimpleFileOptions::default())
                .expect("entry");
            let w = 900 + 100 * i as u32;
            zip.write_all(&crate::frames_web::jpeg(w, 1200))
                .expect("write");
        }
        zip.finish().expect("finish");
    }
    let profile = tempfile::tempdir().expect("profile dir");
    let b = phone_browser(port, profile.path()).await;
    let result = async {
        b.goto(&app.url("/dang-nhap?next=/quan-tri/ghep-khung-hang-loat"))
            .await?;
        log_in(&b, "dau-moi@maychai.vn").await?;
        b.wait().for_element(Locator::Id("f-zip")).await?;
        std::fs::write(
            screenshot_dir().join("bulk-form-360.png"),
            b.screenshot().await?,
        )
        .expect("write screenshot");
        b.find(Locator::Id("f-zip"))
            .await?
            .send_keys(&zip_path.display().to_string())
            .await?;
        b.find(Locator::Css("form.form button[type=submit]"))
            .await?
            .click()
            .await?;
        b.wait().for_element(Locator::Css("progress")).await?;
        b.wait()
            .at_most(Duration::from_secs(60))
            .for_element(Locator::Id("job-download"))
            .await?;
        let state = b.find(Locator::Id("job-state")).await?.text().await?;
        assert!(
            state.contains("Đã xong") && state.contains("3/3"),
            "{state}"
        );
        std::fs::write(
            screenshot_dir().join("bulk-done-360.png"),
            b.screenshot().await?,
        )
        .expect("write screenshot");
        assert_fits_360(&b).await?;
        let href = b
            .find(Locator::Id("job-download"))
            .await?
            .attr("href")
            .await?
            .unwrap_or_default();
        Ok::<String, fantoccini::error::CmdError>(href)
    }
    .await;
    let _ = b.close().await;
    let href = result.expect("browser steps");
    assert!(
        href.starts_with("/quan-tri/ghep-khung-hang-loat/") && href.ends_with("/tai-ve"),
        "{href}"
    );
}

pub(crate) fn decode_base64(s: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut buf = 0u32;
    let mut bits = 0;
    for c in s.bytes().filter(|c| *c != b'=') {
        let v = ALPHABET.iter().position(|a| *a == c).expect("base64") as u32;
        buf = (buf << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
            buf &= (1 << bits) - 1;
        }
    }
    out
}

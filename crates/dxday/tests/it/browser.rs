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

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false")
}

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
    let caps = serde_json::json!({
        "goog:chromeOptions": {
            // A Vietnamese browser, as the office's users have.
            "prefs": { "intl.accept_languages": "vi-VN,vi" },
            // A 360-px-wide phone screen.
            "mobileEmulation": { "deviceMetrics": { "width": 360, "height": 780, "pixelRatio": 2.0 } },
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
        b.find(Locator::Id("f-email"))
            .await?
            .send_keys("lan@vhtt.gov.vn")
            .await?;
        b.find(Locator::Id("f-password"))
            .await?
            .send_keys(PASSWORD)
            .await?;
        b.find(Locator::Css("form.form button[type=submit]"))
            .await?
            .click()
            .await?;
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
        b.find(Locator::Id("photo"))
            .await?
            .send_keys(&photo_path.display().to_string())
            .await?;
        let mut ready = false;
        for _ in 0..100 {
            if b.execute(
                "return !document.getElementById('dl1080').disabled;",
                vec![],
            )
            .await?
                == serde_json::Value::Bool(true)
            {
                ready = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(ready, "the photo loads and the download button turns on");
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
        Ok::<String, fantoccini::error::CmdError>(b64.as_str().unwrap_or_default().to_string())
    }
    .await;
    let _ = b.close().await;
    let b64 = result.expect("browser steps");
    let browser_png = decode_base64(&b64);
    let got = image::load_from_memory(&browser_png)
        .expect("the browser made a PNG")
        .into_rgb8();
    assert_eq!(got.dimensions(), (1080, 1080));
    // The same photo through the server's renderer, same frame, same (default) placement.
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
    let photo_bytes = std::fs::read(&photo_path).expect("photo");
    let server = dxday_media::render::render_bytes(
        &photo_bytes,
        &frame,
        &dxday_media::geometry::Placement::default(),
        1080,
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
    let mean = sum / (1080.0 * 1080.0 * 3.0);
    eprintln!("browser vs server: mean |Δ| {mean:.3}, {big} channel values off by more than 24");
    assert!(
        mean < 2.5 && big < 1080 * 1080 * 3 / 1000,
        "mean |Δ| {mean:.3}, {big} large differences"
    );
    // The browser's download was counted for the ward of the link, and nothing else was stored.
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

fn decode_base64(s: &str) -> Vec<u8> {
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

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
    let caps = serde_json::json!({
        "goog:chromeOptions": {
            // A Vietnamese browser, as the office's users have.
            "prefs": { "intl.accept_languages": "vi-VN,vi" },
            // A 360-px-wide phone screen.
            "mobileEmulation": { "deviceMetrics": { "width": 360, "height": 780, "pixelRatio": 2.0 } },
            "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                     "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync", "--window-size=360,800", "--lang=vi",
                     format!("--user-data-dir={}", profile.path().display())]
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
    let b = client.expect("chromedriver answers");
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

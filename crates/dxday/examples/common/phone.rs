//! A phone's browser driven over WebDriver (headless Chromium through chromedriver),
//! shared by the browser tests (`tests/it/browser`) and `bench_studio`.

use std::time::Duration;

use fantoccini::ClientBuilder;
use hyper_util::client::legacy::connect::HttpConnector;

/// A Chrome DevTools command, sent through chromedriver's `goog/cdp/execute`.
#[derive(Debug)]
pub struct Cdp {
    pub method: &'static str,
    pub params: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        let body = serde_json::json!({ "cmd": self.method, "params": self.params });
        (axum::http::Method::POST, Some(body.to_string()))
    }
}

/// A WebDriver session on a Vietnamese phone screen of `size` CSS pixels (two device
/// pixels each), with the phone's own user agent or another (an in-app browser's), and
/// its profile in `profile` (a fresh one when `None`).
pub async fn phone(
    driver_port: u16,
    size: (u32, u32),
    user_agent: Option<&str>,
    profile: Option<&std::path::Path>,
) -> fantoccini::Client {
    let mut emulation = serde_json::json!({ "deviceMetrics": { "width": size.0, "height": size.1, "pixelRatio": 2.0 } });
    if let Some(ua) = user_agent {
        emulation["userAgent"] = serde_json::Value::String(ua.to_string());
    }
    let mut args = vec![
        "--headless".to_string(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-dev-shm-usage".into(),
        "--disable-background-networking".into(),
        "--disable-quic".into(),
        "--no-first-run".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        format!("--window-size={},{}", size.0, size.1 + 20),
        "--lang=vi".into(),
    ];
    if let Some(dir) = profile {
        args.push(format!("--user-data-dir={}", dir.display()));
    }
    let caps = serde_json::json!({
        "goog:chromeOptions": {
            // A Vietnamese browser, as the office's users have.
            "prefs": { "intl.accept_languages": "vi-VN,vi" },
            "mobileEmulation": emulation,
            "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
            "args": args,
        }
    });
    let serde_json::Value::Object(caps) = caps else {
        unreachable!("a JSON object")
    };
    let url = format!("http://127.0.0.1:{driver_port}");
    for _ in 0..50 {
        if let Ok(c) = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            return c;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("chromedriver does not answer on {url}")
}

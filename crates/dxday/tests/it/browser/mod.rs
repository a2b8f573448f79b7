//! A real headless Chromium, driven over WebDriver (chromedriver): open the campaign
//! page, read the theme, log in, reach the admin page.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use dxday_domain::Role;
use fantoccini::Locator;

use crate::helpers::{Backend, PASSWORD, spawn_app};

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

use crate::helpers::in_ci;

#[path = "../../../examples/common/phone.rs"]
mod phone_driver;
use phone_driver::{Cdp, phone};

mod bulk;
mod cockpit;
mod honours;
pub(crate) use bulk::decode_base64;
mod pages;
mod preview;
mod studio;
mod teams;

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
    let port = crate::helpers::free_port();
    let child = Command::new(path)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    Some((Driver(child), port))
}

/// A browser test's parts: chromedriver, dxday on the demo data, and a phone's browser
/// with a fresh profile. `None` outside CI when chromedriver is not installed.
struct Browsing {
    app: crate::helpers::TestApp,
    b: fantoccini::Client,
    _profile: tempfile::TempDir,
    _driver: Driver,
}

/// Starts the parts of a browser test; `user_agent` is an in-app browser's, or the
/// phone's own with `None`.
async fn browse(user_agent: Option<&str>) -> Option<Browsing> {
    browse_on((360, 780), user_agent).await
}

/// The same on a phone screen of `size` CSS pixels.
async fn browse_on(size: (u32, u32), user_agent: Option<&str>) -> Option<Browsing> {
    let (driver, port) = start_chromedriver()?;
    let app = spawn_app(Backend::Sqlite).await?;
    let profile = tempfile::tempdir().expect("profile dir");
    let b = phone(port, size, user_agent, Some(profile.path())).await;
    Some(Browsing {
        app,
        b,
        _profile: profile,
        _driver: driver,
    })
}

impl Browsing {
    /// Closes the browser and gives what the steps found (or fails the test with the
    /// step that failed).
    async fn finish<T>(&self, steps: Result<T, fantoccini::error::CmdError>) -> T {
        let _ = self.b.clone().close().await;
        steps.expect("browser steps")
    }
}

fn screenshot_dir() -> std::path::PathBuf {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screens");
    let _ = std::fs::create_dir_all(&dir);
    dir
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

/// The axe-core violations of the page the browser shows (empty without axe outside CI).
pub(super) async fn axe_violations(
    b: &fantoccini::Client,
    axe: Option<&str>,
) -> Result<Vec<String>, fantoccini::error::CmdError> {
    let Some(axe) = axe else {
        return Ok(Vec::new());
    };
    b.execute(axe, vec![]).await?;
    let v = b
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
               .then(r => done({ passes: r.passes.length, violations: r.violations.map(v => v.id + ' ' + v.nodes.map(n => n.target.join(' ')).join(', ')) }))
               .catch(e => done({ passes: 0, violations: ['axe failed: ' + e] }));",
            vec![],
        )
        .await?;
    assert!(v["passes"].as_u64().unwrap_or(0) > 10, "axe ran its rules");
    let url = b.current_url().await?;
    Ok(v["violations"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|x| format!("{}: {}", url.path(), x.as_str().unwrap_or_default()))
        .collect())
}

/// A residential group `n` of Lạch Tray ward (240 households) with its active team,
/// whose public contact is `contact` (0912 000 00n): the team's id.
pub(super) async fn lach_tray_team(
    app: &crate::helpers::TestApp,
    n: u32,
    contact: &str,
) -> dxday_domain::TeamId {
    let ward = crate::helpers::unit_of(&app.db, "p-lach-tray").await;
    let group = dxday_domain::team::GroupForm {
        code: format!("tdp-{n:02}"),
        name: format!("Tổ dân phố số {n}"),
        households: "240".into(),
        ..Default::default()
    };
    let group =
        dxday_store::teams::insert_group(&app.db, None, ward, &group.parse().expect("group"))
            .await
            .expect("group stored");
    let team = dxday_domain::team::TeamForm {
        group_id: group.to_string(),
        name: format!("Tổ công nghệ số cộng đồng số {n}"),
        contact_name: contact.into(),
        contact_phone: format!("091200000{n}"),
        help_line: "Cài VNeID mức 2, dịch vụ công trực tuyến".into(),
        ..Default::default()
    };
    dxday_store::teams::insert_team(&app.db, None, ward, &team.parse().expect("team"))
        .await
        .expect("team stored")
}

/// Nothing on the page scrolls sideways on a 360-px phone, and nothing is so wide that
/// the phone zooms the page out to show it (its layout viewport stays 360 px wide).
async fn assert_fits_360(b: &fantoccini::Client) -> Result<(), fantoccini::error::CmdError> {
    let widths = b
        .execute(
            "return [window.innerWidth, document.documentElement.scrollWidth];",
            vec![],
        )
        .await?;
    assert_eq!(
        widths,
        serde_json::json!([360, 360]),
        "[viewport, page] width at 360 px"
    );
    Ok(())
}

/// Chooses a photo in the studio and waits until it is drawn.
/// A photo-like test image: colour ramps with a wave, distinct in every corner, so a
/// wrong turn or crop cannot pass a comparison.
fn wave_photo(width: u32, height: u32) -> image::RgbImage {
    let (px, py) = (f64::from(width) / 36.0, f64::from(height) / 28.0);
    image::RgbImage::from_fn(width, height, |x, y| {
        let wave = 55.0 * ((f64::from(x) / px).sin() * (f64::from(y) / py).cos());
        image::Rgb([
            (30 + x * 190 / (width - 1)) as u8,
            (115.0 + wave) as u8,
            (30 + y * 190 / (height - 1)) as u8,
        ])
    })
}

/// A wave photo of `width` × `height` saved as `anh.jpg` in a folder of its own (kept
/// while the folder lives).
fn photo_file(width: u32, height: u32) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("anh.jpg");
    wave_photo(width, height).save(&path).expect("save photo");
    (dir, path)
}

/// A wave photo stored landscape, `width` × `height`, with the EXIF orientation 6
/// ("rotate 90° clockwise to display"): a portrait photo as phones write it, saved as
/// `chan-dung.jpg` in a folder of its own.
fn portrait_photo(width: u32, height: u32) -> (tempfile::TempDir, std::path::PathBuf) {
    photo_with_orientation(width, height, 6)
}

/// The same with any EXIF orientation (1–8).
fn photo_with_orientation(
    width: u32,
    height: u32,
    orientation: u16,
) -> (tempfile::TempDir, std::path::PathBuf) {
    let mut jpeg = Vec::new();
    wave_photo(width, height)
        .write_to(
            &mut std::io::Cursor::new(&mut jpeg),
            image::ImageFormat::Jpeg,
        )
        .expect("jpeg");
    let mut tiff = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    tiff.extend_from_slice(&[0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01]);
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    let mut app1 = b"Exif\x00\x00".to_vec();
    app1.extend_from_slice(&tiff);
    let mut photo = jpeg[..2].to_vec();
    photo.extend_from_slice(&[0xFF, 0xE1]);
    photo.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    photo.extend_from_slice(&app1);
    photo.extend_from_slice(&jpeg[2..]);
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("chan-dung.jpg");
    std::fs::write(&path, &photo).expect("save photo");
    (dir, path)
}

/// Opens the studio with `held` run before the page's own scripts (something held back
/// until the page releases it), and chooses `photo` without waiting for it.
async fn studio_holding(
    b: &fantoccini::Client,
    app: &crate::helpers::TestApp,
    held: &str,
    photo: &std::path::Path,
) -> Result<(), fantoccini::error::CmdError> {
    before_each_page(b, held).await?;
    b.goto(&app.url("/khung-anh")).await?;
    b.find(Locator::Id("photo"))
        .await?
        .send_keys(&photo.display().to_string())
        .await?;
    Ok(())
}

/// Runs `script` in the page every 100 ms until `done` holds for what it returns, for
/// at most 20 s: its last answer.
async fn poll(
    b: &fantoccini::Client,
    script: &str,
    done: impl Fn(&serde_json::Value) -> bool,
) -> Result<serde_json::Value, fantoccini::error::CmdError> {
    let mut answer = serde_json::Value::Null;
    for _ in 0..200 {
        answer = b.execute(script, vec![]).await?;
        if done(&answer) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(answer)
}

/// Runs `release` in the page, then waits for the save button to turn on; whether it did.
async fn release_until_save(
    b: &fantoccini::Client,
    release: &str,
) -> Result<bool, fantoccini::error::CmdError> {
    b.execute(release, vec![]).await?;
    Ok(poll(b, SAVE_IS_ON, |on| *on == true).await? == true)
}

async fn pick_photo(
    b: &fantoccini::Client,
    path: &std::path::Path,
) -> Result<(), fantoccini::error::CmdError> {
    b.find(Locator::Id("photo"))
        .await?
        .send_keys(&path.display().to_string())
        .await?;
    let on = poll(b, SAVE_IS_ON, |on| *on == true).await?;
    assert_eq!(on, true, "the photo loads and the download button turns on");
    Ok(())
}

/// The size of the bitmap the studio draws saves from (`WxH`), or null before it.
async fn source_size(
    b: &fantoccini::Client,
) -> Result<serde_json::Value, fantoccini::error::CmdError> {
    b.execute(
        "return document.getElementById('studio').dataset.sourceSize || null;",
        vec![],
    )
    .await
}

/// Runs `script` in every page the browser opens from now on, before the page's own.
async fn before_each_page(
    b: &fantoccini::Client,
    script: &str,
) -> Result<(), fantoccini::error::CmdError> {
    b.issue_cmd(Cdp {
        method: "Page.addScriptToEvaluateOnNewDocument",
        params: serde_json::json!({ "source": script }),
    })
    .await
    .map(|_| ())
}

/// Whether the studio's 1080-px save button is on, asked of the page.
const SAVE_IS_ON: &str = "return !document.getElementById('dl1080').disabled;";

/// Whether the studio's 1080-px save button is on.
async fn save_is_on(b: &fantoccini::Client) -> Result<bool, fantoccini::error::CmdError> {
    Ok(b.execute(SAVE_IS_ON, vec![]).await? == true)
}

/// Taps "save at 1080 px" and reads back the PNG the studio then shows.
async fn save_1080(b: &fantoccini::Client) -> Result<Vec<u8>, fantoccini::error::CmdError> {
    b.find(Locator::Id("dl1080")).await?.click().await?;
    b.wait()
        .for_element(Locator::Css("#result-img[src^='blob:']"))
        .await?;
    result_png(b).await
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

/// The visible controls of the page that do nothing: a button (or `role=button`) with
/// no click, pointer or key listener of its own that submits no form, a link without
/// a real address, a label for no field. Listeners are read through the DevTools
/// protocol (`DOMDebugger.getEventListeners`), as the browser's own tools show them.
async fn inert_controls(
    b: &fantoccini::Client,
) -> Result<Vec<String>, fantoccini::error::CmdError> {
    let controls = b
        .execute(
            "var out = [], i = 0; \
             document.querySelectorAll('button, [role=button], a, label[for], summary').forEach(function (e) { \
               if (!e.getClientRects().length || getComputedStyle(e).visibility === 'hidden' || e.disabled) return; \
               e.dataset.probe = String(i); \
               var submits = e.tagName === 'BUTTON' && (e.type || 'submit') === 'submit' && !!e.form; \
               var href = e.tagName === 'A' ? (e.getAttribute('href') || '') : null; \
               var forField = e.tagName === 'LABEL' ? !!document.getElementById(e.htmlFor) : null; \
               out.push([i++, e.tagName, e.id || e.textContent.trim().slice(0, 40), submits, href, forField]); \
             }); \
             return out;",
            vec![],
        )
        .await?;
    let mut inert = Vec::new();
    for c in controls.as_array().cloned().unwrap_or_default() {
        let (probe, tag, name) = (c[0].clone(), c[1].as_str().unwrap_or(""), c[2].to_string());
        match tag {
            "A" => {
                let href = c[4].as_str().unwrap_or("");
                if href.is_empty() || href == "#" || href.starts_with("javascript:") {
                    inert.push(format!("link {name}"));
                }
            }
            "LABEL" => {
                if c[5] != true {
                    inert.push(format!("label {name}"));
                }
            }
            "SUMMARY" => {}
            _ if c[3] == true => {}
            _ => {
                let object = b
                    .issue_cmd(Cdp {
                        method: "Runtime.evaluate",
                        params: serde_json::json!({
                            "expression": format!("document.querySelector('[data-probe=\"{probe}\"]')")
                        }),
                    })
                    .await?;
                let id = object["result"]["objectId"].clone();
                let listeners = b
                    .issue_cmd(Cdp {
                        method: "DOMDebugger.getEventListeners",
                        params: serde_json::json!({ "objectId": id }),
                    })
                    .await?;
                let acts = listeners["listeners"].as_array().is_some_and(|l| {
                    l.iter().any(|x| {
                        matches!(
                            x["type"].as_str(),
                            Some("click" | "pointerdown" | "pointerup" | "keydown" | "touchstart")
                        )
                    })
                });
                if !acts {
                    inert.push(format!("button {name}"));
                }
            }
        }
    }
    Ok(inert)
}

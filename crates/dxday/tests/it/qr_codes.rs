//! QR codes read back by an independent decoder (zbarimg, from Debian's zbar-tools):
//! the site's PNG and SVG codes, the printable A4 sheet, and the CLI's files. SVGs are
//! drawn by Chromium first (zbarimg reads raster images).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::helpers::{Backend, spawn_app};

use crate::helpers::in_ci;

/// The decoder, or `None` (outside CI only) when zbar-tools is missing.
fn zbar_available() -> bool {
    let ok = Command::new("zbarimg")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            !in_ci(),
            "CI must install zbar-tools: the QR decoding tests may not be skipped in CI"
        );
        eprintln!("QR decoding skipped: zbarimg (zbar-tools) is not installed");
    }
    ok
}

/// The text zbarimg reads from an image file.
fn decode(path: &Path) -> String {
    let out = Command::new("zbarimg")
        .args(["-q", "--raw", "--nodbus"])
        .arg(path)
        .output()
        .expect("zbarimg runs");
    assert!(
        out.status.success(),
        "zbarimg found no code in {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim_end().to_string()
}

/// The text zbarimg reads from image bytes; `None` outside CI when zbar-tools is
/// missing.
pub(crate) fn decode_bytes(bytes: &[u8]) -> Option<String> {
    if !zbar_available() {
        return None;
    }
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("code.png");
    std::fs::write(&path, bytes).expect("write");
    Some(decode(&path))
}

/// An SVG drawn by headless Chromium into a PNG beside it.
fn draw_svg(svg: &Path) -> PathBuf {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".into());
    let png = svg.with_extension("drawn.png");
    let status = Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=700,700",
        ])
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", svg.display()))
        .output()
        .expect("chromium runs");
    assert!(png.exists(), "chromium drew the SVG: {status:?}");
    png
}

fn chromium_available() -> bool {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".into());
    let ok = Command::new(&chromium)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(!in_ci(), "CI must install chromium");
        eprintln!("SVG decoding skipped: chromium is not installed");
    }
    ok
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_site_s_codes_and_the_a4_sheet_decode_to_the_page_s_address() {
    if !zbar_available() {
        return;
    }
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let expected = format!("{}/bo-nhan-dien", app.base);
    let get = |path: &str| {
        let url = app.url(path);
        async move {
            let res = reqwest::get(url).await.expect("get");
            assert_eq!(res.status().as_u16(), 200);
            res.bytes().await.expect("bytes").to_vec()
        }
    };
    for ec in ["L", "M", "Q", "H"] {
        let png = dir.path().join(format!("code-{ec}.png"));
        std::fs::write(
            &png,
            get(&format!("/qr.png?path=/bo-nhan-dien&ec={ec}&size=600")).await,
        )
        .expect("write");
        assert_eq!(decode(&png), expected, "level {ec}");
    }
    if chromium_available() {
        let svg = dir.path().join("code.svg");
        std::fs::write(&svg, get("/qr.svg?path=/bo-nhan-dien").await).expect("write");
        assert_eq!(decode(&draw_svg(&svg)), expected);
    }
    // The printable sheet: A4 at 300 dpi, marked as 300 dpi, the code readable.
    let sheet = get("/qr-a4.png?path=/bo-nhan-dien&ec=Q").await;
    let decoder = png::Decoder::new(std::io::Cursor::new(sheet.clone()));
    let reader = decoder.read_info().expect("a PNG");
    let info = reader.info();
    assert_eq!((info.width, info.height), (2480, 3508));
    let dims = info.pixel_dims.expect("pHYs");
    assert_eq!((dims.xppu, dims.yppu), (11_811, 11_811), "300 dpi");
    let a4 = dir.path().join("a4.png");
    std::fs::write(&a4, sheet).expect("write");
    assert_eq!(decode(&a4), expected);
    // Only this site's pages.
    let res = reqwest::get(app.url("/qr-a4.png?path=https://evil.example/"))
        .await
        .expect("get");
    assert_eq!(res.status().as_u16(), 400);
}

#[test]
fn the_cli_writes_codes_of_any_text_that_decode_back() {
    if !zbar_available() {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let text = "https://dx.gov.vn/bo-nhan-dien-ngay-chuyen-doi-so-quoc-gia-2024.htm";
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_dxday"))
            .arg("qr")
            .args(args)
            .output()
            .expect("run")
    };
    let png = dir.path().join("kit.png");
    let res = run(&[
        text,
        "--ec",
        "H",
        "--size",
        "800",
        "--out",
        png.to_str().expect("utf-8"),
    ]);
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    assert_eq!(decode(&png), text);
    let img = image::open(&png).expect("png");
    assert_eq!(
        (img.width(), img.height()),
        (800, 800),
        "the size asked for"
    );
    let a4 = dir.path().join("a4.png");
    let res = run(&[
        text,
        "--a4",
        "--title",
        "Bộ nhận diện Ngày Chuyển đổi số quốc gia năm 2024",
        "--out",
        a4.to_str().expect("utf-8"),
    ]);
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    assert_eq!(decode(&a4), text);
    if chromium_available() {
        let svg = dir.path().join("kit.svg");
        let res = run(&[text, "--out", svg.to_str().expect("utf-8")]);
        assert!(res.status.success());
        assert_eq!(decode(&draw_svg(&svg)), text);
    }
    for (args, message) in [
        (
            vec![text, "--out", "/tmp/x.gif"],
            "--out must end in .png or .svg",
        ),
        (
            vec![text, "--ec", "Z", "--out", "/tmp/x.png"],
            "--ec must be L, M, Q or H",
        ),
        (
            vec![text, "--size", "10", "--out", "/tmp/x.png"],
            "--size must be between 64 and 4096",
        ),
    ] {
        let res = run(&args);
        assert!(!res.status.success());
        let err = String::from_utf8_lossy(&res.stderr);
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(err.contains(message), "{err}");
    }
}

#[test]
fn the_vietqr_cli_builds_published_payloads_that_decode_back_and_reads_them() {
    let dir = tempfile::tempdir().expect("dir");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_dxday"))
            .arg("vietqr")
            .args(args)
            .output()
            .expect("run")
    };
    // The subiz/vietqr README's example: 120.000 đ to VietinBank 0011001932418.
    let published = "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813ung ho lu lut6304C15C";
    let png = dir.path().join("vietqr.png");
    let svg = dir.path().join("vietqr.svg");
    let res = run(&[
        "--bin",
        "970415",
        "--account",
        "0011001932418",
        "--amount",
        "120.000",
        "--purpose",
        "ủng hộ lũ lụt",
        "--png",
        png.to_str().expect("utf-8"),
        "--svg",
        svg.to_str().expect("utf-8"),
    ]);
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&res.stdout).trim(), published);
    if zbar_available() {
        assert_eq!(decode(&png), published);
        if chromium_available() {
            assert_eq!(decode(&draw_svg(&svg)), published);
        }
    }
    // Read back: the fields as JSON, with the bank's name.
    let res = run(&["--parse", published]);
    assert!(res.status.success());
    let json: serde_json::Value = serde_json::from_slice(&res.stdout).expect("JSON on stdout");
    assert_eq!(json["bin"], "970415");
    assert_eq!(json["bank"], "VietinBank");
    assert_eq!(json["account"], "0011001932418");
    assert_eq!(json["amount"], 120000);
    assert_eq!(json["purpose"], "ung ho lu lut");
    assert_eq!(json["service"], "QRIBFTTA");
    // The NAPAS specification's example for a card, and a code issued by
    // KienlongBank's payment gateway (sources in dxday-domain's vietqr tests).
    for (payload, bank, account, service, amount, bill, purpose) in [
        (
            "00020101021238600010A00000072701300006970403011697040311012345670208QRIBFTTC530370454061800005802VN62340107NPS68690819thanh toan don hang6304A203",
            "Sacombank",
            "9704031101234567",
            "QRIBFTTC",
            180_000,
            serde_json::json!("NPS6869"),
            "thanh toan don hang",
        ),
        (
            "00020101021238610010A000000727013100069704520117103722120867470840208QRIBFTTA530370454031235802VN62220818TT Don hang 12345663046352",
            "KienlongBank",
            "10372212086747084",
            "QRIBFTTA",
            123,
            serde_json::Value::Null,
            "TT Don hang 123456",
        ),
    ] {
        let res = run(&["--parse", payload]);
        assert!(
            res.status.success(),
            "{}",
            String::from_utf8_lossy(&res.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&res.stdout).expect("JSON");
        assert_eq!(json["bank"], bank);
        assert_eq!(json["account"], account);
        assert_eq!(json["service"], service);
        assert_eq!(json["amount"], amount);
        assert_eq!(json["bill_number"], bill);
        assert_eq!(json["purpose"], purpose);
    }
    // Bad input: one line, a failure, no file written.
    let wrong_crc = format!("{}C15D", &published[..published.len() - 4]);
    let not_written = dir.path().join("not.png");
    for (args, message) in [
        (
            vec!["--parse", wrong_crc.as_str()],
            "CRC (tag 63) at position",
        ),
        (
            vec!["--parse", &published[..60]],
            "truncated data object at position 12",
        ),
        (
            vec![
                "--bin",
                "123456",
                "--account",
                "0011001932418",
                "--png",
                not_written.to_str().expect("utf-8"),
            ],
            "not in the NAPAS member list",
        ),
        (
            vec![
                "--bin",
                "970415",
                "--account",
                "00110A1932418",
                "--png",
                not_written.to_str().expect("utf-8"),
            ],
            "the account number must be 6 to 19 digits",
        ),
        (
            vec![
                "--bin",
                "970415",
                "--account",
                "0011001932418",
                "--amount",
                "mười nghìn",
            ],
            "--amount must be a whole number of đồng",
        ),
    ] {
        let res = run(&args);
        assert!(!res.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&res.stderr);
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(err.contains(message), "{message}: {err}");
    }
    assert!(!not_written.exists(), "no code made from a bad account");
}

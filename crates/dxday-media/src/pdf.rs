//! PDF of a DOCX through LibreOffice (`soffice --headless --convert-to pdf`), when it
//! is installed. Each conversion gets its own LibreOffice profile, so conversions may
//! run side by side.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::MediaError;

/// The LibreOffice command: `$DXDAY_SOFFICE`, else `soffice` on the PATH.
fn soffice() -> PathBuf {
    std::env::var_os("DXDAY_SOFFICE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("soffice"))
}

/// True when LibreOffice can be started. Asked once per process (starting it takes a
/// while, and document pages ask on every view).
pub fn available() -> bool {
    static AVAILABLE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        Command::new(soffice())
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// A DOCX file turned into PDF by LibreOffice (Writer).
pub fn from_docx(docx: &[u8]) -> Result<Vec<u8>, MediaError> {
    convert(docx, "docx")
}

/// An XLSX workbook turned into PDF by LibreOffice (Calc: `libreoffice-calc-nogui`).
pub fn from_xlsx(xlsx: &[u8]) -> Result<Vec<u8>, MediaError> {
    convert(xlsx, "xlsx")
}

/// Converts an office file (given its extension) to PDF bytes in a private profile.
fn convert(input_bytes: &[u8], extension: &str) -> Result<Vec<u8>, MediaError> {
    // One conversion at a time per process: each LibreOffice start takes a few hundred
    // MB, and instances started at the same moment have been seen to abort.
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let fail = |what: String| MediaError::Encode(format!("PDF: {what}"));
    let dir = tempfile::tempdir().map_err(|e| fail(e.to_string()))?;
    let input = dir.path().join(format!("van-ban.{extension}"));
    std::fs::write(&input, input_bytes).map_err(|e| fail(e.to_string()))?;
    let profile = dir.path().join("profile");
    let output = Command::new(soffice())
        .arg("--headless")
        .arg("--norestore")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .arg("--convert-to")
        .arg("pdf")
        .arg("--outdir")
        .arg(dir.path())
        .arg(&input)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            fail(format!(
                "cannot start LibreOffice ({e}); install it: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui fonts-liberation2"
            ))
        })?;
    let pdf = dir.path().join("van-ban.pdf");
    match std::fs::read(&pdf) {
        Ok(bytes) if output.status.success() => Ok(bytes),
        _ => Err(fail(format!(
            "LibreOffice did not convert the document: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ))),
    }
}

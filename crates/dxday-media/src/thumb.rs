//! Thumbnails of the kit's PDF and MP4 files, made once at upload: the PDF's first
//! page by poppler's `pdftoppm`, a representative frame of the video by `ffmpeg`
//! (Debian's poppler-utils and ffmpeg). Each runs as its own process on a private copy
//! of the file, under a time limit, and its output is decoded again within the kit's
//! limits: a hostile file can at worst give no thumbnail. Without the tool there is no
//! thumbnail, and the pages show the file's format instead.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::kit::{AssetFormat, PREVIEW_SIDE, preview_png};

/// Longest a thumbnail tool may run.
const TIME_LIMIT: Duration = Duration::from_secs(20);

/// A thumbnail (PNG, at most 480 px a side) of a PDF's first page, when `pdftoppm`
/// is installed and can render it.
pub fn pdf(bytes: &[u8]) -> Option<Vec<u8>> {
    run(bytes, "pdf", |input, output| {
        let mut c = Command::new("pdftoppm");
        c.args(["-png", "-f", "1", "-l", "1", "-singlefile", "-scale-to"])
            .arg(PREVIEW_SIDE.to_string())
            .arg(input)
            // pdftoppm adds the extension itself.
            .arg(output.with_extension(""));
        c
    })
}

/// A thumbnail (PNG, at most 480 px a side) of a representative frame of a video,
/// when `ffmpeg` is installed and can decode it.
pub fn video(bytes: &[u8]) -> Option<Vec<u8>> {
    run(bytes, "mp4", |input, output| {
        let mut c = Command::new("ffmpeg");
        c.args(["-nostdin", "-v", "error", "-threads", "1", "-i"])
            .arg(input)
            .args([
                "-vf",
                &format!(
                    "thumbnail=30,scale=w='min({PREVIEW_SIDE},iw)':h='min({PREVIEW_SIDE},ih)':force_original_aspect_ratio=decrease"
                ),
                "-frames:v",
                "1",
                "-f",
                "image2",
            ])
            .arg(output);
        c
    })
}

/// Writes `bytes` to a private folder, runs the tool on it (killed past the time
/// limit) and reads its PNG back through the kit's decoder.
fn run(
    bytes: &[u8],
    extension: &str,
    command: impl FnOnce(&Path, &Path) -> Command,
) -> Option<Vec<u8>> {
    let dir = tempfile::tempdir().ok()?;
    let input = dir.path().join(format!("in.{extension}"));
    let output = dir.path().join("out.png");
    std::fs::write(&input, bytes).ok()?;
    let mut cmd = command(&input, &output);
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > TIME_LIMIT => {
                let _ = child.kill();
                let _ = child.wait();
                tracing::warn!(extension, "thumbnail tool took too long; killed");
                return None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(_) => return None,
        }
    };
    if !status.success() {
        return None;
    }
    let png = std::fs::read(&output).ok()?;
    preview_png(&png, AssetFormat::Png).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-page A4 PDF with a red rectangle.
    fn red_pdf() -> Vec<u8> {
        let content = "1 0 0 rg 40 40 515 762 re f";
        format!(
            "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >> endobj\n4 0 obj << /Length {} >> stream\n{content}\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
            content.len()
        )
        .into_bytes()
    }

    #[test]
    fn a_pdf_s_first_page_becomes_a_thumbnail() {
        let Some(png) = pdf(&red_pdf()) else {
            assert!(
                std::env::var("CI").map_or(true, |v| v.is_empty() || v == "false"),
                "CI installs poppler-utils"
            );
            return;
        };
        let img = image::load_from_memory(&png).expect("a png").to_rgb8();
        assert_eq!(img.height(), PREVIEW_SIDE);
        assert!(img.width() < PREVIEW_SIDE, "A4 is taller than wide");
        let centre = img.get_pixel(img.width() / 2, img.height() / 2);
        assert!(centre[0] > 200 && centre[1] < 60, "red: {centre:?}");
    }

    #[test]
    fn a_file_the_tool_cannot_read_gives_no_thumbnail() {
        assert_eq!(pdf(b"%PDF-1.4\nnot really\n%%EOF\n"), None);
        assert_eq!(video(b"\x00\x00\x00\x18ftypmp42 broken"), None);
    }
}

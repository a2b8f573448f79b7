//! Images and files people upload to keep (identity-kit assets, display evidence
//! photos): checked from their content (format, size, pixel size read from the header
//! before anything is decoded), given a preview, and stored once per content.
//!
//! The checks are CPU work: the web runs them on its work pool, the CLI in place.

use dxday_media::MediaError;
use dxday_media::kit::{self, AssetFormat};
use dxday_store::StoreError;
use dxday_store::files::Files;

use crate::frames::sha256_hex;

/// A file as checked, ready to store.
pub struct Checked {
    pub format: AssetFormat,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// What is kept: the upload, or an SVG as usvg writes it again (static drawing only).
    pub bytes: Vec<u8>,
    pub preview: Option<Vec<u8>>,
}

/// Checks an identity-kit file and makes its preview once: raster images scaled down,
/// a PDF's first page, a video's representative frame, an SVG drawn by resvg.
pub fn check_kit_file(bytes: Vec<u8>) -> Result<Checked, MediaError> {
    let inspected = kit::inspect(&bytes)?;
    let bytes = match inspected.format {
        AssetFormat::Svg => dxday_media::svg::clean(&bytes)?,
        _ => bytes,
    };
    let preview = match inspected.format {
        f @ (AssetFormat::Png | AssetFormat::Jpeg | AssetFormat::Webp) => {
            Some(kit::preview_png(&bytes, f)?)
        }
        AssetFormat::Pdf => dxday_media::thumb::pdf(&bytes),
        AssetFormat::Mp4 => dxday_media::thumb::video(&bytes),
        AssetFormat::Svg => Some(dxday_media::svg::preview_png(&bytes, kit::PREVIEW_SIDE)?),
    };
    Ok(Checked {
        format: inspected.format,
        width: inspected.width,
        height: inspected.height,
        bytes,
        preview,
    })
}

/// Checks a scanned document: a PDF by its content, kept as it is (no preview).
pub fn check_pdf(bytes: Vec<u8>) -> Result<Checked, MediaError> {
    let inspected = kit::inspect(&bytes)?;
    if inspected.format != AssetFormat::Pdf {
        return Err(MediaError::UnsupportedFormat);
    }
    Ok(Checked {
        format: inspected.format,
        width: None,
        height: None,
        bytes,
        preview: None,
    })
}

/// Checks a photo (PNG, JPEG, WebP within the photo limits: 25 MB, 50 MP) and makes
/// its preview.
pub fn check_photo(bytes: Vec<u8>) -> Result<Checked, MediaError> {
    let inspected = kit::inspect(&bytes)?;
    if !inspected.format.is_raster() {
        return Err(MediaError::UnsupportedFormat);
    }
    let preview = kit::preview_png_within(&bytes, inspected.format, &dxday_media::Limits::PHOTO)?;
    Ok(Checked {
        format: inspected.format,
        width: inspected.width,
        height: inspected.height,
        bytes,
        preview: Some(preview),
    })
}

/// The message (an i18n key) for a file the check refused; `unsupported` names the
/// formats this upload takes.
pub fn refusal(err: &MediaError, unsupported: &'static str) -> &'static str {
    match err {
        MediaError::UnsupportedFormat => unsupported,
        MediaError::Corrupt(_) => "err-kit-corrupt",
        other => other.key(),
    }
}

/// Where a checked file and its preview were stored.
pub struct Stored {
    pub format: AssetFormat,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub size: i64,
    pub sha256: String,
    pub key: String,
    pub preview_key: Option<String>,
}

/// An identity-kit file as the store keeps it.
impl From<Stored> for dxday_store::kit::StoredFile {
    fn from(s: Stored) -> Self {
        dxday_store::kit::StoredFile {
            format: s.format.as_str().into(),
            file_key: s.key,
            preview_key: s.preview_key,
            sha256: s.sha256,
            size: s.size,
            width: s.width.map(i64::from),
            height: s.height.map(i64::from),
        }
    }
}

/// Stores a checked file as `{prefix}/{sha256}.{ext}` and its preview as
/// `{prefix}/preview/{sha256}.png`, once each however often the same file comes.
pub async fn store(files: &Files, prefix: &str, c: Checked) -> Result<Stored, StoreError> {
    let size = c.bytes.len() as i64;
    let sha256 = sha256_hex(&c.bytes);
    let key = format!("{prefix}/{sha256}.{}", c.format.as_str());
    files.put_once(&key, c.bytes).await?;
    let preview_key = match c.preview {
        Some(p) => {
            let key = format!("{prefix}/preview/{sha256}.png");
            files.put_once(&key, p).await?;
            Some(key)
        }
        None => None,
    };
    Ok(Stored {
        format: c.format,
        width: c.width,
        height: c.height,
        size,
        sha256,
        key,
        preview_key,
    })
}

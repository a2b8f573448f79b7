//! Probing and decoding within limits, with EXIF orientation applied once.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};

use crate::orient::Transform;
use crate::{Limits, MediaError};

/// What a file is, read from its header only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Probe {
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
}

/// Reads format and size from the header and checks them against `limits`; no
/// pixel is decoded, so a decompression bomb is refused here.
pub fn probe(bytes: &[u8], limits: &Limits) -> Result<Probe, MediaError> {
    if bytes.is_empty() {
        return Err(MediaError::Empty);
    }
    if bytes.len() > limits.max_bytes {
        return Err(MediaError::TooManyBytes {
            bytes: bytes.len(),
            max: limits.max_bytes,
        });
    }
    if is_heif(bytes) {
        return Err(MediaError::Heic);
    }
    let format = match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png)) => f,
        _ => return Err(MediaError::UnsupportedFormat),
    };
    if format == ImageFormat::Jpeg && !jpeg_is_complete(bytes) {
        return Err(MediaError::Corrupt(
            "the JPEG ends before its end-of-image marker".into(),
        ));
    }
    let reader = ImageReader::with_format(Cursor::new(bytes), format);
    let (width, height) = reader
        .into_dimensions()
        .map_err(|e| MediaError::Corrupt(e.to_string()))?;
    if !limits.fits(width, height) {
        return Err(MediaError::TooManyPixels { width, height });
    }
    Ok(Probe {
        format,
        width,
        height,
    })
}

/// True when an end-of-image marker follows the last start-of-scan. The decoder would
/// fill a cut-off photo with grey; a truncated upload must be refused instead.
/// (An EXIF thumbnail has its own markers, but it sits before the main image's scans.)
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let last_sos = bytes.windows(2).rposition(|w| w == [0xFF, 0xDA]);
    match last_sos {
        Some(i) => bytes[i..].windows(2).any(|w| w == [0xFF, 0xD9]),
        None => false,
    }
}

/// HEIC/HEIF/AVIF files start with an ISO-BMFF `ftyp` box.
fn is_heif(bytes: &[u8]) -> bool {
    bytes.len() >= 12
        && &bytes[4..8] == b"ftyp"
        && matches!(
            &bytes[8..12],
            b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" | b"mif1" | b"msf1" | b"avif"
        )
}

/// Decodes an image within `limits` and turns it upright by its EXIF orientation
/// (exactly once: the returned pixels are in display orientation).
pub fn decode_upright(bytes: &[u8], limits: &Limits) -> Result<DynamicImage, MediaError> {
    let probe = probe(bytes, limits)?;
    let (mut img, orientation) = decode_general(bytes, probe.format, limits)?;
    img.apply_orientation(orientation);
    Ok(img)
}

/// The image crate's decoder for any format, within `limits`: the pixels as stored
/// and their EXIF orientation.
fn decode_general(
    bytes: &[u8],
    format: ImageFormat,
    limits: &Limits,
) -> Result<(DynamicImage, image::metadata::Orientation), MediaError> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(decoder_limits(limits));
    let mut decoder = reader.into_decoder().map_err(corrupt)?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let img = DynamicImage::from_decoder(decoder).map_err(corrupt)?;
    Ok((img, orientation))
}

fn decoder_limits(limits: &Limits) -> image::Limits {
    let mut l = image::Limits::default();
    l.max_image_width = Some(limits.max_width);
    l.max_image_height = Some(limits.max_height);
    l.max_alloc = Some(limits.max_alloc());
    l
}

fn corrupt(e: image::ImageError) -> MediaError {
    match e {
        image::ImageError::Limits(_) => MediaError::TooManyPixels {
            width: 0,
            height: 0,
        },
        image::ImageError::Unsupported(_) => MediaError::UnsupportedFormat,
        other => MediaError::Corrupt(other.to_string()),
    }
}

/// A photo as stored in its file (not yet upright), perhaps decoded at a reduced scale.
pub struct Stored {
    /// The pixels, `full` or smaller by a power of two.
    pub img: DynamicImage,
    /// The stored size at full scale.
    pub full: (u32, u32),
    /// What turns the stored photo upright (from EXIF).
    pub upright: Transform,
}

/// Decodes a photo within `limits` without turning it upright. A JPEG is decoded
/// directly at the smallest power-of-two reduction (1/2, 1/4, 1/8) that still gives
/// at least the size `need` returns for the full stored size and EXIF transform, so a
/// 12-MP photo framed at 1080 px is never decoded at 12 MP.
pub fn decode_stored(
    bytes: &[u8],
    limits: &Limits,
    need: impl FnOnce((u32, u32), Transform) -> (u32, u32),
) -> Result<Stored, MediaError> {
    let probe = probe(bytes, limits)?;
    if probe.format == ImageFormat::Jpeg
        && let Some(stored) = decode_jpeg_scaled(bytes, limits, (probe.width, probe.height), need)?
    {
        return Ok(stored);
    }
    let (img, orientation) = decode_general(bytes, probe.format, limits)?;
    Ok(Stored {
        full: (img.width(), img.height()),
        img,
        upright: Transform::from_exif(u32::from(orientation.to_exif())),
    })
}

/// `Ok(None)` when the JPEG needs the general decoder (CMYK).
///
/// libjpeg-turbo (through mozjpeg) decodes straight to the smallest size the render
/// needs: its IDCT scales by n/8 (n = 1…8) while decoding, which is faster and smaller
/// than decoding all 12 MP and resizing. Its errors unwind; they are caught here.
fn decode_jpeg_scaled(
    bytes: &[u8],
    _limits: &Limits,
    full: (u32, u32),
    need: impl FnOnce((u32, u32), Transform) -> (u32, u32),
) -> Result<Option<Stored>, MediaError> {
    let run = std::panic::AssertUnwindSafe(move || -> std::io::Result<Option<Stored>> {
        use mozjpeg::{ColorSpace, Decompress, Marker};
        let mut d = Decompress::builder()
            .with_markers(&[Marker::APP(1)])
            .from_mem(bytes)?;
        if matches!(d.color_space(), ColorSpace::JCS_CMYK | ColorSpace::JCS_YCCK) {
            return Ok(None);
        }
        let orientation = d
            .markers()
            .find(|m| m.marker == Marker::APP(1) && m.data.starts_with(b"Exif\0\0"))
            .map_or(1, |m| exif_orientation(&m.data[6..]));
        let upright = Transform::from_exif(orientation);
        let (rw, rh) = need(full, upright);
        let scaled = |v: u32, n: u32| (u64::from(v) * u64::from(n)).div_ceil(8);
        let n = (1..=8u32)
            .find(|&n| scaled(full.0, n) >= u64::from(rw) && scaled(full.1, n) >= u64::from(rh))
            .unwrap_or(8);
        d.scale(n as u8);
        let mut started = d.rgb()?;
        let (w, h) = (started.width() as u32, started.height() as u32);
        let pixels = started.read_scanlines::<u8>()?;
        started.finish()?;
        Ok(image::RgbImage::from_raw(w, h, pixels).map(|img| Stored {
            img: DynamicImage::ImageRgb8(img),
            full,
            upright,
        }))
    });
    match std::panic::catch_unwind(run) {
        Ok(Ok(Some(stored))) => Ok(Some(stored)),
        Ok(Ok(None)) => Ok(None),
        Ok(Err(e)) => Err(MediaError::Corrupt(e.to_string())),
        Err(panic) => Err(MediaError::Corrupt(
            panic
                .downcast_ref::<String>()
                .cloned()
                .unwrap_or_else(|| "JPEG decoding failed".into()),
        )),
    }
}

/// The orientation tag (1–8) of raw EXIF data, or 1.
fn exif_orientation(raw: &[u8]) -> u32 {
    exif::Reader::new()
        .read_raw(raw.to_vec())
        .ok()
        .and_then(|e| {
            e.get_field(exif::Tag::Orientation, exif::In::PRIMARY)
                .and_then(|f| f.value.get_uint(0))
        })
        .filter(|o| (1..=8).contains(o))
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let img = image::RgbaImage::from_pixel(width, height, image::Rgba([10, 20, 30, 255]));
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .expect("encode");
        out
    }

    /// A PNG whose header claims `width`×`height` but whose data is tiny.
    fn bomb_header(width: u32, height: u32) -> Vec<u8> {
        let mut b = png(1, 1);
        b[16..20].copy_from_slice(&width.to_be_bytes());
        b[20..24].copy_from_slice(&height.to_be_bytes());
        // Fix the IHDR CRC so the header itself is valid.
        let crc = crc32(&b[12..29]);
        b[29..33].copy_from_slice(&crc.to_be_bytes());
        b
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &byte in data {
            crc ^= u32::from(byte);
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

    #[test]
    fn a_decompression_bomb_is_refused_from_its_header() {
        let b = bomb_header(30_000, 30_000);
        assert_eq!(
            probe(&b, &Limits::PHOTO),
            Err(MediaError::TooManyPixels {
                width: 30_000,
                height: 30_000
            })
        );
        assert!(matches!(
            decode_upright(&b, &Limits::PHOTO),
            Err(MediaError::TooManyPixels { .. })
        ));
    }

    #[test]
    fn empty_oversized_foreign_and_truncated_inputs_are_refused() {
        assert_eq!(probe(&[], &Limits::PHOTO), Err(MediaError::Empty));
        let big = vec![0u8; Limits::FRAME.max_bytes + 1];
        assert!(matches!(
            probe(&big, &Limits::FRAME),
            Err(MediaError::TooManyBytes { .. })
        ));
        assert_eq!(
            probe(b"%PDF-1.7 not an image", &Limits::PHOTO),
            Err(MediaError::UnsupportedFormat)
        );
        let mut heic = vec![0, 0, 0, 24];
        heic.extend_from_slice(b"ftypheic");
        heic.extend_from_slice(&[0; 16]);
        assert_eq!(probe(&heic, &Limits::PHOTO), Err(MediaError::Heic));
        let mut jpeg = Vec::new();
        image::RgbImage::new(64, 64)
            .write_to(&mut Cursor::new(&mut jpeg), ImageFormat::Jpeg)
            .expect("jpeg");
        assert!(decode_upright(&jpeg, &Limits::PHOTO).is_ok());
        assert!(
            matches!(
                decode_upright(&jpeg[..jpeg.len() - 40], &Limits::PHOTO),
                Err(MediaError::Corrupt(_))
            ),
            "a truncated JPEG"
        );
        let good = png(64, 64);
        let truncated = &good[..good.len() / 2];
        assert!(matches!(
            decode_upright(truncated, &Limits::PHOTO),
            Err(MediaError::Corrupt(_))
        ));
        assert_eq!(
            decode_upright(&good, &Limits::PHOTO).map(|i| (i.width(), i.height())),
            Ok((64, 64))
        );
    }
}

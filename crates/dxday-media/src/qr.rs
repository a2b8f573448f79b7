//! QR codes as SVG or PNG, with a chosen error-correction level and a quiet zone.

use image::Luma;
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

use crate::MediaError;

/// Error correction: M suits screens, Q or H printed and partly covered codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Correction {
    Low,
    Medium,
    Quartile,
    High,
}

impl Correction {
    /// Parses `L`, `M`, `Q` or `H`.
    pub fn parse(s: &str) -> Option<Correction> {
        match s.trim().to_ascii_uppercase().as_str() {
            "L" => Some(Correction::Low),
            "M" | "" => Some(Correction::Medium),
            "Q" => Some(Correction::Quartile),
            "H" => Some(Correction::High),
            _ => None,
        }
    }

    pub(crate) fn level(self) -> EcLevel {
        match self {
            Correction::Low => EcLevel::L,
            Correction::Medium => EcLevel::M,
            Correction::Quartile => EcLevel::Q,
            Correction::High => EcLevel::H,
        }
    }
}

fn code(text: &str, ec: Correction) -> Result<QrCode, MediaError> {
    QrCode::with_error_correction_level(text.as_bytes(), ec.level())
        .map_err(|e| MediaError::Encode(format!("QR: {e}")))
}

/// An SVG QR code (4-module quiet zone), scalable.
pub fn svg(text: &str, ec: Correction) -> Result<String, MediaError> {
    Ok(code(text, ec)?
        .render::<svg::Color<'_>>()
        .quiet_zone(true)
        .min_dimensions(256, 256)
        .build())
}

/// A PNG QR code exactly `size` pixels wide (whole-pixel modules, centred, the quiet
/// zone and any margin white).
pub fn png(text: &str, ec: Correction, size: u32) -> Result<Vec<u8>, MediaError> {
    let size = size.clamp(64, 4096);
    // One pixel a module, then whole-pixel modules as large as fit, centred on a white
    // square of exactly `size` (never smaller than the code at one pixel a module).
    let base = code(text, ec)?
        .render::<Luma<u8>>()
        .quiet_zone(true)
        .module_dimensions(1, 1)
        .build();
    let k = (size / base.width().max(1)).max(1);
    let side = base.width() * k;
    let big = image::imageops::resize(&base, side, side, image::imageops::FilterType::Nearest);
    let canvas_side = size.max(side);
    let mut img = image::GrayImage::from_pixel(canvas_side, canvas_side, Luma([255]));
    let offset = i64::from((canvas_side - side) / 2);
    image::imageops::replace(&mut img, &big, offset, offset);
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .map_err(|e| MediaError::Encode(e.to_string()))?;
    Ok(out)
}

/// A4 at 300 dpi, in pixels.
pub const A4_300DPI: (u32, u32) = (2480, 3508);

/// A printable A4 sheet (PNG, 300 dpi, marked as such) for noticeboards: the title on
/// top (up to three lines), the QR code in the middle, the link written out under it,
/// and a call to scan.
pub fn poster_png(
    url: &str,
    title: &str,
    call: &str,
    ec: Correction,
) -> Result<Vec<u8>, MediaError> {
    use ab_glyph::FontRef;
    let (w, h) = A4_300DPI;
    let mut page = image::RgbaImage::from_pixel(w, h, image::Rgba([255, 255, 255, 255]));
    let font = FontRef::try_from_slice(crate::default_frame::FONT)
        .map_err(|e| MediaError::Encode(format!("font: {e}")))?;
    let red = [200, 16, 46];
    let black = [20, 20, 20];
    let center = f64::from(w) / 2.0;
    let text_width = f64::from(w) - 2.0 * 236.0; // 2 cm margins
    for (i, line) in wrap(title, 30).iter().take(3).enumerate() {
        crate::default_frame::text_line(
            &mut page,
            &font,
            line,
            center,
            420.0 + i as f64 * 150.0,
            110.0,
            text_width,
            red,
        );
    }
    let qr_side = 1800;
    let qr = code(url, ec)?
        .render::<Luma<u8>>()
        .quiet_zone(true)
        .min_dimensions(qr_side, qr_side)
        .build();
    let scale = f64::from(qr_side) / f64::from(qr.width().max(1));
    let qr = image::imageops::resize(
        &qr,
        qr_side,
        qr_side,
        if scale >= 1.0 {
            image::imageops::FilterType::Nearest
        } else {
            image::imageops::FilterType::Triangle
        },
    );
    let (x0, y0) = ((w - qr_side) / 2, 900);
    for (x, y, p) in qr.enumerate_pixels() {
        let v = p.0[0];
        page.put_pixel(x0 + x, y0 + y, image::Rgba([v, v, v, 255]));
    }
    crate::default_frame::text_line(
        &mut page,
        &font,
        call,
        center,
        f64::from(y0 + qr_side) + 170.0,
        80.0,
        text_width,
        black,
    );
    crate::default_frame::text_line(
        &mut page,
        &font,
        url,
        center,
        f64::from(y0 + qr_side) + 330.0,
        70.0,
        text_width,
        black,
    );
    png_300dpi(&image::DynamicImage::ImageRgba8(page).to_rgb8())
}

/// An RGB image as a PNG marked 300 dpi, so that printing gives its paper size.
pub(crate) fn png_300dpi(rgb: &image::RgbImage) -> Result<Vec<u8>, MediaError> {
    let (w, h) = rgb.dimensions();
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Fast);
        // 300 dpi = 11 811 pixels per metre.
        enc.set_pixel_dims(Some(png::PixelDimensions {
            xppu: 11_811,
            yppu: 11_811,
            unit: png::Unit::Meter,
        }));
        let mut writer = enc
            .write_header()
            .map_err(|e| MediaError::Encode(format!("PNG: {e}")))?;
        writer
            .write_image_data(rgb.as_raw())
            .map_err(|e| MediaError::Encode(format!("PNG: {e}")))?;
    }
    Ok(out)
}

/// Splits text into lines of at most `max` characters, at spaces.
pub(crate) fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(l) if l.chars().count() + 1 + word.chars().count() <= max => {
                l.push(' ');
                l.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_png_qr_decodes_back_to_its_text() {
        let text = "https://cds.example.vn/khung-anh?don-vi=p-may-chai";
        let png = png(text, Correction::Quartile, 300).expect("png");
        let img = image::load_from_memory(&png).expect("decode").into_luma8();
        let mut prepared = rqrr::PreparedImage::prepare(img);
        let grids = prepared.detect_grids();
        assert_eq!(grids.len(), 1);
        let (_, content) = grids[0].decode().expect("decode QR");
        assert_eq!(content, text);
        assert!(
            svg(text, Correction::Medium)
                .expect("svg")
                .starts_with("<?xml")
        );
        assert_eq!(Correction::parse("x"), None);
    }
}

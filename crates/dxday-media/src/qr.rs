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

    fn level(self) -> EcLevel {
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

/// A PNG QR code about `size` pixels wide (whole modules, quiet zone included).
pub fn png(text: &str, ec: Correction, size: u32) -> Result<Vec<u8>, MediaError> {
    let size = size.clamp(64, 4096);
    let img = code(text, ec)?
        .render::<Luma<u8>>()
        .quiet_zone(true)
        .min_dimensions(size, size)
        .max_dimensions(size.max(64) * 2, size.max(64) * 2)
        .build();
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .map_err(|e| MediaError::Encode(e.to_string()))?;
    Ok(out)
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

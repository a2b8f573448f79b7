//! Certificates (giấy khen) as PDF, one A4 landscape page per awardee, with the text
//! as text (searchable, read back by `pdftotext`) in an embedded serif with Vietnamese
//! (Liberation Serif, metric-compatible with Times New Roman).
//!
//! Two modes: the **full** certificate (border, Quốc hiệu, the issuer in red, "GIẤY
//! KHEN", the awardee, the citation, the decision and register numbers bottom left,
//! place, date, signer's title and 35 mm for the signature and seal bottom right), and
//! the **overlay** that prints only the variable text at positions calibrated per
//! issuer, onto pre-printed blanks (phôi), with a calibration page (a millimetre grid
//! and each field's box) to measure a blank against.

use krilla::Document;
use krilla::page::PageSettings;
use serde::{Deserialize, Serialize};

use crate::MediaError;

pub(crate) const REGULAR: &[u8] = include_bytes!("../../fonts/LiberationSerif-Regular.ttf");
pub(crate) const BOLD: &[u8] = include_bytes!("../../fonts/LiberationSerif-Bold.ttf");
pub(super) const ITALIC: &[u8] = include_bytes!("../../fonts/LiberationSerif-Italic.ttf");

/// A4 landscape, in millimetres.
pub const WIDTH_MM: f32 = 297.0;
pub const HEIGHT_MM: f32 = 210.0;
/// Room left for the signature and seal, in millimetres (the historical rule).
pub const SIGNATURE_MM: f32 = 35.0;
/// Most certificates in one file.
pub const MAX_PAGES: usize = 2_000;

pub(super) const RED: (u8, u8, u8) = (0xB0, 0x12, 0x1B);
pub(super) const BLACK: (u8, u8, u8) = (0, 0, 0);

/// One awardee's certificate, its texts already worded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    /// "CHỦ TỊCH ỦY BAN NHÂN DÂN QUẬN NGÔ QUYỀN".
    pub issuer: String,
    /// "GIẤY KHEN".
    pub title: String,
    /// "Bà Nguyễn Thị Hoa" or a collective's name.
    pub name: String,
    /// Position and unit ("Công chức Văn hóa - Xã hội, UBND phường Máy Chai").
    pub detail: String,
    /// "Đã có thành tích xuất sắc …".
    pub citation: String,
    /// "Quyết định số 12/QĐ-UBND ngày 25/11/2024".
    pub decision: String,
    /// "Số vào sổ: 01/2024".
    pub register: String,
    /// "Quận Ngô Quyền, ngày 25 tháng 11 năm 2024".
    pub place_date: String,
    /// "CHỦ TỊCH" (with "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" on two lines when so).
    pub signer_title: String,
    pub signer_name: String,
}

/// A text of the certificate that changes from one to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Issuer,
    Name,
    Detail,
    Citation,
    Decision,
    Register,
    PlaceDate,
    SignerTitle,
    SignerName,
}

impl Field {
    pub const ALL: [Field; 9] = [
        Field::Issuer,
        Field::Name,
        Field::Detail,
        Field::Citation,
        Field::Decision,
        Field::Register,
        Field::PlaceDate,
        Field::SignerTitle,
        Field::SignerName,
    ];

    pub(super) fn text(self, c: &Certificate) -> &str {
        match self {
            Field::Issuer => &c.issuer,
            Field::Name => &c.name,
            Field::Detail => &c.detail,
            Field::Citation => &c.citation,
            Field::Decision => &c.decision,
            Field::Register => &c.register,
            Field::PlaceDate => &c.place_date,
            Field::SignerTitle => &c.signer_title,
            Field::SignerName => &c.signer_name,
        }
    }

    /// The name printed on the calibration page.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Issuer => "issuer",
            Field::Name => "name",
            Field::Detail => "detail",
            Field::Citation => "citation",
            Field::Decision => "decision",
            Field::Register => "register",
            Field::PlaceDate => "place_date",
            Field::SignerTitle => "signer_title",
            Field::SignerName => "signer_name",
        }
    }
}

/// Where a field is printed: the centre of its line (or its left edge when not
/// centred) and its first baseline, in millimetres from the page's top-left corner;
/// the width it may take (longer text is set smaller, a citation wraps) and its size.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Spot {
    pub x_mm: f32,
    pub y_mm: f32,
    pub width_mm: f32,
    pub size_pt: f32,
    pub centred: bool,
}

/// The spots of every field: an issuer's calibration of its blanks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Layout {
    pub spots: Vec<(Field, Spot)>,
}

impl Default for Layout {
    /// The positions of the full certificate.
    fn default() -> Self {
        let c = |x_mm, y_mm, width_mm, size_pt| Spot {
            x_mm,
            y_mm,
            width_mm,
            size_pt,
            centred: true,
        };
        Layout {
            spots: vec![
                (Field::Issuer, c(148.5, 56.0, 230.0, 17.0)),
                (Field::Name, c(148.5, 98.0, 230.0, 22.0)),
                (Field::Detail, c(148.5, 108.0, 230.0, 14.0)),
                (Field::Citation, c(148.5, 120.0, 225.0, 15.0)),
                (Field::Decision, c(78.0, 166.0, 110.0, 12.0)),
                (Field::Register, c(78.0, 173.0, 110.0, 12.0)),
                (Field::PlaceDate, c(218.0, 148.0, 120.0, 13.0)),
                (Field::SignerTitle, c(218.0, 155.0, 120.0, 13.0)),
                (
                    Field::SignerName,
                    c(218.0, 155.0 + 7.0 + SIGNATURE_MM, 120.0, 14.0),
                ),
            ],
        }
    }
}

impl Layout {
    /// Checks that every spot lies on the page with a sensible size; the error names
    /// the field.
    pub fn check(&self) -> Result<(), String> {
        for (field, s) in &self.spots {
            let on_page = (0.0..=WIDTH_MM).contains(&s.x_mm)
                && (0.0..=HEIGHT_MM).contains(&s.y_mm)
                && s.width_mm > 5.0
                && s.width_mm <= WIDTH_MM
                && (5.0..=48.0).contains(&s.size_pt);
            if !on_page {
                return Err(field.as_str().to_string());
            }
        }
        Ok(())
    }

    pub(super) fn spot(&self, field: Field) -> Option<Spot> {
        self.spots
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, s)| *s)
    }
}

mod draw;
use draw::*;

/// The full certificates, one page each. `cancelled` is asked between pages.
pub fn full_pdf(
    certs: &[Certificate],
    cancelled: &dyn Fn() -> bool,
) -> Result<Vec<u8>, MediaError> {
    render(certs, None, cancelled)
}

/// Only the variable texts, at `layout`'s spots, for pre-printed blanks.
pub fn overlay_pdf(
    certs: &[Certificate],
    layout: &Layout,
    cancelled: &dyn Fn() -> bool,
) -> Result<Vec<u8>, MediaError> {
    render(certs, Some(layout), cancelled)
}

fn render(
    certs: &[Certificate],
    overlay: Option<&Layout>,
    cancelled: &dyn Fn() -> bool,
) -> Result<Vec<u8>, MediaError> {
    if certs.is_empty() || certs.len() > MAX_PAGES {
        return Err(MediaError::Encode(format!(
            "certificates: {} pages",
            certs.len()
        )));
    }
    let fonts = Fonts::load()?;
    let full = Layout::default();
    let layout = overlay.unwrap_or(&full);
    let mut doc = Document::new();
    let size = PageSettings::from_wh(mm(WIDTH_MM), mm(HEIGHT_MM))
        .ok_or_else(|| MediaError::Encode("page size".into()))?;
    for c in certs {
        if cancelled() {
            return Err(MediaError::Cancelled);
        }
        let mut page = doc.start_page_with(size.clone());
        let mut s = page.surface();
        if overlay.is_none() {
            blank(&mut s, &fonts, &c.title);
        }
        for f in Field::ALL {
            if let Some(spot) = layout.spot(f) {
                field(&mut s, &fonts, f, spot, f.text(c));
            }
        }
        s.finish();
        page.finish();
    }
    doc.finish()
        .map_err(|e| MediaError::Encode(format!("certificate PDF: {e:?}")))
}

/// A calibration page: a millimetre grid (a line every 10 mm, numbered) and each
/// field's box with its name, to lay over a blank against the light.
pub fn calibration_pdf(layout: &Layout) -> Result<Vec<u8>, MediaError> {
    let fonts = Fonts::load()?;
    let mut doc = Document::new();
    let size = PageSettings::from_wh(mm(WIDTH_MM), mm(HEIGHT_MM))
        .ok_or_else(|| MediaError::Encode("page size".into()))?;
    let mut page = doc.start_page_with(size);
    let mut s = page.surface();
    stroke(&mut s, (0xB0, 0xB0, 0xB0), 0.3);
    let mut x = 10.0;
    while x < WIDTH_MM {
        line(&mut s, x, 0.0, x, HEIGHT_MM);
        x += 10.0;
    }
    let mut y = 10.0;
    while y < HEIGHT_MM {
        line(&mut s, 0.0, y, WIDTH_MM, y);
        y += 10.0;
    }
    s.set_stroke(None);
    let grey = (0x70, 0x70, 0x70);
    for i in 1..30 {
        let v = i as f32 * 10.0;
        text(
            &mut s,
            &fonts,
            Face::Regular,
            grey,
            mm(v) + 1.0,
            mm(4.0),
            6.0,
            false,
            &format!("{}", i * 10),
        );
    }
    for i in 1..21 {
        let v = i as f32 * 10.0;
        text(
            &mut s,
            &fonts,
            Face::Regular,
            grey,
            mm(1.0),
            mm(v) - 1.0,
            6.0,
            false,
            &format!("{}", i * 10),
        );
    }
    for (f, spot) in &layout.spots {
        let left = if spot.centred {
            spot.x_mm - spot.width_mm / 2.0
        } else {
            spot.x_mm
        };
        let height = spot.size_pt * 25.4 / 72.0;
        stroke(&mut s, RED, 0.5);
        rect(
            &mut s,
            left,
            spot.y_mm - height,
            spot.width_mm,
            height * 1.3,
        );
        s.set_stroke(None);
        let label = format!("{} ({:.0}; {:.0})", f.as_str(), spot.x_mm, spot.y_mm);
        text(
            &mut s,
            &fonts,
            Face::Regular,
            RED,
            mm(left) + 2.0,
            mm(spot.y_mm) - 1.0,
            8.0,
            false,
            &label,
        );
    }
    s.finish();
    page.finish();
    doc.finish()
        .map_err(|e| MediaError::Encode(format!("calibration PDF: {e:?}")))
}

#[cfg(test)]
mod tests;

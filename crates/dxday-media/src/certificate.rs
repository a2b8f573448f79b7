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

use ab_glyph::{Font as _, FontRef};
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use serde::{Deserialize, Serialize};

use crate::MediaError;

const REGULAR: &[u8] = include_bytes!("../fonts/LiberationSerif-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../fonts/LiberationSerif-Bold.ttf");
const ITALIC: &[u8] = include_bytes!("../fonts/LiberationSerif-Italic.ttf");

/// A4 landscape, in millimetres.
pub const WIDTH_MM: f32 = 297.0;
pub const HEIGHT_MM: f32 = 210.0;
/// Room left for the signature and seal, in millimetres (the historical rule).
pub const SIGNATURE_MM: f32 = 35.0;
/// Most certificates in one file.
pub const MAX_PAGES: usize = 2_000;

const RED: (u8, u8, u8) = (0xB0, 0x12, 0x1B);
const BLACK: (u8, u8, u8) = (0, 0, 0);

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

    fn text(self, c: &Certificate) -> &str {
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

    fn spot(&self, field: Field) -> Option<Spot> {
        self.spots
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, s)| *s)
    }
}

fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

struct Fonts {
    regular: Font,
    bold: Font,
    italic: Font,
    metrics: [FontRef<'static>; 3],
}

#[derive(Clone, Copy)]
enum Face {
    Regular = 0,
    Bold = 1,
    Italic = 2,
}

impl Fonts {
    fn load() -> Result<Fonts, MediaError> {
        let font = |b: &'static [u8]| {
            Font::new(b.into(), 0).ok_or_else(|| MediaError::Encode("certificate font".into()))
        };
        let metric = |b: &'static [u8]| {
            FontRef::try_from_slice(b).map_err(|_| MediaError::Encode("certificate font".into()))
        };
        Ok(Fonts {
            regular: font(REGULAR)?,
            bold: font(BOLD)?,
            italic: font(ITALIC)?,
            metrics: [metric(REGULAR)?, metric(BOLD)?, metric(ITALIC)?],
        })
    }

    fn font(&self, face: Face) -> Font {
        match face {
            Face::Regular => self.regular.clone(),
            Face::Bold => self.bold.clone(),
            Face::Italic => self.italic.clone(),
        }
    }

    /// The width of `text` at `size` points, in points.
    fn width(&self, face: Face, text: &str, size: f32) -> f32 {
        let f = &self.metrics[face as usize];
        let upem = f.units_per_em().unwrap_or(2048.0);
        let units: f32 = text
            .chars()
            .map(|c| f.h_advance_unscaled(f.glyph_id(c)))
            .sum();
        units * size / upem
    }

    /// `text` broken into lines no wider than `width` points.
    fn wrap(&self, face: Face, text: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if !line.is_empty() && self.width(face, &candidate, size) > width {
                lines.push(std::mem::replace(&mut line, word.to_string()));
            } else {
                line = candidate;
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }
}

/// Draws a line of text centred on `x` (or from `x`), in points.
#[allow(clippy::too_many_arguments)]
fn text(
    s: &mut Surface,
    fonts: &Fonts,
    face: Face,
    colour: (u8, u8, u8),
    x: f32,
    y: f32,
    size: f32,
    centred: bool,
    line: &str,
) {
    s.set_fill(Some(Fill {
        paint: rgb::Color::new(colour.0, colour.1, colour.2).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }));
    let w = fonts.width(face, line, size);
    let x = if centred { x - w / 2.0 } else { x };
    s.draw_text(
        Point::from_xy(x, y),
        fonts.font(face),
        size,
        line,
        false,
        TextDirection::Auto,
    );
}

/// The face and colour each field is set in.
fn style(field: Field) -> (Face, (u8, u8, u8)) {
    match field {
        Field::Issuer => (Face::Bold, RED),
        Field::Name | Field::SignerTitle | Field::SignerName => (Face::Bold, BLACK),
        Field::Citation | Field::PlaceDate => (Face::Italic, BLACK),
        Field::Detail | Field::Decision | Field::Register => (Face::Regular, BLACK),
    }
}

/// Sets one field at its spot: one line, smaller when too wide (down to 60 %); a
/// citation wraps onto up to four lines first. Multi-line fields (a signer's title
/// with "KT.") keep their lines.
fn field(s: &mut Surface, fonts: &Fonts, field: Field, spot: Spot, value: &str) {
    let (face, colour) = style(field);
    let width = mm(spot.width_mm);
    let mut size = spot.size_pt;
    let lines: Vec<String> = loop {
        let lines: Vec<String> = if field == Field::Citation {
            fonts.wrap(face, value, size, width)
        } else {
            value
                .lines()
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .collect()
        };
        let fits = lines.iter().all(|l| fonts.width(face, l, size) <= width)
            && (field != Field::Citation || lines.len() <= 4);
        if fits || size <= spot.size_pt * 0.6 {
            break lines;
        }
        size *= 0.92;
    };
    let leading = size * 1.35;
    for (i, line) in lines.iter().enumerate() {
        text(
            s,
            fonts,
            face,
            colour,
            mm(spot.x_mm),
            mm(spot.y_mm) + leading * i as f32,
            size,
            spot.centred,
            line,
        );
    }
}

fn stroke(s: &mut Surface, colour: (u8, u8, u8), width: f32) {
    s.set_fill(None);
    s.set_stroke(Some(Stroke {
        paint: rgb::Color::new(colour.0, colour.1, colour.2).into(),
        width,
        ..Stroke::default()
    }));
}

fn rect(s: &mut Surface, x: f32, y: f32, w: f32, h: f32) {
    let mut pb = PathBuilder::new();
    if let Some(r) = Rect::from_xywh(mm(x), mm(y), mm(w), mm(h)) {
        pb.push_rect(r);
    }
    if let Some(path) = pb.finish() {
        s.draw_path(&path);
    }
}

fn line(s: &mut Surface, x1: f32, y1: f32, x2: f32, y2: f32) {
    let mut pb = PathBuilder::new();
    pb.move_to(mm(x1), mm(y1));
    pb.line_to(mm(x2), mm(y2));
    if let Some(path) = pb.finish() {
        s.draw_path(&path);
    }
}

/// What a blank carries already: the border, the Quốc hiệu, "Tặng" and the title.
fn blank(s: &mut Surface, fonts: &Fonts, title: &str) {
    stroke(s, RED, 2.4);
    rect(s, 8.0, 8.0, WIDTH_MM - 16.0, HEIGHT_MM - 16.0);
    stroke(s, RED, 0.8);
    rect(s, 11.5, 11.5, WIDTH_MM - 23.0, HEIGHT_MM - 23.0);
    // Corner marks.
    for (x, y, dx, dy) in [
        (14.0, 14.0, 1.0, 1.0),
        (WIDTH_MM - 14.0, 14.0, -1.0, 1.0),
        (14.0, HEIGHT_MM - 14.0, 1.0, -1.0),
        (WIDTH_MM - 14.0, HEIGHT_MM - 14.0, -1.0, -1.0),
    ] {
        line(s, x, y, x + 12.0 * dx, y);
        line(s, x, y, x, y + 12.0 * dy);
    }
    s.set_stroke(None);
    let centre = mm(WIDTH_MM / 2.0);
    text(
        s,
        fonts,
        Face::Bold,
        BLACK,
        centre,
        mm(28.0),
        13.0,
        true,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    );
    let motto = "Độc lập - Tự do - Hạnh phúc";
    text(
        s,
        fonts,
        Face::Bold,
        BLACK,
        centre,
        mm(34.5),
        13.5,
        true,
        motto,
    );
    let w = fonts.width(Face::Bold, motto, 13.5) / (72.0 / 25.4);
    stroke(s, BLACK, 0.6);
    line(
        s,
        WIDTH_MM / 2.0 - w / 2.0,
        36.5,
        WIDTH_MM / 2.0 + w / 2.0,
        36.5,
    );
    s.set_stroke(None);
    text(
        s,
        fonts,
        Face::Italic,
        BLACK,
        centre,
        mm(66.0),
        16.0,
        true,
        "Tặng",
    );
    text(
        s,
        fonts,
        Face::Bold,
        RED,
        centre,
        mm(84.0),
        38.0,
        true,
        title,
    );
}

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
mod tests {
    use super::*;

    fn hoa() -> Certificate {
        Certificate {
            issuer: "CHỦ TỊCH ỦY BAN NHÂN DÂN QUẬN NGÔ QUYỀN".into(),
            title: "GIẤY KHEN".into(),
            name: "Bà Nguyễn Thị Hoa".into(),
            detail: "Công chức Văn hóa - Xã hội, Ủy ban nhân dân phường Máy Chai".into(),
            citation: "Đã có thành tích xuất sắc trong Phong trào thi đua thực hiện chuyển đổi số, hưởng ứng Ngày Chuyển đổi số quốc gia năm 2024".into(),
            decision: "Quyết định số 12/QĐ-UBND ngày 25/11/2024".into(),
            register: "Số vào sổ: 01/2024".into(),
            place_date: "Ngô Quyền, ngày 25 tháng 11 năm 2024".into(),
            signer_title: "CHỦ TỊCH".into(),
            signer_name: "Nguyễn Văn A".into(),
        }
    }

    #[test]
    fn a_long_citation_wraps_within_its_width() {
        let fonts = Fonts::load().expect("fonts");
        let lines = fonts.wrap(Face::Italic, &hoa().citation, 15.0, mm(225.0));
        assert!(lines.len() >= 2, "{lines:?}");
        assert!(
            lines
                .iter()
                .all(|l| fonts.width(Face::Italic, l, 15.0) <= mm(225.0))
        );
        assert_eq!(lines.join(" "), hoa().citation);
    }

    #[test]
    fn the_pdfs_have_a_page_per_awardee_and_embed_their_font() {
        let never = || false;
        let two = full_pdf(&[hoa(), hoa()], &never).expect("pdf");
        assert!(two.starts_with(b"%PDF-"));
        assert!(full_pdf(&[], &never).is_err());
        let overlay = overlay_pdf(&[hoa()], &Layout::default(), &never).expect("overlay");
        assert!(overlay.len() < two.len());
        assert!(calibration_pdf(&Layout::default()).is_ok());
        assert_eq!(
            full_pdf(&[hoa()], &|| true).err(),
            Some(MediaError::Cancelled)
        );
    }

    #[test]
    fn a_layout_off_the_page_is_refused() {
        assert_eq!(Layout::default().check(), Ok(()));
        let mut bad = Layout::default();
        bad.spots[1].1.y_mm = 400.0;
        assert_eq!(bad.check(), Err("name".into()));
    }
}

//! Drawing on a page: the embedded fonts and their metrics, a line of text centred or
//! not, a field at its spot (smaller when too wide, a citation wrapped), rules and
//! boxes, and what a blank carries already.

use ab_glyph::{Font as _, FontRef};
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

use super::{BLACK, BOLD, Field, HEIGHT_MM, ITALIC, RED, REGULAR, Spot, WIDTH_MM};
use crate::MediaError;

pub(super) fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

pub(super) struct Fonts {
    regular: Font,
    bold: Font,
    italic: Font,
    metrics: [FontRef<'static>; 3],
}

#[derive(Clone, Copy)]
pub(super) enum Face {
    Regular = 0,
    Bold = 1,
    Italic = 2,
}

impl Fonts {
    pub(super) fn load() -> Result<Fonts, MediaError> {
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

    pub(super) fn font(&self, face: Face) -> Font {
        match face {
            Face::Regular => self.regular.clone(),
            Face::Bold => self.bold.clone(),
            Face::Italic => self.italic.clone(),
        }
    }

    /// The width of `text` at `size` points, in points.
    pub(super) fn width(&self, face: Face, text: &str, size: f32) -> f32 {
        let f = &self.metrics[face as usize];
        let upem = f.units_per_em().unwrap_or(2048.0);
        let units: f32 = text
            .chars()
            .map(|c| f.h_advance_unscaled(f.glyph_id(c)))
            .sum();
        units * size / upem
    }

    /// `text` broken into lines no wider than `width` points.
    pub(super) fn wrap(&self, face: Face, text: &str, size: f32, width: f32) -> Vec<String> {
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
pub(super) fn text(
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
pub(super) fn style(field: Field) -> (Face, (u8, u8, u8)) {
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
pub(super) fn field(s: &mut Surface, fonts: &Fonts, field: Field, spot: Spot, value: &str) {
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

pub(super) fn stroke(s: &mut Surface, colour: (u8, u8, u8), width: f32) {
    s.set_fill(None);
    s.set_stroke(Some(Stroke {
        paint: rgb::Color::new(colour.0, colour.1, colour.2).into(),
        width,
        ..Stroke::default()
    }));
}

pub(super) fn rect(s: &mut Surface, x: f32, y: f32, w: f32, h: f32) {
    let mut pb = PathBuilder::new();
    if let Some(r) = Rect::from_xywh(mm(x), mm(y), mm(w), mm(h)) {
        pb.push_rect(r);
    }
    if let Some(path) = pb.finish() {
        s.draw_path(&path);
    }
}

pub(super) fn line(s: &mut Surface, x1: f32, y1: f32, x2: f32, y2: f32) {
    let mut pb = PathBuilder::new();
    pb.move_to(mm(x1), mm(y1));
    pb.line_to(mm(x2), mm(y2));
    if let Some(path) = pb.finish() {
        s.draw_path(&path);
    }
}

/// What a blank carries already: the border, the Quốc hiệu, "Tặng" and the title.
pub(super) fn blank(s: &mut Surface, fonts: &Fonts, title: &str) {
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

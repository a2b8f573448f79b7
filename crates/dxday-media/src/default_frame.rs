//! The built-in avatar frame, drawn by dxday itself: a red ring around a round
//! window and a banner with the campaign's text, set in Noto Sans Bold (SIL OFL 1.1,
//! embedded; see `fonts/OFL.txt`), which has every Vietnamese letter.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use image::{Rgba, RgbaImage};

use crate::MediaError;
use crate::frame::{Aspect, Frame};

/// The embedded font.
pub const FONT: &[u8] = include_bytes!("../fonts/NotoSans-Bold.ttf");

/// The campaign's colours, shared by every picture dxday draws.
pub(crate) const RED: [u8; 3] = [200, 16, 46];
pub(crate) const DARK_RED: [u8; 3] = [138, 10, 30];
pub(crate) const GOLD: [u8; 3] = [242, 201, 76];
pub(crate) const WHITE: [u8; 3] = [255, 255, 255];

/// The words on the banner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameText {
    /// Upper line, e.g. "Ngày Chuyển đổi số quốc gia" (drawn in capitals).
    pub title: String,
    /// Lower line, e.g. "10.10.2024".
    pub date: String,
}

/// Draws the frame at `size`×`size` pixels.
pub fn draw(text: &FrameText, size: u32) -> Result<RgbaImage, MediaError> {
    let font =
        FontRef::try_from_slice(FONT).map_err(|e| MediaError::Encode(format!("font: {e}")))?;
    let s = f64::from(size);
    let c = s / 2.0;
    let window = 0.80 * c;
    let gold_to = 0.835 * c;
    let mut img = RgbaImage::from_fn(size, size, |x, y| {
        let (dx, dy) = (f64::from(x) + 0.5 - c, f64::from(y) + 0.5 - c);
        let d = (dx * dx + dy * dy).sqrt();
        let shade = f64::from(y) / s;
        let ring = mix(RED, DARK_RED, shade);
        let rgb = if d < gold_to { GOLD } else { ring };
        // One pixel of anti-aliasing at the window's edge.
        let alpha = ((d - window) + 0.5).clamp(0.0, 1.0);
        Rgba([rgb[0], rgb[1], rgb[2], (alpha * 255.0).round() as u8])
    });
    // The banner, overlapping the bottom of the window.
    let (bx0, bx1, by0, by1) = (0.13 * s, 0.87 * s, 0.735 * s, 0.905 * s);
    let radius = 0.03 * s;
    let border = (0.006 * s).max(1.0);
    fill_rounded(&mut img, (bx0, by0, bx1, by1), radius, GOLD);
    fill_rounded(
        &mut img,
        (bx0 + border, by0 + border, bx1 - border, by1 - border),
        radius - border,
        RED,
    );
    let inner = (bx1 - bx0) - 6.0 * border;
    text_line(
        &mut img,
        &font,
        &text.title.to_uppercase(),
        c,
        by0 + 0.31 * (by1 - by0),
        0.047 * s,
        inner,
        WHITE,
    );
    text_line(
        &mut img,
        &font,
        &text.date,
        c,
        by0 + 0.72 * (by1 - by0),
        0.058 * s,
        inner,
        GOLD,
    );
    Ok(img)
}

/// The built-in frame as a [`Frame`] ready to composite.
pub fn frame(text: &FrameText, size: u32) -> Result<Frame, MediaError> {
    Frame::from_rgba(draw(text, size)?, Aspect::Square)
}

fn mix(a: [u8; 3], b: [u8; 3], t: f64) -> [u8; 3] {
    let m = |x: u8, y: u8| (f64::from(x) * (1.0 - t) + f64::from(y) * t).round() as u8;
    [m(a[0], b[0]), m(a[1], b[1]), m(a[2], b[2])]
}

/// Paints an opaque rounded rectangle with anti-aliased corners.
fn fill_rounded(img: &mut RgbaImage, (x0, y0, x1, y1): (f64, f64, f64, f64), r: f64, rgb: [u8; 3]) {
    let (w, h) = img.dimensions();
    let (xa, xb) = (x0.floor().max(0.0) as u32, (x1.ceil() as u32).min(w));
    let (ya, yb) = (y0.floor().max(0.0) as u32, (y1.ceil() as u32).min(h));
    for y in ya..yb {
        for x in xa..xb {
            let (px, py) = (f64::from(x) + 0.5, f64::from(y) + 0.5);
            let qx = (x0 + r - px).max(px - (x1 - r)).max(0.0);
            let qy = (y0 + r - py).max(py - (y1 - r)).max(0.0);
            let outside = (qx * qx + qy * qy).sqrt() - r;
            let edge_x = (px - x0).min(x1 - px);
            let edge_y = (py - y0).min(y1 - py);
            let cover = (0.5 - outside)
                .clamp(0.0, 1.0)
                .min((edge_x + 0.5).clamp(0.0, 1.0))
                .min((edge_y + 0.5).clamp(0.0, 1.0));
            blend(img, x, y, rgb, cover);
        }
    }
}

/// Draws one centred line of text, shrunk to fit `max_width`.
#[expect(
    clippy::too_many_arguments,
    reason = "a drawing primitive: position, size and colour"
)]
pub(crate) fn text_line(
    img: &mut RgbaImage,
    font: &FontRef<'_>,
    text: &str,
    center_x: f64,
    baseline_mid: f64,
    px: f64,
    max_width: f64,
    rgb: [u8; 3],
) {
    let measure = |px: f32| {
        let scaled = font.as_scaled(PxScale::from(px));
        let mut width = 0.0f32;
        let mut prev = None;
        for ch in text.chars() {
            let id = font.glyph_id(ch);
            if let Some(p) = prev {
                width += scaled.kern(p, id);
            }
            width += scaled.h_advance(id);
            prev = Some(id);
        }
        width
    };
    let mut size = px as f32;
    let width = measure(size);
    if f64::from(width) > max_width {
        size *= (max_width / f64::from(width)) as f32;
    }
    let scale = PxScale::from(size);
    let scaled = font.as_scaled(scale);
    let width = measure(size);
    // Centre the capitals' height on `baseline_mid`.
    let cap = scaled.ascent() * 0.72;
    let baseline = baseline_mid as f32 + cap / 2.0;
    let mut x = center_x as f32 - width / 2.0;
    let mut prev = None;
    for ch in text.chars() {
        let id = font.glyph_id(ch);
        if let Some(p) = prev {
            x += scaled.kern(p, id);
        }
        let glyph = id.with_scale_and_position(scale, point(x, baseline));
        x += scaled.h_advance(id);
        prev = Some(id);
        if let Some(outlined) = font.outline_glyph(glyph) {
            let bounds = outlined.px_bounds();
            outlined.draw(|gx, gy, coverage| {
                let (px, py) = (
                    bounds.min.x as i64 + i64::from(gx),
                    bounds.min.y as i64 + i64::from(gy),
                );
                if px >= 0 && py >= 0 && (px as u32) < img.width() && (py as u32) < img.height() {
                    blend(img, px as u32, py as u32, rgb, f64::from(coverage));
                }
            });
        }
    }
}

/// Paints `rgb` over pixel (x, y) with `cover` (0–1), keeping it opaque where it was.
fn blend(img: &mut RgbaImage, x: u32, y: u32, rgb: [u8; 3], cover: f64) {
    if cover <= 0.0 {
        return;
    }
    let p = img.get_pixel_mut(x, y);
    let a0 = f64::from(p.0[3]) / 255.0;
    let a = cover + a0 * (1.0 - cover);
    for (dst, src) in p.0.iter_mut().zip(rgb) {
        let c = (f64::from(src) * cover + f64::from(*dst) * a0 * (1.0 - cover)) / a.max(1e-9);
        *dst = c.round().clamp(0.0, 255.0) as u8;
    }
    p.0[3] = (a * 255.0).round() as u8;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text() -> FrameText {
        FrameText {
            title: "Ngày Chuyển đổi số quốc gia".into(),
            date: "10.10.2024".into(),
        }
    }

    #[test]
    fn the_built_in_frame_has_a_round_window_and_is_circle_safe() {
        let f = frame(&text(), 540).expect("frame");
        assert!(f.report.circle_safe);
        assert!(
            f.report.transparent_permille > 300,
            "{}",
            f.report.transparent_permille
        );
        // Centre transparent, corner opaque red, banner opaque.
        let img = f.image();
        assert_eq!(img.get_pixel(270, 270).0[3], 0);
        assert_eq!(img.get_pixel(2, 2).0[3], 255);
        assert_eq!(img.get_pixel(270, 440).0[3], 255);
    }

    #[test]
    fn the_font_has_every_vietnamese_letter_of_the_title() {
        let font = FontRef::try_from_slice(FONT).expect("font");
        for ch in "NGÀY CHUYỂN ĐỔI SỐ QUỐC GIA ẮẰẲẴẶ ỨỪỬỮỰ ĐƠN VỊ Ỹ 0123456789."
            .chars()
            .filter(|c| !c.is_whitespace())
        {
            assert_ne!(font.glyph_id(ch).0, 0, "no glyph for {ch:?}");
        }
    }
}

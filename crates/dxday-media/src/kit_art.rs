//! An identity kit dxday draws from a campaign's own words, for a campaign that has
//! none uploaded yet (the demo's): a logo, a banner for web portals, a slide for
//! public screens and a poster, in the colours and font of the built-in frame. The
//! social image is the link preview's card ([`crate::share`]), the frame the built-in
//! one ([`crate::default_frame`]).

use ab_glyph::FontRef;
use image::{Rgba, RgbaImage, imageops};

use crate::MediaError;
use crate::default_frame::{DARK_RED, FONT, GOLD, RED, WHITE, text_line};
use crate::frame::Frame;
use crate::share::{INK, PAPER};

/// What is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    /// 1000 × 1000: the day in a red disc, the campaign's name under it.
    Logo,
    /// 1920 × 360: a banner across the top of a web portal.
    PortalBanner,
    /// 1920 × 1080: a slide for electronic boards and public screens.
    ScreenSlide,
    /// 1240 × 1754 (A-series, 150 dpi): a poster to print.
    Poster,
}

impl Piece {
    /// Every piece, in the kit page's order.
    pub const ALL: [Piece; 4] = [
        Piece::Logo,
        Piece::PortalBanner,
        Piece::ScreenSlide,
        Piece::Poster,
    ];

    /// Its size in pixels.
    pub fn size(self) -> (u32, u32) {
        match self {
            Piece::Logo => (1000, 1000),
            Piece::PortalBanner => (1920, 360),
            Piece::ScreenSlide => (1920, 1080),
            Piece::Poster => (1240, 1754),
        }
    }
}

/// The words drawn.
#[derive(Debug, Clone)]
pub struct KitText<'a> {
    /// "Ngày Chuyển đổi số quốc gia năm 2027".
    pub title: &'a str,
    pub theme: &'a str,
    /// The day, "10/10".
    pub day: &'a str,
    /// The year, "2027".
    pub year: &'a str,
    /// A last line: the dates and the issuer.
    pub footer: &'a str,
}

fn rgba(c: [u8; 3]) -> Rgba<u8> {
    Rgba([c[0], c[1], c[2], 255])
}

/// A top-to-bottom red gradient.
fn red(w: u32, h: u32) -> RgbaImage {
    RgbaImage::from_fn(w, h, |_, y| {
        let t = f64::from(y) / f64::from(h.max(1));
        let m = |a: u8, b: u8| (f64::from(a) * (1.0 - t) + f64::from(b) * t).round() as u8;
        Rgba([
            m(RED[0], DARK_RED[0]),
            m(RED[1], DARK_RED[1]),
            m(RED[2], DARK_RED[2]),
            255,
        ])
    })
}

fn fill(img: &mut RgbaImage, (x0, y0, x1, y1): (u32, u32, u32, u32), c: [u8; 3]) {
    for y in y0..y1.min(img.height()) {
        for x in x0..x1.min(img.width()) {
            img.put_pixel(x, y, rgba(c));
        }
    }
}

/// A disc of radius `r` at (`cx`, `cy`), its edge anti-aliased.
fn disc(img: &mut RgbaImage, (cx, cy): (f64, f64), r: f64, c: [u8; 3]) {
    let (x0, x1) = (
        (cx - r).floor().max(0.0) as u32,
        ((cx + r).ceil() as u32).min(img.width()),
    );
    let (y0, y1) = (
        (cy - r).floor().max(0.0) as u32,
        ((cy + r).ceil() as u32).min(img.height()),
    );
    for y in y0..y1 {
        for x in x0..x1 {
            let (dx, dy) = (f64::from(x) + 0.5 - cx, f64::from(y) + 0.5 - cy);
            let cover = (r - (dx * dx + dy * dy).sqrt() + 0.5).clamp(0.0, 1.0);
            if cover > 0.0 {
                let p = img.get_pixel_mut(x, y);
                for (d, s) in p.0.iter_mut().zip(c) {
                    *d = (f64::from(s) * cover + f64::from(*d) * (1.0 - cover)).round() as u8;
                }
            }
        }
    }
}

/// Lines of about `chars` characters, at most `max` of them (the last cut with "…").
fn lines(text: &str, chars: usize, max: usize) -> Vec<String> {
    crate::share::lines(text, chars, max)
}

/// Writes `lines` centred on `cx`, `step` pixels apart from `y`; returns the next y.
#[expect(clippy::too_many_arguments, reason = "a drawing primitive")]
fn block(
    img: &mut RgbaImage,
    font: &FontRef<'_>,
    lines: &[String],
    cx: f64,
    y: f64,
    px: f64,
    width: f64,
    c: [u8; 3],
) -> f64 {
    let step = px * 1.3;
    let mut y = y;
    for l in lines {
        text_line(img, font, l, cx, y, px, width, c);
        y += step;
    }
    y
}

/// The frame around the neutral silhouette, `side` pixels wide, cut round as
/// Zalo and Facebook show an avatar.
fn framed(frame: &Frame, side: u32) -> Result<RgbaImage, MediaError> {
    let (fw, fh) = frame.image().dimensions();
    let h = ((u64::from(side) * u64::from(fh)) / u64::from(fw)).max(1) as u32;
    let mut img = crate::share::silhouette(side, h);
    imageops::overlay(&mut img, frame.at_size(side, h)?.as_ref(), 0, 0);
    let (c, r) = (
        (f64::from(side) / 2.0, f64::from(h) / 2.0),
        f64::from(side.min(h)) / 2.0,
    );
    for (x, y, p) in img.enumerate_pixels_mut() {
        let (dx, dy) = (f64::from(x) + 0.5 - c.0, f64::from(y) + 0.5 - c.1);
        let cover = (r - (dx * dx + dy * dy).sqrt() + 0.5).clamp(0.0, 1.0);
        p.0[3] = (f64::from(p.0[3]) * cover).round() as u8;
    }
    Ok(img)
}

/// Draws `piece` with `text`; `frame` (the campaign's) is shown on the slide and poster.
pub fn draw(piece: Piece, text: &KitText<'_>, frame: &Frame) -> Result<RgbaImage, MediaError> {
    let font =
        FontRef::try_from_slice(FONT).map_err(|e| MediaError::Encode(format!("font: {e}")))?;
    let (w, h) = piece.size();
    let title = text.title.to_uppercase();
    Ok(match piece {
        Piece::Logo => {
            let mut img = RgbaImage::from_pixel(w, h, rgba(WHITE));
            disc(&mut img, (500.0, 420.0), 380.0, GOLD);
            disc(&mut img, (500.0, 420.0), 360.0, RED);
            text_line(&mut img, &font, text.day, 500.0, 360.0, 250.0, 600.0, WHITE);
            text_line(&mut img, &font, text.year, 500.0, 560.0, 120.0, 500.0, GOLD);
            let name = lines(&title, 30, 2);
            block(&mut img, &font, &name, 500.0, 870.0, 54.0, 940.0, RED);
            img
        }
        Piece::PortalBanner => {
            let mut img = red(w, h);
            fill(&mut img, (0, h - 14, w, h), GOLD);
            disc(&mut img, (190.0, 173.0), 135.0, WHITE);
            text_line(&mut img, &font, text.day, 190.0, 150.0, 96.0, 210.0, RED);
            text_line(
                &mut img, &font, text.year, 190.0, 235.0, 52.0, 180.0, DARK_RED,
            );
            text_line(&mut img, &font, &title, 1110.0, 105.0, 70.0, 1500.0, WHITE);
            let theme = lines(text.theme, 70, 2);
            block(&mut img, &font, &theme, 1110.0, 200.0, 40.0, 1500.0, GOLD);
            img
        }
        Piece::ScreenSlide => {
            let mut img = red(w, h);
            fill(&mut img, (0, h - 20, w, h), GOLD);
            let side = 640;
            let pic = framed(frame, side)?;
            imageops::overlay(&mut img, &pic, 120, i64::from((h - side) / 2));
            let (cx, width) = (1340.0, 1000.0);
            let name = lines(&title, 20, 3);
            let y = block(&mut img, &font, &name, cx, 300.0, 76.0, width, WHITE);
            let theme = lines(text.theme, 40, 5);
            block(&mut img, &font, &theme, cx, y + 50.0, 44.0, width, GOLD);
            text_line(&mut img, &font, text.footer, cx, 960.0, 38.0, width, WHITE);
            img
        }
        Piece::Poster => {
            let mut img = RgbaImage::from_pixel(w, h, rgba(PAPER));
            let band = red(w, 470);
            imageops::overlay(&mut img, &band, 0, 0);
            fill(&mut img, (0, 470, w, 486), GOLD);
            let name = lines(&title, 20, 3);
            let top = 235.0 - (name.len() as f64 - 1.0) * 99.0 / 2.0;
            block(&mut img, &font, &name, 620.0, top, 76.0, 1120.0, WHITE);
            let side = 700;
            let pic = framed(frame, side)?;
            imageops::overlay(&mut img, &pic, i64::from((w - side) / 2), 560);
            let theme = lines(text.theme, 36, 5);
            block(&mut img, &font, &theme, 620.0, 1360.0, 46.0, 1120.0, INK);
            fill(&mut img, (0, h - 150, w, h), RED);
            text_line(
                &mut img,
                &font,
                text.footer,
                620.0,
                f64::from(h) - 75.0,
                38.0,
                1120.0,
                WHITE,
            );
            img
        }
    })
}

/// [`draw`] as a PNG.
pub fn png(piece: Piece, text: &KitText<'_>, frame: &Frame) -> Result<Vec<u8>, MediaError> {
    let rgb = image::DynamicImage::ImageRgba8(draw(piece, text, frame)?).into_rgb8();
    let mut out = Vec::new();
    rgb.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .map_err(|e| MediaError::Encode(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_piece_is_a_png_of_its_size_with_the_campaigns_red_and_words() {
        let frame = crate::default_frame::frame(
            &crate::default_frame::FrameText {
                title: "Ngày Chuyển đổi số quốc gia".into(),
                date: "10.10.2027".into(),
            },
            1080,
        )
        .expect("frame");
        let text = KitText {
            title: "Ngày Chuyển đổi số quốc gia năm 2027",
            theme: "Phổ cập hạ tầng số và sáng tạo ứng dụng số để phát triển kinh tế số",
            day: "10/10",
            year: "2027",
            footer: "01/10/2027 – 31/10/2027 · Phòng Văn hóa và Thông tin",
        };
        for piece in Piece::ALL {
            let png = png(piece, &text, &frame).expect("png");
            let img = image::load_from_memory(&png).expect("decodes").into_rgb8();
            assert_eq!(img.dimensions(), piece.size(), "{piece:?}");
            let count = |f: &dyn Fn([u8; 3]) -> bool| img.pixels().filter(|p| f(p.0)).count();
            let all = img.pixels().count();
            let reds = count(&|p| p[0] > 120 && p[1] < 60 && p[2] < 70);
            let light = count(&|p| p.iter().all(|&c| c > 230));
            let gold = count(&|p| p[0] > 220 && p[1] > 180 && p[2] < 110);
            assert!(reds * 20 > all, "{piece:?}: red is the campaign's colour");
            assert!(
                light > 1000 && gold > 1000,
                "{piece:?}: words in white and gold"
            );
            assert!(
                png.len() < 2 * 1024 * 1024,
                "{piece:?}: {} bytes",
                png.len()
            );
            if let Ok(dir) = std::env::var("DXDAY_ART_DIR") {
                std::fs::write(format!("{dir}/{piece:?}.png"), &png).expect("write");
            }
        }
    }
}

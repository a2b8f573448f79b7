//! The picture a link preview shows (Open Graph `og:image`, 1200 × 630): the campaign's
//! avatar frame around a neutral silhouette on the left, its title and theme on the
//! right, in the built-in font. Drawn by dxday from the campaign's own data, so a link
//! pasted in Zalo or Facebook shows the campaign without anyone making a picture.

use ab_glyph::FontRef;
use image::{Rgba, RgbaImage, imageops};

use crate::MediaError;
use crate::default_frame::RED;
use crate::frame::Frame;

/// The size link previews ask for (Facebook, Zalo, X: 1.91 : 1).
pub const SIZE: (u32, u32) = (1200, 630);

/// What the picture says.
#[derive(Debug, Clone)]
pub struct ShareCard<'a> {
    /// The campaign's title, e.g. "Ngày Chuyển đổi số quốc gia năm 2024".
    pub title: &'a str,
    /// Its theme.
    pub theme: &'a str,
    /// A last line: the site's name or the day.
    pub footer: &'a str,
}

pub(crate) const PAPER: [u8; 3] = [255, 250, 244];
pub(crate) const INK: [u8; 3] = [33, 33, 33];
const GREY: [u8; 3] = [96, 96, 96];
const SKY: [u8; 3] = [214, 226, 236];
const SHADE: [u8; 3] = [150, 166, 182];

/// A neutral person's silhouette (head and shoulders) filling `w`×`h`: what the frame
/// is shown around, so nobody's photo is needed.
pub(crate) fn silhouette(w: u32, h: u32) -> RgbaImage {
    let (wf, hf) = (f64::from(w), f64::from(h));
    RgbaImage::from_fn(w, h, |x, y| {
        let (px, py) = (f64::from(x) + 0.5, f64::from(y) + 0.5);
        let head =
            ((px - wf * 0.5) / (wf * 0.17)).powi(2) + ((py - hf * 0.41) / (hf * 0.19)).powi(2);
        let body =
            ((px - wf * 0.5) / (wf * 0.36)).powi(2) + ((py - hf * 1.0) / (hf * 0.33)).powi(2);
        let c = if head <= 1.0 || body <= 1.0 {
            SHADE
        } else {
            SKY
        };
        Rgba([c[0], c[1], c[2], 255])
    })
}

/// Splits `text` into at most `max_lines` lines of about `width` characters (the
/// last one ends with "…" when the text is longer).
pub(crate) fn lines(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut out = crate::qr::wrap(text.trim(), width);
    if out.len() > max_lines {
        out.truncate(max_lines);
        if let Some(last) = out.last_mut() {
            last.push('…');
        }
    }
    out
}

/// `frame` around the neutral silhouette at `width` pixels wide, as a JPEG: the sample
/// the start page shows (a few kilobytes, where the frame's own PNG is a hundred).
pub fn sample_jpeg(frame: &Frame, width: u32) -> Result<Vec<u8>, MediaError> {
    let (fw, fh) = frame.image().dimensions();
    let height = ((u64::from(width) * u64::from(fh)) / u64::from(fw)).max(1) as u32;
    let mut img = silhouette(width, height);
    imageops::overlay(&mut img, frame.at_size(width, height)?.as_ref(), 0, 0);
    let rgb = image::DynamicImage::ImageRgba8(img).into_rgb8();
    crate::render::jpeg(&rgb, 80.0, false)
}

/// The card as a PNG of [`SIZE`], with `frame` (any aspect) fitted into the left square.
pub fn png(frame: &Frame, card: &ShareCard<'_>) -> Result<Vec<u8>, MediaError> {
    let (w, h) = SIZE;
    let mut img = RgbaImage::from_pixel(w, h, Rgba([PAPER[0], PAPER[1], PAPER[2], 255]));
    // The frame around the silhouette, fitted into a 530-px square with a 50-px margin.
    let (fw, fh) = frame.image().dimensions();
    let side = 530.0;
    let k = (side / f64::from(fw)).min(side / f64::from(fh));
    let (tw, th) = (
        ((f64::from(fw) * k).round() as u32).max(1),
        ((f64::from(fh) * k).round() as u32).max(1),
    );
    let mut framed = silhouette(tw, th);
    imageops::overlay(&mut framed, frame.at_size(tw, th)?.as_ref(), 0, 0);
    let (fx, fy) = (50 + (530 - tw) / 2, 50 + (530 - th) / 2);
    imageops::overlay(&mut img, &framed, i64::from(fx), i64::from(fy));
    // The words on the right, centred in 600 px from x = 600.
    let font = FontRef::try_from_slice(crate::default_frame::FONT)
        .map_err(|e| MediaError::Encode(format!("font: {e}")))?;
    let (cx, width) = (890.0, 540.0);
    let title = lines(card.title, 24, 3);
    let theme = lines(card.theme, 34, 4);
    let mut y = 315.0 - (title.len() as f64 * 64.0 + 28.0 + theme.len() as f64 * 44.0) / 2.0;
    for line in &title {
        y += 32.0;
        crate::default_frame::text_line(&mut img, &font, line, cx, y, 50.0, width, RED);
        y += 32.0;
    }
    y += 28.0;
    for line in &theme {
        y += 22.0;
        crate::default_frame::text_line(&mut img, &font, line, cx, y, 32.0, width, INK);
        y += 22.0;
    }
    crate::default_frame::text_line(&mut img, &font, card.footer, cx, 580.0, 24.0, width, GREY);
    // A red band along the bottom edge.
    for y in h - 12..h {
        for x in 0..w {
            img.put_pixel(x, y, Rgba([RED[0], RED[1], RED[2], 255]));
        }
    }
    let rgb = image::DynamicImage::ImageRgba8(img).into_rgb8();
    let mut out = Vec::new();
    rgb.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .map_err(|e| MediaError::Encode(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_card_is_a_1200_by_630_png_with_the_frame_and_the_words() {
        let text = crate::default_frame::FrameText {
            title: "Ngày Chuyển đổi số quốc gia".into(),
            date: "10.10.2024".into(),
        };
        let frame = crate::default_frame::frame(&text, 1080).expect("frame");
        let card = ShareCard {
            title: "Ngày Chuyển đổi số quốc gia năm 2024",
            theme: "Phổ cập hạ tầng số và sáng tạo ứng dụng số để tăng trưởng kinh tế, nâng cao năng suất lao động",
            footer: "dxday · Ngô Quyền",
        };
        let png = png(&frame, &card).expect("png");
        let img = image::load_from_memory(&png).expect("decodes").into_rgb8();
        assert_eq!(img.dimensions(), SIZE);
        // The frame's red ring is on the left, the silhouette inside it, red words on
        // the right, and the paper elsewhere.
        let reds = |x0: u32, x1: u32| {
            (x0..x1)
                .flat_map(|x| (0..600).map(move |y| (x, y)))
                .filter(|&(x, y)| {
                    let p = img.get_pixel(x, y).0;
                    p[0] > 150 && p[1] < 80 && p[2] < 90
                })
                .count()
        };
        assert!(reds(50, 580) > 10_000, "the frame's ring");
        assert!(reds(620, 1160) > 2_000, "the title");
        assert_eq!(img.get_pixel(315, 315).0, SHADE, "the silhouette's head");
        assert_eq!(img.get_pixel(10, 10).0, PAPER);
    }

    #[test]
    fn the_sample_is_a_small_jpeg_of_the_frame_around_the_silhouette() {
        let text = crate::default_frame::FrameText {
            title: "Ngày Chuyển đổi số quốc gia".into(),
            date: "10.10.2024".into(),
        };
        let frame = crate::default_frame::frame(&text, 1080).expect("frame");
        let jpeg = sample_jpeg(&frame, 240).expect("jpeg");
        assert!(jpeg.len() < 14_000, "{} bytes", jpeg.len());
        let img = image::load_from_memory(&jpeg).expect("decodes").into_rgb8();
        assert_eq!(img.dimensions(), (240, 240));
        let head = img.get_pixel(120, 98).0;
        assert!(
            head.iter().zip(SHADE).all(|(a, b)| a.abs_diff(b) < 12),
            "{head:?}"
        );
    }

    #[test]
    fn long_words_are_cut_to_lines_with_an_ellipsis() {
        let l = lines(&"chuyển đổi số ".repeat(30), 24, 3);
        assert_eq!(l.len(), 3);
        assert!(l[2].ends_with('…'));
    }
}

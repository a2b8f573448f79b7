//! Avatar frames: PNGs with a transparent window, checked when uploaded.

use std::sync::{Arc, Mutex};

use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::{ImageFormat, RgbaImage};

use crate::{Limits, MediaError, decode};

/// The shapes a frame may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aspect {
    /// 1:1, the profile photo.
    Square,
    /// 4:5, a portrait post.
    Portrait,
    /// 9:16, a story.
    Story,
}

impl Aspect {
    /// Width : height.
    pub fn ratio(self) -> (u32, u32) {
        match self {
            Aspect::Square => (1, 1),
            Aspect::Portrait => (4, 5),
            Aspect::Story => (9, 16),
        }
    }

    fn of(width: u32, height: u32) -> Option<Aspect> {
        [Aspect::Square, Aspect::Portrait, Aspect::Story]
            .into_iter()
            .find(|a| {
                let (rw, rh) = a.ratio();
                let want = f64::from(rw) / f64::from(rh);
                let got = f64::from(width) / f64::from(height);
                (got / want - 1.0).abs() <= 0.01
            })
    }

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Aspect::Square => "1:1",
            Aspect::Portrait => "4:5",
            Aspect::Story => "9:16",
        }
    }
}

/// What the upload check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameReport {
    pub width: u32,
    pub height: u32,
    pub aspect: Aspect,
    /// Share of transparent pixels (alpha < 128), in per mille.
    pub transparent_permille: u32,
    /// True when the transparent window lies inside the circle a round avatar shows
    /// (at most 2 % of the window outside it).
    pub circle_safe: bool,
}

/// A checked frame, ready to composite; resized copies are kept per output size.
pub struct Frame {
    image: Arc<RgbaImage>,
    pub report: FrameReport,
    resized: Mutex<Vec<Resized>>,
}

/// A resized copy and its size.
type Resized = ((u32, u32), Arc<RgbaImage>);

/// Below this share of transparent pixels a frame has no usable window.
pub const MIN_TRANSPARENT_PERMILLE: u32 = 50;

impl Frame {
    /// Checks and decodes an uploaded frame: PNG, with alpha, within [`Limits::FRAME`],
    /// square, 4:5 or 9:16, with a transparent window of at least 5 %.
    pub fn from_png(bytes: &[u8]) -> Result<Frame, MediaError> {
        let probe = decode::probe(bytes, &Limits::FRAME)?;
        if probe.format != ImageFormat::Png {
            return Err(MediaError::FrameNotPngWithAlpha);
        }
        let aspect = Aspect::of(probe.width, probe.height).ok_or(MediaError::FrameAspect {
            width: probe.width,
            height: probe.height,
        })?;
        let decoded = decode::decode_upright(bytes, &Limits::FRAME)?;
        if !decoded.color().has_alpha() {
            return Err(MediaError::FrameNotPngWithAlpha);
        }
        Frame::from_rgba(decoded.into_rgba8(), aspect)
    }

    /// A frame from pixels already in memory (the built-in frame).
    pub fn from_rgba(image: RgbaImage, aspect: Aspect) -> Result<Frame, MediaError> {
        let report = inspect(&image, aspect);
        if report.transparent_permille < MIN_TRANSPARENT_PERMILLE {
            return Err(MediaError::NoTransparentWindow {
                percent_tenths: report.transparent_permille,
            });
        }
        Ok(Frame {
            image: Arc::new(image),
            report,
            resized: Mutex::new(Vec::new()),
        })
    }

    /// The frame at its own size.
    pub fn image(&self) -> &RgbaImage {
        &self.image
    }

    /// The frame resized to `width`×`height` (Lanczos3 with premultiplied alpha, so the
    /// window's edge gets no dark fringe); computed once per size.
    pub fn at_size(&self, width: u32, height: u32) -> Result<Arc<RgbaImage>, MediaError> {
        if let Ok(cache) = self.resized.lock()
            && let Some((_, img)) = cache.iter().find(|(size, _)| *size == (width, height))
        {
            return Ok(img.clone());
        }
        let img = if (width, height) == self.image.dimensions() {
            self.image.clone()
        } else {
            let mut dst = RgbaImage::new(width, height);
            let options = ResizeOptions::new()
                .resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3))
                .use_alpha(true);
            Resizer::new()
                .resize(self.image.as_ref(), &mut dst, &options)
                .map_err(|e| MediaError::Encode(e.to_string()))?;
            Arc::new(dst)
        };
        if let Ok(mut cache) = self.resized.lock() {
            if cache.len() >= 8 {
                cache.remove(0);
            }
            cache.push(((width, height), img.clone()));
        }
        Ok(img)
    }
}

fn inspect(image: &RgbaImage, aspect: Aspect) -> FrameReport {
    let (w, h) = image.dimensions();
    let (cx, cy) = (f64::from(w) / 2.0, f64::from(h) / 2.0);
    let r = f64::from(w.min(h)) / 2.0;
    let (mut transparent, mut outside) = (0u64, 0u64);
    for (x, y, p) in image.enumerate_pixels() {
        if p.0[3] < 128 {
            transparent += 1;
            let (dx, dy) = (f64::from(x) + 0.5 - cx, f64::from(y) + 0.5 - cy);
            if dx * dx + dy * dy > r * r {
                outside += 1;
            }
        }
    }
    let total = u64::from(w) * u64::from(h);
    FrameReport {
        width: w,
        height: h,
        aspect,
        transparent_permille: u32::try_from(transparent * 1000 / total.max(1)).unwrap_or(1000),
        circle_safe: transparent > 0 && outside * 50 <= transparent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn png_of(img: &RgbaImage) -> Vec<u8> {
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .expect("encode");
        out
    }

    fn ring(w: u32, h: u32, window_radius: f64) -> RgbaImage {
        RgbaImage::from_fn(w, h, |x, y| {
            let (dx, dy) = (
                f64::from(x) - f64::from(w) / 2.0,
                f64::from(y) - f64::from(h) / 2.0,
            );
            if (dx * dx + dy * dy).sqrt() < window_radius {
                image::Rgba([0, 0, 0, 0])
            } else {
                image::Rgba([200, 16, 46, 255])
            }
        })
    }

    #[test]
    fn a_round_window_frame_is_accepted_and_circle_safe() {
        let f = Frame::from_png(&png_of(&ring(400, 400, 150.0))).expect("valid");
        assert_eq!(f.report.aspect, Aspect::Square);
        assert!(f.report.circle_safe);
        assert!(
            (430..=450).contains(&f.report.transparent_permille),
            "{}",
            f.report.transparent_permille
        );
    }

    #[test]
    fn a_window_reaching_the_corners_is_not_circle_safe() {
        let img = RgbaImage::from_fn(200, 200, |x, y| {
            if x < 10 || y < 10 {
                image::Rgba([255, 0, 0, 255])
            } else {
                image::Rgba([0, 0, 0, 0])
            }
        });
        let f = Frame::from_png(&png_of(&img)).expect("valid");
        assert!(!f.report.circle_safe);
    }

    #[test]
    fn frames_without_a_window_or_of_odd_shape_or_without_alpha_are_refused() {
        assert!(matches!(
            Frame::from_png(&png_of(&ring(200, 200, 20.0))),
            Err(MediaError::NoTransparentWindow { .. })
        ));
        assert_eq!(
            Frame::from_png(&png_of(&ring(300, 200, 50.0))).err(),
            Some(MediaError::FrameAspect {
                width: 300,
                height: 200
            })
        );
        assert!(
            Frame::from_png(&png_of(&ring(360, 640, 100.0))).is_ok(),
            "9:16 story frame"
        );
        let rgb = image::RgbImage::new(100, 100);
        let mut bytes = Vec::new();
        rgb.write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
            .expect("encode");
        assert_eq!(
            Frame::from_png(&bytes).err(),
            Some(MediaError::FrameNotPngWithAlpha)
        );
        let mut jpeg = Vec::new();
        rgb.write_to(&mut Cursor::new(&mut jpeg), ImageFormat::Jpeg)
            .expect("encode");
        assert_eq!(
            Frame::from_png(&jpeg).err(),
            Some(MediaError::FrameNotPngWithAlpha)
        );
    }
}

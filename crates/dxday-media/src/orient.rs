//! Orientation as one of the eight symmetries of a rectangle: mirror (optional), then
//! turn clockwise. EXIF orientation and the person's quarter turns compose into one,
//! which is applied to the small output rather than to the full-size photo.

use image::DynamicImage;

/// Mirror horizontally first (if `flip`), then turn clockwise `turns` × 90°.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Transform {
    pub flip: bool,
    pub turns: u8,
}

impl Transform {
    /// The transform that shows a photo stored with EXIF `orientation` (1–8) upright.
    pub fn from_exif(orientation: u32) -> Transform {
        let (flip, turns) = match orientation {
            2 => (true, 0),
            3 => (false, 2),
            4 => (true, 2),
            5 => (true, 3),
            6 => (false, 1),
            7 => (true, 1),
            8 => (false, 3),
            _ => (false, 0),
        };
        Transform { flip, turns }
    }

    /// This transform followed by `quarter_turns` more clockwise turns.
    pub fn then_turn(self, quarter_turns: u8) -> Transform {
        Transform {
            flip: self.flip,
            turns: (self.turns + quarter_turns) % 4,
        }
    }

    /// The inverse: a mirrored transform is its own inverse; a pure turn turns back.
    pub fn inverse(self) -> Transform {
        if self.flip {
            self
        } else {
            Transform {
                flip: false,
                turns: (4 - self.turns) % 4,
            }
        }
    }

    /// True when width and height swap.
    pub fn swaps(self) -> bool {
        self.turns % 2 == 1
    }

    /// The size after the transform.
    pub fn size(self, w: u32, h: u32) -> (u32, u32) {
        if self.swaps() { (h, w) } else { (w, h) }
    }

    /// Maps a point (continuous coordinates) of a `w`×`h` image.
    pub fn point(self, (mut x, mut y): (f64, f64), (mut w, mut h): (f64, f64)) -> (f64, f64) {
        if self.flip {
            x = w - x;
        }
        for _ in 0..self.turns {
            (x, y) = (h - y, x);
            (w, h) = (h, w);
        }
        (x, y)
    }

    /// Maps a rectangle (left, top, width, height) of a `w`×`h` image.
    pub fn rect(
        self,
        (l, t, rw, rh): (f64, f64, f64, f64),
        size: (f64, f64),
    ) -> (f64, f64, f64, f64) {
        let a = self.point((l, t), size);
        let b = self.point((l + rw, t + rh), size);
        (
            a.0.min(b.0),
            a.1.min(b.1),
            (a.0 - b.0).abs(),
            (a.1 - b.1).abs(),
        )
    }

    /// Applies the transform to pixels.
    pub fn apply(self, img: DynamicImage) -> DynamicImage {
        let img = if self.flip { img.fliph() } else { img };
        match self.turns % 4 {
            1 => img.rotate90(),
            2 => img.rotate180(),
            3 => img.rotate270(),
            _ => img,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::metadata::Orientation;
    use image::{Rgb, RgbImage};

    fn sample() -> DynamicImage {
        DynamicImage::ImageRgb8(RgbImage::from_fn(5, 3, |x, y| {
            Rgb([x as u8 * 40, y as u8 * 80, 7])
        }))
    }

    #[test]
    fn each_exif_orientation_matches_the_image_crate() {
        for exif in 1..=8u8 {
            let mut want = sample();
            want.apply_orientation(Orientation::from_exif(exif).expect("valid"));
            let got = Transform::from_exif(u32::from(exif)).apply(sample());
            assert_eq!(got, want, "orientation {exif}");
        }
    }

    #[test]
    fn the_inverse_undoes_and_points_follow_pixels() {
        for exif in 1..=8 {
            for turns in 0..4 {
                let t = Transform::from_exif(exif).then_turn(turns);
                assert_eq!(t.inverse().apply(t.apply(sample())), sample(), "{t:?}");
                // The centre of pixel (1, 0) lands on the centre of the pixel it moved to.
                let moved = t.apply(sample()).to_rgb8();
                let (x, y) = t.point((1.5, 0.5), (5.0, 3.0));
                assert_eq!(
                    *moved.get_pixel(x as u32, y as u32),
                    Rgb([40, 0, 7]),
                    "{t:?}"
                );
            }
        }
    }
}

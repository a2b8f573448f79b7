//! Where the photo sits in the frame. The browser studio uses the same rules, so a
//! photo placed on a phone renders the same on the server.

use crate::MediaError;

/// How a person placed the photo.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    /// Clockwise quarter turns applied after EXIF orientation (0–3).
    pub quarter_turns: u8,
    /// 1 = the photo just covers the frame; larger zooms in (at most 20).
    pub zoom: f64,
    /// The point of the (turned) photo shown at the frame's centre, as fractions of
    /// its width and height (0.5, 0.5 = centred). Clamped so the photo always covers.
    pub center_x: f64,
    pub center_y: f64,
}

impl Default for Placement {
    /// Auto-fit: centred cover crop, no zoom, no turn.
    fn default() -> Self {
        Placement {
            quarter_turns: 0,
            zoom: 1.0,
            center_x: 0.5,
            center_y: 0.5,
        }
    }
}

impl Placement {
    /// Checks the numbers a client sent.
    pub fn validate(&self) -> Result<(), MediaError> {
        let ok = self.quarter_turns < 4
            && self.zoom.is_finite()
            && (1.0..=20.0).contains(&self.zoom)
            && (0.0..=1.0).contains(&self.center_x)
            && (0.0..=1.0).contains(&self.center_y);
        if ok { Ok(()) } else { Err(MediaError::BadCrop) }
    }
}

/// The rectangle of the turned photo, in its pixels, that fills the output.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CropBox {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

/// The crop box for a `photo_w`×`photo_h` (turned) photo filling `out_w`×`out_h`.
pub fn crop_box(
    photo_w: u32,
    photo_h: u32,
    out_w: u32,
    out_h: u32,
    p: &Placement,
) -> Result<CropBox, MediaError> {
    p.validate()?;
    if photo_w == 0 || photo_h == 0 || out_w == 0 || out_h == 0 {
        return Err(MediaError::BadCrop);
    }
    let (pw, ph, ow, oh) = (
        f64::from(photo_w),
        f64::from(photo_h),
        f64::from(out_w),
        f64::from(out_h),
    );
    let scale = (ow / pw).max(oh / ph) * p.zoom;
    let width = (ow / scale).min(pw);
    let height = (oh / scale).min(ph);
    let left = (p.center_x * pw - width / 2.0).clamp(0.0, pw - width);
    let top = (p.center_y * ph - height / 2.0).clamp(0.0, ph - height);
    Ok(CropBox {
        left,
        top,
        width,
        height,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_fit_takes_the_centred_square_of_a_landscape_photo() {
        let b = crop_box(4032, 3024, 1080, 1080, &Placement::default()).expect("box");
        assert_eq!(
            b,
            CropBox {
                left: 504.0,
                top: 0.0,
                width: 3024.0,
                height: 3024.0
            }
        );
    }

    #[test]
    fn zoom_and_pan_stay_inside_the_photo() {
        let p = Placement {
            zoom: 2.0,
            center_x: 1.0,
            center_y: 0.0,
            ..Placement::default()
        };
        let b = crop_box(4000, 3000, 1080, 1080, &p).expect("box");
        assert_eq!((b.width, b.height), (1500.0, 1500.0));
        assert_eq!((b.left, b.top), (2500.0, 0.0));
    }

    #[test]
    fn a_portrait_frame_crops_the_sides() {
        let b = crop_box(1000, 1000, 1080, 1350, &Placement::default()).expect("box");
        assert!(
            (b.width - 800.0).abs() < 1e-9 && (b.height - 1000.0).abs() < 1e-9,
            "{b:?}"
        );
        assert!((b.left - 100.0).abs() < 1e-9 && b.top.abs() < 1e-9, "{b:?}");
    }

    #[test]
    fn nonsense_placements_are_refused() {
        for p in [
            Placement {
                zoom: 0.5,
                ..Placement::default()
            },
            Placement {
                zoom: f64::NAN,
                ..Placement::default()
            },
            Placement {
                center_x: 1.5,
                ..Placement::default()
            },
            Placement {
                quarter_turns: 4,
                ..Placement::default()
            },
        ] {
            assert_eq!(crop_box(100, 100, 10, 10, &p), Err(MediaError::BadCrop));
        }
    }
}

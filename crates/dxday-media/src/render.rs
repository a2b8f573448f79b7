//! The one compositing function: photo placed under the frame, encoded without metadata.
//! The server endpoint, the CLI and bulk framing all call [`compose_bytes`] (then [`encode`]).

use std::io::Cursor;

use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::png::{CompressionType, PngEncoder};
use image::{DynamicImage, ExtendedColorType, ImageEncoder, RgbImage, RgbaImage};

use crate::frame::Frame;
use crate::geometry::{Placement, crop_box};
use crate::orient::Transform;
use crate::{Limits, MediaError, decode};

/// Output encodings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// PNG (RGB for opaque photos, RGBA when the photo has transparency).
    Png,
    /// JPEG quality 90, 4:4:4; transparency flattened on white.
    Jpeg,
}

impl Format {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Jpeg => "jpg",
        }
    }

    /// The media type.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Png => "image/png",
            Format::Jpeg => "image/jpeg",
        }
    }
}

/// Smallest and largest output width.
pub const MIN_SIZE: u32 = 64;
pub const MAX_SIZE: u32 = 4096;

/// Decodes `photo` (within [`Limits::PHOTO`]) and renders it under `frame`.
pub fn render_bytes(
    photo: &[u8],
    frame: &Frame,
    placement: &Placement,
    width: u32,
    format: Format,
) -> Result<Vec<u8>, MediaError> {
    let composed = compose_bytes(photo, frame, placement, width)?;
    encode(&composed, format)
}

/// Decodes and composes without encoding (for callers that encode several formats).
pub fn compose_bytes(
    photo: &[u8],
    frame: &Frame,
    placement: &Placement,
    width: u32,
) -> Result<Composed, MediaError> {
    let out = output_size(frame.image().dimensions(), width)?;
    let stored = decode_for_output(photo, placement, out)?;
    compose_decoded(stored, frame, placement, out)
}

/// The output size for a frame of `frame_size` at `width` pixels wide.
pub fn output_size(frame_size: (u32, u32), width: u32) -> Result<(u32, u32), MediaError> {
    if !(MIN_SIZE..=MAX_SIZE).contains(&width) {
        return Err(MediaError::BadSize(width));
    }
    let (fw, fh) = frame_size;
    if fw == 0 {
        return Err(MediaError::BadSize(width));
    }
    Ok((
        width,
        ((u64::from(width) * u64::from(fh) + u64::from(fw) / 2) / u64::from(fw)) as u32,
    ))
}

/// Decodes a photo just large enough for an `out`-sized render with `placement`
/// (the first half of [`compose_bytes`]; it does not need the frame's pixels, so a
/// caller may decode the frame at the same time).
pub fn decode_for_output(
    photo: &[u8],
    placement: &Placement,
    out: (u32, u32),
) -> Result<decode::Stored, MediaError> {
    placement.validate()?;
    let mut plan_error = None;
    let stored = decode::decode_stored(photo, &Limits::PHOTO, |full, upright| {
        // Decode just large enough that the crop still has the output's resolution.
        match plan(
            full,
            upright.then_turn(placement.quarter_turns),
            placement,
            out,
        ) {
            Ok(p) => {
                let need_w =
                    (f64::from(full.0) * f64::from(p.out_stored.0) / p.stored_box.2).ceil() as u32;
                let need_h =
                    (f64::from(full.1) * f64::from(p.out_stored.1) / p.stored_box.3).ceil() as u32;
                (need_w, need_h)
            }
            Err(e) => {
                plan_error = Some(e);
                full
            }
        }
    })?;
    match plan_error {
        Some(e) => Err(e),
        None => Ok(stored),
    }
}

/// Composes a photo decoded by [`decode_for_output`] under `frame` (the second half of
/// [`compose_bytes`]).
pub fn compose_decoded(
    stored: decode::Stored,
    frame: &Frame,
    placement: &Placement,
    out: (u32, u32),
) -> Result<Composed, MediaError> {
    let t = stored.upright.then_turn(placement.quarter_turns);
    compose_stored(stored.img, stored.full, t, frame, placement, out)
}

/// The composed pixels, before encoding.
pub enum Composed {
    Opaque(RgbImage),
    Transparent(RgbaImage),
}

/// Places, resizes and composites an upright photo; no encoding.
pub fn compose(
    photo: DynamicImage,
    frame: &Frame,
    placement: &Placement,
    width: u32,
) -> Result<Composed, MediaError> {
    placement.validate()?;
    let out = output_size(frame.image().dimensions(), width)?;
    let full = (photo.width(), photo.height());
    compose_stored(
        photo,
        full,
        Transform::default().then_turn(placement.quarter_turns),
        frame,
        placement,
        out,
    )
}

/// Where the crop lies in the stored (not yet upright) photo, and the output's size
/// in stored orientation.
struct Plan {
    stored_box: (f64, f64, f64, f64),
    out_stored: (u32, u32),
}

fn plan(
    full: (u32, u32),
    t: Transform,
    placement: &Placement,
    out: (u32, u32),
) -> Result<Plan, MediaError> {
    let (dw, dh) = t.size(full.0, full.1);
    let b = crop_box(dw, dh, out.0, out.1, placement)?;
    let stored_box = t.inverse().rect(
        (b.left, b.top, b.width, b.height),
        (f64::from(dw), f64::from(dh)),
    );
    Ok(Plan {
        stored_box,
        out_stored: t.inverse().size(out.0, out.1),
    })
}

/// Resizes the crop of a stored photo (perhaps decoded smaller than `full`), then turns
/// the small result upright, then lays the frame over it.
fn compose_stored(
    img: DynamicImage,
    full: (u32, u32),
    t: Transform,
    frame: &Frame,
    placement: &Placement,
    out: (u32, u32),
) -> Result<Composed, MediaError> {
    overlay(place_stored(img, full, t, placement, out)?, frame)
}

/// The photo of [`decode_for_output`] cropped, resized and upright, without the frame
/// (so a caller may free the photo before it decodes the frame).
pub fn place_decoded(
    stored: decode::Stored,
    placement: &Placement,
    out: (u32, u32),
) -> Result<Composed, MediaError> {
    let t = stored.upright.then_turn(placement.quarter_turns);
    place_stored(stored.img, stored.full, t, placement, out)
}

/// Lays `frame` (scaled to the photo's size if needed) over a placed photo.
pub fn overlay(placed: Composed, frame: &Frame) -> Result<Composed, MediaError> {
    Ok(match placed {
        Composed::Transparent(mut photo) => {
            let f = frame.at_size(photo.width(), photo.height())?;
            over_rgba(&mut photo, &f);
            Composed::Transparent(photo)
        }
        Composed::Opaque(mut photo) => {
            let f = frame.at_size(photo.width(), photo.height())?;
            over_rgb(&mut photo, &f);
            Composed::Opaque(photo)
        }
    })
}

fn place_stored(
    img: DynamicImage,
    full: (u32, u32),
    t: Transform,
    placement: &Placement,
    out: (u32, u32),
) -> Result<Composed, MediaError> {
    let p = plan(full, t, placement, out)?;
    let (sx, sy) = (
        f64::from(img.width()) / f64::from(full.0),
        f64::from(img.height()) / f64::from(full.1),
    );
    let (l, top, w, h) = p.stored_box;
    let options = ResizeOptions::new()
        .resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3))
        .crop(
            l * sx,
            top * sy,
            (w * sx).min(f64::from(img.width())),
            (h * sy).min(f64::from(img.height())),
        )
        .use_alpha(true);
    let fail = |e: fast_image_resize::ResizeError| MediaError::Encode(e.to_string());
    let (ow, oh) = p.out_stored;
    if img.color().has_alpha() {
        let src = img.into_rgba8();
        let mut dst = RgbaImage::new(ow, oh);
        Resizer::new()
            .resize(&src, &mut dst, &options)
            .map_err(fail)?;
        drop(src);
        Ok(Composed::Transparent(
            t.apply(DynamicImage::ImageRgba8(dst)).into_rgba8(),
        ))
    } else {
        let src = img.into_rgb8();
        let mut dst = RgbImage::new(ow, oh);
        Resizer::new()
            .resize(&src, &mut dst, &options)
            .map_err(fail)?;
        drop(src);
        Ok(Composed::Opaque(
            t.apply(DynamicImage::ImageRgb8(dst)).into_rgb8(),
        ))
    }
}

/// `frame` over an opaque photo: c = f·a + p·(1 − a), rounded.
fn over_rgb(photo: &mut RgbImage, frame: &RgbaImage) {
    for (p, f) in photo.pixels_mut().zip(frame.pixels()) {
        let a = u32::from(f.0[3]);
        if a == 0 {
            continue;
        }
        for c in 0..3 {
            let v = u32::from(f.0[c]) * a + u32::from(p.0[c]) * (255 - a);
            p.0[c] = ((v + 127) / 255) as u8;
        }
    }
}

/// `frame` over a photo with transparency, in premultiplied form, back to straight alpha.
fn over_rgba(photo: &mut RgbaImage, frame: &RgbaImage) {
    for (p, f) in photo.pixels_mut().zip(frame.pixels()) {
        let fa = u32::from(f.0[3]);
        if fa == 0 {
            continue;
        }
        let pa = u32::from(p.0[3]);
        // Everything scaled by 255·255 to stay in integers.
        let out_a = fa * 255 + pa * (255 - fa);
        if out_a == 0 {
            p.0 = [0, 0, 0, 0];
            continue;
        }
        for c in 0..3 {
            let num = u32::from(f.0[c]) * fa * 255 + u32::from(p.0[c]) * pa * (255 - fa);
            p.0[c] = ((num + out_a / 2) / out_a).min(255) as u8;
        }
        p.0[3] = ((out_a + 127) / 255) as u8;
    }
}

/// Encodes composed pixels; nothing of the input's metadata is carried over.
pub fn encode(img: &Composed, format: Format) -> Result<Vec<u8>, MediaError> {
    let mut out = Vec::new();
    let fail = |e: image::ImageError| MediaError::Encode(e.to_string());
    match (img, format) {
        (Composed::Opaque(rgb), Format::Png) => {
            PngEncoder::new_with_quality(
                Cursor::new(&mut out),
                CompressionType::Fast,
                image::codecs::png::FilterType::Adaptive,
            )
            .write_image(
                rgb.as_raw(),
                rgb.width(),
                rgb.height(),
                ExtendedColorType::Rgb8,
            )
            .map_err(fail)?;
        }
        (Composed::Transparent(rgba), Format::Png) => {
            PngEncoder::new_with_quality(
                Cursor::new(&mut out),
                CompressionType::Fast,
                image::codecs::png::FilterType::Adaptive,
            )
            .write_image(
                rgba.as_raw(),
                rgba.width(),
                rgba.height(),
                ExtendedColorType::Rgba8,
            )
            .map_err(fail)?;
        }
        (Composed::Opaque(rgb), Format::Jpeg) => {
            out = jpeg_q90(rgb)?;
        }
        (Composed::Transparent(rgba), Format::Jpeg) => {
            let flat = RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
                let p = rgba.get_pixel(x, y).0;
                let a = u32::from(p[3]);
                let mix = |c: u8| ((u32::from(c) * a + 255 * (255 - a) + 127) / 255) as u8;
                image::Rgb([mix(p[0]), mix(p[1]), mix(p[2])])
            });
            out = jpeg_q90(&flat)?;
        }
    }
    Ok(out)
}

/// Baseline JPEG, quality 90, 4:4:4, no metadata, by libjpeg-turbo (through mozjpeg,
/// with its fastest, libjpeg-compatible settings). Its errors unwind; caught here.
fn jpeg_q90(rgb: &RgbImage) -> Result<Vec<u8>, MediaError> {
    jpeg(rgb, 90.0, true)
}

/// Encodes `rgb` as a JPEG of `quality`; with `full_colour`, colour is kept at every
/// pixel (frames' thin lines and text), else halved each way (smaller, for pictures).
pub(crate) fn jpeg(rgb: &RgbImage, quality: f32, full_colour: bool) -> Result<Vec<u8>, MediaError> {
    let run = std::panic::AssertUnwindSafe(|| -> std::io::Result<Vec<u8>> {
        let mut c = mozjpeg::Compress::new(mozjpeg::ColorSpace::JCS_RGB);
        c.set_fastest_defaults();
        c.set_size(rgb.width() as usize, rgb.height() as usize);
        c.set_quality(quality);
        if full_colour {
            c.set_chroma_sampling_pixel_sizes((1, 1), (1, 1));
        }
        let mut started = c.start_compress(Vec::with_capacity(rgb.len() / 8))?;
        started.write_scanlines(rgb.as_raw())?;
        started.finish()
    });
    match std::panic::catch_unwind(run) {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(e)) => Err(MediaError::Encode(e.to_string())),
        Err(_) => Err(MediaError::Encode("JPEG encoding failed".into())),
    }
}

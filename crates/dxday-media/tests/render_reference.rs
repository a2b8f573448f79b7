//! The renderer against an independent reference: the same crop, a Lanczos3 resample
//! and "over" written here in plain f64 maths.

use std::io::Cursor;

use dxday_media::frame::{Aspect, Frame};
use dxday_media::geometry::Placement;
use dxday_media::render::{Format, render_bytes};
use image::{ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};

fn lanczos3(t: f64) -> f64 {
    if t == 0.0 {
        1.0
    } else if t.abs() >= 3.0 {
        0.0
    } else {
        let pt = std::f64::consts::PI * t;
        3.0 * pt.sin() * (pt / 3.0).sin() / (pt * pt)
    }
}

/// Separable Lanczos3 of the box (left, top, w, h) of `src` to `out`×`out`; taps that
/// fall outside the image are dropped and the rest renormalised.
fn reference_resize(
    src: &RgbImage,
    (left, top, w, h): (f64, f64, f64, f64),
    out: u32,
) -> Vec<[f64; 3]> {
    let weights = |start: f64, len: f64, n_src: u32| -> Vec<Vec<(u32, f64)>> {
        let scale = len / f64::from(out);
        let support = 3.0 * scale.max(1.0);
        (0..out)
            .map(|i| {
                let center = start + (f64::from(i) + 0.5) * scale;
                let lo = (center - support).floor() as i64;
                let hi = (center + support).ceil() as i64;
                let mut ws: Vec<(u32, f64)> = (lo..=hi)
                    .filter(|j| (0..i64::from(n_src)).contains(j))
                    .map(|j| {
                        (
                            j as u32,
                            lanczos3((j as f64 + 0.5 - center) / scale.max(1.0)),
                        )
                    })
                    .filter(|(_, w)| *w != 0.0)
                    .collect();
                let sum: f64 = ws.iter().map(|(_, w)| w).sum();
                ws.iter_mut().for_each(|(_, w)| *w /= sum);
                ws
            })
            .collect()
    };
    let wx = weights(left, w, src.width());
    let wy = weights(top, h, src.height());
    // Horizontal pass over every source row, then vertical; the intermediate rows are
    // stored as 8-bit values, as in any 8-bit pipeline (ringing below 0 is clamped).
    let rows: Vec<Vec<[f64; 3]>> = (0..src.height())
        .map(|y| {
            wx.iter()
                .map(|ws| {
                    let mut acc = [0.0; 3];
                    for (x, w) in ws {
                        let p = src.get_pixel(*x, y).0;
                        for c in 0..3 {
                            acc[c] += f64::from(p[c]) * w;
                        }
                    }
                    acc.map(|v| v.round().clamp(0.0, 255.0))
                })
                .collect()
        })
        .collect();
    let mut outp = vec![[0.0; 3]; (out * out) as usize];
    for (oy, ws) in wy.iter().enumerate() {
        for ox in 0..out as usize {
            let mut acc = [0.0; 3];
            for (y, w) in ws {
                for c in 0..3 {
                    acc[c] += rows[*y as usize][ox][c] * w;
                }
            }
            outp[oy * out as usize + ox] = acc;
        }
    }
    outp
}

/// Gradients, a fine wave and a checkerboard: detail at every scale, kept away from
/// 0 and 255 so that no implementation's clamping of Lanczos ringing decides the result.
fn photo() -> RgbImage {
    RgbImage::from_fn(600, 400, |x, y| {
        let checker = if (x / 23 + y / 17) % 2 == 0 {
            40.0
        } else {
            0.0
        };
        let wave = 50.0 * (f64::from(x) / 5.0 + f64::from(y) / 9.0).sin();
        let blue = 110.0 + wave + checker;
        Rgb([
            (30 + x * 190 / 599) as u8,
            (30 + y * 190 / 399) as u8,
            blue.round() as u8,
        ])
    })
}

fn frame_200() -> RgbaImage {
    RgbaImage::from_fn(200, 200, |x, y| {
        let (dx, dy) = (f64::from(x) + 0.5 - 100.0, f64::from(y) + 0.5 - 100.0);
        let d = (dx * dx + dy * dy).sqrt();
        let a = ((d - 70.0) * 8.0).clamp(0.0, 255.0) as u8; // a soft edge: partial alphas
        Rgba([200, 16, 46, a])
    })
}

fn png(img: &impl ImageEncoderSource) -> Vec<u8> {
    img.encode_png()
}

/// Encodes any image buffer as PNG.
trait ImageEncoderSource {
    fn encode_png(&self) -> Vec<u8>;
}
impl ImageEncoderSource for RgbImage {
    fn encode_png(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .expect("encode");
        out
    }
}
impl ImageEncoderSource for RgbaImage {
    fn encode_png(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .expect("encode");
        out
    }
}

#[test]
fn the_renderer_matches_a_float_reference_within_tolerance() {
    let src = photo();
    let frame_img = frame_200();
    let frame = Frame::from_rgba(frame_img.clone(), Aspect::Square).expect("frame");
    for (placement, crop) in [
        (Placement::default(), (100.0, 0.0, 400.0, 400.0)),
        (
            Placement {
                zoom: 2.0,
                center_x: 0.25,
                center_y: 0.75,
                quarter_turns: 0,
            },
            (50.0, 200.0, 200.0, 200.0),
        ),
    ] {
        let out = render_bytes(&png(&src), &frame, &placement, 200, Format::Png).expect("render");
        let got = image::load_from_memory(&out).expect("decode").into_rgb8();
        assert_eq!(got.dimensions(), (200, 200));
        let photo_ref = reference_resize(&src, crop, 200);
        let (mut max, mut sum) = (0.0f64, 0.0f64);
        for (i, p) in got.pixels().enumerate() {
            let f = frame_img.as_raw()[i * 4..i * 4 + 4].to_vec();
            let a = f64::from(f[3]) / 255.0;
            for c in 0..3 {
                let want = f64::from(f[c]) * a + photo_ref[i][c].clamp(0.0, 255.0) * (1.0 - a);
                let d = (f64::from(p.0[c]) - want).abs();
                if d > 3.0 && std::env::var("DEBUG_REF").is_ok() {
                    eprintln!(
                        "x={} y={} c={c} got={} want={want:.2} ref={:.2} a={a:.3}",
                        i % 200,
                        i / 200,
                        p.0[c],
                        photo_ref[i][c]
                    );
                }
                max = max.max(d);
                sum += d;
            }
        }
        let mean = sum / (200.0 * 200.0 * 3.0);
        eprintln!("{placement:?}: max |Δ| {max:.2}, mean {mean:.3}");
        assert!(
            max <= 3.0 && mean <= 0.5,
            "{placement:?}: max |Δ| {max:.2}, mean {mean:.3}"
        );
    }
}

#[test]
fn a_downscaled_frame_leaves_no_dark_fringe_at_the_window_edge() {
    // Transparent pixels are black (0,0,0,0), as many editors save them; the ring is white.
    let frame_img = RgbaImage::from_fn(800, 800, |x, y| {
        let (dx, dy) = (f64::from(x) - 400.0, f64::from(y) - 400.0);
        if (dx * dx + dy * dy).sqrt() < 300.0 {
            Rgba([0, 0, 0, 0])
        } else {
            Rgba([255, 255, 255, 255])
        }
    });
    let frame = Frame::from_rgba(frame_img, Aspect::Square).expect("frame");
    let white = RgbImage::from_pixel(300, 300, Rgb([255, 255, 255]));
    let out = render_bytes(
        &png(&white),
        &frame,
        &Placement::default(),
        150,
        Format::Png,
    )
    .expect("render");
    let got = image::load_from_memory(&out).expect("decode").into_rgb8();
    let darkest = got
        .pixels()
        .map(|p| p.0.iter().copied().min().unwrap_or(0))
        .min()
        .unwrap_or(0);
    assert!(darkest >= 250, "a dark fringe: darkest value {darkest}");
}

#[test]
fn exif_orientation_is_applied_once_and_metadata_is_not_copied() {
    // A JPEG with an EXIF block saying "rotate 90° clockwise" (orientation 6).
    let src = RgbImage::from_fn(320, 160, |x, _| {
        if x < 160 {
            Rgb([250, 0, 0])
        } else {
            Rgb([0, 0, 250])
        }
    });
    let mut jpeg = Vec::new();
    src.write_to(&mut Cursor::new(&mut jpeg), ImageFormat::Jpeg)
        .expect("jpeg");
    let exif: Vec<u8> = {
        let mut tiff = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
        tiff.extend_from_slice(&[
            0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00,
        ]);
        tiff.extend_from_slice(&[0, 0, 0, 0]);
        let mut app1 = b"Exif\x00\x00".to_vec();
        app1.extend_from_slice(&tiff);
        let mut seg = vec![0xFF, 0xE1];
        seg.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
        seg.extend_from_slice(&app1);
        seg
    };
    let mut with_exif = jpeg[..2].to_vec();
    with_exif.extend_from_slice(&exif);
    with_exif.extend_from_slice(&jpeg[2..]);
    let frame = Frame::from_rgba(
        RgbaImage::from_pixel(100, 100, Rgba([0, 0, 0, 0])),
        Aspect::Square,
    )
    .expect("frame");
    let out =
        render_bytes(&with_exif, &frame, &Placement::default(), 100, Format::Jpeg).expect("render");
    let got = image::load_from_memory(&out).expect("decode").into_rgb8();
    // Upright the photo is 160 wide × 320 tall: red on top, blue below.
    assert!(
        got.get_pixel(50, 10).0[0] > 200 && got.get_pixel(50, 10).0[2] < 60,
        "{:?}",
        got.get_pixel(50, 10)
    );
    assert!(
        got.get_pixel(50, 90).0[2] > 200 && got.get_pixel(50, 90).0[0] < 60,
        "{:?}",
        got.get_pixel(50, 90)
    );
    assert!(
        !out.windows(4).any(|w| w == b"Exif"),
        "no EXIF in the output"
    );
}

/// A JPEG with an EXIF block carrying `orientation`.
fn jpeg_with_orientation(src: &RgbImage, orientation: u16) -> Vec<u8> {
    let mut jpeg = Vec::new();
    src.write_to(&mut Cursor::new(&mut jpeg), ImageFormat::Jpeg)
        .expect("jpeg");
    let mut tiff = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    tiff.extend_from_slice(&[0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01]);
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    let mut app1 = b"Exif\x00\x00".to_vec();
    app1.extend_from_slice(&tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

#[test]
fn the_fast_jpeg_path_matches_the_full_decode_for_every_orientation_and_turn() {
    use dxday_media::decode::decode_upright;
    use dxday_media::render::{Composed, compose, compose_bytes};
    let src = RgbImage::from_fn(1200, 900, |x, y| {
        let wave = 40.0 * ((f64::from(x) / 37.0).sin() + (f64::from(y) / 23.0).cos());
        Rgb([
            (30 + x * 190 / 1199) as u8,
            (128.0 + wave) as u8,
            (30 + y * 190 / 899) as u8,
        ])
    });
    let frame = Frame::from_rgba(frame_200(), Aspect::Square).expect("frame");
    for orientation in 1..=8u16 {
        let bytes = jpeg_with_orientation(&src, orientation);
        for turns in 0..4u8 {
            let placement = Placement {
                quarter_turns: turns,
                zoom: 1.3,
                center_x: 0.4,
                center_y: 0.6,
            };
            let fast = match compose_bytes(&bytes, &frame, &placement, 200).expect("fast path") {
                Composed::Opaque(img) => img,
                Composed::Transparent(_) => panic!("an opaque photo"),
            };
            let upright = decode_upright(&bytes, &dxday_media::Limits::PHOTO).expect("full decode");
            let slow = match compose(upright, &frame, &placement, 200).expect("reference path") {
                Composed::Opaque(img) => img,
                Composed::Transparent(_) => panic!("an opaque photo"),
            };
            let diffs: Vec<f64> = fast
                .as_raw()
                .iter()
                .zip(slow.as_raw())
                .map(|(a, b)| (f64::from(*a) - f64::from(*b)).abs())
                .collect();
            let mean = diffs.iter().sum::<f64>() / diffs.len() as f64;
            assert!(
                mean < 1.5,
                "orientation {orientation}, {turns} turns: mean |Δ| {mean:.2}"
            );
        }
    }
}

//! Identity-kit files: what a file is, read from its bytes (never from its name), its
//! pixel size from the header, limits checked before anything is decoded, SVG checked
//! for anything active or external, and a small preview for raster images.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, ImageReader};

use crate::{Limits, MediaError};

/// The formats the kit takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AssetFormat {
    Png,
    Jpeg,
    Webp,
    Pdf,
    Svg,
    Mp4,
}

impl AssetFormat {
    pub const ALL: [AssetFormat; 6] = [
        AssetFormat::Png,
        AssetFormat::Jpeg,
        AssetFormat::Webp,
        AssetFormat::Pdf,
        AssetFormat::Svg,
        AssetFormat::Mp4,
    ];

    /// The stored name, also the file extension.
    pub fn as_str(self) -> &'static str {
        match self {
            AssetFormat::Png => "png",
            AssetFormat::Jpeg => "jpg",
            AssetFormat::Webp => "webp",
            AssetFormat::Pdf => "pdf",
            AssetFormat::Svg => "svg",
            AssetFormat::Mp4 => "mp4",
        }
    }

    pub fn parse(s: &str) -> Option<AssetFormat> {
        AssetFormat::ALL.into_iter().find(|f| f.as_str() == s)
    }

    pub fn media_type(self) -> &'static str {
        match self {
            AssetFormat::Png => "image/png",
            AssetFormat::Jpeg => "image/jpeg",
            AssetFormat::Webp => "image/webp",
            AssetFormat::Pdf => "application/pdf",
            AssetFormat::Svg => "image/svg+xml",
            AssetFormat::Mp4 => "video/mp4",
        }
    }

    /// The largest file of this format.
    pub fn max_bytes(self) -> usize {
        match self {
            AssetFormat::Svg => 2 * 1024 * 1024,
            AssetFormat::Png | AssetFormat::Jpeg | AssetFormat::Webp => KIT_IMAGE.max_bytes,
            AssetFormat::Pdf => 30 * 1024 * 1024,
            AssetFormat::Mp4 => 60 * 1024 * 1024,
        }
    }

    /// Raster images get a server-made preview.
    pub fn is_raster(self) -> bool {
        matches!(
            self,
            AssetFormat::Png | AssetFormat::Jpeg | AssetFormat::Webp
        )
    }
}

/// Raster kit images: 20 MB, no side over 16 000 px, at most 100 megapixels (a
/// 7 680×4 320 public-screen slide and an A0 poster at 150 dpi fit).
pub const KIT_IMAGE: Limits = Limits {
    max_bytes: 20 * 1024 * 1024,
    max_width: 16_000,
    max_height: 16_000,
    max_pixels: 100_000_000,
};

/// A checked kit file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inspected {
    pub format: AssetFormat,
    /// Pixel size (raster images, and SVG when it states one).
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// The largest file any format takes (the upload limit).
pub const MAX_ASSET_BYTES: usize = 60 * 1024 * 1024;

/// What `bytes` are, checked: the format from the content, the size within the
/// format's limit, the pixel size from the header (no pixel decoded), a PDF whole, an
/// SVG free of scripts, event attributes and external references.
pub fn inspect(bytes: &[u8]) -> Result<Inspected, MediaError> {
    if bytes.is_empty() {
        return Err(MediaError::Empty);
    }
    let format = match infer::get(bytes).map(|t| t.mime_type()) {
        _ if looks_like_svg(bytes) => AssetFormat::Svg,
        Some("image/png") => AssetFormat::Png,
        Some("image/jpeg") => AssetFormat::Jpeg,
        Some("image/webp") => AssetFormat::Webp,
        Some("application/pdf") => AssetFormat::Pdf,
        Some("video/mp4") => AssetFormat::Mp4,
        _ => return Err(MediaError::UnsupportedFormat),
    };
    if bytes.len() > format.max_bytes() {
        return Err(MediaError::TooManyBytes {
            bytes: bytes.len(),
            max: format.max_bytes(),
        });
    }
    let (width, height) = match format {
        AssetFormat::Png | AssetFormat::Jpeg | AssetFormat::Webp => {
            let f = match format {
                AssetFormat::Png => ImageFormat::Png,
                AssetFormat::Jpeg => ImageFormat::Jpeg,
                _ => ImageFormat::WebP,
            };
            let (w, h) = ImageReader::with_format(Cursor::new(bytes), f)
                .into_dimensions()
                .map_err(|e| MediaError::Corrupt(e.to_string()))?;
            if !KIT_IMAGE.fits(w, h) {
                return Err(MediaError::TooManyPixels {
                    width: w,
                    height: h,
                });
            }
            (Some(w), Some(h))
        }
        AssetFormat::Pdf => {
            // A PDF ends with its trailer: a cut-off or broken file has no %%EOF.
            let tail = &bytes[bytes.len().saturating_sub(1024)..];
            if !tail.windows(5).any(|w| w == b"%%EOF") {
                return Err(MediaError::Corrupt(
                    "the PDF has no end-of-file marker".into(),
                ));
            }
            (None, None)
        }
        AssetFormat::Svg => svg_size(bytes)?,
        AssetFormat::Mp4 => (None, None),
    };
    Ok(Inspected {
        format,
        width,
        height,
    })
}

/// Text that starts (after a BOM, blanks, an XML declaration or comments) with `<svg`.
fn looks_like_svg(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let head: String = text
        .trim_start_matches('\u{feff}')
        .chars()
        .take(4096)
        .collect();
    head.contains("<svg") && head.trim_start().starts_with('<')
}

/// Elements that run code or pull in other documents.
const ACTIVE_ELEMENTS: [&str; 9] = [
    "script",
    "set",
    "foreignObject",
    "iframe",
    "embed",
    "object",
    "handler",
    "listener",
    "animate",
];

/// Checks an SVG and reads its size. Refused (with the reason): a document type
/// declaration (entities), an active element, an `on…` attribute, a reference that is
/// not inside the file (`href`, `xlink:href`, `url(…)` in styles), `@import`.
fn svg_size(bytes: &[u8]) -> Result<(Option<u32>, Option<u32>), MediaError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| MediaError::UnsafeSvg("not UTF-8 text".into()))?
        .trim_start_matches('\u{feff}');
    let doc = roxmltree::Document::parse_with_options(
        text,
        roxmltree::ParsingOptions {
            allow_dtd: false,
            ..roxmltree::ParsingOptions::default()
        },
    )
    .map_err(|e| MediaError::UnsafeSvg(e.to_string()))?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg"
        || root.tag_name().namespace() != Some("http://www.w3.org/2000/svg")
    {
        return Err(MediaError::UnsafeSvg(
            "the root element is not <svg> of the SVG namespace".into(),
        ));
    }
    if doc.descendants().any(|n| n.is_pi()) {
        return Err(MediaError::UnsafeSvg("a processing instruction".into()));
    }
    for node in doc.descendants() {
        if node.is_element() {
            let name = node.tag_name().name();
            if ACTIVE_ELEMENTS.iter().any(|a| a.eq_ignore_ascii_case(name)) {
                return Err(MediaError::UnsafeSvg(format!("<{name}> element")));
            }
            for a in node.attributes() {
                let attr = a.name().to_ascii_lowercase();
                let value = a.value().trim().to_ascii_lowercase();
                if attr.starts_with("on") {
                    return Err(MediaError::UnsafeSvg(format!("{attr} attribute")));
                }
                if attr == "href" && !internal_reference(&value) {
                    return Err(MediaError::UnsafeSvg(format!(
                        "external reference {value:?}"
                    )));
                }
                if attr == "style" && !styles_are_internal(&value) {
                    return Err(MediaError::UnsafeSvg(
                        "external reference in a style".into(),
                    ));
                }
            }
        }
        if node.is_text()
            && node
                .parent_element()
                .is_some_and(|p| p.tag_name().name() == "style")
            && !styles_are_internal(&node.text().unwrap_or_default().to_ascii_lowercase())
        {
            return Err(MediaError::UnsafeSvg(
                "external reference in a style".into(),
            ));
        }
    }
    let length = |name: &str| {
        root.attribute(name)
            .map(|v| v.trim().trim_end_matches("px"))
            .and_then(|v| v.parse::<f64>().ok())
            .filter(|v| v.is_finite() && *v > 0.0 && *v < 100_000.0)
            .map(|v| v.round() as u32)
    };
    let (mut w, mut h) = (length("width"), length("height"));
    if (w.is_none() || h.is_none())
        && let Some(vb) = root.attribute("viewBox")
    {
        let v: Vec<f64> = vb
            .split([' ', ','])
            .filter(|s| !s.is_empty())
            .filter_map(|s| s.parse().ok())
            .collect();
        if v.len() == 4 && v[2] > 0.0 && v[3] > 0.0 && v[2] < 100_000.0 && v[3] < 100_000.0 {
            w = w.or(Some(v[2].round() as u32));
            h = h.or(Some(v[3].round() as u32));
        }
    }
    Ok((w, h))
}

/// A reference inside the file (`#id`) or an embedded raster image.
fn internal_reference(value: &str) -> bool {
    value.starts_with('#')
        || value.starts_with("data:image/png")
        || value.starts_with("data:image/jpeg")
        || value.starts_with("data:image/webp")
}

fn styles_are_internal(css: &str) -> bool {
    if css.contains("@import") || css.contains("expression(") {
        return false;
    }
    css.split("url(").skip(1).all(|rest| {
        let target = rest.trim_start_matches(['\'', '"', ' ']);
        internal_reference(target)
    })
}

/// The longest side of a preview.
pub const PREVIEW_SIDE: u32 = 480;

/// WebP has no partial decoding: a WebP kit image is decoded whole, so it is held to
/// 36 MP (an 8K slide, 7 680 × 4 320, fits).
pub const WEBP_DECODE: Limits = Limits {
    max_bytes: 20 * 1024 * 1024,
    max_width: 16_000,
    max_height: 16_000,
    max_pixels: 36_000_000,
};

/// `full` scaled to fit in a `side`² square (never up).
fn fit_within(full: (u32, u32), side: u32) -> (u32, u32) {
    let (w, h) = full;
    let longest = w.max(h).max(1);
    if longest <= side {
        return (w.max(1), h.max(1));
    }
    let scale = |v: u32| ((u64::from(v) * u64::from(side)) / u64::from(longest)).max(1) as u32;
    (scale(w), scale(h))
}

/// A PNG's preview, read row by row (never the whole picture in memory): each row is
/// added into the preview's pixel it falls in, and the sums averaged. An interlaced
/// PNG's first pass (one pixel in 8 × 8) is enough for a preview.
fn png_preview(bytes: &[u8], side: u32) -> Result<image::RgbaImage, MediaError> {
    let corrupt = |e: png::DecodingError| MediaError::Corrupt(e.to_string());
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(corrupt)?;
    let (w, h) = (reader.info().width, reader.info().height);
    let (sw, sh) = if reader.info().interlaced {
        (w.div_ceil(8), h.div_ceil(8))
    } else {
        (w, h)
    };
    let channels = reader.output_color_type().0.samples();
    let (tw, th) = fit_within((sw, sh), side);
    let (tw, th) = (tw as usize, th as usize);
    let mut sums = vec![0u64; tw * th * 4];
    let mut counts = vec![0u32; tw * th];
    for y in 0..sh as usize {
        let row = reader
            .next_row()
            .map_err(corrupt)?
            .ok_or_else(|| MediaError::Corrupt("the PNG ends early".into()))?;
        let data = row.data();
        let ty = y * th / sh as usize;
        for x in 0..(data.len() / channels).min(sw as usize) {
            let p = &data[x * channels..(x + 1) * channels];
            let rgba = match channels {
                1 => [p[0], p[0], p[0], 255],
                2 => [p[0], p[0], p[0], p[1]],
                3 => [p[0], p[1], p[2], 255],
                _ => [p[0], p[1], p[2], p[3]],
            };
            let t = ty * tw + x * tw / sw as usize;
            for (c, v) in rgba.iter().enumerate() {
                sums[t * 4 + c] += u64::from(*v);
            }
            counts[t] += 1;
        }
    }
    Ok(image::RgbaImage::from_fn(tw as u32, th as u32, |x, y| {
        let t = y as usize * tw + x as usize;
        let n = u64::from(counts[t].max(1));
        image::Rgba(std::array::from_fn(|c| (sums[t * 4 + c] / n) as u8))
    }))
}

/// A PNG preview of a raster kit image, at most 480 px on its longest side (the image
/// itself when smaller). Decoded within [`KIT_IMAGE`].
pub fn preview_png(bytes: &[u8], format: AssetFormat) -> Result<Vec<u8>, MediaError> {
    preview_png_within(bytes, format, &KIT_IMAGE)
}

/// The same within `limits` (evidence photos use [`Limits::PHOTO`]): an image past
/// them is refused from its header, before anything is decoded.
pub fn preview_png_within(
    bytes: &[u8],
    format: AssetFormat,
    limits: &Limits,
) -> Result<Vec<u8>, MediaError> {
    let f = match format {
        AssetFormat::Png => ImageFormat::Png,
        AssetFormat::Jpeg => ImageFormat::Jpeg,
        AssetFormat::Webp => ImageFormat::WebP,
        _ => return Err(MediaError::UnsupportedFormat),
    };
    let (w, h) = ImageReader::with_format(Cursor::new(bytes), f)
        .into_dimensions()
        .map_err(|e| MediaError::Corrupt(e.to_string()))?;
    if !limits.fits(w, h) || (f == ImageFormat::WebP && !WEBP_DECODE.fits(w, h)) {
        return Err(MediaError::TooManyPixels {
            width: w,
            height: h,
        });
    }
    // Never the whole picture in memory when it is large: a PNG is read row by row into
    // the preview, a JPEG decoded at 1/2, 1/4 or 1/8 by libjpeg-turbo; WebP (whole
    // decode only) is held to a smaller size.
    let small: DynamicImage = match f {
        ImageFormat::Png => DynamicImage::ImageRgba8(png_preview(bytes, PREVIEW_SIDE)?),
        ImageFormat::Jpeg => {
            let stored = crate::decode::decode_stored(bytes, limits, |full, _| {
                fit_within(full, PREVIEW_SIDE)
            })?;
            stored.img
        }
        _ => {
            let mut reader = ImageReader::with_format(Cursor::new(bytes), f);
            let mut decoder_limits = image::Limits::default();
            decoder_limits.max_image_width = Some(limits.max_width);
            decoder_limits.max_image_height = Some(limits.max_height);
            decoder_limits.max_alloc = Some(WEBP_DECODE.max_alloc());
            reader.limits(decoder_limits);
            reader
                .decode()
                .map_err(|e| MediaError::Corrupt(e.to_string()))?
        }
    };
    let small = if small.width() > PREVIEW_SIDE || small.height() > PREVIEW_SIDE {
        small.thumbnail(PREVIEW_SIDE, PREVIEW_SIDE)
    } else {
        small
    };
    let mut out = Cursor::new(Vec::new());
    small
        .write_to(&mut out, ImageFormat::Png)
        .map_err(|e| MediaError::Encode(e.to_string()))?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbaImage::from_pixel(w, h, image::Rgba([200, 16, 46, 255]));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).expect("png");
        out.into_inner()
    }

    #[test]
    fn formats_come_from_the_content_with_their_pixel_size() {
        let i = inspect(&png(1200, 628)).expect("png");
        assert_eq!(
            (i.format, i.width, i.height),
            (AssetFormat::Png, Some(1200), Some(628))
        );
        let pdf = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
        assert_eq!(inspect(pdf).expect("pdf").format, AssetFormat::Pdf);
        let svg = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 120"><rect width="300" height="120" fill="url(#g)"/></svg>"#;
        let s = inspect(svg).expect("svg");
        assert_eq!(
            (s.format, s.width, s.height),
            (AssetFormat::Svg, Some(300), Some(120))
        );
    }

    #[test]
    fn a_renamed_executable_a_broken_pdf_and_a_bomb_are_refused() {
        assert_eq!(
            inspect(b"MZ\x90\x00\x03\x00\x00\x00"),
            Err(MediaError::UnsupportedFormat)
        );
        assert!(matches!(
            inspect(b"%PDF-1.4\n1 0 obj << >> endo"),
            Err(MediaError::Corrupt(_))
        ));
        // A PNG header claiming 30 000 × 30 000 pixels: refused from the header.
        let mut bomb = png(1, 1);
        bomb[16..20].copy_from_slice(&30_000u32.to_be_bytes());
        bomb[20..24].copy_from_slice(&30_000u32.to_be_bytes());
        assert!(matches!(
            inspect(&bomb),
            Err(MediaError::TooManyPixels { .. }) | Err(MediaError::Corrupt(_))
        ));
        assert_eq!(inspect(b""), Err(MediaError::Empty));
    }

    #[test]
    fn active_or_external_svg_is_refused() {
        for (svg, what) in [
            (
                r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#,
                "script",
            ),
            (
                r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#,
                "onload",
            ),
            (
                r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="https://evil.example/x.png"/></svg>"#,
                "external",
            ),
            (
                r#"<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><rect/></a></svg>"#,
                "external",
            ),
            (
                r#"<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://evil.example/a.css);</style></svg>"#,
                "style",
            ),
            (
                r#"<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://evil.example/p)"/></svg>"#,
                "style",
            ),
            (
                r#"<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>"#,
                "",
            ),
            (
                r#"<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div/></foreignObject></svg>"#,
                "foreignObject",
            ),
        ] {
            match inspect(svg.as_bytes()) {
                Err(MediaError::UnsafeSvg(why)) => assert!(why.contains(what), "{why} for {svg}"),
                other => panic!("{svg} gave {other:?}"),
            }
        }
    }

    #[test]
    fn previews_are_small_pngs() {
        let p = preview_png(&png(1920, 1080), AssetFormat::Png).expect("preview");
        let (w, h) = ImageReader::with_format(Cursor::new(&p), ImageFormat::Png)
            .into_dimensions()
            .expect("dims");
        assert_eq!((w, h), (480, 270));
    }

    /// A real `w`×`h` grey PNG with a white left half, written row by row.
    fn big_grey_png(w: u32, h: u32) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut out, w, h);
            enc.set_color(png::ColorType::Grayscale);
            enc.set_depth(png::BitDepth::Eight);
            let mut writer = enc.write_header().expect("header");
            let mut stream = writer.stream_writer().expect("stream");
            let row: Vec<u8> = (0..w).map(|x| if x < w / 2 { 255 } else { 0 }).collect();
            for _ in 0..h {
                std::io::Write::write_all(&mut stream, &row).expect("row");
            }
            stream.finish().expect("finish");
        }
        out
    }

    #[test]
    fn a_100_megapixel_png_is_previewed_row_by_row() {
        let bytes = big_grey_png(10_000, 10_000);
        assert!(bytes.len() < 1_000_000, "{}", bytes.len());
        let inspected = inspect(&bytes).expect("within the kit's 100 MP");
        assert_eq!(inspected.width, Some(10_000));
        let preview = preview_png(&bytes, AssetFormat::Png).expect("preview");
        let img = image::load_from_memory(&preview).expect("png").into_rgba8();
        assert_eq!(img.dimensions(), (480, 480));
        assert_eq!(img.get_pixel(10, 240).0, [255, 255, 255, 255]);
        assert_eq!(img.get_pixel(470, 240).0, [0, 0, 0, 255]);
        // Past the photo limits (50 MP), refused from its header.
        assert!(matches!(
            preview_png_within(&bytes, AssetFormat::Png, &Limits::PHOTO),
            Err(MediaError::TooManyPixels { .. })
        ));
    }
}

//! SVG kit files made safe to serve: parsed by usvg (scripts, event handlers, styles,
//! `<foreignObject>`, links, animation and every reference outside the file are
//! dropped; text becomes outlines) and written again, so that the file dxday stores
//! and serves holds only shapes, gradients, clips, masks, filters and embedded PNG or
//! JPEG pictures. Previews are drawn by resvg to PNG.

use std::sync::{Arc, OnceLock};

use resvg::usvg;

use crate::MediaError;

/// Most elements an SVG kit file may have (a detailed logo has a few thousand).
const MAX_ELEMENTS: usize = 50_000;
/// Most `<use>` elements (each may copy a whole subtree).
const MAX_USES: usize = 2_000;

/// The fonts text is outlined with: the system's, and the built-in Noto Sans Bold.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_system_fonts();
            db.load_font_data(crate::default_frame::FONT.to_vec());
            db.set_sans_serif_family("Noto Sans");
            Arc::new(db)
        })
        .clone()
}

/// usvg's options: nothing is read from outside the file (no file, no URL); an
/// embedded picture is kept only as PNG or JPEG (no nested SVG).
fn options() -> usvg::Options<'static> {
    usvg::Options {
        resources_dir: None,
        fontdb: fonts(),
        font_family: "Noto Sans".into(),
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|mime, data, _| match mime {
                "image/png" => Some(usvg::ImageKind::PNG(data)),
                "image/jpeg" | "image/jpg" => Some(usvg::ImageKind::JPEG(data)),
                _ => None,
            }),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    }
}

/// The SVG parsed, within the element caps.
fn parse(bytes: &[u8]) -> Result<usvg::Tree, MediaError> {
    let text =
        std::str::from_utf8(bytes).map_err(|_| MediaError::UnsafeSvg("not UTF-8 text".into()))?;
    let elements = text.matches('<').count();
    if elements > MAX_ELEMENTS || text.matches("<use").count() > MAX_USES {
        return Err(MediaError::UnsafeSvg("too many elements".into()));
    }
    usvg::Tree::from_str(text, &options()).map_err(|e| MediaError::UnsafeSvg(e.to_string()))
}

/// The SVG written again from what usvg kept: only static drawing, nothing that runs,
/// fetches, navigates or submits.
pub fn clean(bytes: &[u8]) -> Result<Vec<u8>, MediaError> {
    let tree = parse(bytes)?;
    let out = tree.to_string(&usvg::WriteOptions::default());
    Ok(out.into_bytes())
}

/// A PNG preview of an SVG, at most `side` pixels on its longest side.
pub fn preview_png(bytes: &[u8], side: u32) -> Result<Vec<u8>, MediaError> {
    let tree = parse(bytes)?;
    let size = tree.size();
    let scale = (side as f32 / size.width().max(size.height())).min(8.0);
    let w = ((size.width() * scale).round() as u32).clamp(1, side);
    let h = ((size.height() * scale).round() as u32).clamp(1, side);
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h)
        .ok_or_else(|| MediaError::Encode("SVG preview: empty size".into()))?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| MediaError::Encode(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaned(svg: &str) -> String {
        String::from_utf8(clean(svg.as_bytes()).expect("clean")).expect("utf-8")
    }

    #[test]
    fn what_could_run_fetch_or_navigate_is_gone_after_cleaning() {
        let attacks = [
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="url(https://evil.example/x)"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" filter="url(https://evil.example/f)"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><style>rect { fill: \75rl(https://evil.example/x) }</style><rect width="10" height="10"/></svg>"#,
            r#"<?xml-stylesheet href="https://evil.example/s.css"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:h="http://www.w3.org/1999/xhtml" width="10" height="10"><h:meta http-equiv="refresh" content="0;url=https://evil.example"/><rect width="10" height="10"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><a href="https://evil.example"><rect width="10" height="10"/></a><script>alert(1)</script></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><foreignObject width="10" height="10"><form xmlns="http://www.w3.org/1999/xhtml" action="https://evil.example"><input/></form></foreignObject></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><image width="10" height="10" xlink:href="/etc/passwd"/><image width="10" height="10" href="https://evil.example/i.png"/><rect width="10" height="10" onclick="alert(1)"/></svg>"#,
        ];
        for svg in attacks {
            let out = cleaned(svg);
            for bad in [
                "evil",
                "script",
                "onclick",
                "foreignObject",
                "<a",
                "meta",
                "stylesheet",
                "passwd",
                "<style",
                "form",
            ] {
                assert!(!out.contains(bad), "{bad} in {out} (from {svg})");
            }
            assert!(out.starts_with("<svg"), "{out}");
        }
        // An XHTML document is not an SVG.
        assert!(
            clean(br#"<html xmlns="http://www.w3.org/1999/xhtml"><body><svg/></body></html>"#)
                .is_err()
        );
    }

    #[test]
    fn a_logo_keeps_its_drawing_and_its_text_as_outlines() {
        let logo = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100"><defs><linearGradient id="g"><stop offset="0" stop-color="#c8102e"/><stop offset="1" stop-color="#ffcd00"/></linearGradient></defs><rect width="200" height="100" fill="url(#g)"/><text x="10" y="60" font-size="30" font-family="Noto Sans">Chuyển đổi số</text></svg>"##;
        let out = cleaned(logo);
        assert!(out.contains("linearGradient"), "{out}");
        assert!(!out.contains("<text"), "text becomes outlines: {out}");
        let png = preview_png(logo.as_bytes(), 480).expect("preview");
        let img = image::load_from_memory(&png).expect("png").into_rgba8();
        assert_eq!(img.dimensions(), (480, 240));
        let left = img.get_pixel(2, 120).0;
        assert!(left[0] > 150 && left[1] < 100, "red at the left: {left:?}");
    }
}

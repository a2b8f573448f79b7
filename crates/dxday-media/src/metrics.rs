//! How wide a line of Times New Roman is, from the font's own advances: dxday embeds
//! Liberation Serif, which has Times New Roman's metrics (each glyph the same width),
//! so a rule under a title or a hanging indent is sized as Word and LibreOffice will
//! set the text.

use std::sync::LazyLock;

use ab_glyph::{Font as _, FontRef};

static FACES: LazyLock<[Option<FontRef<'static>>; 2]> = LazyLock::new(|| {
    [
        FontRef::try_from_slice(crate::certificate::REGULAR).ok(),
        FontRef::try_from_slice(crate::certificate::BOLD).ok(),
    ]
});

/// The width of `text` set at `size` points, in points, regular or bold.
pub fn width(text: &str, size: f32, bold: bool) -> f32 {
    let Some(f) = &FACES[usize::from(bold)] else {
        // Half an em a character: the average of a Latin text.
        return text.chars().count() as f32 * size / 2.0;
    };
    let upem = f.units_per_em().unwrap_or(2048.0);
    let mut units = 0.0;
    let mut previous = None;
    for c in text.chars() {
        let id = f.glyph_id(c);
        if let Some(p) = previous {
            units += f.kern_unscaled(p, id);
        }
        units += f.h_advance_unscaled(id);
        previous = Some(id);
    }
    units * size / upem
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_motto_is_as_wide_as_word_sets_it() {
        // "Độc lập - Tự do - Hạnh phúc" in bold 14 pt: 60.4 mm in the PDF LibreOffice
        // makes of the dispatch.
        let mm = width("Độc lập - Tự do - Hạnh phúc", 14.0, true) * 25.4 / 72.0;
        assert!((mm - 60.4).abs() < 0.6, "{mm}");
        assert!(width("Kính gửi:", 14.0, false) < width("Kính gửi:", 14.0, true));
        assert_eq!(width("", 14.0, false), 0.0);
    }
}

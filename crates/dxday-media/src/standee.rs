//! Printable VietQR standees for the shops of an online-payment street: one A6 card
//! (PNG, 300 dpi) with the campaign's mark, the shop's name, the code, the bank, the
//! account number and its holder; and a street's sheet, four cards on each A4 page of
//! a PDF (pages drawn at 300 dpi and embedded without loss to the codes, so they
//! print sharp). A card holds a few inks and the anti-aliased edges between them, so a
//! page is stored as 8-bit indexed colour (a palette of at most 256), a third of RGB's
//! samples; the edges' shades are kept at 6 bits a channel to fit it.

use ab_glyph::FontRef;
use image::{Rgba, RgbaImage};
use pdf_writer::types::Predictor;
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref};

use crate::MediaError;
use crate::qr::Correction;

/// A6 at 300 dpi, in pixels (a quarter of A4).
pub const A6_300DPI: (u32, u32) = (1240, 1754);

/// What one card shows.
#[derive(Debug, Clone)]
pub struct Standee {
    /// The VietQR payload.
    pub payload: String,
    pub shop: String,
    /// The bank's short name.
    pub bank: String,
    pub account: String,
    pub holder: String,
    /// The campaign's mark, on the red band: its title, and the consumption month
    /// ("Tháng 10 – Tháng tiêu dùng số") under it.
    pub mark: String,
    pub month: String,
    /// The call to scan.
    pub call: String,
}

const RED: [u8; 3] = [200, 16, 46];
const BLACK: [u8; 3] = [20, 20, 20];

fn font() -> Result<FontRef<'static>, MediaError> {
    FontRef::try_from_slice(crate::default_frame::FONT)
        .map_err(|e| MediaError::Encode(format!("font: {e}")))
}

/// Draws one card at (`x0`, `y0`) of `page`.
fn draw(page: &mut RgbaImage, x0: u32, y0: u32, s: &Standee) -> Result<(), MediaError> {
    let font = font()?;
    let (w, h) = A6_300DPI;
    let center = f64::from(x0) + f64::from(w) / 2.0;
    let top = f64::from(y0);
    let text_width = f64::from(w) - 160.0;
    // The red band with the mark.
    for y in y0..y0 + 230 {
        for x in x0..x0 + w {
            page.put_pixel(x, y, Rgba([RED[0], RED[1], RED[2], 255]));
        }
    }
    // Each line shrinks to the card's width rather than wrap.
    let white = [255, 255, 255];
    crate::default_frame::text_line(
        page,
        &font,
        &s.mark,
        center,
        top + 80.0,
        56.0,
        text_width,
        white,
    );
    crate::default_frame::text_line(
        page,
        &font,
        &s.month,
        center,
        top + 160.0,
        56.0,
        text_width,
        white,
    );
    // The shop's name, on up to two lines.
    let name = crate::qr::wrap(&s.shop, 22);
    for (i, line) in name.iter().take(2).enumerate() {
        let y = if name.len() > 1 {
            320.0 + i as f64 * 95.0
        } else {
            360.0
        };
        crate::default_frame::text_line(
            page,
            &font,
            line,
            center,
            top + y,
            84.0,
            text_width,
            BLACK,
        );
    }
    crate::default_frame::text_line(
        page,
        &font,
        &s.call,
        center,
        top + 510.0,
        50.0,
        text_width,
        RED,
    );
    // The code: modules drawn as squares, a quiet zone of four.
    let code = qrcode::QrCode::with_error_correction_level(
        s.payload.as_bytes(),
        Correction::Medium.level(),
    )
    .map_err(|e| MediaError::Encode(format!("QR: {e}")))?;
    let n = code.width() as u32;
    let side = 920u32;
    let module = side / (n + 8);
    let drawn = module * (n + 8);
    let qx = x0 + (w - drawn) / 2 + 4 * module;
    let qy = y0 + 570 + (side - drawn) / 2 + 4 * module;
    for (i, c) in code.to_colors().iter().enumerate() {
        if *c == qrcode::Color::Dark {
            let (mx, my) = ((i as u32) % n, (i as u32) / n);
            for dy in 0..module {
                for dx in 0..module {
                    page.put_pixel(
                        qx + mx * module + dx,
                        qy + my * module + dy,
                        Rgba([0, 0, 0, 255]),
                    );
                }
            }
        }
    }
    let below = top + 570.0 + f64::from(side);
    crate::default_frame::text_line(
        page,
        &font,
        &format!("{} · {}", s.bank, s.account),
        center,
        below + 70.0,
        54.0,
        text_width,
        BLACK,
    );
    crate::default_frame::text_line(
        page,
        &font,
        &s.holder,
        center,
        below + 160.0,
        60.0,
        text_width,
        BLACK,
    );
    // A thin frame to cut along.
    let grey = Rgba([190, 190, 190, 255]);
    for x in x0..x0 + w {
        page.put_pixel(x, y0 + h - 1, grey);
    }
    for y in y0..y0 + h {
        page.put_pixel(x0 + w - 1, y, grey);
    }
    Ok(())
}

/// One card as a PNG marked 300 dpi (prints at A6).
pub fn png(s: &Standee) -> Result<Vec<u8>, MediaError> {
    let (w, h) = A6_300DPI;
    let mut page = RgbaImage::from_pixel(w, h, Rgba([255, 255, 255, 255]));
    draw(&mut page, 0, 0, s)?;
    crate::qr::png_300dpi(&image::DynamicImage::ImageRgba8(page).to_rgb8())
}

/// A street's cards, four to an A4 page, as a PDF. Pages are drawn in parallel, one
/// thread per core.
pub fn sheet_pdf(cards: &[Standee], cancelled: &dyn Fn() -> bool) -> Result<Vec<u8>, MediaError> {
    let (w, h) = crate::qr::A4_300DPI;
    let pages: Vec<&[Standee]> = cards.chunks(4).collect();
    // One page after another on this thread (the server's pool gives it one core),
    // stopping between pages when the request is gone.
    let encoded: Vec<Page> = pages
        .iter()
        .map(|four| {
            if cancelled() {
                return Err(MediaError::Cancelled);
            }
            page_deflated(four)
        })
        .collect::<Result<_, _>>()?;
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let a4 = Rect::new(0.0, 0.0, 595.28, 841.89);
    let page_ids: Vec<Ref> = (0..pages.len())
        .map(|i| Ref::new(3 + 3 * i as i32))
        .collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_ids.iter().copied())
        .count(page_ids.len() as i32);
    let name = Name(b"Im");
    for (i, (data, palette)) in encoded.into_iter().enumerate() {
        let (page_id, image_id, content_id) = (
            Ref::new(3 + 3 * i as i32),
            Ref::new(4 + 3 * i as i32),
            Ref::new(5 + 3 * i as i32),
        );
        let mut page = pdf.page(page_id);
        page.media_box(a4);
        page.parent(tree);
        page.contents(content_id);
        page.resources().x_objects().pair(name, image_id);
        page.finish();
        let mut image = pdf.image_xobject(image_id, &data);
        image.filter(Filter::FlateDecode);
        image
            .decode_parms()
            .predictor(Predictor::PngUp)
            .colors(if palette.is_some() { 1 } else { 3 })
            .bits_per_component(8)
            .columns(w as i32);
        image.width(w as i32);
        image.height(h as i32);
        match &palette {
            Some(p) => image
                .color_space()
                .indexed(Name(b"DeviceRGB"), (p.len() / 3) as i32 - 1, p),
            None => image.color_space().device_rgb(),
        }
        image.bits_per_component(8);
        image.finish();
        let mut content = Content::new();
        content.save_state();
        content.transform([a4.x2, 0.0, 0.0, a4.y2, 0.0, 0.0]);
        content.x_object(name);
        content.restore_state();
        pdf.stream(content_id, &content.finish());
    }
    Ok(pdf.finish())
}

/// A page's samples as Flate data, with its palette (RGB triples) when indexed.
type Page = (Vec<u8>, Option<Vec<u8>>);

/// One A4 page of up to four cards, as Flate data with the Up predictor: indexed when
/// its colours fit a palette, RGB otherwise.
fn page_deflated(four: &[Standee]) -> Result<Page, MediaError> {
    let (w, h) = crate::qr::A4_300DPI;
    let (cw, ch) = A6_300DPI;
    let mut page = RgbaImage::from_pixel(w, h, Rgba([255, 255, 255, 255]));
    for (i, s) in four.iter().enumerate() {
        draw(&mut page, (i as u32 % 2) * cw, (i as u32 / 2) * ch, s)?;
    }
    if let Some((indices, palette)) = indexed(page.as_raw(), 4) {
        return Ok((deflate_rows_up(&indices, w as usize)?, Some(palette)));
    }
    let rgb = image::DynamicImage::ImageRgba8(page).to_rgb8();
    Ok((deflate_rows_up(rgb.as_raw(), w as usize * 3)?, None))
}

/// A channel kept at 6 bits, spread back over 0–255 (0 and 255 stay).
fn six_bits(v: u8) -> u8 {
    (v & 0xFC) | (v >> 6)
}

/// Pixels of `channels` samples (RGB first, any alpha ignored) as palette indices and
/// the palette (RGB triples), each channel kept at 6 bits; `None` when more than 256
/// colours remain. Runs of one colour (margins, bands, modules) cost one comparison a
/// pixel.
fn indexed(samples: &[u8], channels: usize) -> Option<(Vec<u8>, Vec<u8>)> {
    let mut palette: Vec<u8> = Vec::with_capacity(768);
    let mut known: std::collections::HashMap<[u8; 3], u8> = std::collections::HashMap::new();
    let mut indices = Vec::with_capacity(samples.len() / channels);
    let mut last: Option<([u8; 3], u8)> = None;
    for px in samples.chunks_exact(channels) {
        let raw = [px[0], px[1], px[2]];
        let index = match last {
            Some((c, i)) if c == raw => i,
            _ => {
                let c = raw.map(six_bits);
                let i = match known.get(&c) {
                    Some(i) => *i,
                    None => {
                        let i = u8::try_from(known.len()).ok()?;
                        known.insert(c, i);
                        palette.extend_from_slice(&c);
                        i
                    }
                };
                last = Some((raw, i));
                i
            }
        };
        indices.push(index);
    }
    Some((indices, palette))
}

/// Rows of samples compressed with PNG's "Up" filter first (each byte less the one
/// above it, a tag byte 2 before each row): a page's white margins and the codes'
/// modules repeat from row to row, so most bytes become zero.
fn deflate_rows_up(raw: &[u8], stride: usize) -> Result<Vec<u8>, MediaError> {
    let fail = |e: std::io::Error| MediaError::Encode(format!("PDF: {e}"));
    let mut z = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(raw.len() / 20),
        flate2::Compression::fast(),
    );
    let mut row = vec![0u8; stride + 1];
    row[0] = 2;
    let mut above: &[u8] = &vec![0u8; stride];
    for line in raw.chunks(stride) {
        for (out, (b, a)) in row[1..].iter_mut().zip(line.iter().zip(above)) {
            *out = b.wrapping_sub(*a);
        }
        std::io::Write::write_all(&mut z, &row).map_err(fail)?;
        above = line;
    }
    z.finish().map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(i: usize) -> Standee {
        Standee {
            payload: format!(
                "00020101021138570010A00000072701270006970436011300110019324{i:02}0208QRIBFTTA53037045802VN6304ABCD"
            ),
            shop: format!("Bún cá Bà Hoa số {i}"),
            bank: "Vietcombank".into(),
            account: "0011001932418".into(),
            holder: "NGUYEN THI HOA".into(),
            mark: "Ngày Chuyển đổi số quốc gia năm 2024".into(),
            month: "Tháng 10 – Tháng tiêu dùng số".into(),
            call: "Quét mã VietQR để thanh toán".into(),
        }
    }

    #[test]
    fn a_card_is_a6_at_300_dpi_and_its_code_reads_back() {
        let png = png(&card(1)).expect("png");
        let img = image::load_from_memory(&png).expect("decode");
        assert_eq!((img.width(), img.height()), A6_300DPI);
        let mut prepared = rqrr::PreparedImage::prepare(img.to_luma8());
        let grids = prepared.detect_grids();
        assert_eq!(grids.len(), 1);
        assert_eq!(grids[0].decode().expect("decode").1, card(1).payload);
    }

    #[test]
    fn a_sheet_has_a_page_per_four_cards() {
        let cards: Vec<Standee> = (0..9).map(card).collect();
        let pdf = sheet_pdf(&cards, &|| false).expect("pdf");
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/Count 3"), "three pages for nine cards");
        assert_eq!(text.matches("/Indexed").count(), 3, "every page indexed");
    }

    #[test]
    fn a_page_fits_a_palette_within_three_levels_of_each_channel() {
        let (w, h) = crate::qr::A4_300DPI;
        let (cw, ch) = A6_300DPI;
        let mut page = RgbaImage::from_pixel(w, h, Rgba([255, 255, 255, 255]));
        for i in 0..4u32 {
            draw(&mut page, (i % 2) * cw, (i / 2) * ch, &card(i as usize)).expect("draw");
        }
        let rgb = image::DynamicImage::ImageRgba8(page).to_rgb8();
        let (indices, palette) = indexed(rgb.as_raw(), 3).expect("fits a palette");
        assert!(palette.len() <= 768 && palette.len() % 3 == 0);
        assert_eq!(indices.len(), (w * h) as usize);
        for (px, i) in rgb.as_raw().chunks_exact(3).zip(&indices) {
            let c = &palette[usize::from(*i) * 3..usize::from(*i) * 3 + 3];
            for (a, b) in px.iter().zip(c) {
                assert!(a.abs_diff(*b) <= 3, "{px:?} became {c:?}");
            }
        }
        // The paper's white and the modules' black stay exact.
        for ink in [[255u8, 255, 255], [0, 0, 0]] {
            assert!(palette.chunks_exact(3).any(|c| c == ink), "{ink:?}");
        }
        // More colours than a palette holds (64 × 16 of them): none.
        let many: Vec<u8> = (0..1024u32)
            .flat_map(|i| [(i % 64 * 4) as u8, (i / 64 * 4) as u8, 0])
            .collect();
        assert!(indexed(&many, 3).is_none());
    }
}

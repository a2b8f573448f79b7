//! Administrative documents to DOCX in the layout of Decree 30/2020/NĐ-CP, Phụ lục I
//! (công văn: Phụ lục III mẫu 1.5): A4 portrait, margins top/bottom 20 mm, left 30 mm,
//! right 15 mm, Times New Roman black throughout, the two-column header, body 14 pt
//! justified with a 1 cm first-line indent and 6 pt after each paragraph, the signature
//! block beside "Nơi nhận", page numbers centred in the top margin from page 2.
//! The texts come already worded (the domain crate applies the decree's rules); this
//! module only lays them out.

use docx_rs::{
    AlignmentType, Docx, Header, LineSpacing, PageMargin, PageNum, Paragraph, RunFonts, TableCell,
    TableRow, WidthType,
};

use crate::MediaError;

/// A document's printed texts, in reading order.
#[derive(Debug, Clone, Default)]
pub struct OfficialDocument {
    /// Cơ quan chủ quản (may be empty).
    pub parent_body: String,
    /// Cơ quan ban hành.
    pub issuer_name: String,
    /// "Số: 05/VHTT".
    pub number_line: String,
    /// Công văn only: "V/v …" lines under the number.
    pub subject_lines: Vec<String>,
    /// "Quận Ngô Quyền, ngày 05 tháng 10 năm 2024".
    pub date_line: String,
    /// Other types: the type's name ("KẾ HOẠCH") and the subject under it.
    pub type_title: Option<String>,
    pub type_subject: Option<String>,
    /// "KHẨN", "THƯỢNG KHẨN", "HỎA TỐC".
    pub urgency: Option<String>,
    /// "LƯU HÀNH NỘI BỘ", "XEM XONG TRẢ LẠI".
    pub circulation: Option<String>,
    /// Căn cứ lines, already punctuated.
    pub legal_basis: Vec<String>,
    /// Kính gửi lines as printed ("Kính gửi: X." or "Kính gửi:" then "- …;").
    pub addressees: Vec<String>,
    /// The body, in reading order.
    pub body: Vec<Block>,
    /// "KT. TRƯỞNG PHÒNG" (none when the head signs).
    pub authority_line: Option<String>,
    /// "PHÓ TRƯỞNG PHÒNG".
    pub signer_title: String,
    pub signer_name: String,
    /// Nơi nhận items as printed ("- Như trên;", …, "- Lưu: VT, VHTT.").
    pub distribution: Vec<String>,
    /// The authority that issues, printed under the subject ("CHỦ TỊCH ỦY BAN NHÂN
    /// DÂN QUẬN NGÔ QUYỀN" in a quyết định), before the Căn cứ lines.
    pub enacting_authority: Option<String>,
    /// A second signer in the left column instead of Nơi nhận (a biên bản's secretary
    /// beside its chair): title, name.
    pub co_signer: Option<(String, String)>,
    /// A list attached to the document (danh sách kèm theo), from a new page.
    pub annex: Option<Annex>,
}

/// An annex: its title lines (bold, centred), the line saying which document it goes
/// with (italic, centred) and its body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Annex {
    pub title: Vec<String>,
    pub subtitle: Option<String>,
    pub body: Vec<Block>,
}

/// A piece of a body: a heading, a paragraph of runs, or a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A section heading ("1. Tình hình gửi báo cáo"): a bold body paragraph.
    Heading(String),
    /// A justified body paragraph.
    Paragraph(Vec<Span>),
    /// A table; its first row is the header (bold, centred).
    Table(Vec<Vec<Span>>),
    /// A bold centred line ("QUYẾT ĐỊNH:", "I. TẬP THỂ").
    Centred(String),
    /// An italic body paragraph ("Theo đề nghị của …").
    Italic(String),
    /// The QR code of a link, centred, 30 mm wide (after "Hoặc quét mã QR:").
    Qr(String),
}

/// A run of text, bold or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub bold: bool,
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Self {
        Span {
            text: text.into(),
            bold: false,
        }
    }

    pub fn bold(text: impl Into<String>) -> Self {
        Span {
            text: text.into(),
            bold: true,
        }
    }
}

impl Block {
    /// A paragraph of one plain run.
    pub fn text(text: impl Into<String>) -> Self {
        Block::Paragraph(vec![Span::plain(text)])
    }

    /// A table of plain cells, the first row its header.
    pub fn table(rows: Vec<Vec<String>>) -> Self {
        Block::Table(
            rows.into_iter()
                .map(|r| r.into_iter().map(Span::plain).collect())
                .collect(),
        )
    }
}

/// Page geometry in twips (1 mm = 56.7 twips).
pub mod page {
    pub const WIDTH: u32 = 11906;
    pub const HEIGHT: u32 = 16838;
    pub const TOP: i32 = 1134;
    pub const BOTTOM: i32 = 1134;
    pub const LEFT: i32 = 1701;
    pub const RIGHT: i32 = 850;
    /// The page number sits 10 mm from the top edge, inside the top margin.
    pub const HEADER: i32 = 567;
    /// The width between the margins.
    pub const TEXT: i32 = WIDTH as i32 - LEFT - RIGHT;
}

mod conform;
mod parts;
pub use parts::links;
use parts::*;

/// Lays out `doc` and packs it as a .docx file.
pub fn render(doc: &OfficialDocument) -> Result<Vec<u8>, MediaError> {
    let mut d = Docx::new()
        .page_size(page::WIDTH, page::HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(page::TOP)
                .bottom(page::BOTTOM)
                .left(page::LEFT)
                .right(page::RIGHT)
                .header(page::HEADER)
                .footer(page::HEADER),
        )
        .default_fonts(
            RunFonts::new()
                .ascii(FONT)
                .hi_ansi(FONT)
                .east_asia(FONT)
                .cs(FONT),
        )
        .default_size(PT14)
        // Page numbers: centred in the top margin, from page 2 (page 1 has an empty header).
        .header(
            Header::new().add_paragraph(
                Paragraph::new()
                    .add_page_num(PageNum::new())
                    .size(PT14)
                    .align(AlignmentType::Center),
            ),
        )
        .first_header(Header::new().add_paragraph(Paragraph::new()))
        .title_pg();

    // The two-column header.
    // The issuing body's names keep 3 mm from the column's edges, so Word and
    // LibreOffice set them alike, clear of "CỘNG HÒA": 13 pt, else 12 pt (the decree
    // allows either), else broken in two balanced lines as the decree's samples do.
    let room = LEFT_COL - 2 * HEADER_AIR;
    let size_for = |text: &str, bold: bool| {
        if text.lines().all(|l| text_width(l, PT13, bold) <= room) {
            PT13
        } else {
            PT12
        }
    };
    let mut left_top = TableCell::new().width(LEFT_COL as usize, WidthType::Dxa);
    if !doc.parent_body.trim().is_empty() {
        let parent = doc.parent_body.to_uppercase();
        let size = size_for(&parent, false);
        for line in balanced_lines(&parent, size, false, room) {
            left_top = left_top.add_paragraph(centred(&line, size));
        }
    }
    let issuer = doc.issuer_name.to_uppercase();
    let size = size_for(&issuer, true);
    let issuer = balanced_lines(&issuer, size, true, room);
    let issuer_width = issuer
        .iter()
        .map(|l| text_width(l, size, true))
        .max()
        .unwrap_or(0);
    for line in &issuer {
        left_top = left_top.add_paragraph(bold_centred(line, size));
    }
    left_top = left_top.add_paragraph(rule((issuer_width * 2 / 5).clamp(600, LEFT_COL), LEFT_COL));
    let motto = "Độc lập - Tự do - Hạnh phúc";
    let right_top = cell(RIGHT_COL)
        .add_paragraph(bold_centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", PT12))
        .add_paragraph(bold_centred(motto, PT14))
        .add_paragraph(rule(text_width(motto, PT14, true), RIGHT_COL));
    let mut left_bottom = cell(LEFT_COL).add_paragraph(
        centred(&doc.number_line, PT13).line_spacing(LineSpacing::new().before(120).after(0)),
    );
    for (i, line) in doc.subject_lines.iter().enumerate() {
        let p = centred(line, PT12);
        left_bottom = left_bottom.add_paragraph(if i == 0 {
            p.line_spacing(LineSpacing::new().before(120).after(0))
        } else {
            p
        });
    }
    if let Some(mark) = &doc.urgency {
        left_bottom = left_bottom.add_paragraph(boxed(mark, LEFT_COL));
    }
    let right_bottom = cell(RIGHT_COL).add_paragraph(
        Paragraph::new()
            .add_run(run(&doc.date_line, PT13).italic())
            .align(AlignmentType::Center)
            .line_spacing(LineSpacing::new().before(120).after(0)),
    );
    d = d.add_table(borderless(
        vec![
            TableRow::new(vec![left_top, right_top]),
            TableRow::new(vec![left_bottom, right_bottom]),
        ],
        vec![LEFT_COL as usize, RIGHT_COL as usize],
    ));
    if let Some(mark) = &doc.circulation {
        d = d.add_paragraph(boxed(mark, page::TEXT));
    }

    // Type name and subject (not for công văn, whose subject is the V/v above).
    if let Some(title) = &doc.type_title {
        d = d.add_paragraph(
            bold_centred(title, PT14).line_spacing(LineSpacing::new().before(360).after(0)),
        );
        if let Some(subject) = &doc.type_subject {
            for line in subject.lines() {
                d = d.add_paragraph(bold_centred(line, PT14));
            }
            d = d.add_paragraph(title_rule(subject, page::TEXT));
        }
    }
    if let Some(authority) = &doc.enacting_authority {
        d = d.add_paragraph(
            bold_centred(authority, PT14).line_spacing(LineSpacing::new().before(240).after(120)),
        );
    }

    // Kính gửi: one addressee centred on its line; several as a dash list under the colon.
    match doc.addressees.as_slice() {
        [] => {}
        [one] => {
            d = d.add_paragraph(
                centred(one, PT14).line_spacing(LineSpacing::new().before(360).after(240)),
            );
        }
        [label, items @ ..] => {
            let start = 1701;
            // The dashes start where a text after "Kính gửi: " would: under the colon.
            let hang = start + text_width(&format!("{label} "), PT14, false);
            d = d.add_paragraph(
                Paragraph::new()
                    .add_run(run(label, PT14))
                    .indent(Some(start), None, None, None)
                    .line_spacing(LineSpacing::new().before(360).after(0)),
            );
            let n = items.len();
            for (i, item) in items.iter().enumerate() {
                d = d.add_paragraph(
                    Paragraph::new()
                        .add_run(run(item, PT14))
                        .indent(Some(hang), None, None, None)
                        .line_spacing(LineSpacing::new().before(0).after(if i + 1 == n {
                            240
                        } else {
                            0
                        })),
                );
            }
        }
    }

    for line in &doc.legal_basis {
        d = d.add_paragraph(body_paragraph(&[Span::plain(line)], true));
    }

    d = add_blocks(d, &doc.body);

    // Nơi nhận (or a second signer) beside the signature.
    let recipients = match &doc.co_signer {
        Some((title, name)) => signer_cell(LEFT_COL, &[title.as_str()], name),
        None => recipients_cell(&doc.distribution),
    };
    let mut lines: Vec<String> = doc
        .authority_line
        .iter()
        .map(|a| a.to_uppercase())
        .collect();
    lines.push(doc.signer_title.to_uppercase());
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let signature = signer_cell(RIGHT_COL, &lines, &doc.signer_name);
    d = d.add_table(borderless(
        // One block: a page never breaks between Nơi nhận and the signer's name.
        vec![TableRow::new(vec![recipients, signature]).cant_split()],
        vec![LEFT_COL as usize, RIGHT_COL as usize],
    ));
    if let Some(annex) = &doc.annex {
        d = add_annex(d, annex);
    }

    let mut out = std::io::Cursor::new(Vec::new());
    d.build()
        .pack(&mut out)
        .map_err(|e| MediaError::Encode(format!("DOCX: {e}")))?;
    conform::conform(&out.into_inner())
}

/// The body's blocks, in order; a paragraph after a table keeps 6 pt from it.
fn add_blocks(mut d: Docx, blocks: &[Block]) -> Docx {
    for (i, block) in blocks.iter().enumerate() {
        let after_table = i > 0 && matches!(blocks[i - 1], Block::Table(_));
        if after_table && !matches!(block, Block::Table(_)) {
            d = d.add_paragraph(
                Paragraph::new()
                    .size(PT11)
                    .line_spacing(LineSpacing::new().before(0).after(0).line(240)),
            );
        }
        match block {
            // A heading stays on the page of what it heads.
            Block::Heading(text) => {
                d = d.add_paragraph(body_paragraph(&[Span::bold(text)], false).keep_next(true));
            }
            // The closing paragraph ("Trân trọng./.") goes with the signature: a page
            // never holds the signature alone.
            Block::Paragraph(spans) => {
                d = d.add_paragraph(body_paragraph(spans, false).keep_next(i + 1 == blocks.len()))
            }
            Block::Italic(text) => d = d.add_paragraph(body_paragraph(&[Span::plain(text)], true)),
            Block::Centred(text) => {
                d = d.add_paragraph(
                    bold_centred(text, PT14)
                        .line_spacing(LineSpacing::new().before(120).after(120))
                        .keep_next(true),
                );
            }
            Block::Table(rows) if rows.is_empty() => {}
            Block::Table(rows) => d = d.add_table(body_table(rows)),
            Block::Qr(link) => {
                if let Some(p) = qr_paragraph(link) {
                    d = d.add_paragraph(p);
                }
            }
        }
    }
    d
}

/// A centred paragraph holding the QR code of `link` (none when it cannot be encoded).
fn qr_paragraph(link: &str) -> Option<Paragraph> {
    const PIXELS: u32 = 360;
    /// 30 mm in EMU (36 000 a millimetre).
    const SIDE: u32 = 30 * 36_000;
    let png = crate::qr::png(link, crate::qr::Correction::Medium, PIXELS).ok()?;
    let pic = docx_rs::Pic::new_with_dimensions(png, PIXELS, PIXELS).size(SIDE, SIDE);
    Some(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(docx_rs::Run::new().add_image(pic)),
    )
}

/// The annex from a new page: title, subtitle, a short rule, its body.
fn add_annex(mut d: Docx, annex: &Annex) -> Docx {
    for (i, line) in annex.title.iter().enumerate() {
        let p = bold_centred(line, PT14);
        d = d.add_paragraph(if i == 0 { p.page_break_before(true) } else { p });
    }
    if let Some(sub) = &annex.subtitle {
        d = d.add_paragraph(
            Paragraph::new()
                .add_run(run(sub, PT14).italic())
                .align(AlignmentType::Center),
        );
    }
    d = d.add_paragraph(title_rule(&annex.title.join("\n"), page::TEXT));
    add_blocks(d, &annex.body)
}

/// "Nơi nhận:" and its items.
fn recipients_cell(items: &[String]) -> TableCell {
    let mut recipients = cell(LEFT_COL).add_paragraph(
        Paragraph::new()
            .add_run(run("Nơi nhận:", PT12).bold().italic())
            .line_spacing(LineSpacing::new().before(240).after(0)),
    );
    for item in items {
        recipients = recipients.add_paragraph(
            Paragraph::new()
                .add_run(run(item, PT11))
                .line_spacing(LineSpacing::new().before(0).after(0)),
        );
    }
    recipients
}

/// A signer's block: the title lines, room for the signature and seal, the name.
fn signer_cell(width: i32, titles: &[&str], name: &str) -> TableCell {
    let mut c = cell(width);
    for (i, t) in titles.iter().enumerate() {
        let p = bold_centred(t, PT14);
        c = c.add_paragraph(if i == 0 {
            p.line_spacing(LineSpacing::new().before(240).after(0))
        } else {
            p
        });
    }
    for _ in 0..4 {
        c = c.add_paragraph(centred("", PT14));
    }
    c.add_paragraph(bold_centred(name, PT14))
}

#[cfg(test)]
mod tests;

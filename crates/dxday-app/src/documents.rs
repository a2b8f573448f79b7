//! A stored document's printed form: the Decree 30 texts, laid out by the media crate
//! as DOCX (the page, the CLI and the tests all go through [`docx_of`]).

use dxday_store::documents::Document;

use dxday_domain::document::{self, DocumentType};
use dxday_media::docx::{self, Block, OfficialDocument, Span};

/// The printed texts of a document, worded by the decree's rules.
pub fn printed(doc: &Document) -> OfficialDocument {
    let d = &doc.data;
    let subject_lines: Vec<String> = document::lines(&d.subject);
    let (subject_lines, type_title, type_subject) = match d.kind {
        DocumentType::Dispatch => {
            let mut v = subject_lines;
            if let Some(first) = v.first_mut() {
                *first = format!("V/v {first}");
            }
            (v, None, None)
        }
        kind => (
            Vec::new(),
            kind.title_vi().map(str::to_string),
            Some(subject_lines.join("\n")),
        ),
    };
    OfficialDocument {
        parent_body: d.parent_body.clone(),
        issuer_name: d.issuer_name.clone(),
        number_line: doc.number_line(),
        subject_lines,
        date_line: document::date_line(&d.place, doc.issued_on),
        type_title,
        type_subject,
        urgency: d.urgency.mark().map(str::to_string),
        circulation: d.circulation.mark().map(str::to_string),
        legal_basis: d.legal_basis_lines(),
        addressees: d.addressee_lines(),
        body: body_blocks(&d.body),
        authority_line: d.authority_line(),
        signer_title: d.signer_title.clone(),
        signer_name: d.signer_name.clone(),
        distribution: d.distribution_lines(),
        ..OfficialDocument::default()
    }
}

/// A typed body as blocks. The editor's text has one paragraph a line; `**…**` marks
/// bold; a line `## …` is a bold centred line ("QUYẾT ĐỊNH:"); a line `_…_` is an
/// italic paragraph ("Theo đề nghị của …"); consecutive lines starting with `|` are a table (`| a | b |`, a `|---|` line
/// under the header is skipped), and a cell written `**…**` is bold.
pub fn body_blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut table: Vec<Vec<Span>> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line.starts_with('|') {
            if !is_separator(line) {
                table.push(table_cells(line));
            }
            continue;
        }
        if !table.is_empty() {
            blocks.push(Block::Table(std::mem::take(&mut table)));
        }
        if let Some(centred) = line.strip_prefix("## ") {
            blocks.push(Block::Centred(centred.trim().to_string()));
        } else if let Some(italic) = line
            .strip_prefix('_')
            .and_then(|l| l.strip_suffix('_'))
            .filter(|l| !l.is_empty())
        {
            blocks.push(Block::Italic(italic.to_string()));
        } else {
            blocks.push(Block::Paragraph(spans(line)));
        }
    }
    if !table.is_empty() {
        blocks.push(Block::Table(table));
    }
    with_qr_codes(blocks)
}

/// A paragraph ending "quét mã QR:" is followed by the QR code of the last link written
/// before it; without a link before it, the line is dropped (it would point at nothing).
fn with_qr_codes(blocks: Vec<Block>) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    let mut last_link: Option<String> = None;
    for b in blocks {
        let text = match &b {
            Block::Paragraph(spans) => spans.iter().map(|s| s.text.as_str()).collect::<String>(),
            _ => String::new(),
        };
        if text.trim_end().to_lowercase().ends_with("quét mã qr:") {
            if let Some(link) = &last_link {
                let link = link.clone();
                out.push(b);
                out.push(Block::Qr(link));
            }
            continue;
        }
        if let Some((link, _)) = dxday_media::docx::links(&text)
            .into_iter()
            .rev()
            .find(|(_, link)| *link)
        {
            last_link = Some(link);
        }
        out.push(b);
    }
    out
}

/// `**…**` spans bold, the rest plain (an unclosed `**` makes the rest bold).
fn spans(line: &str) -> Vec<Span> {
    line.split("**")
        .enumerate()
        .filter(|(_, piece)| !piece.is_empty())
        .map(|(i, piece)| Span {
            text: piece.to_string(),
            bold: i % 2 == 1,
        })
        .collect()
}

fn table_cells(line: &str) -> Vec<Span> {
    line.trim_matches('|')
        .split('|')
        .map(|c| {
            let c = c.trim();
            match c.strip_prefix("**").and_then(|c| c.strip_suffix("**")) {
                Some(inner) => Span::bold(inner),
                None => Span::plain(c),
            }
        })
        .collect()
}

fn is_separator(line: &str) -> bool {
    line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// The document as a .docx file.
pub fn docx_of(doc: &Document) -> Result<Vec<u8>, dxday_media::MediaError> {
    docx::render(&printed(doc))
}

/// A safe file name for a document (`CV-01-VHTT-2024.docx`).
pub fn file_name(doc: &Document, extension: &str) -> String {
    let kind = doc.data.kind.code().unwrap_or("CV");
    let number = doc
        .number
        .map_or_else(|| "du-thao".to_string(), document::number_text);
    let symbol: String = doc
        .data
        .symbol
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let year = doc.year.map(|y| format!("-{y}")).unwrap_or_default();
    let kind: String = kind
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { 'D' })
        .collect();
    format!("{kind}-{number}-{symbol}{year}.{extension}")
}

/// The outgoing register of `unit` for `year` as a book to bind (Phụ lục IV): a cover
/// (the office, "SỔ ĐĂNG KÝ VĂN BẢN ĐI", the year, the first and last day and number,
/// the volume), then the decree's ten columns numbered (1)–(10): number and symbol,
/// date, kind and subject, signer, recipients (in Vietnamese order), where the copies
/// are kept, copies, the day it was sent, a column to sign for it, notes.
pub async fn register_xlsx(
    db: &dxday_store::Db,
    unit: dxday_domain::UnitId,
    year: i64,
    lang: crate::Lang,
) -> Result<Vec<u8>, crate::Error> {
    use dxday_domain::document::DocumentStatus;
    use dxday_domain::{collation, dates};
    use dxday_media::xlsx::{Cell, Cover, Sheet};
    use dxday_store::documents;
    let docs = documents::register(db, unit, year).await?;
    let ids: Vec<dxday_domain::DocumentId> = docs.iter().map(|d| d.id).collect();
    let all_deliveries = documents::deliveries_of(db, &ids).await?;
    let rows: Vec<Vec<Cell>> = docs
        .iter()
        .map(|d| {
            let mut sent: Vec<_> = all_deliveries
                .iter()
                .filter(|(doc, _)| *doc == d.id.0)
                .map(|(_, x)| x)
                .collect();
            collation::sort_by_name(&mut sent, |x| &x.unit_name);
            let names: Vec<&str> = sent.iter().map(|x| x.unit_name.as_str()).collect();
            // Sent the day the first copy went out; a document sent by other means than
            // dxday counts from its issue.
            let sent_on = sent
                .iter()
                .filter_map(|x| x.delivered_at)
                .min()
                .or(d.issued_at)
                .map(|t| t.to_offset(dates::VIETNAM_OFFSET).date());
            let subject = d.data.subject.lines().collect::<Vec<_>>().join(" ");
            let kept = if d.data.drafting_unit.is_empty() {
                vec!["VT".to_string()]
            } else {
                vec!["VT".to_string(), d.data.drafting_unit.clone()]
            };
            vec![
                Cell::Text(d.number_symbol()),
                d.issued_on.map_or(Cell::Empty, Cell::Date),
                Cell::Text(format!("{} {subject}", lang.t(d.data.kind.label_key()))),
                Cell::Text(d.data.signer_name.clone()),
                Cell::Text(names.join("; ")),
                Cell::Text(kept.join(", ")),
                // A copy to each recipient and one to each place that keeps one.
                Cell::Int((names.len() + kept.len()) as i64),
                sent_on.map_or(Cell::Empty, Cell::Date),
                Cell::Empty,
                if d.status == DocumentStatus::Issued {
                    Cell::Empty
                } else {
                    Cell::Text(lang.t(d.status.label_key()))
                },
            ]
        })
        .collect();
    let headers: Vec<String> = (1..=10)
        .map(|i| lang.t(&format!("register-col-{i}")))
        .collect();
    // The office as its documents print it: the parent body over the unit.
    let office: Vec<String> = match docs.last() {
        Some(d) => d.data.letterhead(),
        None => dxday_store::units::name(db, unit)
            .await?
            .into_iter()
            .collect(),
    };
    let dmy = |d: Option<time::Date>| d.map(dates::format_dmy).unwrap_or_else(|| "…".into());
    let number = |d: Option<&dxday_store::documents::Document>| {
        d.and_then(|d| d.number)
            .map(dxday_domain::document::number_text)
            .unwrap_or_else(|| "…".into())
    };
    let cover = Cover {
        name: lang.t("register-cover"),
        office: office.clone(),
        title: lang.t("register-book"),
        lines: vec![
            lang.t_args("register-year", &[("year", year.to_string())]),
            lang.t_args(
                "register-days",
                &[
                    ("from", dmy(docs.iter().filter_map(|d| d.issued_on).min())),
                    ("to", dmy(docs.iter().filter_map(|d| d.issued_on).max())),
                ],
            ),
            lang.t_args(
                "register-numbers",
                &[("from", number(docs.first())), ("to", number(docs.last()))],
            ),
            lang.t_args("register-volume", &[("volume", "01".to_string())]),
        ],
    };
    let sheet = Sheet {
        name: format!("{year}"),
        office: office.join("\n"),
        title: lang.t("register-book"),
        period: lang.t_args("register-year", &[("year", year.to_string())]),
        headers,
        column_numbers: true,
        by_hand: vec![8],
        rows,
        ..Sheet::default()
    };
    Ok(dxday_media::xlsx::book(Some(&cover), &[sheet])?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_body_becomes_paragraphs_bold_spans_and_tables() {
        let blocks = body_blocks(
            "Mở đầu **quan trọng** tiếp.\n\n| Nhiệm vụ | Đơn vị |\n|---|:-:|\n| **Tuyên truyền** | UBND phường |\nKết thúc **mở",
        );
        assert_eq!(
            blocks,
            vec![
                Block::Paragraph(vec![
                    Span::plain("Mở đầu "),
                    Span::bold("quan trọng"),
                    Span::plain(" tiếp."),
                ]),
                Block::Table(vec![
                    vec![Span::plain("Nhiệm vụ"), Span::plain("Đơn vị")],
                    vec![Span::bold("Tuyên truyền"), Span::plain("UBND phường")],
                ]),
                Block::Paragraph(vec![Span::plain("Kết thúc "), Span::bold("mở")]),
            ]
        );
        assert_eq!(
            body_blocks("_Theo đề nghị của Trưởng phòng Nội vụ._\n## QUYẾT ĐỊNH:\n_\n"),
            vec![
                Block::Italic("Theo đề nghị của Trưởng phòng Nội vụ.".into()),
                Block::Centred("QUYẾT ĐỊNH:".into()),
                Block::Paragraph(vec![Span::plain("_")]),
            ]
        );
        assert_eq!(body_blocks(" \n\n"), Vec::new());
    }

    #[test]
    fn a_qr_line_gets_the_code_of_the_link_before_it_or_goes() {
        let link = "https://dx.gov.vn/bo-nhan-dien-ngay-chuyen-doi-so-quoc-gia-2024.htm";
        let blocks = body_blocks(&format!(
            "- Địa chỉ bộ nhận diện, tải theo đường link: <{link}>\nHoặc quét mã QR:\nTrân trọng."
        ));
        assert_eq!(blocks.len(), 4);
        assert_eq!(blocks[2], Block::Qr(link.into()));
        // No link before it: the line is dropped.
        assert_eq!(
            body_blocks("Hoặc quét mã QR:\nTrân trọng."),
            vec![Block::text("Trân trọng.")]
        );
    }
}

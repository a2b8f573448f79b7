//! The pieces the layout is built from: runs and paragraphs in the decree's font and
//! sizes, rules, boxes, borderless layout tables and body tables.

use docx_rs::{
    AlignmentType, BorderType, Hyperlink, HyperlinkType, LineSpacing, LineSpacingType, Paragraph,
    ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Run, SpecialIndentType, Table,
    TableCell, TableCellMargins, TableLayoutType, TableRow, WidthType,
};

use super::{Span, page};

pub(super) const FONT: &str = "Times New Roman";
pub(super) const BLACK: &str = "000000";
/// Sizes in half-points.
pub(super) const PT11: usize = 22;
pub(super) const PT12: usize = 24;
pub(super) const PT13: usize = 26;
pub(super) const PT14: usize = 28;
/// Header columns: the issuing body on the left, the national title on the right.
pub(super) const LEFT_COL: i32 = 4253;
pub(super) const RIGHT_COL: i32 = page::TEXT - LEFT_COL;

pub(super) fn run(text: &str, size: usize) -> Run {
    Run::new().add_text(text).size(size).color(BLACK)
}

/// One run centred on a single-spaced line with no space around it.
pub(super) fn centred_run(r: Run) -> Paragraph {
    Paragraph::new()
        .add_run(r)
        .align(AlignmentType::Center)
        .line_spacing(single())
}

/// Single line spacing, nothing before or after.
pub(super) fn single() -> LineSpacing {
    LineSpacing::new()
        .before(0)
        .after(0)
        .line(240)
        .line_rule(LineSpacingType::Auto)
}

pub(super) fn centred(text: &str, size: usize) -> Paragraph {
    centred_run(run(text, size))
}

pub(super) fn bold_centred(text: &str, size: usize) -> Paragraph {
    centred_run(run(text, size).bold())
}

/// A solid line of `width` twips, centred in a column of `column` twips: an empty
/// paragraph with a bottom border, indented from both sides.
pub(super) fn rule(width: i32, column: i32) -> Paragraph {
    let side = ((column - width) / 2).max(0);
    let mut p = Paragraph::new()
        .add_run(run("", 4))
        .size(4)
        .indent(Some(side), None, Some(side), None)
        .line_spacing(single());
    p.property = p.property.set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                .val(BorderType::Single)
                .size(6)
                .space(1)
                .color(BLACK),
        ),
    );
    p
}

/// The air kept between a header's text and its column's edges (3 mm).
pub(super) const HEADER_AIR: i32 = 170;

/// `text` on as few lines as fit in `room` twips: a line too long is broken where its
/// two halves are closest in width.
pub(super) fn balanced_lines(text: &str, half_points: usize, bold: bool, room: i32) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        split_to_fit(line.trim(), half_points, bold, room, &mut out);
    }
    out
}

fn split_to_fit(line: &str, half_points: usize, bold: bool, room: i32, out: &mut Vec<String>) {
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.len() < 2 || text_width(line, half_points, bold) <= room {
        out.push(line.to_string());
        return;
    }
    let best = (1..words.len())
        .min_by_key(|&i| {
            let a = text_width(&words[..i].join(" "), half_points, bold);
            let b = text_width(&words[i..].join(" "), half_points, bold);
            a.max(b)
        })
        .unwrap_or(1);
    split_to_fit(&words[..best].join(" "), half_points, bold, room, out);
    split_to_fit(&words[best..].join(" "), half_points, bold, room, out);
}

/// The rule under a title: two fifths of its longest line (the decree asks for a third
/// to a half), centred in `column`, with a line's space before the text that follows.
/// A line longer than the column wraps: its longest printed line is the column.
pub(super) fn title_rule(title: &str, column: i32) -> Paragraph {
    let longest = title
        .lines()
        .map(|l| text_width(l, PT14, true).min(column))
        .max()
        .unwrap_or(0);
    rule((longest * 2 / 5).clamp(600, column), column).line_spacing(
        LineSpacing::new()
            .before(0)
            .after(240)
            .line(240)
            .line_rule(LineSpacingType::Auto),
    )
}

/// A boxed mark (urgency, circulation): bold capitals in a single-line frame.
pub(super) fn boxed(text: &str, column: i32) -> Paragraph {
    let width = text_width(text, PT13, true) + 240;
    let side = ((column - width) / 2).max(0);
    let mut p = Paragraph::new()
        .add_run(run(text, PT13).bold())
        .align(AlignmentType::Center)
        .indent(Some(side), None, Some(side), None)
        .line_spacing(LineSpacing::new().before(120).after(0));
    let edge = |pos| {
        ParagraphBorder::new(pos)
            .val(BorderType::Single)
            .size(8)
            .space(1)
            .color(BLACK)
    };
    p.property = p.property.set_borders(
        ParagraphBorders::with_empty()
            .set(edge(ParagraphBorderPosition::Top))
            .set(edge(ParagraphBorderPosition::Bottom))
            .set(edge(ParagraphBorderPosition::Left))
            .set(edge(ParagraphBorderPosition::Right)),
    );
    p
}

/// The width of `text` in twips as Times New Roman sets it (the font's metrics).
pub(super) fn text_width(text: &str, half_points: usize, bold: bool) -> i32 {
    (crate::metrics::width(text, half_points as f32 / 2.0, bold) * 20.0).round() as i32
}

pub(super) fn cell(width: i32) -> TableCell {
    TableCell::new().width(width as usize, WidthType::Dxa)
}

/// A layout table: no borders, no cell padding, the full text width.
pub(super) fn borderless(rows: Vec<TableRow>, grid: Vec<usize>) -> Table {
    Table::without_borders(rows)
        .set_grid(grid)
        .layout(TableLayoutType::Fixed)
        .width(page::TEXT as usize, WidthType::Dxa)
        .margins(TableCellMargins::new().margin(0, 0, 0, 0))
        .indent(0)
}

/// A body paragraph: justified, 14 pt, first line indented 1 cm, 6 pt after,
/// 1.15 line spacing. A paragraph with a web address is set flush left: the address
/// does not break, and justifying the line before it would stretch its spaces wide.
pub(super) fn body_paragraph(spans: &[Span], italic: bool) -> Paragraph {
    let pieces: Vec<(&Span, Vec<(String, bool)>)> = spans
        .iter()
        .filter(|s| !s.text.is_empty())
        .map(|s| (s, links(&s.text)))
        .collect();
    let has_link = pieces.iter().any(|(_, p)| p.iter().any(|(_, l)| *l));
    let mut p = Paragraph::new()
        .align(if has_link {
            AlignmentType::Left
        } else {
            AlignmentType::Both
        })
        .indent(None, Some(SpecialIndentType::FirstLine(567)), None, None)
        .line_spacing(
            LineSpacing::new()
                .before(0)
                .after(120)
                .line(276)
                .line_rule(LineSpacingType::Auto),
        );
    for (span, pieces) in pieces {
        for (text, link) in pieces {
            // A web address does not break at its hyphens (non-breaking hyphens, which
            // the conform pass writes as Word's own `w:noBreakHyphen`).
            let shown = if link {
                text.replace('-', "\u{2011}")
            } else {
                text.clone()
            };
            let mut r = run(&shown, PT14);
            if span.bold {
                r = r.bold();
            }
            if italic {
                r = r.italic();
            }
            p = if link {
                p.add_hyperlink(Hyperlink::new(text, HyperlinkType::External).add_run(r))
            } else {
                p.add_run(r)
            };
        }
    }
    p
}

/// `text` cut into plain pieces and web addresses (`http://` or `https://` up to the
/// next space or `>`, without a closing punctuation mark; a bare scheme is text), in
/// order. The one rule for what a link is: the DOCX's hyperlinks and the app's QR codes
/// both read it.
pub fn links(text: &str) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    let plain = |out: &mut Vec<(String, bool)>, s: &str| match out.last_mut() {
        Some((last, false)) => last.push_str(s),
        _ if s.is_empty() => {}
        _ => out.push((s.to_string(), false)),
    };
    let mut rest = text;
    while let Some(at) = ["https://", "http://"]
        .iter()
        .filter_map(|p| rest.find(p))
        .min()
    {
        let tail = &rest[at..];
        let end = tail
            .find(|c: char| c.is_whitespace() || c == '>')
            .unwrap_or(tail.len());
        let url = tail[..end].trim_end_matches(['.', ',', ';', ':', ')', '”', '"']);
        plain(&mut out, &rest[..at]);
        if url.ends_with("//") {
            plain(&mut out, url);
        } else {
            out.push((url.to_string(), true));
        }
        rest = &rest[at + url.len()..];
    }
    plain(&mut out, rest);
    out
}

/// True for a figure as printed ("1.250", "86", "—"): set right-aligned.
pub(super) fn is_figure(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && (t == "—"
            || t.chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ','))
}

/// Column widths in proportion to each column's longest word run (a column of long
/// texts gets room, a column of short figures little), at least 1/10 of the width and
/// never narrower than the column's longest word (a word is never broken), taken back
/// from the widest columns.
pub(super) fn column_widths(rows: &[Vec<Span>], cols: usize) -> Vec<usize> {
    // The body's texts weigh, not the header's (a long header wraps on its lines; a
    // column of ward names keeps each name on one line).
    let body = if rows.len() > 1 { &rows[1..] } else { rows };
    let weight: Vec<usize> = (0..cols)
        .map(|c| {
            body.iter()
                .filter_map(|r| r.get(c))
                .map(|t| t.text.chars().count())
                .max()
                .unwrap_or(1)
                .clamp(8, 60)
        })
        .collect();
    // The cell's margins and a little air around its longest word; a figure
    // ("26/32", "100 % (10/10)") and a short name in the column the rows are read by
    // ("Đổng Quốc Bình") are kept whole on their line.
    let label = usize::from(
        rows.first()
            .and_then(|r| r.first())
            .is_some_and(|h| h.text == "STT"),
    );
    let figure_like = |t: &str| {
        t.chars()
            .all(|ch| ch.is_ascii_digit() || " .,/%()—".contains(ch))
    };
    let floor: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .enumerate()
                .filter_map(|(i, r)| r.get(c).map(|t| (i == 0, i == 0 || t.bold, &t.text)))
                .flat_map(|(header, bold, t)| {
                    let short = t.chars().count() <= 20;
                    let whole = !header && short && (c == label || figure_like(t));
                    let pieces: Vec<&str> = if whole {
                        vec![t.as_str()]
                    } else {
                        t.split_whitespace().collect()
                    };
                    pieces.into_iter().map(move |w| (bold, w))
                })
                .map(|(bold, w)| text_width(w, PT13, bold).max(0) as usize + 400)
                .max()
                .unwrap_or(0)
        })
        .collect();
    let total: usize = weight.iter().sum();
    let text = page::TEXT as usize;
    let min = text / 10;
    let mut widths: Vec<usize> = weight
        .iter()
        .zip(&floor)
        .map(|(w, f)| {
            (text * w / total)
                .max(min.min(*f.max(&(text / 20))))
                .max(*f)
        })
        .collect();
    // Give back what the floors took, from the columns with room to spare.
    let mut over = widths.iter().sum::<usize>().saturating_sub(text);
    while over > 0 {
        let Some((i, spare)) = widths
            .iter()
            .zip(&floor)
            .map(|(w, f)| w.saturating_sub(*f))
            .enumerate()
            .max_by_key(|(_, spare)| *spare)
        else {
            break;
        };
        if spare == 0 {
            break;
        }
        let take = over.min(spare.div_ceil(2)).max(1);
        widths[i] -= take;
        over -= take;
    }
    widths
}

pub(super) fn body_table(rows: &[Vec<Span>]) -> Table {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let widths = column_widths(rows, cols);
    let table_rows = rows
        .iter()
        .enumerate()
        .map(|(r, cells)| {
            TableRow::new(
                (0..cols)
                    .map(|c| {
                        let (text, bold) = cells.get(c).map_or(("", false), |s| (&s.text, s.bold));
                        let mut run = run(text, PT13);
                        if r == 0 || bold {
                            run = run.bold();
                        }
                        let numbered = c == 0 && rows[0].first().is_some_and(|h| h.text == "STT");
                        let align = if r == 0 || numbered {
                            AlignmentType::Center
                        } else if is_figure(text) {
                            AlignmentType::Right
                        } else {
                            AlignmentType::Left
                        };
                        TableCell::new()
                            .width(widths[c], WidthType::Dxa)
                            .add_paragraph(Paragraph::new().add_run(run).align(align))
                    })
                    .collect(),
            )
            // A row never splits across a page; the conform pass marks the first as the
            // header repeated on each page.
            .cant_split()
        })
        .collect();
    Table::new(table_rows)
        .set_grid(widths)
        .width(page::TEXT as usize, WidthType::Dxa)
}

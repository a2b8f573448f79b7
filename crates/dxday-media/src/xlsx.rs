//! XLSX tables: each sheet a title row, a bold header row, typed cells (missing stays
//! empty, never 0), Vietnamese text as is.

use rust_xlsxwriter::{Format, Workbook};

use crate::MediaError;

/// A cell value.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// A share, written as a percentage (0.25 → 25 %).
    Percent(f64),
    /// A number with decimals (an index: 87.53), shown with two.
    Decimal(f64),
    Empty,
}

/// One sheet of a workbook: a title row, a bold header row, then the rows; rows listed
/// in `bold_rows` (e.g. totals) are bold.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub name: String,
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    pub bold_rows: Vec<usize>,
}

/// Writes a workbook with one sheet.
pub fn table(
    sheet: &str,
    title: &str,
    headers: &[String],
    rows: &[Vec<Cell>],
) -> Result<Vec<u8>, MediaError> {
    workbook(&[Sheet {
        name: sheet.into(),
        title: title.into(),
        headers: headers.to_vec(),
        rows: rows.to_vec(),
        bold_rows: Vec::new(),
    }])
}

/// A valid, unique sheet name from any text: at most 31 characters, none of `[]:*?/\`.
pub fn sheet_name(text: &str, taken: &[String]) -> String {
    let clean: String = text
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c })
        .collect();
    let clean = clean.trim().trim_matches('\'').to_string();
    let base: String = if clean.is_empty() {
        "Sheet".into()
    } else {
        clean.chars().take(31).collect()
    };
    let mut name = base.clone();
    let mut n = 2;
    while taken
        .iter()
        .any(|t| t.to_lowercase() == name.to_lowercase())
    {
        let suffix = format!(" ({n})");
        name = format!(
            "{}{suffix}",
            base.chars()
                .take(31 - suffix.chars().count())
                .collect::<String>()
                .trim_end()
        );
        n += 1;
    }
    name
}

/// Writes a workbook with the given sheets, in order.
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, MediaError> {
    let fail = |e: rust_xlsxwriter::XlsxError| MediaError::Encode(format!("XLSX: {e}"));
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let percent = Format::new().set_num_format("0.0%");
    let thousands = Format::new().set_num_format("#,##0");
    let decimal = Format::new().set_num_format("#,##0.00");
    let bold_thousands = Format::new().set_bold().set_num_format("#,##0");
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    for sheet in sheets {
        let ws = book.add_worksheet();
        ws.set_name(&sheet.name).map_err(fail)?;
        ws.write_string_with_format(
            0,
            0,
            &sheet.title,
            &Format::new().set_bold().set_font_size(14),
        )
        .map_err(fail)?;
        for (c, h) in sheet.headers.iter().enumerate() {
            ws.write_string_with_format(2, c as u16, h, &bold.clone().set_text_wrap())
                .map_err(fail)?;
        }
        // Rows grow to the lines their wrapped texts need (spreadsheet programs do not
        // measure rows written by a library).
        let lines = |texts: &mut dyn Iterator<Item = (usize, &str)>| {
            texts
                .map(|(c, t)| t.chars().count().div_ceil(if c == 0 { 46 } else { 14 }))
                .max()
                .unwrap_or(1)
                .max(1)
        };
        let header_lines = lines(&mut sheet.headers.iter().map(String::as_str).enumerate());
        if header_lines > 1 {
            ws.set_row_height(2, 15.0 * header_lines.min(8) as f64)
                .map_err(fail)?;
        }
        for (i, row) in sheet.rows.iter().enumerate() {
            let r = (i + 3) as u32;
            let strong = sheet.bold_rows.contains(&i);
            let row_lines = lines(
                &mut row.iter().enumerate().filter_map(|(c, cell)| match cell {
                    Cell::Text(t) => Some((c, t.as_str())),
                    _ => None,
                }),
            );
            if row_lines > 1 {
                ws.set_row_height(r, 15.0 * row_lines.min(12) as f64)
                    .map_err(fail)?;
            }
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(s) if strong => ws
                        .write_string_with_format(r, c, s, &bold)
                        .map(|_| ())
                        .map_err(fail)?,
                    Cell::Text(s) if row_lines > 1 => ws
                        .write_string_with_format(r, c, s, &wrap)
                        .map(|_| ())
                        .map_err(fail)?,
                    Cell::Text(s) => ws.write_string(r, c, s).map(|_| ()).map_err(fail)?,
                    Cell::Int(n) => ws
                        .write_number_with_format(
                            r,
                            c,
                            *n as f64,
                            if strong { &bold_thousands } else { &thousands },
                        )
                        .map(|_| ())
                        .map_err(fail)?,
                    Cell::Percent(p) => ws
                        .write_number_with_format(r, c, *p, &percent)
                        .map(|_| ())
                        .map_err(fail)?,
                    Cell::Decimal(x) => ws
                        .write_number_with_format(r, c, *x, &decimal)
                        .map(|_| ())
                        .map_err(fail)?,
                    Cell::Empty => {}
                }
            }
        }
        ws.set_column_width(0, 48).map_err(fail)?;
        for c in 1..sheet.headers.len() {
            ws.set_column_width(c as u16, 16).map_err(fail)?;
        }
        // Printed as a clerk files it: A4 landscape, one page wide, the header row on
        // every page.
        ws.set_landscape();
        ws.set_paper_size(9);
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(2, 2).map_err(fail)?;
    }
    book.save_to_buffer().map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};

    #[test]
    fn a_table_reads_back_with_its_vietnamese_text_and_empty_cells() {
        let bytes = table(
            "Tham gia",
            "Lượt tải khung ảnh",
            &["Đơn vị".into(), "Lượt tải".into(), "Tỷ lệ".into()],
            &[
                vec![
                    Cell::Text("Ủy ban nhân dân phường Đổng Quốc Bình".into()),
                    Cell::Int(1250),
                    Cell::Empty,
                ],
                vec![
                    Cell::Text("Phòng Y tế".into()),
                    Cell::Int(3),
                    Cell::Percent(0.25),
                ],
            ],
        )
        .expect("xlsx");
        let mut book: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("open");
        let range = book.worksheet_range("Tham gia").expect("sheet");
        assert_eq!(
            range.get_value((3, 0)),
            Some(&Data::String(
                "Ủy ban nhân dân phường Đổng Quốc Bình".into()
            ))
        );
        assert_eq!(range.get_value((3, 1)), Some(&Data::Float(1250.0)));
        assert!(
            matches!(range.get_value((3, 2)), None | Some(Data::Empty)),
            "missing stays empty"
        );
        assert_eq!(range.get_value((4, 2)), Some(&Data::Float(0.25)));
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let a = sheet_name("Báo cáo: kết quả [tháng 10/2024] của các đơn vị", &[]);
        assert!(a.chars().count() <= 31, "{a}");
        assert!(!a.contains([':', '[', ']', '/']), "{a}");
        let b = sheet_name(
            "Báo cáo: kết quả [tháng 10/2024] của các đơn vị",
            std::slice::from_ref(&a),
        );
        assert_ne!(a, b);
        assert!(b.ends_with("(2)") && b.chars().count() <= 31, "{b}");
        assert_eq!(sheet_name("", &[]), "Sheet");
    }

    #[test]
    fn a_workbook_keeps_its_sheets_in_order() {
        let sheet = |name: &str| Sheet {
            name: name.into(),
            title: name.into(),
            headers: vec!["A".into()],
            rows: vec![vec![Cell::Int(1)]],
            bold_rows: vec![0],
        };
        let bytes = workbook(&[sheet("Tổng hợp"), sheet("1 Báo cáo")]).expect("xlsx");
        let book: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("open");
        assert_eq!(book.sheet_names(), vec!["Tổng hợp", "1 Báo cáo"]);
    }
}

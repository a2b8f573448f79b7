//! One-sheet XLSX tables: a title row, a bold header row, typed cells (missing stays
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
    Empty,
}

/// Writes a workbook with one sheet.
pub fn table(
    sheet: &str,
    title: &str,
    headers: &[String],
    rows: &[Vec<Cell>],
) -> Result<Vec<u8>, MediaError> {
    let fail = |e: rust_xlsxwriter::XlsxError| MediaError::Encode(format!("XLSX: {e}"));
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).map_err(fail)?;
    let bold = Format::new().set_bold();
    let percent = Format::new().set_num_format("0%");
    let thousands = Format::new().set_num_format("#,##0");
    ws.write_string_with_format(0, 0, title, &Format::new().set_bold().set_font_size(14))
        .map_err(fail)?;
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, h, &bold)
            .map_err(fail)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = (r + 3) as u32;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(s) => ws.write_string(r, c, s).map(|_| ()).map_err(fail)?,
                Cell::Int(n) => ws
                    .write_number_with_format(r, c, *n as f64, &thousands)
                    .map(|_| ())
                    .map_err(fail)?,
                Cell::Percent(p) => ws
                    .write_number_with_format(r, c, *p, &percent)
                    .map(|_| ())
                    .map_err(fail)?,
                Cell::Empty => {}
            }
        }
    }
    ws.set_column_width(0, 48).map_err(fail)?;
    for c in 1..headers.len() {
        ws.set_column_width(c as u16, 16).map_err(fail)?;
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
}

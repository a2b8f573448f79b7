//! XLSX tables that print as an office expects: a title block (the office, the title,
//! the period), a bordered table with its header repeated on every page and frozen on
//! screen, columns as wide as their content, A4 one page wide (portrait or landscape by
//! the table's width), page numbers, Times New Roman; typed cells (numbers and dates
//! are numbers and dates with Vietnamese formats; missing stays empty, never 0).

mod layout;

use rust_xlsxwriter::{
    ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::MediaError;

pub use layout::{PORTRAIT_WIDTH, column_widths, landscape};

/// A cell value.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// A share, written as a percentage (0.25 → 25 %).
    Percent(f64),
    /// A number with decimals (an index: 87.53), shown with two.
    Decimal(f64),
    /// A day, shown dd/mm/yyyy.
    Date(time::Date),
    /// A moment on Vietnam's clock, shown dd/mm/yyyy hh:mm.
    Time(time::PrimitiveDateTime),
    Empty,
}

/// One sheet of a workbook: the title block, a bold header row (and the column
/// numbers under it when asked), then the rows; rows listed in `bold_rows` (totals)
/// are bold.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub name: String,
    /// The office that makes the table, printed top left in capitals; may be empty.
    pub office: String,
    pub title: String,
    /// What the table covers, under the title ("Năm 2024"); may be empty.
    pub period: String,
    pub headers: Vec<String>,
    /// A row "(1) (2) …" under the header, as the decree's registers have.
    pub column_numbers: bool,
    /// Columns left empty for a hand to fill (a signature): printed wide enough.
    pub by_hand: Vec<usize>,
    pub rows: Vec<Vec<Cell>>,
    pub bold_rows: Vec<usize>,
}

/// The cover of a book (a register): the office at the top, the book's name in the
/// middle, its particulars under it (year, from … to …, volume).
#[derive(Debug, Clone, Default)]
pub struct Cover {
    pub name: String,
    /// The parent body and the office, one per line.
    pub office: Vec<String>,
    pub title: String,
    pub lines: Vec<String>,
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
        ..Sheet::default()
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
    book(None, sheets)
}

/// Writes a book: its cover first when it has one, then the sheets.
pub fn book(cover: Option<&Cover>, sheets: &[Sheet]) -> Result<Vec<u8>, MediaError> {
    let fail = |e: XlsxError| MediaError::Encode(format!("XLSX: {e}"));
    let mut book = Workbook::new();
    book.set_default_format(&Format::new().set_font_name(FONT).set_font_size(12), 21, 72)
        .map_err(fail)?;
    if let Some(cover) = cover {
        write_cover(book.add_worksheet(), cover).map_err(fail)?;
    }
    for sheet in sheets {
        write_sheet(book.add_worksheet(), sheet).map_err(fail)?;
    }
    book.save_to_buffer().map_err(fail)
}

const FONT: &str = "Times New Roman";

fn text() -> Format {
    Format::new().set_font_name(FONT).set_font_size(12)
}

/// A line of the title block or the cover: centred both ways, wrapping.
fn centred() -> Format {
    text()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
}

/// A table cell: thin borders, top-aligned, wrapping.
fn boxed() -> Format {
    text()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top)
        .set_text_wrap()
}

/// The formats of a table's cells, plain and bold.
struct Formats {
    text: [Format; 2],
    int: [Format; 2],
    percent: [Format; 2],
    decimal: [Format; 2],
    date: [Format; 2],
    time: [Format; 2],
}

impl Formats {
    fn new() -> Self {
        let both = |f: Format| [f.clone(), f.set_bold()];
        let middle = |f: Format| f.set_align(FormatAlign::Center);
        // Numbers in Vietnamese (1.250.000; 25,5 %; 87,53): the locale tag 42A makes
        // LibreOffice write Vietnamese separators whatever its own locale; Excel takes
        // the system's.
        Formats {
            text: both(boxed()),
            int: both(boxed().set_num_format("[$-42A]#,##0")),
            percent: both(boxed().set_num_format("[$-42A]0.0%")),
            decimal: both(boxed().set_num_format("[$-42A]#,##0.00")),
            date: both(middle(boxed().set_num_format("dd/mm/yyyy"))),
            time: both(middle(boxed().set_num_format("dd/mm/yyyy hh:mm"))),
        }
    }
}

fn excel_date(d: time::Date) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year().clamp(1900, 9999) as u16, d.month() as u8, d.day())
}

fn write_sheet(ws: &mut Worksheet, sheet: &Sheet) -> Result<(), XlsxError> {
    ws.set_name(&sheet.name)?;
    let widths = layout::column_widths(&sheet.headers, &sheet.rows, &sheet.by_hand);
    let cols = widths.len().max(1) as u16;
    let last = cols - 1;
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let mut r: u32 = 0;
    // The title block.
    if !sheet.office.is_empty() {
        let left = last.div_ceil(2).min(last);
        let lines = sheet.office.lines().count().max(1);
        let office = centred().set_bold();
        if left > 0 {
            ws.merge_range(r, 0, r, left, &sheet.office.to_uppercase(), &office)?;
        } else {
            ws.write_string_with_format(r, 0, sheet.office.to_uppercase(), &office)?;
        }
        let room: f64 = widths[..=left as usize].iter().sum();
        let n = layout::lines(&sheet.office, room).max(lines);
        ws.set_row_height(r, layout::LINE_HEIGHT * n as f64 + 3.0)?;
        r += 2;
    }
    let whole: f64 = widths.iter().sum();
    let mut centred_line = |r: u32, s: &str, f: &Format, size: f64| -> Result<(), XlsxError> {
        if last > 0 {
            ws.merge_range(r, 0, r, last, s, f)?;
        } else {
            ws.write_string_with_format(r, 0, s, f)?;
        }
        let n = layout::lines(s, whole * 12.0 / size);
        ws.set_row_height(r, size * 1.3 * n as f64 + 3.0)?;
        Ok(())
    };
    if !sheet.title.is_empty() {
        centred_line(
            r,
            &sheet.title.to_uppercase(),
            &centred().set_bold().set_font_size(14),
            14.0,
        )?;
        r += 1;
    }
    if !sheet.period.is_empty() {
        centred_line(r, &sheet.period, &centred().set_italic(), 12.0)?;
        r += 1;
    }
    if r > 0 {
        r += 1;
    }
    // The header, and the column numbers under it: repeated on every printed page and
    // frozen on screen.
    let header = boxed()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let first_header = r;
    for (c, h) in sheet.headers.iter().enumerate() {
        ws.write_string_with_format(r, c as u16, h, &header)?;
    }
    ws.set_row_height(
        r,
        layout::row_height(
            sheet.headers.iter().map(String::as_str).enumerate(),
            &widths,
        ),
    )?;
    if sheet.column_numbers {
        r += 1;
        let number = boxed().set_italic().set_align(FormatAlign::Center);
        for c in 0..sheet.headers.len() {
            ws.write_string_with_format(r, c as u16, format!("({})", c + 1), &number)?;
        }
    }
    ws.set_repeat_rows(first_header, r)?;
    ws.set_freeze_panes(r + 1, u16::from(cols > 6))?;
    r += 1;
    let f = Formats::new();
    for (i, row) in sheet.rows.iter().enumerate() {
        let b = usize::from(sheet.bold_rows.contains(&i));
        let texts = row.iter().enumerate().filter_map(|(c, cell)| match cell {
            Cell::Text(t) => Some((c, t.as_str())),
            _ => None,
        });
        ws.set_row_height(r, layout::row_height(texts, &widths))?;
        for c in 0..cols {
            let cell = row.get(c as usize).unwrap_or(&Cell::Empty);
            match cell {
                Cell::Text(s) => ws.write_string_with_format(r, c, s, &f.text[b])?,
                Cell::Int(n) => ws.write_number_with_format(r, c, *n as f64, &f.int[b])?,
                Cell::Percent(p) => ws.write_number_with_format(r, c, *p, &f.percent[b])?,
                Cell::Decimal(x) => ws.write_number_with_format(r, c, *x, &f.decimal[b])?,
                Cell::Date(d) => {
                    ws.write_datetime_with_format(r, c, excel_date(*d)?, &f.date[b])?
                }
                Cell::Time(t) => ws.write_datetime_with_format(
                    r,
                    c,
                    excel_date(t.date())?.and_hms(t.hour().into(), t.minute(), t.second())?,
                    &f.time[b],
                )?,
                // An empty cell keeps the table's borders.
                Cell::Empty => ws.write_blank(r, c, &f.text[b])?,
            };
        }
        r += 1;
    }
    page_setup(ws, layout::landscape(&widths));
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// A4, margins 2 cm left (to bind), 1 cm right, 1.5 cm top and bottom, centred, page
/// numbers in the footer.
fn page_setup(ws: &mut Worksheet, landscape: bool) {
    if landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_paper_size(9);
    ws.set_margins(0.79, 0.39, 0.59, 0.59, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
    ws.set_footer("&C&P/&N");
}

/// A cover on one A4 portrait page: the office at the top, the title a third down, the
/// particulars under it.
fn write_cover(ws: &mut Worksheet, cover: &Cover) -> Result<(), XlsxError> {
    ws.set_name(&cover.name)?;
    const COLS: u16 = 8;
    for c in 0..COLS {
        ws.set_column_width(c, 11.0)?;
    }
    let mut r = 0;
    let mut line = |r: &mut u32, s: &str, f: &Format, height: f64| -> Result<(), XlsxError> {
        ws.merge_range(*r, 0, *r, COLS - 1, s, f)?;
        ws.set_row_height(*r, height)?;
        *r += 1;
        Ok(())
    };
    for (i, o) in cover.office.iter().enumerate() {
        let f = if i + 1 == cover.office.len() {
            centred().set_bold().set_font_size(14)
        } else {
            centred().set_font_size(14)
        };
        line(&mut r, &o.to_uppercase(), &f, 24.0)?;
    }
    line(&mut r, "", &centred(), 200.0)?;
    line(
        &mut r,
        &cover.title.to_uppercase(),
        &centred().set_bold().set_font_size(24),
        40.0,
    )?;
    line(&mut r, "", &centred(), 30.0)?;
    for l in &cover.lines {
        line(&mut r, l, &centred().set_font_size(16), 30.0)?;
    }
    page_setup(ws, false);
    ws.set_footer("");
    ws.set_print_fit_to_pages(1, 1);
    Ok(())
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
            ..Sheet::default()
        };
        let bytes = workbook(&[sheet("Tổng hợp"), sheet("1 Báo cáo")]).expect("xlsx");
        let book: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("open");
        assert_eq!(book.sheet_names(), vec!["Tổng hợp", "1 Báo cáo"]);
    }
    /// The text of one part of an XLSX.
    fn part(bytes: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).expect(name), &mut xml)
            .expect("utf-8");
        xml
    }

    #[test]
    fn a_sheet_prints_on_a4_one_page_wide_with_its_header_on_every_page() {
        let day = time::macros::date!(2024 - 10 - 07);
        let sheet = Sheet {
            name: "Sổ".into(),
            office: "Phòng Văn hóa và Thông tin".into(),
            title: "Sổ đăng ký văn bản đi".into(),
            period: "Năm 2024".into(),
            headers: (1..=10).map(|i| format!("Cột {i}")).collect(),
            column_numbers: true,
            rows: (0..200)
                .map(|i| {
                    let mut row = vec![
                        Cell::Text(format!("{i:02}/VHTT")),
                        Cell::Date(day),
                        Cell::Text("Công văn về việc tổ chức Ngày Chuyển đổi số quốc gia".into()),
                        Cell::Int(1_250_000),
                        Cell::Time(day.with_hms(8, 0, 0).expect("time")),
                    ];
                    row.resize(10, Cell::Empty);
                    row
                })
                .collect(),
            ..Sheet::default()
        };
        let cover = Cover {
            name: "Bìa".into(),
            office: vec![
                "Ủy ban nhân dân quận Ngô Quyền".into(),
                "Phòng Văn hóa và Thông tin".into(),
            ],
            title: "Sổ đăng ký văn bản đi".into(),
            lines: vec!["Năm: 2024".into()],
        };
        let bytes = book(Some(&cover), std::slice::from_ref(&sheet)).expect("xlsx");
        let ws = part(&bytes, "xl/worksheets/sheet2.xml");
        assert!(ws.contains(r#"paperSize="9""#), "A4");
        assert!(
            ws.contains(r#"orientation="landscape""#),
            "ten columns: landscape"
        );
        assert!(
            ws.contains(r#"fitToWidth="1" fitToHeight="0""#) || ws.contains(r#"fitToHeight="0""#),
            "one page wide"
        );
        assert!(
            ws.contains("<pageSetUpPr fitToPage=\"1\"/>"),
            "fit to page is on"
        );
        assert!(
            ws.contains(r#"state="frozen""#) && ws.contains(r#"topLeftCell="B8""#),
            "{ws}"
        );
        assert!(ws.contains("&amp;P/&amp;N"), "page numbers");
        let wb = part(&bytes, "xl/workbook.xml");
        assert!(
            wb.contains("_xlnm.Print_Titles") && wb.contains("Sổ!$6:$7"),
            "{wb}"
        );
        let cover_ws = part(&bytes, "xl/worksheets/sheet1.xml");
        assert!(
            cover_ws.contains(r#"orientation="portrait""#),
            "the cover is portrait"
        );
        let styles = part(&bytes, "xl/styles.xml");
        assert!(
            !styles.contains("Calibri"),
            "Times New Roman only: {styles}"
        );
        assert!(styles.contains(r#"<left style="thin">"#), "borders");
        assert!(styles.contains(r#"formatCode="dd/mm/yyyy""#));
        assert!(
            styles.contains(r#"formatCode="[$-42A]#,##0""#),
            "Vietnamese numbers"
        );
        // Dates are dates and numbers are numbers when read back.
        let mut read: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("open");
        let range = read.worksheet_range("Sổ").expect("sheet");
        let first = range
            .rows()
            .find(|r| r.first() == Some(&Data::String("00/VHTT".into())))
            .expect("first row");
        assert!(matches!(first[1], Data::DateTime(_)), "{:?}", first[1]);
        assert_eq!(first[3], Data::Float(1_250_000.0));
        let numbers = range
            .rows()
            .find(|r| r.first() == Some(&Data::String("(1)".into())))
            .expect("the column numbers");
        assert_eq!(numbers[9], Data::String("(10)".into()));
        assert!(
            range
                .rows()
                .any(|r| r.first() == Some(&Data::String("SỔ ĐĂNG KÝ VĂN BẢN ĐI".into())))
        );
    }
}

//! Reading a table someone uploads: CSV (UTF-8, with or without BOM, comma or
//! semicolon — Excel in Vietnamese locales writes semicolons) or XLSX (first sheet).
//! Rows come back as text cells, blank rows included, so that row numbers are the
//! file's.

use std::io::Cursor;

use calamine::{Data, Reader};

use crate::MediaError;

/// Most rows read from one file.
pub const MAX_ROWS: usize = 20_000;

/// The rows of `bytes`, by its content: an XLSX is a ZIP, anything else is CSV.
pub fn read(bytes: &[u8]) -> Result<Vec<Vec<String>>, MediaError> {
    let rows = if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(bytes)?
    } else {
        read_csv(bytes)?
    };
    if rows.len() > MAX_ROWS {
        return Err(MediaError::TableBounds(format!(
            "more than {MAX_ROWS} rows"
        )));
    }
    Ok(rows)
}

/// A CSV file's text: UTF-8 (with or without its BOM), UTF-16 with its BOM (Excel's
/// "Unicode text"), or else Windows-1258 (Excel's "CSV" on a Vietnamese Windows, which
/// writes tone marks as combining characters: the text is composed again, NFC).
/// Control characters other than tab and line breaks mean the guess was wrong (UTF-16
/// without a BOM, a binary file): refused.
fn decode_csv(bytes: &[u8]) -> Result<String, MediaError> {
    use unicode_normalization::UnicodeNormalization;
    let wrong = || MediaError::Corrupt("CSV: the text encoding is not recognised".into());
    let text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        std::str::from_utf8(rest).map_err(|_| wrong())?.to_string()
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        encoding_rs::UTF_16LE
            .decode_without_bom_handling_and_without_replacement(rest)
            .ok_or_else(wrong)?
            .into_owned()
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        encoding_rs::UTF_16BE
            .decode_without_bom_handling_and_without_replacement(rest)
            .ok_or_else(wrong)?
            .into_owned()
    } else if let Ok(t) = std::str::from_utf8(bytes) {
        t.to_string()
    } else {
        encoding_rs::WINDOWS_1258
            .decode_without_bom_handling_and_without_replacement(bytes)
            .ok_or_else(wrong)?
            .nfc()
            .collect()
    };
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return Err(wrong());
    }
    Ok(text)
}

fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, MediaError> {
    let text = decode_csv(bytes)?;
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        if i >= MAX_ROWS {
            return Err(MediaError::TableBounds(format!(
                "more than {MAX_ROWS} rows"
            )));
        }
        let record = record.map_err(|e| MediaError::Corrupt(format!("CSV: {e}")))?;
        let mut row: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
        while row.last().is_some_and(String::is_empty) {
            row.pop();
        }
        if row.len() > MAX_COLS {
            return Err(MediaError::TableBounds(format!(
                "cell {} is beyond column {MAX_COLS}",
                cell_name(i, row.len() - 1)
            )));
        }
        rows.push(row);
    }
    Ok(rows)
}

/// Most columns read from one sheet (the imports have fewer than 20).
pub const MAX_COLS: usize = 64;
/// Most bytes any part of an XLSX may inflate to, and all parts together: a sheet of
/// 20 000 rows × 64 columns fits well within both.
const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
const MAX_TOTAL_BYTES: u64 = 160 * 1024 * 1024;
/// Most cells (filled or styled) one sheet may list.
const MAX_CELLS: usize = MAX_ROWS * MAX_COLS;

/// The rows of an XLSX's first sheet. The file is checked before the workbook is read
/// (every part inflated and counted, never kept, so a ZIP bomb stops at the cap), and
/// the sheet's cells are streamed: a cell past row 20 000 or column 64 refuses the
/// file before anything is allocated for it (a sheet with A1 and XFD1048576 declares
/// 17 billion cells). Empty cells far away (formatting only) are skipped.
fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, MediaError> {
    check_zip_sizes(bytes)?;
    let mut book: calamine::Xlsx<_> = calamine::Xlsx::new(Cursor::new(bytes))
        .map_err(|e| MediaError::Corrupt(format!("XLSX: {e}")))?;
    let first = book
        .sheet_names()
        .into_iter()
        .next()
        .ok_or_else(|| MediaError::Corrupt("XLSX has no sheet".into()))?;
    let mut cells = book
        .worksheet_cells_reader(&first)
        .map_err(|e| MediaError::Corrupt(format!("XLSX: {e}")))?;
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut listed = 0usize;
    while let Some(cell) = cells
        .next_cell()
        .map_err(|e| MediaError::Corrupt(format!("XLSX: {e}")))?
    {
        listed += 1;
        if listed > MAX_CELLS {
            return Err(MediaError::TableBounds(format!(
                "more than {MAX_CELLS} cells"
            )));
        }
        let (row, col) = cell.get_position();
        let value = text_of(&Data::from(cell.get_value().clone()));
        if value.is_empty() {
            continue;
        }
        let (row, col) = (row as usize, col as usize);
        if row >= MAX_ROWS || col >= MAX_COLS {
            return Err(MediaError::TableBounds(format!(
                "cell {} is beyond row {MAX_ROWS} or column {MAX_COLS}",
                cell_name(row, col)
            )));
        }
        if rows.len() <= row {
            rows.resize_with(row + 1, Vec::new);
        }
        let r = &mut rows[row];
        if r.len() <= col {
            r.resize_with(col + 1, String::new);
        }
        r[col] = value;
    }
    Ok(rows)
}

/// A cell's text as the imports read it.
fn text_of(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::DateTime(d) => excel_date(d.as_f64()).unwrap_or_else(|| c.to_string()),
        other => other.to_string().trim().to_string(),
    }
}

/// `A1`-style name of a zero-based (row, column).
fn cell_name(row: usize, col: usize) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(row + 1).to_string()
}

/// Inflates every part of the ZIP into nothing, counting: refuses a part or a total
/// past the caps, whatever sizes the headers declare.
fn check_zip_sizes(bytes: &[u8]) -> Result<(), MediaError> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| MediaError::Corrupt(format!("XLSX: {e}")))?;
    if zip.len() > 1_000 {
        return Err(MediaError::TableBounds("more than 1000 parts".into()));
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let part = zip
            .by_index(i)
            .map_err(|e| MediaError::Corrupt(format!("XLSX: {e}")))?;
        let n = std::io::copy(&mut part.take(MAX_PART_BYTES + 1), &mut std::io::sink())
            .map_err(|e| MediaError::Corrupt(format!("XLSX: {e}")))?;
        total += n;
        if n > MAX_PART_BYTES || total > MAX_TOTAL_BYTES {
            return Err(MediaError::TableBounds(
                "the workbook inflates too far".into(),
            ));
        }
    }
    Ok(())
}

/// An Excel date serial (days since 30/12/1899) as dd/mm/yyyy.
fn excel_date(serial: f64) -> Option<String> {
    let epoch = time::Date::from_calendar_date(1899, time::Month::December, 30).ok()?;
    let d = epoch.checked_add(time::Duration::days(serial.floor() as i64))?;
    Some(format!(
        "{:02}/{:02}/{}",
        d.day(),
        u8::from(d.month()),
        d.year()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_bom_and_semicolons_and_xlsx_read_alike() {
        let csv = "\u{feff}ma;nhiem_vu\n1;Tuyên truyền\n\n2;\"Ra quân; tổ\"\n";
        let rows = read(csv.as_bytes()).expect("csv");
        assert_eq!(
            rows.len(),
            3,
            "the blank line is not a record for the CSV reader"
        );
        assert_eq!(rows[0], ["ma", "nhiem_vu"]);
        assert_eq!(rows[2], ["2", "Ra quân; tổ"]);
        let xlsx = crate::xlsx::table(
            "s",
            "",
            &["ma".into(), "nhiem_vu".into()],
            &[vec![
                crate::xlsx::Cell::Int(1),
                crate::xlsx::Cell::Text("Tuyên truyền".into()),
            ]],
        )
        .expect("xlsx");
        let rows = read(&xlsx).expect("xlsx");
        assert!(
            rows.contains(&vec!["1".to_string(), "Tuyên truyền".into()]),
            "{rows:?}"
        );
        // UTF-16 without its BOM (NUL bytes), and a binary file: refused.
        let utf16: Vec<u8> = "ma;nhiem_vu\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(read(&utf16).is_err());
        assert!(read(b"\x00\x01\x02\x03").is_err());
        assert_eq!(excel_date(45566.0).as_deref(), Some("01/10/2024"));
    }

    #[test]
    fn excel_s_other_encodings_read_as_the_same_text() {
        let want = vec![
            vec!["Tên cơ sở".to_string(), "Tuyến phố".into()],
            vec!["Bún cá Bà Hoa".into(), "Phố Lê Lợi".into()],
        ];
        // UTF-16 LE with its BOM (Excel's "Unicode text", tab-separated there, but
        // the reader takes commas too).
        let text = "Tên cơ sở,Tuyến phố\r\nBún cá Bà Hoa,Phố Lê Lợi\r\n";
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(read(&utf16).expect("utf-16"), want);
        // Windows-1258, as Excel writes it: base letters with their circumflex, breve
        // or horn, tones as combining marks (0xEC acute, 0xCC grave, 0xD2 hook,
        // 0xDE tilde, 0xF2 dot below).
        let cp1258: &[u8] = b"T\xean c\xf5 s\xf5\xd2,Tuy\xea\xecn ph\xf4\xec\r\nBu\xecn ca\xec Ba\xcc Hoa,Ph\xf4\xec L\xea L\xf5\xf2i\r\n";
        assert_eq!(read(cp1258).expect("windows-1258"), want);
    }

    /// A minimal XLSX whose first sheet holds `cells` (reference, inline text) and
    /// whose shared strings part is `strings` bytes of spaces.
    pub(crate) fn sheet_xlsx(cells: &[(&str, &str)], strings: usize) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let mut part = |name: &str, body: &[u8]| {
            zip.start_file(name, opts).expect("part");
            zip.write_all(body).expect("write");
        };
        part("[Content_Types].xml", br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#);
        part("_rels/.rels", br#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#);
        part("xl/workbook.xml", br#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#);
        part("xl/_rels/workbook.xml.rels", br#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#);
        let first = cells.first().map_or("A1", |c| c.0);
        let last = cells.last().map_or("A1", |c| c.0);
        let mut sheet = format!(
            r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{first}:{last}"/><sheetData>"#
        );
        for (r, text) in cells {
            let row: String = r.chars().filter(char::is_ascii_digit).collect();
            sheet += &format!(
                r#"<row r="{row}"><c r="{r}" t="inlineStr"><is><t>{text}</t></is></c></row>"#
            );
        }
        sheet += "</sheetData></worksheet>";
        part("xl/worksheets/sheet1.xml", sheet.as_bytes());
        if strings > 0 {
            zip.start_file("xl/sharedStrings.xml", opts).expect("part");
            let chunk = vec![b' '; 1 << 20];
            for _ in 0..strings.div_ceil(chunk.len()) {
                zip.write_all(&chunk).expect("write");
            }
        }
        zip.finish().expect("zip").into_inner()
    }

    #[test]
    fn a_sheet_with_far_apart_cells_is_refused_before_anything_is_allocated() {
        // The attack: A1 and XFD1048576 declare 17 billion cells in 1.6 KB.
        let far = sheet_xlsx(&[("A1", "ma"), ("XFD1048576", "x")], 0);
        assert!(far.len() < 4_000, "{}", far.len());
        match read(&far) {
            Err(MediaError::TableBounds(why)) => assert!(why.contains("XFD1048576"), "{why}"),
            other => panic!("{other:?}"),
        }
        for cell in ["XFD100000", "A20001", "BM1"] {
            let f = sheet_xlsx(&[("A1", "ma"), (cell, "x")], 0);
            assert!(
                matches!(read(&f), Err(MediaError::TableBounds(_))),
                "{cell}"
            );
        }
        // Within the caps, the rows are the file's own (row 20 000, column 64).
        let ok = sheet_xlsx(&[("A1", "ma"), ("BL3", "x"), ("B20000", "y")], 0);
        let rows = read(&ok).expect("within the caps");
        assert_eq!(rows.len(), 20_000);
        assert_eq!(rows[0], ["ma"]);
        assert_eq!(rows[2].len(), 64);
        assert_eq!(rows[2][63], "x");
        assert_eq!(rows[19_999], ["", "y"]);
        assert!(rows[1].is_empty());
    }

    #[test]
    fn a_workbook_that_inflates_past_the_cap_is_refused() {
        // 200 MB of spaces in the shared strings part, compressed to about 200 KB.
        let bomb = sheet_xlsx(&[("A1", "ma")], 200 << 20);
        assert!(bomb.len() < 1 << 20, "{}", bomb.len());
        assert!(matches!(read(&bomb), Err(MediaError::TableBounds(_))));
    }

    #[test]
    fn a_csv_past_the_caps_is_refused_and_trailing_empty_cells_are_dropped() {
        let wide = format!("ma{}x\n", ",".repeat(64));
        assert!(matches!(
            read(wide.as_bytes()),
            Err(MediaError::TableBounds(_))
        ));
        let trailing = format!("ma,ten{}\n1,a\n", ";".repeat(0) + &",".repeat(200));
        assert_eq!(read(trailing.as_bytes()).expect("csv")[0], ["ma", "ten"]);
        let long = "ma\n1\n".repeat(MAX_ROWS / 2 + 1);
        assert!(matches!(
            read(long.as_bytes()),
            Err(MediaError::TableBounds(_))
        ));
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
    }
}

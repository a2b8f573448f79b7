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
        return Err(MediaError::Corrupt(format!("more than {MAX_ROWS} rows")));
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
    reader
        .records()
        .map(|r| {
            r.map(|rec| rec.iter().map(|c| c.trim().to_string()).collect())
                .map_err(|e| MediaError::Corrupt(format!("CSV: {e}")))
        })
        .collect()
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, MediaError> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| MediaError::Corrupt(format!("XLSX: {e}")))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| MediaError::Corrupt("XLSX has no sheet".into()))?
        .map_err(|e| MediaError::Corrupt(format!("XLSX: {e}")))?;
    Ok(range
        .rows()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                    Data::DateTime(d) => excel_date(d.as_f64()).unwrap_or_else(|| c.to_string()),
                    other => other.to_string().trim().to_string(),
                })
                .collect()
        })
        .collect())
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
}

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

fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, MediaError> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| MediaError::Corrupt("CSV is not UTF-8".into()))?;
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
        assert!(read(b"\xff\xfe bad").is_err());
        assert_eq!(excel_date(45566.0).as_deref(), Some("01/10/2024"));
    }
}

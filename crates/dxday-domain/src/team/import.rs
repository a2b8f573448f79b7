//! A ward's residential groups from a spreadsheet: all rows or none.

use super::*;

/// The import's columns (folded headers) and the other names they are known by.
pub const GROUP_COLUMNS: [(&str, &[&str]); 4] = [
    ("ma_to", &["ma", "ma_to_dan_pho", "ma_thon"]),
    (
        "ten_to",
        &["ten", "ten_to_dan_pho", "to_dan_pho", "ten_thon"],
    ),
    ("so_ho", &["ho", "so_ho_gia_dinh"]),
    ("so_nhan_khau", &["nhan_khau", "dan_so"]),
];

/// One group of an import, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedGroup {
    /// The row of the file (1-based), for messages.
    pub row: usize,
    pub data: GroupData,
}

/// Reads an import's rows: a header row naming the columns, then one group a row.
/// `existing` holds the codes of the ward's groups already stored; a code seen twice
/// is refused. Every error comes with its row and column, and nothing is returned
/// unless the whole file is right.
pub fn parse_group_import(
    rows: &[Vec<String>],
    existing: &[String],
) -> Result<Vec<ImportedGroup>, Vec<CellError>> {
    let named = |cell: &str, column: &str| {
        let key = fold_key(cell);
        GROUP_COLUMNS
            .iter()
            .any(|(c, aliases)| *c == column && (key == *c || aliases.contains(&key.as_str())))
    };
    let header = Header::find(rows, "ten_to", &["ma_to", "ten_to"], &named)?;
    let at = header.at;
    let cell = |row: &Vec<String>, name: &str| header.cell(row, name);
    let mut errors = Vec::new();
    let mut seen: Vec<String> = existing.to_vec();
    let mut out = Vec::new();
    for (n, row) in header.data(rows) {
        let form = GroupForm {
            code: cell(row, "ma_to"),
            name: cell(row, "ten_to"),
            households: cell(row, "so_ho"),
            population: cell(row, "so_nhan_khau"),
        };
        // A code seen before is refused even when the row has other errors.
        let taken = match group_code(&form.code) {
            Ok(code) if seen.contains(&code) => true,
            Ok(code) => {
                seen.push(code);
                false
            }
            Err(_) => false,
        };
        if taken {
            errors.push(CellError {
                row: n,
                column: "ma_to",
                key: "err-group-code-taken",
            });
        }
        match form.parse() {
            Err(fe) => errors.extend(fe.0.iter().map(|f| CellError {
                row: n,
                column: match f.field {
                    "code" => "ma_to",
                    "name" => "ten_to",
                    "households" => "so_ho",
                    _ => "so_nhan_khau",
                },
                key: f.key,
            })),
            Ok(data) if !taken => out.push(ImportedGroup { row: n, data }),
            Ok(_) => {}
        }
    }
    if errors.is_empty() && out.is_empty() {
        errors.push(CellError {
            row: at + 2,
            column: "ten_to",
            key: "err-import-empty",
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

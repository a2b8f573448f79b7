//! The NAPAS member list: banks and payment intermediaries that take VietQR
//! transfers, by BIN. A list is embedded (`data/napas-banks.csv`: BIN, code, short
//! name, name); the office can replace it with a newer one, read from a table with
//! the same columns.

use std::sync::OnceLock;

use serde::Serialize;

use crate::payment::fold_key;
use crate::task::CellError;

/// One member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bank {
    pub bin: String,
    /// NAPAS's code (VCB, ICB, BIDV, …).
    pub code: String,
    pub short_name: String,
    pub name: String,
}

const EMBEDDED: &str = include_str!("../data/napas-banks.csv");

/// The embedded list.
pub fn embedded() -> &'static [Bank] {
    static LIST: OnceLock<Vec<Bank>> = OnceLock::new();
    LIST.get_or_init(|| {
        let rows: Vec<Vec<String>> = EMBEDDED
            .lines()
            .map(|l| l.split(',').map(|c| c.trim().to_string()).collect())
            .collect();
        parse_list(&rows).unwrap_or_default()
    })
}

/// The member a cell names: its BIN, its code or its short name (accents, case and
/// spacing ignored).
pub fn find<'a>(banks: &'a [Bank], cell: &str) -> Option<&'a Bank> {
    let key = fold_key(cell);
    if key.is_empty() {
        return None;
    }
    banks.iter().find(|b| {
        b.bin == cell.trim() || fold_key(&b.code) == key || fold_key(&b.short_name) == key
    })
}

/// Reads a list (a header row `bin, code, short_name, name`, then one member a row):
/// every BIN six digits and once; errors by row and column, nothing otherwise.
pub fn parse_list(rows: &[Vec<String>]) -> Result<Vec<Bank>, Vec<CellError>> {
    let Some(header) = rows.first() else {
        return Err(vec![CellError {
            row: 1,
            column: "bin",
            key: "err-import-empty",
        }]);
    };
    let col = |name: &str| header.iter().position(|h| fold_key(h) == name);
    let missing: Vec<CellError> = ["bin", "code", "short_name", "name"]
        .into_iter()
        .filter(|c| col(c).is_none())
        .map(|column| CellError {
            row: 1,
            column,
            key: "err-import-column",
        })
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    let cell = |row: &Vec<String>, name: &str| {
        col(name)
            .and_then(|i| row.get(i))
            .map(|c| c.trim().to_string())
            .unwrap_or_default()
    };
    let mut errors = Vec::new();
    let mut out: Vec<Bank> = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(1) {
        let n = i + 1;
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let bank = Bank {
            bin: cell(row, "bin"),
            code: cell(row, "code"),
            short_name: cell(row, "short_name"),
            name: cell(row, "name"),
        };
        if crate::vietqr::check_bin(&bank.bin).is_err() {
            errors.push(CellError {
                row: n,
                column: "bin",
                key: "err-vietqr-bin",
            });
        } else if out.iter().any(|b| b.bin == bank.bin) {
            errors.push(CellError {
                row: n,
                column: "bin",
                key: "err-import-duplicate",
            });
        }
        for (column, value) in [
            ("code", &bank.code),
            ("short_name", &bank.short_name),
            ("name", &bank.name),
        ] {
            if value.is_empty() {
                errors.push(CellError {
                    row: n,
                    column,
                    key: "err-required",
                });
            }
        }
        out.push(bank);
    }
    if out.is_empty() && errors.is_empty() {
        errors.push(CellError {
            row: 1,
            column: "bin",
            key: "err-import-empty",
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_list_reads_whole() {
        let all = embedded();
        assert!(all.len() >= 50, "{}", all.len());
        assert_eq!(find(all, "970436").map(|b| b.code.as_str()), Some("VCB"));
        assert_eq!(
            find(all, "vietinbank").map(|b| b.bin.as_str()),
            Some("970415")
        );
        assert_eq!(find(all, "BIDV").map(|b| b.bin.as_str()), Some("970418"));
        assert_eq!(find(all, "Ngân hàng ma"), None);
        let lines = EMBEDDED.lines().filter(|l| !l.trim().is_empty()).count();
        assert_eq!(all.len(), lines - 1, "every line of the CSV is a bank");
    }

    #[test]
    fn a_bad_list_is_refused_by_row_and_column() {
        let rows = |r: &[&[&str]]| -> Vec<Vec<String>> {
            r.iter()
                .map(|row| row.iter().map(|c| c.to_string()).collect())
                .collect()
        };
        let e = parse_list(&rows(&[
            &["bin", "code", "short_name", "name"],
            &["97043", "X", "X", "X"],
            &[
                "970436",
                "VCB",
                "Vietcombank",
                "Ngân hàng TMCP Ngoại thương Việt Nam",
            ],
            &["970436", "VCB", "Vietcombank", ""],
        ]))
        .expect_err("bad");
        assert_eq!(
            e,
            vec![
                CellError {
                    row: 2,
                    column: "bin",
                    key: "err-vietqr-bin"
                },
                CellError {
                    row: 4,
                    column: "bin",
                    key: "err-import-duplicate"
                },
                CellError {
                    row: 4,
                    column: "name",
                    key: "err-required"
                },
            ]
        );
    }
}

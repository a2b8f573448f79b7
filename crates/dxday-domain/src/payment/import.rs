use super::*;

/// Text folded for comparison: lower case, Vietnamese marks removed, runs of
/// anything but letters and digits as one `_`.
pub fn fold_key(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().filter_map(crate::kit::fold_vietnamese) {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

/// The import file's columns (as folded headers), in the export's order.
pub const IMPORT_COLUMNS: [&str; 14] = [
    "ten_co_so",
    "loai_hinh",
    "nganh_hang",
    "dia_chi",
    "tuyen_pho",
    "dien_thoai",
    "qr_ngan_hang",
    "the",
    "vi_dien_tu",
    "ngan_hang",
    "so_tai_khoan",
    "chu_tai_khoan",
    "ngay_xac_minh",
    "nguoi_xac_minh",
];

/// One merchant of an import, checked; its street is still a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedMerchant {
    pub row: usize,
    pub street: String,
    pub data: MerchantData,
}

/// Reads an import's rows (a header row with the columns above, then one merchant a
/// row). `bank` finds a BIN from a cell (a BIN, a code or a short name); `street`
/// says whether the ward has a street of that name; `existing` holds the identities of
/// the ward's merchants already stored. Every error is reported with its row and
/// column, and nothing is returned unless the whole file is right.
pub fn parse_merchant_import(
    rows: &[Vec<String>],
    bank: &dyn Fn(&str) -> Option<String>,
    street: &dyn Fn(&str) -> bool,
    existing: &[String],
) -> Result<Vec<ImportedMerchant>, Vec<CellError>> {
    let named = |h: &str, name: &str| fold_key(h) == name;
    let header = Header::find(
        rows,
        "ten_co_so",
        &["ten_co_so", "dia_chi", "tuyen_pho"],
        &named,
    )?;
    let at = header.at;
    let cell = |row: &Vec<String>, name: &str| header.cell(row, name);
    let mut errors = Vec::new();
    let mut seen: Vec<String> = existing.to_vec();
    let mut out = Vec::new();
    for (n, row) in header.data(rows) {
        let street_name = cell(row, "tuyen_pho");
        if street_name.is_empty() {
            errors.push(CellError {
                row: n,
                column: "tuyen_pho",
                key: "err-required",
            });
        } else if !street(&street_name) {
            errors.push(CellError {
                row: n,
                column: "tuyen_pho",
                key: "err-import-street",
            });
        }
        let bank_cell = cell(row, "ngan_hang");
        let bin = match bank_cell.as_str() {
            "" => Some(String::new()),
            b => bank(b),
        };
        if bin.is_none() {
            errors.push(CellError {
                row: n,
                column: "ngan_hang",
                key: "err-vietqr-bin",
            });
        }
        let form = MerchantForm {
            name: cell(row, "ten_co_so"),
            kind: cell(row, "loai_hinh"),
            category: cell(row, "nganh_hang"),
            address: cell(row, "dia_chi"),
            phone: cell(row, "dien_thoai"),
            bank_qr: cell(row, "qr_ngan_hang"),
            card: cell(row, "the"),
            ewallet: cell(row, "vi_dien_tu"),
            bank_bin: bin.clone().unwrap_or_default(),
            account_number: cell(row, "so_tai_khoan"),
            account_holder: cell(row, "chu_tai_khoan"),
            verified_on: cell(row, "ngay_xac_minh"),
            verified_by: cell(row, "nguoi_xac_minh"),
        };
        // A merchant is the same when its name and address are (whatever else is
        // wrong on its row).
        if !form.name.is_empty() && !form.address.is_empty() {
            let id = MerchantForm::identity(&form.name, &form.address);
            if seen.contains(&id) {
                errors.push(CellError {
                    row: n,
                    column: "ten_co_so",
                    key: "err-import-merchant-duplicate",
                });
            } else {
                seen.push(id);
            }
        }
        match form.parse(&|_| true) {
            Ok(data) => {
                out.push(ImportedMerchant {
                    row: n,
                    street: street_name,
                    data,
                });
            }
            Err(e) => {
                for f in e.0 {
                    // A bank that is not in the list is reported once, on its column.
                    if f.field == "bank_bin" && bin.is_none() {
                        continue;
                    }
                    errors.push(CellError {
                        row: n,
                        column: match f.field {
                            "name" => "ten_co_so",
                            "kind" => "loai_hinh",
                            "category" => "nganh_hang",
                            "address" => "dia_chi",
                            "phone" => "dien_thoai",
                            "bank_bin" => "ngan_hang",
                            "account_number" => "so_tai_khoan",
                            "account_holder" => "chu_tai_khoan",
                            "verified_on" => "ngay_xac_minh",
                            _ => "nguoi_xac_minh",
                        },
                        key: f.key,
                    });
                }
            }
        }
    }
    if out.is_empty() && errors.is_empty() {
        errors.push(CellError {
            row: at + 1,
            column: "ten_co_so",
            key: "err-import-empty",
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

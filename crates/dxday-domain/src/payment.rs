//! Online-payment streets (tuyến phố thanh toán trực tuyến) and their merchants: a
//! ward surveys the shops of a street, helps them accept cashless payment (a VietQR
//! bank code, a card, an e-wallet) and launches the street when the share of shops
//! that accept reaches its target (100 % by default).

use serde::{Deserialize, Serialize};
use time::Date;

use crate::errors::{optional_text, required_text};
use crate::task::CellError;
use crate::{FieldErrors, dates};

/// Where a street stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StreetStatus {
    /// Khảo sát.
    Surveying,
    /// Triển khai.
    Deploying,
    /// Đã ra mắt.
    Launched,
}

impl StreetStatus {
    pub const ALL: [StreetStatus; 3] = [
        StreetStatus::Surveying,
        StreetStatus::Deploying,
        StreetStatus::Launched,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StreetStatus::Surveying => "surveying",
            StreetStatus::Deploying => "deploying",
            StreetStatus::Launched => "launched",
        }
    }

    pub fn parse(s: &str) -> Result<StreetStatus, &'static str> {
        StreetStatus::ALL
            .into_iter()
            .find(|c| c.as_str() == s.trim())
            .ok_or("err-choice")
    }

    /// The i18n key of its name.
    pub fn label_key(self) -> String {
        format!("street-status-{}", self.as_str())
    }
}

/// A street as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StreetData {
    pub name: String,
    pub segment_from: Option<String>,
    pub segment_to: Option<String>,
    pub status: StreetStatus,
    /// The launch decision's number (e.g. 45/QĐ-UBND) and date.
    pub decision_number: Option<String>,
    pub decision_date: Option<Date>,
    pub launch_date: Option<Date>,
    /// The share of shops that must accept cashless payment, in percent.
    pub target_percent: i64,
}

/// The street form as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct StreetForm {
    pub name: String,
    pub segment_from: String,
    pub segment_to: String,
    pub status: String,
    pub decision_number: String,
    pub decision_date: String,
    pub launch_date: String,
    pub target_percent: String,
}

impl StreetForm {
    /// Parses the form. A launched street needs its launch date; whether its shops
    /// meet the target is checked against them (see [`can_launch`]).
    pub fn parse(&self) -> Result<StreetData, FieldErrors> {
        let mut e = FieldErrors::default();
        let name = e.check("name", required_text(&self.name, 200));
        let segment_from = e.check("segment_from", optional_text(&self.segment_from, 200));
        let segment_to = e.check("segment_to", optional_text(&self.segment_to, 200));
        let status = e.check(
            "status",
            if self.status.trim().is_empty() {
                Ok(StreetStatus::Surveying)
            } else {
                StreetStatus::parse(&self.status)
            },
        );
        let decision_number = e.check("decision_number", optional_text(&self.decision_number, 50));
        let decision_date = e.check(
            "decision_date",
            dates::parse_optional_date(&self.decision_date),
        );
        let launch_date = e.check("launch_date", dates::parse_optional_date(&self.launch_date));
        let target_percent = e.check(
            "target_percent",
            match self.target_percent.trim().trim_end_matches('%').trim() {
                "" => Ok(100),
                t => t
                    .parse::<i64>()
                    .ok()
                    .filter(|p| (1..=100).contains(p))
                    .ok_or("err-percent"),
            },
        );
        if status == Some(StreetStatus::Launched) && launch_date == Some(None) {
            e.add("launch_date", "err-street-launch-date");
        }
        match (
            name,
            segment_from,
            segment_to,
            status,
            decision_number,
            decision_date,
            launch_date,
            target_percent,
        ) {
            (
                Some(name),
                Some(segment_from),
                Some(segment_to),
                Some(status),
                Some(decision_number),
                Some(decision_date),
                Some(launch_date),
                Some(target_percent),
            ) if e.is_empty() => Ok(StreetData {
                name,
                segment_from,
                segment_to,
                status,
                decision_number,
                decision_date,
                launch_date,
                target_percent,
            }),
            _ => Err(e),
        }
    }

    /// The form filled with a stored street.
    pub fn of(d: &StreetData) -> StreetForm {
        let date = |d: Option<Date>| d.map(dates::format_dmy).unwrap_or_default();
        StreetForm {
            name: d.name.clone(),
            segment_from: d.segment_from.clone().unwrap_or_default(),
            segment_to: d.segment_to.clone().unwrap_or_default(),
            status: d.status.as_str().into(),
            decision_number: d.decision_number.clone().unwrap_or_default(),
            decision_date: date(d.decision_date),
            launch_date: date(d.launch_date),
            target_percent: d.target_percent.to_string(),
        }
    }
}

/// The share of shops that accept, in whole percent (rounded down: 99,6 % is not
/// 100 %); `None` for a street without shops.
pub fn acceptance_percent(accepting: i64, total: i64) -> Option<i64> {
    (total > 0).then(|| accepting * 100 / total)
}

/// Whether a street may be marked launched: it has shops and the share that accept
/// reaches its target.
pub fn can_launch(accepting: i64, total: i64, target_percent: i64) -> bool {
    total > 0 && accepting * 100 >= target_percent * total
}

/// A merchant's legal form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MerchantKind {
    /// Hộ kinh doanh.
    Household,
    /// Doanh nghiệp.
    Enterprise,
}

impl MerchantKind {
    pub const ALL: [MerchantKind; 2] = [MerchantKind::Household, MerchantKind::Enterprise];

    pub fn as_str(self) -> &'static str {
        match self {
            MerchantKind::Household => "household",
            MerchantKind::Enterprise => "enterprise",
        }
    }

    /// From a form value or an import cell (`household`, `hộ kinh doanh`, `HKD`, …).
    pub fn parse(s: &str) -> Result<MerchantKind, &'static str> {
        match fold_key(s).as_str() {
            "household" | "ho_kinh_doanh" | "hkd" | "ho" => Ok(MerchantKind::Household),
            "enterprise" | "doanh_nghiep" | "dn" | "cong_ty" => Ok(MerchantKind::Enterprise),
            _ => Err("err-choice"),
        }
    }

    pub fn label_key(self) -> String {
        format!("merchant-kind-{}", self.as_str())
    }
}

/// What a merchant accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Methods {
    /// A bank transfer by QR code (VietQR).
    pub bank_qr: bool,
    pub card: bool,
    pub ewallet: bool,
}

impl Methods {
    /// Whether the merchant accepts any cashless payment.
    pub fn any(self) -> bool {
        self.bank_qr || self.card || self.ewallet
    }
}

/// A merchant as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MerchantData {
    pub name: String,
    pub kind: MerchantKind,
    pub category: Option<String>,
    pub address: String,
    pub phone: Option<String>,
    pub methods: Methods,
    /// The bank's BIN (NAPAS member list), with the account, when it takes VietQR.
    pub bank_bin: Option<String>,
    pub account_number: Option<String>,
    pub account_holder: Option<String>,
    pub verified_on: Option<Date>,
    pub verified_by: Option<String>,
}

/// The merchant form as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MerchantForm {
    pub name: String,
    pub kind: String,
    pub category: String,
    pub address: String,
    pub phone: String,
    pub bank_qr: String,
    pub card: String,
    pub ewallet: String,
    pub bank_bin: String,
    pub account_number: String,
    pub account_holder: String,
    pub verified_on: String,
    pub verified_by: String,
}

fn checked(v: &str) -> bool {
    matches!(
        fold_key(v).as_str(),
        "1" | "on" | "true" | "x" | "co" | "yes" | "y"
    )
}

/// A Vietnamese phone number: 10 digits from 0 (or +84 and 9 digits); spaces, dots
/// and hyphens allowed.
fn phone(v: &str) -> Result<Option<String>, &'static str> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(None);
    }
    let digits: String = v.chars().filter(|c| !" .-".contains(*c)).collect();
    let national = match digits.strip_prefix("+84") {
        Some(rest) => format!("0{rest}"),
        None => digits,
    };
    if national.len() == 10
        && national.starts_with('0')
        && national.bytes().all(|b| b.is_ascii_digit())
    {
        Ok(Some(national))
    } else {
        Err("err-phone")
    }
}

impl MerchantForm {
    /// Parses the form; `known_bin` says whether a BIN is in the NAPAS member list.
    /// A merchant that takes VietQR needs its bank, its account number (digits) and
    /// the account holder.
    pub fn parse(&self, known_bin: &dyn Fn(&str) -> bool) -> Result<MerchantData, FieldErrors> {
        let mut e = FieldErrors::default();
        let name = e.check("name", required_text(&self.name, 200));
        let kind = e.check(
            "kind",
            if self.kind.trim().is_empty() {
                Ok(MerchantKind::Household)
            } else {
                MerchantKind::parse(&self.kind)
            },
        );
        let category = e.check("category", optional_text(&self.category, 100));
        let address = e.check("address", required_text(&self.address, 300));
        let phone = e.check("phone", phone(&self.phone));
        let methods = Methods {
            bank_qr: checked(&self.bank_qr),
            card: checked(&self.card),
            ewallet: checked(&self.ewallet),
        };
        let bank_bin = e.check(
            "bank_bin",
            match self.bank_bin.trim() {
                "" if methods.bank_qr => Err("err-required"),
                "" => Ok(None),
                b if crate::vietqr::check_bin(b).is_err() || !known_bin(b) => Err("err-vietqr-bin"),
                b => Ok(Some(b.to_string())),
            },
        );
        let account_number = e.check(
            "account_number",
            match self.account_number.trim() {
                "" if methods.bank_qr => Err("err-required"),
                "" => Ok(None),
                a => crate::vietqr::check_account(a)
                    .map(|()| Some(a.to_string()))
                    .map_err(|_| "err-vietqr-account"),
            },
        );
        let account_holder = e.check(
            "account_holder",
            match optional_text(&self.account_holder, 100) {
                Ok(None) if methods.bank_qr => Err("err-required"),
                other => other,
            },
        );
        let verified_on = e.check("verified_on", dates::parse_optional_date(&self.verified_on));
        let verified_by = e.check("verified_by", optional_text(&self.verified_by, 100));
        match (
            name,
            kind,
            category,
            address,
            phone,
            bank_bin,
            account_number,
            account_holder,
            verified_on,
            verified_by,
        ) {
            (
                Some(name),
                Some(kind),
                Some(category),
                Some(address),
                Some(phone),
                Some(bank_bin),
                Some(account_number),
                Some(account_holder),
                Some(verified_on),
                Some(verified_by),
            ) if e.is_empty() => Ok(MerchantData {
                name,
                kind,
                category,
                address,
                phone,
                methods,
                bank_bin,
                account_number,
                account_holder,
                verified_on,
                verified_by,
            }),
            _ => Err(e),
        }
    }

    /// The form filled with a stored merchant.
    pub fn of(d: &MerchantData) -> MerchantForm {
        let tick = |b: bool| if b { "1".to_string() } else { String::new() };
        MerchantForm {
            name: d.name.clone(),
            kind: d.kind.as_str().into(),
            category: d.category.clone().unwrap_or_default(),
            address: d.address.clone(),
            phone: d.phone.clone().unwrap_or_default(),
            bank_qr: tick(d.methods.bank_qr),
            card: tick(d.methods.card),
            ewallet: tick(d.methods.ewallet),
            bank_bin: d.bank_bin.clone().unwrap_or_default(),
            account_number: d.account_number.clone().unwrap_or_default(),
            account_holder: d.account_holder.clone().unwrap_or_default(),
            verified_on: d.verified_on.map(dates::format_dmy).unwrap_or_default(),
            verified_by: d.verified_by.clone().unwrap_or_default(),
        }
    }

    /// A merchant's identity for finding duplicates: its name and address, folded.
    pub fn identity(name: &str, address: &str) -> String {
        format!("{}|{}", fold_key(name), fold_key(address))
    }
}

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
    let at = rows
        .iter()
        .take(10)
        .position(|r| r.iter().any(|c| fold_key(c) == "ten_co_so"))
        .unwrap_or(0);
    let Some(header) = rows.get(at) else {
        return Err(vec![CellError {
            row: 1,
            column: "ten_co_so",
            key: "err-import-empty",
        }]);
    };
    let col = |name: &str| header.iter().position(|h| fold_key(h) == name);
    let missing: Vec<CellError> = ["ten_co_so", "dia_chi", "tuyen_pho"]
        .into_iter()
        .filter(|c| col(c).is_none())
        .map(|column| CellError {
            row: at + 1,
            column,
            key: "err-import-column",
        })
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    let cell = |row: &Vec<String>, name: &str| -> String {
        col(name)
            .and_then(|i| row.get(i))
            .map(|c| c.trim().to_string())
            .unwrap_or_default()
    };
    let mut errors = Vec::new();
    let mut seen: Vec<String> = existing.to_vec();
    let mut out = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(at + 1) {
        let n = i + 1;
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn launching_needs_the_target() {
        assert_eq!(acceptance_percent(0, 0), None);
        assert_eq!(acceptance_percent(199, 200), Some(99));
        assert!(!can_launch(199, 200, 100));
        assert!(can_launch(200, 200, 100));
        assert!(can_launch(160, 200, 80));
        assert!(!can_launch(0, 0, 1));
        let e = StreetForm {
            name: "Phố Lê Lợi".into(),
            status: "launched".into(),
            target_percent: "120".into(),
            ..StreetForm::default()
        }
        .parse()
        .expect_err("bad");
        assert_eq!(e.get("launch_date"), Some("err-street-launch-date"));
        assert_eq!(e.get("target_percent"), Some("err-percent"));
        let s = StreetForm {
            name: "Phố Lê Lợi".into(),
            segment_from: "Ngã tư Lạch Tray".into(),
            target_percent: "90 %".into(),
            ..StreetForm::default()
        }
        .parse()
        .expect("valid");
        assert_eq!((s.status, s.target_percent), (StreetStatus::Surveying, 90));
    }

    #[test]
    fn a_merchant_taking_vietqr_needs_a_known_bank_and_an_account() {
        let known = |b: &str| b == "970436";
        let mut f = MerchantForm {
            name: "Bún cá Bà Hoa".into(),
            kind: "Hộ kinh doanh".into(),
            address: "12 Lê Lợi".into(),
            bank_qr: "x".into(),
            phone: "0912 345 678".into(),
            ..MerchantForm::default()
        };
        let e = f.parse(&known).expect_err("no bank");
        assert_eq!(e.get("bank_bin"), Some("err-required"));
        assert_eq!(e.get("account_number"), Some("err-required"));
        assert_eq!(e.get("account_holder"), Some("err-required"));
        f.bank_bin = "970499".into();
        f.account_number = "0011A0019324".into();
        f.account_holder = "NGUYEN THI HOA".into();
        let e = f.parse(&known).expect_err("bad bank");
        assert_eq!(e.get("bank_bin"), Some("err-vietqr-bin"));
        assert_eq!(e.get("account_number"), Some("err-vietqr-account"));
        f.bank_bin = "970436".into();
        f.account_number = "0011001932418".into();
        let m = f.parse(&known).expect("valid");
        assert_eq!(m.kind, MerchantKind::Household);
        assert_eq!(m.phone.as_deref(), Some("0912345678"));
        assert!(m.methods.any() && m.methods.bank_qr);
        f.phone = "12345".into();
        assert_eq!(
            f.parse(&known).expect_err("phone").get("phone"),
            Some("err-phone")
        );
    }

    #[test]
    fn an_import_is_all_or_nothing_with_errors_by_row_and_column() {
        let bank = |c: &str| match fold_key(c).as_str() {
            "970436" | "vcb" | "vietcombank" => Some("970436".to_string()),
            _ => None,
        };
        let street = |s: &str| fold_key(s) == "pho_le_loi";
        let header = row(&[
            "Tên cơ sở",
            "Loại hình",
            "Địa chỉ",
            "Tuyến phố",
            "QR ngân hàng",
            "Ngân hàng",
            "Số tài khoản",
            "Chủ tài khoản",
        ]);
        let good = vec![
            header.clone(),
            row(&[
                "Bún cá Bà Hoa",
                "Hộ kinh doanh",
                "12 Lê Lợi",
                "Phố Lê Lợi",
                "x",
                "Vietcombank",
                "0011001932418",
                "NGUYEN THI HOA",
            ]),
            row(&["", "", "", "", "", "", "", ""]),
            row(&[
                "Cà phê Mộc",
                "Doanh nghiệp",
                "14 Lê Lợi",
                "phố lê lợi",
                "",
                "",
                "",
                "",
            ]),
        ];
        let parsed = parse_merchant_import(&good, &bank, &street, &[]).expect("valid");
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[0].data.bank_bin.as_deref(), Some("970436"));
        assert_eq!(parsed[1].row, 4);
        assert_eq!(parsed[1].data.kind, MerchantKind::Enterprise);

        let bad = vec![
            header.clone(),
            row(&[
                "Bún cá Bà Hoa",
                "",
                "12 Lê Lợi",
                "Phố Lê Lợi",
                "x",
                "999999",
                "0011001932418",
                "NGUYEN THI HOA",
            ]),
            row(&[
                "Bún cá Bà Hoa",
                "",
                "12 Lê Lợi",
                "Phố Lê Lợi",
                "",
                "",
                "",
                "",
            ]),
            row(&[
                "Tiệm vàng",
                "",
                "20 Lê Lợi",
                "Phố Cầu Đất",
                "x",
                "VCB",
                "00110019324AB",
                "TRAN VAN A",
            ]),
        ];
        let errors = parse_merchant_import(&bad, &bank, &street, &[]).expect_err("bad");
        let has = |row: usize, column: &str, key: &str| {
            errors
                .iter()
                .any(|e| e.row == row && e.column == column && e.key == key)
        };
        assert!(has(2, "ngan_hang", "err-vietqr-bin"), "{errors:?}");
        assert!(
            has(3, "ten_co_so", "err-import-merchant-duplicate"),
            "{errors:?}"
        );
        assert!(has(4, "tuyen_pho", "err-import-street"), "{errors:?}");
        assert!(has(4, "so_tai_khoan", "err-vietqr-account"), "{errors:?}");
        assert_eq!(errors.len(), 4, "{errors:?}");
        // A merchant already stored is a duplicate too.
        let errors = parse_merchant_import(
            &good,
            &bank,
            &street,
            &[MerchantForm::identity("Cà phê Mộc", "14 Lê Lợi")],
        )
        .expect_err("stored");
        assert!(
            errors
                .iter()
                .any(|e| e.row == 4 && e.key == "err-import-merchant-duplicate")
        );
        // A missing column.
        let errors = parse_merchant_import(&[row(&["Tên cơ sở", "Địa chỉ"])], &bank, &street, &[])
            .expect_err("column");
        assert_eq!(errors[0].column, "tuyen_pho");
        assert_eq!(errors[0].key, "err-import-column");
    }
}

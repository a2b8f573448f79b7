use super::*;

stored_enum! {
    /// A merchant's legal form.
    pub enum MerchantKind (refused "err-choice") {
        /// Hộ kinh doanh.
        Household = "household", label "merchant-kind-household";
        /// Doanh nghiệp.
        Enterprise = "enterprise", label "merchant-kind-enterprise";
    }
}

impl MerchantKind {
    /// From a form value or an import cell (`household`, `hộ kinh doanh`, `HKD`, …).
    pub fn from_typed(s: &str) -> Result<MerchantKind, &'static str> {
        match fold_key(s).as_str() {
            "ho_kinh_doanh" | "hkd" | "ho" => Ok(MerchantKind::Household),
            "doanh_nghiep" | "dn" | "cong_ty" => Ok(MerchantKind::Enterprise),
            other => MerchantKind::parse(other),
        }
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
pub(crate) fn phone(v: &str) -> Result<Option<String>, &'static str> {
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
                MerchantKind::from_typed(&self.kind)
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
        parsed!(e, MerchantData {
            name,
            kind,
            category,
            address,
            phone,
            bank_bin,
            account_number,
            account_holder,
            verified_on,
            verified_by;
            methods: methods,
        })
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

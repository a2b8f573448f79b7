//! Administrative documents in the form of Decree 30/2020/NĐ-CP: their types and
//! abbreviations (Điều 7, Phụ lục III), number and symbol (Điều 15), the place-and-date
//! line, the "Kính gửi" and "Nơi nhận" blocks and the signer's authority (Phụ lục I).
//! Rules only; storing, numbering and rendering live elsewhere.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::errors::{optional_text, required_text};
use crate::{FieldErrors, UnitId, dates};

/// The administrative document types of Decree 30 (Điều 7), with their abbreviations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentType {
    /// Công văn: no type code in its symbol.
    Dispatch,
    Resolution,
    Decision,
    Directive,
    Regulation,
    Rule,
    Communique,
    Notice,
    Guidance,
    Programme,
    Plan,
    Scheme,
    Project,
    Proposal,
    Report,
    Minutes,
    Submission,
    Contract,
    Telegram,
    Memorandum,
    Agreement,
    PowerOfAttorney,
    Invitation,
    Introduction,
    LeavePermit,
    SendingSlip,
    TransferSlip,
    NoticeSlip,
    /// Thư công: no type code.
    PublicLetter,
}

impl DocumentType {
    /// Every type, in the order forms list them.
    pub const ALL: [DocumentType; 29] = [
        DocumentType::Dispatch,
        DocumentType::Plan,
        DocumentType::Notice,
        DocumentType::Report,
        DocumentType::Decision,
        DocumentType::Invitation,
        DocumentType::Guidance,
        DocumentType::Programme,
        DocumentType::Resolution,
        DocumentType::Directive,
        DocumentType::Regulation,
        DocumentType::Rule,
        DocumentType::Communique,
        DocumentType::Scheme,
        DocumentType::Project,
        DocumentType::Proposal,
        DocumentType::Minutes,
        DocumentType::Submission,
        DocumentType::Contract,
        DocumentType::Telegram,
        DocumentType::Memorandum,
        DocumentType::Agreement,
        DocumentType::PowerOfAttorney,
        DocumentType::Introduction,
        DocumentType::LeavePermit,
        DocumentType::SendingSlip,
        DocumentType::TransferSlip,
        DocumentType::NoticeSlip,
        DocumentType::PublicLetter,
    ];

    /// The stored name (`dispatch`, `plan`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentType::Dispatch => "dispatch",
            DocumentType::Resolution => "resolution",
            DocumentType::Decision => "decision",
            DocumentType::Directive => "directive",
            DocumentType::Regulation => "regulation",
            DocumentType::Rule => "rule",
            DocumentType::Communique => "communique",
            DocumentType::Notice => "notice",
            DocumentType::Guidance => "guidance",
            DocumentType::Programme => "programme",
            DocumentType::Plan => "plan",
            DocumentType::Scheme => "scheme",
            DocumentType::Project => "project",
            DocumentType::Proposal => "proposal",
            DocumentType::Report => "report",
            DocumentType::Minutes => "minutes",
            DocumentType::Submission => "submission",
            DocumentType::Contract => "contract",
            DocumentType::Telegram => "telegram",
            DocumentType::Memorandum => "memorandum",
            DocumentType::Agreement => "agreement",
            DocumentType::PowerOfAttorney => "power_of_attorney",
            DocumentType::Invitation => "invitation",
            DocumentType::Introduction => "introduction",
            DocumentType::LeavePermit => "leave_permit",
            DocumentType::SendingSlip => "sending_slip",
            DocumentType::TransferSlip => "transfer_slip",
            DocumentType::NoticeSlip => "notice_slip",
            DocumentType::PublicLetter => "public_letter",
        }
    }

    /// Parses a stored name; the error is an i18n key.
    pub fn parse(s: &str) -> Result<DocumentType, &'static str> {
        DocumentType::ALL
            .into_iter()
            .find(|t| t.as_str() == s.trim())
            .ok_or("err-doc-type")
    }

    /// The abbreviation in the symbol (Phụ lục III), none for công văn and thư công.
    pub fn code(self) -> Option<&'static str> {
        Some(match self {
            DocumentType::Dispatch | DocumentType::PublicLetter => return None,
            DocumentType::Resolution => "NQ",
            DocumentType::Decision => "QĐ",
            DocumentType::Directive => "CT",
            DocumentType::Regulation => "QC",
            DocumentType::Rule => "QyĐ",
            DocumentType::Communique => "TC",
            DocumentType::Notice => "TB",
            DocumentType::Guidance => "HD",
            DocumentType::Programme => "CTr",
            DocumentType::Plan => "KH",
            DocumentType::Scheme => "PA",
            DocumentType::Project => "ĐA",
            DocumentType::Proposal => "DA",
            DocumentType::Report => "BC",
            DocumentType::Minutes => "BB",
            DocumentType::Submission => "TTr",
            DocumentType::Contract => "HĐ",
            DocumentType::Telegram => "CĐ",
            DocumentType::Memorandum => "BGN",
            DocumentType::Agreement => "BTT",
            DocumentType::PowerOfAttorney => "GUQ",
            DocumentType::Invitation => "GM",
            DocumentType::Introduction => "GGT",
            DocumentType::LeavePermit => "GNP",
            DocumentType::SendingSlip => "PG",
            DocumentType::TransferSlip => "PC",
            DocumentType::NoticeSlip => "PB",
        })
    }

    /// The type's name as printed above the subject (`KẾ HOẠCH`), none for công văn.
    pub fn title_vi(self) -> Option<&'static str> {
        Some(match self {
            DocumentType::Dispatch | DocumentType::PublicLetter => return None,
            DocumentType::Resolution => "NGHỊ QUYẾT",
            DocumentType::Decision => "QUYẾT ĐỊNH",
            DocumentType::Directive => "CHỈ THỊ",
            DocumentType::Regulation => "QUY CHẾ",
            DocumentType::Rule => "QUY ĐỊNH",
            DocumentType::Communique => "THÔNG CÁO",
            DocumentType::Notice => "THÔNG BÁO",
            DocumentType::Guidance => "HƯỚNG DẪN",
            DocumentType::Programme => "CHƯƠNG TRÌNH",
            DocumentType::Plan => "KẾ HOẠCH",
            DocumentType::Scheme => "PHƯƠNG ÁN",
            DocumentType::Project => "ĐỀ ÁN",
            DocumentType::Proposal => "DỰ ÁN",
            DocumentType::Report => "BÁO CÁO",
            DocumentType::Minutes => "BIÊN BẢN",
            DocumentType::Submission => "TỜ TRÌNH",
            DocumentType::Contract => "HỢP ĐỒNG",
            DocumentType::Telegram => "CÔNG ĐIỆN",
            DocumentType::Memorandum => "BẢN GHI NHỚ",
            DocumentType::Agreement => "BẢN THỎA THUẬN",
            DocumentType::PowerOfAttorney => "GIẤY ỦY QUYỀN",
            DocumentType::Invitation => "GIẤY MỜI",
            DocumentType::Introduction => "GIẤY GIỚI THIỆU",
            DocumentType::LeavePermit => "GIẤY NGHỈ PHÉP",
            DocumentType::SendingSlip => "PHIẾU GỬI",
            DocumentType::TransferSlip => "PHIẾU CHUYỂN",
            DocumentType::NoticeSlip => "PHIẾU BÁO",
        })
    }

    /// The i18n key of the type's name.
    pub fn label_key(self) -> String {
        format!("doctype-{}", self.as_str().replace('_', "-"))
    }
}

/// The signer's authority prefix (thẩm quyền ký, Phụ lục I ô 7a).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SigningAuthority {
    /// The head signs in their own name: no prefix.
    Head,
    /// TM. — on behalf of a collective body.
    OnBehalf,
    /// Q. — acting head.
    Acting,
    /// KT. — a deputy signs for the head.
    Deputy,
    /// TL. — by order of the head.
    ByOrder,
    /// TUQ. — by authorisation of the head.
    Authorised,
}

impl SigningAuthority {
    pub const ALL: [SigningAuthority; 6] = [
        SigningAuthority::Head,
        SigningAuthority::Deputy,
        SigningAuthority::OnBehalf,
        SigningAuthority::Acting,
        SigningAuthority::ByOrder,
        SigningAuthority::Authorised,
    ];

    /// The printed prefix (`KT.`), empty for the head.
    pub fn prefix(self) -> &'static str {
        match self {
            SigningAuthority::Head => "",
            SigningAuthority::OnBehalf => "TM.",
            SigningAuthority::Acting => "Q.",
            SigningAuthority::Deputy => "KT.",
            SigningAuthority::ByOrder => "TL.",
            SigningAuthority::Authorised => "TUQ.",
        }
    }

    /// Parses a prefix as typed (`KT.`, `kt`, empty for none); the error is an i18n key.
    pub fn parse(s: &str) -> Result<SigningAuthority, &'static str> {
        let s = s.trim().trim_end_matches('.').to_uppercase();
        SigningAuthority::ALL
            .into_iter()
            .find(|a| a.prefix().trim_end_matches('.') == s)
            .ok_or("err-doc-authority")
    }
}

/// Urgency marks (ô 10b).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Normal,
    /// KHẨN
    Urgent,
    /// THƯỢNG KHẨN
    VeryUrgent,
    /// HỎA TỐC
    Flash,
}

impl Urgency {
    pub const ALL: [Urgency; 4] = [
        Urgency::Normal,
        Urgency::Urgent,
        Urgency::VeryUrgent,
        Urgency::Flash,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Normal => "normal",
            Urgency::Urgent => "urgent",
            Urgency::VeryUrgent => "very_urgent",
            Urgency::Flash => "flash",
        }
    }

    /// The printed mark, none for normal documents.
    pub fn mark(self) -> Option<&'static str> {
        match self {
            Urgency::Normal => None,
            Urgency::Urgent => Some("KHẨN"),
            Urgency::VeryUrgent => Some("THƯỢNG KHẨN"),
            Urgency::Flash => Some("HỎA TỐC"),
        }
    }

    pub fn parse(s: &str) -> Result<Urgency, &'static str> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(Urgency::Normal);
        }
        Urgency::ALL
            .into_iter()
            .find(|u| u.as_str() == s)
            .ok_or("err-choice")
    }
}

/// Circulation marks (ô 11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Circulation {
    Open,
    /// XEM XONG TRẢ LẠI
    ReturnAfterReading,
    /// LƯU HÀNH NỘI BỘ
    InternalOnly,
}

impl Circulation {
    pub const ALL: [Circulation; 3] = [
        Circulation::Open,
        Circulation::ReturnAfterReading,
        Circulation::InternalOnly,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Circulation::Open => "open",
            Circulation::ReturnAfterReading => "return_after_reading",
            Circulation::InternalOnly => "internal_only",
        }
    }

    pub fn mark(self) -> Option<&'static str> {
        match self {
            Circulation::Open => None,
            Circulation::ReturnAfterReading => Some("XEM XONG TRẢ LẠI"),
            Circulation::InternalOnly => Some("LƯU HÀNH NỘI BỘ"),
        }
    }

    pub fn parse(s: &str) -> Result<Circulation, &'static str> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(Circulation::Open);
        }
        Circulation::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or("err-choice")
    }
}

/// Where a document is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentStatus {
    /// Dự thảo: editable, no number.
    Draft,
    /// Đã ban hành: numbered, delivered, no longer editable.
    Issued,
    /// Thu hồi: keeps its number, which is never reused.
    Recalled,
}

impl DocumentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentStatus::Draft => "draft",
            DocumentStatus::Issued => "issued",
            DocumentStatus::Recalled => "recalled",
        }
    }

    pub fn parse(s: &str) -> Result<DocumentStatus, &'static str> {
        match s {
            "draft" => Ok(DocumentStatus::Draft),
            "issued" => Ok(DocumentStatus::Issued),
            "recalled" => Ok(DocumentStatus::Recalled),
            _ => Err("err-choice"),
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            DocumentStatus::Draft => "docstatus-draft",
            DocumentStatus::Issued => "docstatus-issued",
            DocumentStatus::Recalled => "docstatus-recalled",
        }
    }
}

/// The number as printed: at least two digits (`05`).
pub fn number_text(number: i64) -> String {
    format!("{number:02}")
}

/// "Số: 05/VHTT" or "Số: 15/KH-UBND"; a draft prints the blank to fill by hand.
pub fn number_line(number: Option<i64>, symbol: &str) -> String {
    match number {
        Some(n) => format!("Số: {}/{symbol}", number_text(n)),
        None => format!("Số:      /{symbol}"),
    }
}

/// Checks a symbol as typed (the part after "/"): upper-case letters (Vietnamese
/// included) and digits in groups joined by "-", no spaces. For công văn it must not
/// start with a type code; for other types it must start with theirs (`KH-UBND`).
pub fn parse_symbol(kind: DocumentType, input: &str) -> Result<String, &'static str> {
    let s = input.trim();
    if s.is_empty() {
        return Err("err-required");
    }
    if s.chars().any(char::is_whitespace) {
        return Err("err-doc-symbol-space");
    }
    let groups: Vec<&str> = s.split('-').collect();
    let group_ok = |g: &str| {
        !g.is_empty()
            && g.chars().all(|c| c.is_alphanumeric())
            && g.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_numeric())
    };
    if s.len() > 30 || !groups.iter().all(|g| group_ok(g)) {
        return Err("err-doc-symbol");
    }
    let first = groups[0];
    let is_type_code = DocumentType::ALL.iter().any(|t| t.code() == Some(first));
    match kind.code() {
        None if is_type_code && groups.len() > 1 => Err("err-doc-symbol-dispatch"),
        Some(code) if first != code => Err("err-doc-symbol-type"),
        Some(_) if groups.len() < 2 => Err("err-doc-symbol-type"),
        _ => Ok(s.to_string()),
    }
}

/// How far back an issue date may go (registering a document signed on paper).
pub const BACKDATE_DAYS: i64 = 366;

/// An issue date as typed: not after `today` (Vietnam), not more than
/// [`BACKDATE_DAYS`] before it; the error is an i18n key.
pub fn parse_issue_date(input: &str, today: Date) -> Result<Date, &'static str> {
    let d = dates::parse_date(input)?;
    if d > today {
        Err("err-doc-date-future")
    } else if d < today - time::Duration::days(BACKDATE_DAYS) {
        Err("err-doc-date-old")
    } else {
        Ok(d)
    }
}

/// "Quận Ngô Quyền, ngày 05 tháng 01 năm 2024": days below 10 and months 1–2 take a
/// leading zero; a draft without a date leaves the blanks.
pub fn date_line(place: &str, date: Option<Date>) -> String {
    match date {
        Some(d) => {
            let month = u8::from(d.month());
            let month = if month <= 2 {
                format!("{month:02}")
            } else {
                month.to_string()
            };
            format!(
                "{place}, ngày {:02} tháng {month} năm {}",
                d.day(),
                d.year()
            )
        }
        None => format!("{place}, ngày      tháng      năm"),
    }
}

/// The "Kính gửi" block: one addressee on the same line; several as "- …;" lines,
/// the last ending in ".".
pub fn addressee_lines(addressees: &[String]) -> Vec<String> {
    let clean: Vec<&str> = addressees
        .iter()
        .map(|a| {
            a.trim()
                .trim_start_matches('-')
                .trim()
                .trim_end_matches([';', '.'])
        })
        .filter(|a| !a.is_empty())
        .collect();
    match clean.as_slice() {
        [] => Vec::new(),
        [one] => vec![format!("Kính gửi: {one}.")],
        many => {
            let mut lines = vec!["Kính gửi:".to_string()];
            for (i, a) in many.iter().enumerate() {
                let end = if i + 1 == many.len() { '.' } else { ';' };
                lines.push(format!("- {a}{end}"));
            }
            lines
        }
    }
}

/// The "Nơi nhận" list as printed: each item "- …;", "Như trên" present when there is a
/// Kính gửi block (added first when missing), the last item "Lưu: VT, <unit>." (added
/// when missing, the drafting unit's abbreviation after VT).
pub fn distribution_lines(
    items: &[String],
    has_addressees: bool,
    drafting_unit: &str,
) -> Vec<String> {
    let mut clean: Vec<String> = items
        .iter()
        .map(|a| {
            a.trim()
                .trim_start_matches('-')
                .trim()
                .trim_end_matches([';', '.'])
                .to_string()
        })
        .filter(|a| !a.is_empty())
        .collect();
    let is_as_above = |s: &str| s.eq_ignore_ascii_case("Như trên");
    if has_addressees && !clean.iter().any(|s| is_as_above(s)) {
        clean.insert(0, "Như trên".to_string());
    }
    if !has_addressees {
        clean.retain(|s| !is_as_above(s));
    }
    let is_archive = |s: &str| s.starts_with("Lưu");
    if !clean.last().is_some_and(|s| is_archive(s)) {
        clean.retain(|s| !is_archive(s));
        let unit = drafting_unit.trim();
        clean.push(if unit.is_empty() {
            "Lưu: VT".to_string()
        } else {
            format!("Lưu: VT, {unit}")
        });
    }
    let n = clean.len();
    clean
        .into_iter()
        .enumerate()
        .map(|(i, s)| format!("- {s}{}", if i + 1 == n { "." } else { ";" }))
        .collect()
}

/// A document as stored (its number and date come when it is issued).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentData {
    pub kind: DocumentType,
    /// The issuing unit (its register numbers the document).
    pub issuer_unit_id: UnitId,
    /// Cơ quan chủ quản, as printed (`UBND QUẬN NGÔ QUYỀN`).
    pub parent_body: String,
    /// Cơ quan ban hành, as printed (`PHÒNG VĂN HÓA VÀ THÔNG TIN`).
    pub issuer_name: String,
    /// The symbol after the number (`VHTT`, `KH-UBND`).
    pub symbol: String,
    /// Place of the date line (`Quận Ngô Quyền`).
    pub place: String,
    /// Trích yếu; for công văn the text after "V/v".
    pub subject: String,
    /// Căn cứ, one a line.
    pub legal_basis: String,
    /// Kính gửi, one addressee or group a line.
    pub addressees: String,
    /// The body, in the light markup the renderer reads (paragraphs, "1." and "-"
    /// items, **bold**, | tables |).
    pub body: String,
    pub authority: SigningAuthority,
    /// The head's title the authority refers to (`TRƯỞNG PHÒNG` after `KT.`).
    pub authority_title: String,
    /// The signer's own title (`PHÓ TRƯỞNG PHÒNG`).
    pub signer_title: String,
    pub signer_name: String,
    /// Nơi nhận, one a line.
    pub distribution: String,
    /// The drafting unit's abbreviation for "Lưu: VT, …".
    pub drafting_unit: String,
    pub urgency: Urgency,
    pub circulation: Circulation,
    /// Units the document is delivered to when issued.
    pub recipient_unit_ids: Vec<UnitId>,
}

/// The document form as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DocumentForm {
    pub kind: String,
    pub parent_body: String,
    pub issuer_name: String,
    pub symbol: String,
    pub place: String,
    pub subject: String,
    pub legal_basis: String,
    pub addressees: String,
    pub body: String,
    pub authority: String,
    pub authority_title: String,
    pub signer_title: String,
    pub signer_name: String,
    pub distribution: String,
    pub drafting_unit: String,
    pub urgency: String,
    pub circulation: String,
}

/// Largest body, in bytes.
pub const MAX_BODY: usize = 200_000;

impl DocumentForm {
    /// Parses the form for `issuer` with the chosen recipient units.
    pub fn parse(
        &self,
        issuer: UnitId,
        recipients: Vec<UnitId>,
    ) -> Result<DocumentData, FieldErrors> {
        let mut e = FieldErrors::default();
        let kind = e.check("kind", DocumentType::parse(&self.kind));
        let parent_body = e.check("parent_body", optional_text(&self.parent_body, 200));
        let issuer_name = e.check("issuer_name", required_text(&self.issuer_name, 200));
        let symbol = kind.and_then(|k| e.check("symbol", parse_symbol(k, &self.symbol)));
        let place = e.check("place", required_text(&self.place, 100));
        let subject = e.check("subject", required_text(&self.subject, 500));
        let legal_basis = e.check("legal_basis", optional_text(&self.legal_basis, 4000));
        let addressees = e.check("addressees", optional_text(&self.addressees, 4000));
        let body = if self.body.len() > MAX_BODY {
            e.add("body", "err-doc-body-long");
            None
        } else {
            e.check("body", required_text(&self.body, MAX_BODY))
        };
        let authority = e.check("authority", SigningAuthority::parse(&self.authority));
        let authority_title = e.check("authority_title", optional_text(&self.authority_title, 100));
        let signer_title = e.check("signer_title", required_text(&self.signer_title, 100));
        let signer_name = e.check("signer_name", required_text(&self.signer_name, 100));
        let distribution = e.check("distribution", optional_text(&self.distribution, 4000));
        let drafting_unit = e.check("drafting_unit", optional_text(&self.drafting_unit, 30));
        let urgency = e.check("urgency", Urgency::parse(&self.urgency));
        let circulation = e.check("circulation", Circulation::parse(&self.circulation));
        if let (Some(a), Some(t)) = (authority, &authority_title)
            && a != SigningAuthority::Head
            && t.is_none()
        {
            e.add("authority_title", "err-doc-authority-title");
        }
        if kind == Some(DocumentType::Dispatch)
            && addressees.as_ref().is_some_and(|a| a.is_none())
            && recipients.is_empty()
        {
            e.add("addressees", "err-doc-addressees");
        }
        match (
            kind,
            parent_body,
            issuer_name,
            symbol,
            place,
            subject,
            legal_basis,
            addressees,
            body,
            authority,
            authority_title,
            signer_title,
            signer_name,
            distribution,
            drafting_unit,
            urgency,
            circulation,
        ) {
            (
                Some(kind),
                Some(parent_body),
                Some(issuer_name),
                Some(symbol),
                Some(place),
                Some(subject),
                Some(legal_basis),
                Some(addressees),
                Some(body),
                Some(authority),
                Some(authority_title),
                Some(signer_title),
                Some(signer_name),
                Some(distribution),
                Some(drafting_unit),
                Some(urgency),
                Some(circulation),
            ) if e.is_empty() => Ok(DocumentData {
                kind,
                issuer_unit_id: issuer,
                parent_body: parent_body.unwrap_or_default(),
                issuer_name,
                symbol,
                place,
                subject,
                legal_basis: legal_basis.unwrap_or_default(),
                addressees: addressees.unwrap_or_default(),
                body,
                authority,
                authority_title: authority_title.unwrap_or_default(),
                signer_title,
                signer_name,
                distribution: distribution.unwrap_or_default(),
                drafting_unit: drafting_unit.unwrap_or_default(),
                urgency,
                circulation,
                recipient_unit_ids: recipients,
            }),
            _ => Err(e),
        }
    }
}

impl DocumentData {
    /// The Kính gửi lines as printed.
    pub fn addressee_lines(&self) -> Vec<String> {
        addressee_lines(&lines(&self.addressees))
    }

    /// The Nơi nhận lines as printed.
    pub fn distribution_lines(&self) -> Vec<String> {
        distribution_lines(
            &lines(&self.distribution),
            !lines(&self.addressees).is_empty(),
            &self.drafting_unit,
        )
    }

    /// The Căn cứ lines, ";" after each but the last, which ends with ".".
    pub fn legal_basis_lines(&self) -> Vec<String> {
        let items: Vec<String> = lines(&self.legal_basis)
            .into_iter()
            .map(|l| l.trim_end_matches([';', '.', ',']).to_string())
            .collect();
        let n = items.len();
        items
            .into_iter()
            .enumerate()
            .map(|(i, l)| format!("{l}{}", if i + 1 == n { "." } else { ";" }))
            .collect()
    }

    /// The authority line (`KT. TRƯỞNG PHÒNG`) when the signer signs for someone.
    pub fn authority_line(&self) -> Option<String> {
        match self.authority {
            SigningAuthority::Head => None,
            a => Some(format!(
                "{} {}",
                a.prefix(),
                self.authority_title.trim().to_uppercase()
            )),
        }
    }
}

/// The non-blank lines of a text area.
pub fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn numbers_have_two_digits_at_least() {
        assert_eq!(number_line(Some(5), "VHTT"), "Số: 05/VHTT");
        assert_eq!(number_line(Some(224), "KH-UBND"), "Số: 224/KH-UBND");
        assert_eq!(number_text(1), "01");
    }

    #[test]
    fn symbols_follow_the_decree() {
        use DocumentType::*;
        assert_eq!(parse_symbol(Dispatch, " VHTT "), Ok("VHTT".into()));
        assert_eq!(parse_symbol(Dispatch, "UBND-VX"), Ok("UBND-VX".into()));
        assert_eq!(
            parse_symbol(Dispatch, "KH-VHTT"),
            Err("err-doc-symbol-dispatch")
        );
        assert_eq!(parse_symbol(Dispatch, "CV-VHTT"), Ok("CV-VHTT".into()));
        assert_eq!(parse_symbol(Plan, "KH-UBND"), Ok("KH-UBND".into()));
        assert_eq!(parse_symbol(Decision, "QĐ-UBND"), Ok("QĐ-UBND".into()));
        assert_eq!(parse_symbol(Plan, "UBND"), Err("err-doc-symbol-type"));
        assert_eq!(parse_symbol(Plan, "TB-UBND"), Err("err-doc-symbol-type"));
        assert_eq!(parse_symbol(Dispatch, "VH TT"), Err("err-doc-symbol-space"));
        assert_eq!(parse_symbol(Dispatch, "VHTT-"), Err("err-doc-symbol"));
        assert_eq!(parse_symbol(Dispatch, "vhtt"), Err("err-doc-symbol"));
        assert_eq!(parse_symbol(Dispatch, ""), Err("err-required"));
    }

    #[test]
    fn the_date_line_pads_days_below_10_and_months_1_and_2() {
        assert_eq!(
            date_line("Hà Nội", Some(date!(2020 - 01 - 05))),
            "Hà Nội, ngày 05 tháng 01 năm 2020"
        );
        assert_eq!(
            date_line("Quận Ngô Quyền", Some(date!(2024 - 10 - 10))),
            "Quận Ngô Quyền, ngày 10 tháng 10 năm 2024"
        );
        assert_eq!(
            date_line("Ngô Quyền", Some(date!(2024 - 09 - 03))),
            "Ngô Quyền, ngày 03 tháng 9 năm 2024"
        );
        assert_eq!(
            date_line("Ngô Quyền", Some(date!(2024 - 02 - 29))),
            "Ngô Quyền, ngày 29 tháng 02 năm 2024"
        );
    }

    #[test]
    fn an_issue_date_is_not_in_the_future_nor_more_than_a_year_back() {
        let today = date!(2024 - 10 - 07);
        assert_eq!(parse_issue_date("07/10/2024", today), Ok(today));
        assert_eq!(
            parse_issue_date("08/10/2024", today),
            Err("err-doc-date-future")
        );
        assert_eq!(
            parse_issue_date("01/10/2023", today),
            Err("err-doc-date-old")
        );
        assert_eq!(parse_issue_date("hôm nay", today), Err("err-date"));
    }

    #[test]
    fn one_addressee_is_inline_several_are_a_dash_list() {
        assert_eq!(
            addressee_lines(&["Ủy ban nhân dân quận".into()]),
            ["Kính gửi: Ủy ban nhân dân quận."]
        );
        assert_eq!(
            addressee_lines(&[
                "- Các phòng, ban, ngành;".into(),
                "Ủy ban nhân dân 12 phường".into()
            ]),
            [
                "Kính gửi:",
                "- Các phòng, ban, ngành;",
                "- Ủy ban nhân dân 12 phường."
            ]
        );
        assert!(addressee_lines(&[" ".into()]).is_empty());
    }

    #[test]
    fn distribution_has_as_above_with_addressees_and_ends_with_the_archive() {
        assert_eq!(
            distribution_lines(&["VP HĐND và UBND quận".into()], true, "VHTT"),
            ["- Như trên;", "- VP HĐND và UBND quận;", "- Lưu: VT, VHTT."]
        );
        // As written in the seed dispatch: order kept, "Lưu" stays last.
        assert_eq!(
            distribution_lines(
                &[
                    "- PCT UBND quận Đ.V.K (để báo cáo);".into(),
                    "- Như trên;".into(),
                    "- Lưu: VT.".into()
                ],
                true,
                "VHTT"
            ),
            [
                "- PCT UBND quận Đ.V.K (để báo cáo);",
                "- Như trên;",
                "- Lưu: VT."
            ]
        );
        // No Kính gửi: no "Như trên".
        assert_eq!(
            distribution_lines(&["Như trên".into()], false, ""),
            ["- Lưu: VT."]
        );
    }

    #[test]
    fn authority_prefixes_are_the_decrees_only() {
        assert_eq!(SigningAuthority::parse("KT."), Ok(SigningAuthority::Deputy));
        assert_eq!(
            SigningAuthority::parse("tuq"),
            Ok(SigningAuthority::Authorised)
        );
        assert_eq!(SigningAuthority::parse(""), Ok(SigningAuthority::Head));
        assert_eq!(SigningAuthority::parse("PT."), Err("err-doc-authority"));
    }

    fn form() -> DocumentForm {
        DocumentForm {
            kind: "dispatch".into(),
            parent_body: "UBND QUẬN NGÔ QUYỀN".into(),
            issuer_name: "PHÒNG VĂN HÓA VÀ THÔNG TIN".into(),
            symbol: "VHTT".into(),
            place: "Quận Ngô Quyền".into(),
            subject: "tuyên truyền".into(),
            addressees: "Ủy ban nhân dân 12 phường".into(),
            body: "Nội dung.".into(),
            authority: "KT.".into(),
            authority_title: "Trưởng phòng".into(),
            signer_title: "PHÓ TRƯỞNG PHÒNG".into(),
            signer_name: "Nguyễn Hồng Đại".into(),
            ..DocumentForm::default()
        }
    }

    #[test]
    fn a_form_parses_and_bad_fields_are_named() {
        let d = form().parse(UnitId(2), vec![]).expect("valid");
        assert_eq!(d.authority_line().as_deref(), Some("KT. TRƯỞNG PHÒNG"));
        assert_eq!(d.distribution_lines(), ["- Như trên;", "- Lưu: VT."]);
        let mut bad = form();
        bad.symbol = "VH TT".into();
        bad.authority = "PT.".into();
        bad.addressees = String::new();
        bad.body = "x".repeat(MAX_BODY + 1);
        let e = bad.parse(UnitId(2), vec![]).expect_err("invalid");
        assert_eq!(e.get("symbol"), Some("err-doc-symbol-space"));
        assert_eq!(e.get("authority"), Some("err-doc-authority"));
        assert_eq!(e.get("addressees"), Some("err-doc-addressees"));
        assert_eq!(e.get("body"), Some("err-doc-body-long"));
        let mut deputy = form();
        deputy.authority_title = String::new();
        assert_eq!(
            deputy
                .parse(UnitId(2), vec![])
                .expect_err("no title")
                .get("authority_title"),
            Some("err-doc-authority-title")
        );
    }
}

use super::*;

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

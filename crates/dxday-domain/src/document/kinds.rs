use super::*;

stored_enum! {
    /// The administrative document types of Decree 30 (Điều 7), with their abbreviations.
    pub enum DocumentType (refused "err-doc-type") {
        /// Công văn: no type code in its symbol.
        Dispatch = "dispatch", label "doctype-dispatch";
        Plan = "plan", label "doctype-plan";
        Notice = "notice", label "doctype-notice";
        Report = "report", label "doctype-report";
        Decision = "decision", label "doctype-decision";
        Invitation = "invitation", label "doctype-invitation";
        Guidance = "guidance", label "doctype-guidance";
        Programme = "programme", label "doctype-programme";
        Resolution = "resolution", label "doctype-resolution";
        Directive = "directive", label "doctype-directive";
        Regulation = "regulation", label "doctype-regulation";
        Rule = "rule", label "doctype-rule";
        Communique = "communique", label "doctype-communique";
        Scheme = "scheme", label "doctype-scheme";
        Project = "project", label "doctype-project";
        Proposal = "proposal", label "doctype-proposal";
        Minutes = "minutes", label "doctype-minutes";
        Submission = "submission", label "doctype-submission";
        Contract = "contract", label "doctype-contract";
        Telegram = "telegram", label "doctype-telegram";
        Memorandum = "memorandum", label "doctype-memorandum";
        Agreement = "agreement", label "doctype-agreement";
        PowerOfAttorney = "power_of_attorney", label "doctype-power-of-attorney";
        Introduction = "introduction", label "doctype-introduction";
        LeavePermit = "leave_permit", label "doctype-leave-permit";
        SendingSlip = "sending_slip", label "doctype-sending-slip";
        TransferSlip = "transfer_slip", label "doctype-transfer-slip";
        NoticeSlip = "notice_slip", label "doctype-notice-slip";
        /// Thư công: no type code.
        PublicLetter = "public_letter", label "doctype-public-letter";
    }
}

impl DocumentType {
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

stored_enum! {
    /// Urgency marks (ô 10b).
    pub enum Urgency (refused "err-choice", empty Normal) {
        Normal = "normal";
        /// KHẨN
        Urgent = "urgent";
        /// THƯỢNG KHẨN
        VeryUrgent = "very_urgent";
        /// HỎA TỐC
        Flash = "flash";
    }
}

impl Urgency {
    /// The printed mark, none for normal documents.
    pub fn mark(self) -> Option<&'static str> {
        match self {
            Urgency::Normal => None,
            Urgency::Urgent => Some("KHẨN"),
            Urgency::VeryUrgent => Some("THƯỢNG KHẨN"),
            Urgency::Flash => Some("HỎA TỐC"),
        }
    }
}

stored_enum! {
    /// Circulation marks (ô 11).
    pub enum Circulation (refused "err-choice", empty Open) {
        Open = "open";
        /// XEM XONG TRẢ LẠI
        ReturnAfterReading = "return_after_reading";
        /// LƯU HÀNH NỘI BỘ
        InternalOnly = "internal_only";
    }
}

impl Circulation {
    pub fn mark(self) -> Option<&'static str> {
        match self {
            Circulation::Open => None,
            Circulation::ReturnAfterReading => Some("XEM XONG TRẢ LẠI"),
            Circulation::InternalOnly => Some("LƯU HÀNH NỘI BỘ"),
        }
    }
}

stored_enum! {
    /// Where a document is in its life.
    pub enum DocumentStatus (refused "err-choice") {
        /// Dự thảo: editable, no number.
        Draft = "draft", label "docstatus-draft";
        /// Đã ban hành: numbered, delivered, no longer editable.
        Issued = "issued", label "docstatus-issued";
        /// Thu hồi: keeps its number, which is never reused.
        Recalled = "recalled", label "docstatus-recalled";
    }
}

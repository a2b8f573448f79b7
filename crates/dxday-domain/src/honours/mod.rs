//! Emulation and honours (thi đua, khen thưởng) under the Law on Emulation and
//! Commendation 06/2022/QH15 and its decree (98/2023 until 30/6/2025, 152/2025 from
//! 01/7/2025): themed movements, nominations by units, the council's vote, the award
//! decision and its register. The rules that change with the law (which "Căn cứ" lines,
//! who may give which award, the council's voting rule) are data with dates; this
//! module holds what reads them.

use serde::{Deserialize, Serialize};

use crate::unit::UnitKind;

mod forms;
mod rules;
pub use forms::*;
pub use rules::*;

stored_enum! {
    /// Who signs an award, by the office held (Luật 2022, Điều 80).
    pub enum IssuerKind (refused "err-choice") {
        /// Chủ tịch UBND phường, xã.
        WardChair = "ward_chair", label "issuer-ward_chair";
        /// Chủ tịch UBND quận, huyện (the level ended on 01/7/2025).
        DistrictChair = "district_chair", label "issuer-district_chair";
        /// Chủ tịch UBND tỉnh, thành phố.
        ProvinceChair = "province_chair", label "issuer-province_chair";
        /// Giám đốc Sở, thủ trưởng cơ quan chuyên môn.
        DepartmentDirector = "department_director", label "issuer-department_director";
        /// Hiệu trưởng.
        SchoolPrincipal = "school_principal", label "issuer-school_principal";
    }
}

impl IssuerKind {
    /// Whether a unit of `kind` can hold this office.
    pub fn fits(self, kind: UnitKind) -> bool {
        match self {
            IssuerKind::WardChair => kind == UnitKind::Ward,
            IssuerKind::DistrictChair | IssuerKind::ProvinceChair => {
                kind == UnitKind::PeoplesCommittee
            }
            IssuerKind::DepartmentDirector => matches!(
                kind,
                UnitKind::Department | UnitKind::Office | UnitKind::PublicServiceCentre
            ),
            IssuerKind::SchoolPrincipal => kind == UnitKind::School,
        }
    }

    /// The office in a sentence ("Chủ tịch", in "Giấy khen của Chủ tịch Ủy ban nhân
    /// dân quận …").
    pub fn office_vi(self) -> &'static str {
        match self {
            IssuerKind::WardChair | IssuerKind::DistrictChair | IssuerKind::ProvinceChair => {
                "Chủ tịch"
            }
            IssuerKind::DepartmentDirector => "Giám đốc",
            IssuerKind::SchoolPrincipal => "Hiệu trưởng",
        }
    }

    /// The signer's title on the decision and the certificate ("CHỦ TỊCH").
    pub fn signer_title(self) -> &'static str {
        match self {
            IssuerKind::WardChair | IssuerKind::DistrictChair | IssuerKind::ProvinceChair => {
                "CHỦ TỊCH"
            }
            IssuerKind::DepartmentDirector => "GIÁM ĐỐC",
            IssuerKind::SchoolPrincipal => "HIỆU TRƯỞNG",
        }
    }
}

stored_enum! {
    /// Whether an award type is a title (danh hiệu) or a form of commendation.
    pub enum AwardClass (refused "err-choice") {
        /// Danh hiệu thi đua ("Lao động tiên tiến").
        Title = "title", label "award-class-title";
        /// Hình thức khen thưởng (giấy khen, bằng khen).
        Commendation = "commendation", label "award-class-commendation";
    }
}

stored_enum! {
    /// Who is nominated.
    pub enum Recipient (refused "err-choice") {
        /// A collective (tập thể).
        Collective = "collective", label "recipient-collective";
        /// A person (cá nhân).
        Person = "person", label "recipient-person";
    }
}

stored_enum! {
    /// A person's gender, for the honorific on the certificate (Ông, Bà) and the
    /// decree's preference for women at equal merit.
    pub enum Gender (refused "err-choice") {
        Female = "female", label "gender-female";
        Male = "male", label "gender-male";
    }
}

impl Gender {
    /// "Bà", "Ông".
    pub fn honorific(self) -> &'static str {
        match self {
            Gender::Female => "Bà",
            Gender::Male => "Ông",
        }
    }
}

stored_enum! {
    /// The procedure of a nomination (Luật 2022, Điều 84 and 85).
    pub enum Procedure (refused "err-choice", empty Ordinary) {
        Ordinary = "ordinary", label "procedure-ordinary";
        /// Thủ tục đơn giản: a short report, no council needed.
        Simplified = "simplified", label "procedure-simplified";
    }
}

stored_enum! {
    /// Where a nomination stands; every change is logged.
    pub enum NominationStatus (refused "err-choice") {
        Draft = "draft", label "nomination-draft";
        Submitted = "submitted", label "nomination-submitted";
        Returned = "returned", label "nomination-returned";
        Accepted = "accepted", label "nomination-accepted";
        /// Put before the council.
        Proposed = "proposed", label "nomination-proposed";
        Awarded = "awarded", label "nomination-awarded";
        NotAwarded = "not_awarded", label "nomination-not_awarded";
    }
}

stored_enum! {
    /// An award decision: a draft until a leader signs and the register numbers it.
    pub enum DecisionStatus (refused "err-choice") {
        Draft = "draft", label "award-decision-draft";
        Issued = "issued", label "award-decision-issued";
    }
}

stored_enum! {
    /// How the council votes.
    pub enum VoteMethod (refused "err-choice") {
        SecretBallot = "secret_ballot", label "vote-secret_ballot";
        ShowOfHands = "show_of_hands", label "vote-show_of_hands";
    }
}

stored_enum! {
    /// What the threshold is a share of.
    pub enum Denominator (refused "err-choice") {
        /// Every member of the council, present or not.
        AllMembers = "all_members", label "denominator-all_members";
        /// The members who voted (present, and absent ones' written opinions when
        /// the rule counts them).
        Voters = "voters", label "denominator-voters";
    }
}

stored_enum! {
    /// What a "Căn cứ" line is about: a document cites the lines of its topics in
    /// force on its date.
    pub enum LegalTopic (refused "err-choice") {
        /// Luật Tổ chức chính quyền địa phương (the issuer's own powers).
        LocalGovernment = "local_government", label "topic-local_government";
        /// Luật Thi đua, khen thưởng, its decree and the province's rules.
        Emulation = "emulation", label "topic-emulation";
        /// Ngày Chuyển đổi số quốc gia and the digital transformation programme.
        DigitalTransformation = "digital_transformation", label "topic-digital_transformation";
    }
}

/// Why no award may be given for now (Nghị định 152/2025, Điều 4.4).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holds {
    /// Being disciplined (đang xem xét kỷ luật).
    pub discipline: bool,
    /// Under investigation, inspection or audit.
    pub investigation: bool,
    /// A complaint or denunciation being settled.
    pub complaint: bool,
}

impl Holds {
    /// True when any hold is set.
    pub fn any(self) -> bool {
        self.discipline || self.investigation || self.complaint
    }
}

/// The key that finds the same nominee twice: the staff code when given, else the
/// name and unit without accents, case or extra spaces.
pub fn person_key(staff_code: Option<&str>, name: &str, work_unit: &str) -> String {
    match staff_code.map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) => format!("code:{}", code.to_uppercase()),
        None => format!(
            "name:{}|{}",
            crate::team::search_key(&[name]),
            crate::team::search_key(&[work_unit])
        ),
    }
}

#[cfg(test)]
mod tests;

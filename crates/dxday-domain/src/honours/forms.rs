//! What is typed: a movement, a nomination; and the steps a nomination takes.

use serde::{Deserialize, Serialize};
use time::Date;

use super::{Gender, Holds, NominationStatus, Procedure, Recipient};
use crate::dates::{parse_date, parse_optional_date};
use crate::errors::{optional_text, required_text};
use crate::{DocumentId, FieldErrors};

/// A themed emulation movement (phong trào thi đua theo chuyên đề).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovementData {
    pub title: String,
    /// Khẩu hiệu.
    pub slogan: Option<String>,
    /// Tiêu chí, one a line.
    pub criteria: String,
    /// The plan or decision that launched it, in the register.
    pub document_id: Option<DocumentId>,
    /// Nominations are taken from `intake_from` to `intake_to`.
    pub intake_from: Date,
    pub intake_to: Date,
    /// Sơ kết.
    pub midterm_on: Option<Date>,
    /// Tổng kết.
    pub final_on: Option<Date>,
}

/// Where a movement stands on a day, by its dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum MovementPhase {
    /// Nominations not taken yet.
    NotOpen,
    /// Taking nominations.
    Open,
    /// Nominations closed, under review.
    Reviewing,
    /// Past its final review.
    Closed,
}

impl MovementPhase {
    pub fn label_key(self) -> &'static str {
        match self {
            MovementPhase::NotOpen => "movement-not_open",
            MovementPhase::Open => "movement-open",
            MovementPhase::Reviewing => "movement-reviewing",
            MovementPhase::Closed => "movement-closed",
        }
    }
}

impl MovementData {
    pub fn phase(&self, day: Date) -> MovementPhase {
        if day < self.intake_from {
            MovementPhase::NotOpen
        } else if day <= self.intake_to {
            MovementPhase::Open
        } else if self.final_on.is_none_or(|f| day <= f) {
            MovementPhase::Reviewing
        } else {
            MovementPhase::Closed
        }
    }
}

/// The movement form as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MovementForm {
    pub title: String,
    pub slogan: String,
    pub criteria: String,
    pub intake_from: String,
    pub intake_to: String,
    pub midterm_on: String,
    pub final_on: String,
}

impl MovementForm {
    pub fn parse(&self, document_id: Option<DocumentId>) -> Result<MovementData, FieldErrors> {
        let mut e = FieldErrors::default();
        let title = e.check("title", required_text(&self.title, 300));
        let slogan = e.check("slogan", optional_text(&self.slogan, 300));
        let criteria = e.check("criteria", required_text(&self.criteria, 8000));
        let intake_from = e.check("intake_from", parse_date(&self.intake_from));
        let intake_to = e.check("intake_to", parse_date(&self.intake_to));
        let midterm_on = e.check("midterm_on", parse_optional_date(&self.midterm_on));
        let final_on = e.check("final_on", parse_optional_date(&self.final_on));
        if let (Some(a), Some(b)) = (intake_from, intake_to)
            && b < a
        {
            e.add("intake_to", "err-date-order");
        }
        if let (Some(to), Some(Some(f))) = (intake_to, final_on)
            && f < to
        {
            e.add("final_on", "err-date-order");
        }
        parsed!(
            e,
            MovementData {
                title,
                slogan,
                criteria,
                intake_from,
                intake_to,
                midterm_on,
                final_on;
                document_id: document_id
            }
        )
    }
}

/// A nomination as a unit writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NominationData {
    pub recipient: Recipient,
    /// The person's full name or the collective's name.
    pub name: String,
    /// A person's gender (none for a collective).
    pub gender: Option<Gender>,
    /// Chức vụ (a person).
    pub position: Option<String>,
    /// Đơn vị công tác: where the person works, or the collective's parent.
    pub work_unit: String,
    /// Mã cán bộ / số định danh, to find the same person twice.
    pub staff_code: Option<String>,
    /// The award proposed (a code of the award types).
    pub award_type: String,
    pub procedure: Procedure,
    /// The achievement report, written in dxday (or uploaded instead).
    pub report: Option<String>,
    /// Nội dung in trên giấy khen: one sentence.
    pub citation: String,
    pub holds: Holds,
}

impl NominationData {
    pub fn person_key(&self) -> String {
        super::person_key(self.staff_code.as_deref(), &self.name, &self.work_unit)
    }
}

/// The nomination form as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct NominationForm {
    pub recipient: String,
    pub name: String,
    pub gender: String,
    pub position: String,
    pub work_unit: String,
    pub staff_code: String,
    pub award_type: String,
    pub procedure: String,
    pub report: String,
    pub citation: String,
    pub hold_discipline: Option<String>,
    pub hold_investigation: Option<String>,
    pub hold_complaint: Option<String>,
}

/// Longest citation, in characters: it must fit the certificate.
pub const MAX_CITATION: usize = 300;

impl NominationForm {
    pub fn parse(&self) -> Result<NominationData, FieldErrors> {
        let mut e = FieldErrors::default();
        let recipient = e.check("recipient", Recipient::parse(&self.recipient));
        let name = e.check("name", required_text(&self.name, 200));
        let gender = e.check(
            "gender",
            match self.gender.trim() {
                "" => Ok(None),
                g => Gender::parse(g).map(Some),
            },
        );
        let position = e.check("position", optional_text(&self.position, 200));
        let work_unit = e.check("work_unit", required_text(&self.work_unit, 300));
        let staff_code = e.check("staff_code", optional_text(&self.staff_code, 40));
        let award_type = e.check("award_type", required_text(&self.award_type, 40));
        let procedure = e.check("procedure", Procedure::parse(&self.procedure));
        let report = e.check("report", optional_text(&self.report, 40_000));
        let citation = e.check("citation", required_text(&self.citation, MAX_CITATION));
        let holds = Holds {
            discipline: self.hold_discipline.is_some(),
            investigation: self.hold_investigation.is_some(),
            complaint: self.hold_complaint.is_some(),
        };
        parsed!(
            e,
            NominationData {
                recipient,
                name,
                gender,
                position,
                work_unit,
                staff_code,
                award_type,
                procedure,
                report,
                citation;
                holds: holds
            }
        )
    }
}

/// What is done to a nomination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The unit sends it (again).
    Submit,
    /// The office sends it back with a reason.
    Return,
    /// The office takes it in.
    Accept,
    /// The office puts it before the council.
    Propose,
    /// The decision lists it (after the council's vote, or straight from accepted
    /// when no council is needed: the decision's checks say which).
    Award,
    /// The decision was made without it.
    Decline,
}

impl Step {
    /// The status a step leads to from `from`, or `None` when it cannot be taken.
    pub fn from(self, from: NominationStatus) -> Option<NominationStatus> {
        use NominationStatus as S;
        match (self, from) {
            (Step::Submit, S::Draft | S::Returned) => Some(S::Submitted),
            (Step::Return, S::Submitted | S::Accepted) => Some(S::Returned),
            (Step::Accept, S::Submitted) => Some(S::Accepted),
            (Step::Propose, S::Accepted) => Some(S::Proposed),
            (Step::Award, S::Proposed | S::Accepted) => Some(S::Awarded),
            (Step::Decline, S::Proposed) => Some(S::NotAwarded),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Step::Submit => "submit",
            Step::Return => "return",
            Step::Accept => "accept",
            Step::Propose => "propose",
            Step::Award => "award",
            Step::Decline => "decline",
        }
    }
}

impl NominationStatus {
    /// The unit may still change it.
    pub fn editable(self) -> bool {
        matches!(self, NominationStatus::Draft | NominationStatus::Returned)
    }
}

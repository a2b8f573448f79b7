//! The campaign's indicators (chỉ số): a registry of what the office counts, where each
//! figure comes from, how a unit's figures make the whole, and the targets set for
//! them. Values are never averaged when they are ratios: a share is recomputed from the
//! summed parts and wholes. A figure nobody gave stays empty, never 0.

mod figure;
mod form;
mod results;

pub use figure::{Completeness, Figure, average, reached, roll_up};
pub use form::{ImportForm, ImportRow, IndicatorData, IndicatorForm, TargetForm, parse_decimal};
pub use results::{ResultsReportData, ResultsReportForm};

use serde::Serialize;
use time::Date;

use crate::IndicatorId;

stored_enum! {
    /// How the units' figures make the whole.
    pub enum RollUp (refused "err-choice") {
        /// The sum of the units' figures.
        Sum = "sum", label "rollup-sum";
        /// A running figure: each unit's latest value, summed over units.
        Latest = "latest", label "rollup-latest";
        /// A share: the summed parts over the summed wholes.
        Ratio = "ratio", label "rollup-ratio";
        /// A figure imported as published (an index): never added up.
        Imported = "imported", label "rollup-imported";
    }
}

stored_enum! {
    /// What a count counts.
    pub enum Counting (refused "err-choice") {
        /// Occurrences (lượt): a person met twice counts twice.
        Events = "events", label "counting-events";
        /// People, each once.
        People = "people", label "counting-people";
    }
}

stored_enum! {
    /// Which way is better.
    pub enum Direction (refused "err-choice") {
        Higher = "higher", label "direction-higher";
        Lower = "lower", label "direction-lower";
    }
}

stored_enum! {
    /// The lowest level an indicator is measured at.
    pub enum Level (refused "err-choice") {
        /// A community team.
        Team = "team", label "level-team";
        /// A unit (ward, department, school).
        Unit = "unit", label "level-unit";
        /// The office's whole area (a province, a district): one figure.
        Whole = "whole", label "level-whole";
    }
}

stored_enum! {
    /// Where an indicator's figures come from.
    pub enum Source (refused "err-choice") {
        /// Display evidence covering the whole display window ÷ evidence registered.
        KitDisplay = "kit_display", label "source-kit_display";
        /// Frame downloads linked to the unit ÷ its staff count.
        Avatar = "avatar", label "source-avatar";
        /// Deliveries of the year's issued documents confirmed ÷ delivered.
        DocumentsConfirmed = "documents_confirmed", label "source-documents_confirmed";
        /// The campaign's assignments finished ÷ assigned.
        TasksDone = "tasks_done", label "source-tasks_done";
        /// The campaign's report requests answered ÷ asked.
        ReportsSent = "reports_sent", label "source-reports_sent";
        /// Shops accepting a cashless payment ÷ shops on the unit's streets.
        CashlessMerchants = "cashless_merchants", label "source-cashless_merchants";
        /// Payment streets launched.
        PaymentStreets = "payment_streets", label "source-payment_streets";
        /// The consumption month's offers (the whole only).
        Offers = "offers", label "source-offers";
        /// Community teams active.
        Teams = "teams", label "source-teams";
        /// Members of the active teams who have not left.
        TeamMembers = "team_members", label "source-team_members";
        /// A count the teams record on their activities (`source_code`: its code)
        /// within the campaign's dates.
        TeamActivities = "team_activities", label "source-team_activities";
        /// Collectives and persons awarded in the campaign's year (not revoked).
        Awards = "awards", label "source-awards";
        /// The units' approved reports (`source_code`: the report form's code).
        UnitReport = "unit_report", label "source-unit_report";
        /// Imported values (value, snapshot date, source address).
        Import = "import", label "source-import";
    }
}

impl Source {
    /// Whether dxday computes it from its own records.
    pub const fn is_computed(self) -> bool {
        !matches!(self, Source::UnitReport | Source::Import)
    }

    /// Whether it names a code of another form (a report's, a team activity's).
    pub const fn needs_code(self) -> bool {
        matches!(self, Source::UnitReport | Source::TeamActivities)
    }

    /// Whether it gives a share (part of whole) rather than a count.
    pub const fn is_share(self) -> bool {
        matches!(
            self,
            Source::KitDisplay
                | Source::Avatar
                | Source::DocumentsConfirmed
                | Source::TasksDone
                | Source::ReportsSent
                | Source::CashlessMerchants
        )
    }

    /// Whether it has a figure for the whole only, none per unit.
    pub const fn whole_only(self) -> bool {
        matches!(self, Source::Offers)
    }
}

stored_enum! {
    /// The level a target is set for.
    pub enum TargetLevel (refused "err-choice") {
        /// Each unit's own figure.
        Unit = "unit", label "target-level-unit";
        /// The office's whole.
        Whole = "whole", label "target-level-whole";
    }
}

/// One indicator of the registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Indicator {
    pub id: IndicatorId,
    pub data: IndicatorData,
    /// One of the registry's own (its code and source cannot change).
    pub built_in: bool,
    pub position: i64,
}

impl Indicator {
    /// Whether it is in force on `day`.
    pub fn in_force(&self, day: Date) -> bool {
        self.data.effective_from.is_none_or(|f| f <= day)
            && self.data.effective_to.is_none_or(|t| day <= t)
    }

    /// Whether its figures are shares (shown as a percentage).
    pub fn is_share(&self) -> bool {
        self.data.rollup == RollUp::Ratio
    }
}

/// A target for an indicator, a year and a level, in thousandths of the indicator's
/// measure (a share's in thousandths of a percent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    pub indicator: IndicatorId,
    pub year: i32,
    pub level: TargetLevel,
    pub milli: i64,
    /// Where the target comes from ("QĐ 411/QĐ-TTg", "Kế hoạch số …").
    pub basis: Option<String>,
}

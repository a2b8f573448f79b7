//! The indicators of the teams' work: what each counts (events or people) and how a
//! team's figures make a ward's and the office's.

use serde::Serialize;

/// What an indicator counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Counts {
    /// Occurrences (lượt): summed as they come.
    Events,
    /// People, each once, when the outcome is reached; never more than the attendance.
    People,
}

/// How a team's figures make a ward's and the office's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Rollup {
    /// The sum over periods and teams.
    Sum,
    /// A running figure (lũy kế): each team's latest reported value, summed over teams.
    Latest,
    /// `numerator` over the households of the groups whose teams reported it: a ratio of
    /// sums, never an average of ratios.
    HouseholdShare { numerator: &'static str },
}

/// One indicator of the teams' work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TeamIndicator {
    pub code: &'static str,
    /// The name of the form field that holds it (`n_<code>`).
    pub field: &'static str,
    /// The i18n key of its name and of its unit of measure.
    pub label: &'static str,
    pub measure: &'static str,
    pub counts: Counts,
    pub rollup: Rollup,
    /// Recorded on each activity (otherwise only in the period report, or computed).
    pub per_activity: bool,
}

const fn indicator(
    code: &'static str,
    field: &'static str,
    label: &'static str,
    measure: &'static str,
    counts: Counts,
    rollup: Rollup,
    per_activity: bool,
) -> TeamIndicator {
    TeamIndicator {
        code,
        field,
        label,
        measure,
        counts,
        rollup,
        per_activity,
    }
}

/// The attendance of an activity: every person met, as events.
pub const ATTENDANCE: &str = "attendance";
/// The households a team has reached so far (a running figure of its reports).
pub const HOUSEHOLDS_REACHED: &str = "households_reached";

/// The teams' indicators, in the order forms and tables show them.
pub const TEAM_INDICATORS: [TeamIndicator; 9] = [
    indicator(
        ATTENDANCE,
        "n_attendance",
        "ti-attendance",
        "measure-visits",
        Counts::Events,
        Rollup::Sum,
        true,
    ),
    indicator(
        "people_guided",
        "n_people_guided",
        "ti-people-guided",
        "measure-people",
        Counts::People,
        Rollup::Sum,
        true,
    ),
    indicator(
        "vneid_activated",
        "n_vneid_activated",
        "ti-vneid-activated",
        "measure-accounts",
        Counts::People,
        Rollup::Sum,
        true,
    ),
    indicator(
        "online_dossiers",
        "n_online_dossiers",
        "ti-online-dossiers",
        "measure-dossiers",
        Counts::Events,
        Rollup::Sum,
        true,
    ),
    indicator(
        "cashless_started",
        "n_cashless_started",
        "ti-cashless-started",
        "measure-people",
        Counts::People,
        Rollup::Sum,
        true,
    ),
    indicator(
        "ecommerce_accounts",
        "n_ecommerce_accounts",
        "ti-ecommerce-accounts",
        "measure-accounts",
        Counts::Events,
        Rollup::Sum,
        true,
    ),
    indicator(
        "skills_trained",
        "n_skills_trained",
        "ti-skills-trained",
        "measure-people",
        Counts::People,
        Rollup::Sum,
        true,
    ),
    indicator(
        HOUSEHOLDS_REACHED,
        "n_households_reached",
        "ti-households-reached",
        "measure-households",
        Counts::People,
        Rollup::Latest,
        false,
    ),
    indicator(
        "household_share",
        "n_household_share",
        "ti-household-share",
        "measure-percent",
        Counts::People,
        Rollup::HouseholdShare {
            numerator: HOUSEHOLDS_REACHED,
        },
        false,
    ),
];

impl TeamIndicator {
    /// The indicator with this code.
    pub fn find(code: &str) -> Option<&'static TeamIndicator> {
        TEAM_INDICATORS.iter().find(|i| i.code == code)
    }

    /// The indicators an activity records.
    pub fn per_activity() -> impl Iterator<Item = &'static TeamIndicator> {
        TEAM_INDICATORS.iter().filter(|i| i.per_activity)
    }

    /// The indicators a period report holds (all but the computed ones).
    pub fn reported() -> impl Iterator<Item = &'static TeamIndicator> {
        TEAM_INDICATORS
            .iter()
            .filter(|i| !matches!(i.rollup, Rollup::HouseholdShare { .. }))
    }
}

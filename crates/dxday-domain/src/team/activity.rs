//! What a team does and reports: activities (door-to-door visits, guidance sessions,
//! training classes, a help desk at the ward) with counts per indicator, the period
//! (a calendar month) a report covers, and the report's figures.
//!
//! Each indicator says whether it counts **events** (lượt: a person guided twice is two)
//! or **people** (người: a person is counted once, when the outcome is reached — an
//! account activated, a first cashless payment). People can never outnumber the
//! attendance of the activity that reached them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::{Date, Month};

use crate::errors::optional_text;
use crate::report::parse_number;
use crate::unit::parse_optional_id;
use crate::{FieldErrors, GroupId, dates};

stored_enum! {
    /// How a team met people.
    pub enum ActivityKind (refused "err-choice") {
        /// Đi từng ngõ, gõ từng nhà.
        DoorToDoor = "door_to_door", label "activity-kind-door-to-door";
        /// A guidance session for the group's residents.
        GuidanceSession = "guidance_session", label "activity-kind-guidance-session";
        /// A training class in basic digital skills.
        TrainingClass = "training_class", label "activity-kind-training-class";
        /// A help desk at the ward's one-stop office.
        HelpDesk = "help_desk", label "activity-kind-help-desk";
    }
}

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
    label: &'static str,
    measure: &'static str,
    counts: Counts,
    rollup: Rollup,
    per_activity: bool,
) -> TeamIndicator {
    TeamIndicator {
        code,
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
        "ti-attendance",
        "measure-visits",
        Counts::Events,
        Rollup::Sum,
        true,
    ),
    indicator(
        "people_guided",
        "ti-people-guided",
        "measure-people",
        Counts::People,
        Rollup::Sum,
        true,
    ),
    indicator(
        "vneid_activated",
        "ti-vneid-activated",
        "measure-accounts",
        Counts::People,
        Rollup::Sum,
        true,
    ),
    indicator(
        "online_dossiers",
        "ti-online-dossiers",
        "measure-dossiers",
        Counts::Events,
        Rollup::Sum,
        true,
    ),
    indicator(
        "cashless_started",
        "ti-cashless-started",
        "measure-people",
        Counts::People,
        Rollup::Sum,
        true,
    ),
    indicator(
        "ecommerce_accounts",
        "ti-ecommerce-accounts",
        "measure-accounts",
        Counts::Events,
        Rollup::Sum,
        true,
    ),
    indicator(
        "skills_trained",
        "ti-skills-trained",
        "measure-people",
        Counts::People,
        Rollup::Sum,
        true,
    ),
    indicator(
        HOUSEHOLDS_REACHED,
        "ti-households-reached",
        "measure-households",
        Counts::People,
        Rollup::Latest,
        false,
    ),
    indicator(
        "household_share",
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

    /// The name of the form field that holds it.
    pub fn field(&self) -> String {
        format!("n_{}", self.code)
    }
}

stored_enum! {
    /// How often teams report: every month (the default; the provinces' most common
    /// cadence) or every quarter.
    pub enum Cadence (refused "err-choice", empty Month) {
        Month = "month", label "cadence-month";
        Quarter = "quarter", label "cadence-quarter";
    }
}

/// A report's period: a calendar month or a quarter (its stored start and end dates
/// say which).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Period {
    pub start: Date,
    pub end: Date,
}

impl Period {
    /// The month `d` falls in.
    pub fn month_of(d: Date) -> Period {
        let start = d.replace_day(1).unwrap_or(d);
        let end = start
            .replace_day(start.month().length(start.year()))
            .unwrap_or(start);
        Period { start, end }
    }

    /// The quarter `d` falls in (January–March, April–June, …).
    pub fn quarter_of(d: Date) -> Period {
        let first = (d.month() as u8 - 1) / 3 * 3 + 1;
        let start = Month::try_from(first)
            .ok()
            .and_then(|m| Date::from_calendar_date(d.year(), m, 1).ok())
            .unwrap_or(d);
        let last = Month::try_from(first + 2)
            .ok()
            .and_then(|m| Date::from_calendar_date(d.year(), m, 1).ok())
            .unwrap_or(start);
        Period {
            start,
            end: Period::month_of(last).end,
        }
    }

    /// The period of `cadence` that `d` falls in.
    pub fn of(d: Date, cadence: Cadence) -> Period {
        match cadence {
            Cadence::Month => Period::month_of(d),
            Cadence::Quarter => Period::quarter_of(d),
        }
    }

    /// A month or a quarter, by its dates.
    pub fn cadence(self) -> Cadence {
        if self.start.month() == self.end.month() {
            Cadence::Month
        } else {
            Cadence::Quarter
        }
    }

    /// Its quarter (1–4), for a quarter.
    pub fn quarter(self) -> Option<u8> {
        (self.cadence() == Cadence::Quarter).then(|| (self.start.month() as u8 - 1) / 3 + 1)
    }

    /// The period after this one (of the same cadence).
    pub fn next(self) -> Period {
        Period::of(self.end.next_day().unwrap_or(self.end), self.cadence())
    }

    /// The period before this one.
    pub fn previous(self) -> Period {
        Period::of(
            self.start.previous_day().unwrap_or(self.start),
            self.cadence(),
        )
    }

    /// Its key in addresses: `2026-10` for a month, `2026-q4` for a quarter.
    pub fn key(self) -> String {
        match self.quarter() {
            Some(q) => format!("{:04}-q{q}", self.start.year()),
            None => format!("{:04}-{:02}", self.start.year(), self.start.month() as u8),
        }
    }

    /// Parses a key (`2026-10`, `2026-q4`, or `10/2026` as typed where a browser has no
    /// month picker); anything else is refused.
    pub fn parse_key(s: &str) -> Result<Period, &'static str> {
        let s = s.trim().to_ascii_lowercase();
        let (y, m) = match s.split_once('/') {
            Some((m, y)) => (y, m),
            None => s.split_once('-').ok_or("err-period")?,
        };
        if y.len() != 4 {
            return Err("err-period");
        }
        let y: i32 = y.parse().map_err(|_| "err-period")?;
        if !(2000..=2100).contains(&y) {
            return Err("err-period");
        }
        if let Some(q) = m.strip_prefix('q') {
            let q: u8 = q.parse().map_err(|_| "err-period")?;
            if !(1..=4).contains(&q) {
                return Err("err-period");
            }
            let month = Month::try_from(q * 3 - 2).map_err(|_| "err-period")?;
            let d = Date::from_calendar_date(y, month, 1).map_err(|_| "err-period")?;
            return Ok(Period::quarter_of(d));
        }
        if m.len() != 2 {
            return Err("err-period");
        }
        let m: u8 = m.parse().map_err(|_| "err-period")?;
        let month = Month::try_from(m).map_err(|_| "err-period")?;
        let d = Date::from_calendar_date(y, month, 1).map_err(|_| "err-period")?;
        Ok(Period::month_of(d))
    }

    /// As Vietnamese write a month (`10/2026`); a quarter as `Q4/2026` (pages name it
    /// in their language).
    pub fn label(self) -> String {
        match self.quarter() {
            Some(q) => format!("Q{q}/{:04}", self.start.year()),
            None => format!("{:02}/{:04}", self.start.month() as u8, self.start.year()),
        }
    }

    pub fn contains(self, d: Date) -> bool {
        self.start <= d && d <= self.end
    }

    /// The months from the one of `from` to the one of `to` (none when `to < from`);
    /// at most 120, so a range typed by hand cannot ask for a century.
    pub fn months(from: Date, to: Date) -> Vec<Period> {
        Period::range(from, to, Cadence::Month)
    }

    /// The periods of `cadence` from the one of `from` to the one of `to`; at most 120.
    pub fn range(from: Date, to: Date, cadence: Cadence) -> Vec<Period> {
        let mut v = Vec::new();
        let mut p = Period::of(from, cadence);
        while p.start <= to && v.len() < 120 {
            v.push(p);
            p = p.next();
        }
        v
    }
}

/// Counts per indicator code; an indicator not recorded is absent (missing, not 0).
pub type Figures = BTreeMap<String, i64>;

/// An activity as stored (its team's ward is the activity's ward).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityData {
    pub held_on: Date,
    pub group_id: GroupId,
    pub kind: ActivityKind,
    pub place: Option<String>,
    pub note: Option<String>,
    pub counts: Figures,
}

/// The activity form as typed; `counts` holds the `n_<code>` fields.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ActivityForm {
    pub held_on: String,
    pub group_id: String,
    pub kind: String,
    pub place: String,
    pub note: String,
    #[serde(skip)]
    pub counts: BTreeMap<String, String>,
}

impl ActivityForm {
    /// Takes the count fields from the pairs a form sent.
    pub fn with_counts(mut self, pairs: &[(String, String)]) -> ActivityForm {
        for i in TeamIndicator::per_activity() {
            if let Some((_, v)) = pairs.iter().find(|(k, _)| *k == i.field()) {
                self.counts.insert(i.code.into(), v.clone());
            }
        }
        self
    }

    /// Parses the form. The date may not be after `today`; the attendance is required
    /// and no people indicator may exceed it.
    pub fn parse(&self, today: Date) -> Result<ActivityData, FieldErrors> {
        let mut e = FieldErrors::default();
        let held_on = e.check("held_on", dates::parse_date(&self.held_on));
        if held_on.is_some_and(|d| d > today) {
            e.add("held_on", "err-activity-future");
        }
        let group_id = match e.check("group_id", parse_optional_id::<GroupId>(&self.group_id)) {
            Some(Some(g)) => Some(g),
            Some(None) => {
                e.add("group_id", "err-required");
                None
            }
            None => None,
        };
        let kind = e.check("kind", ActivityKind::parse(&self.kind));
        let place = e.check("place", optional_text(&self.place, 200));
        let note = e.check("note", optional_text(&self.note, 1000));
        let counts = parse_counts(&mut e, TeamIndicator::per_activity(), &self.counts)
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect::<Figures>();
        match counts.get(ATTENDANCE) {
            None if e.get(ATTENDANCE_FIELD).is_none() => e.add(ATTENDANCE_FIELD, "err-required"),
            Some(&n) => {
                for i in TeamIndicator::per_activity().filter(|i| i.counts == Counts::People) {
                    if counts.get(i.code).is_some_and(|&p| p > n) {
                        e.add(field_name(i), "err-people-over-attendance");
                    }
                }
            }
            None => {}
        }
        parsed!(
            e,
            ActivityData {
                held_on,
                group_id,
                kind,
                place,
                note;
                counts: counts,
            }
        )
    }

    /// The form filled with a stored activity.
    pub fn from_data(a: &ActivityData) -> ActivityForm {
        ActivityForm {
            held_on: dates::format_iso(a.held_on),
            group_id: a.group_id.to_string(),
            kind: a.kind.as_str().into(),
            place: a.place.clone().unwrap_or_default(),
            note: a.note.clone().unwrap_or_default(),
            counts: figures_as_text(a.counts.iter().map(|(k, v)| (k.clone(), Some(*v)))),
        }
    }
}

const ATTENDANCE_FIELD: &str = "n_attendance";

/// The form field of an indicator, as a `'static` name for [`FieldErrors`].
fn field_name(i: &TeamIndicator) -> &'static str {
    match i.code {
        ATTENDANCE => ATTENDANCE_FIELD,
        "people_guided" => "n_people_guided",
        "vneid_activated" => "n_vneid_activated",
        "online_dossiers" => "n_online_dossiers",
        "cashless_started" => "n_cashless_started",
        "ecommerce_accounts" => "n_ecommerce_accounts",
        "skills_trained" => "n_skills_trained",
        HOUSEHOLDS_REACHED => "n_households_reached",
        _ => "n_household_share",
    }
}

/// Parses the typed counts of `indicators` (Vietnamese separators; empty is missing;
/// "mười hai", negatives and fractions are refused on their field).
fn parse_counts<'a>(
    e: &mut FieldErrors,
    indicators: impl Iterator<Item = &'a TeamIndicator>,
    typed: &BTreeMap<String, String>,
) -> BTreeMap<String, Option<i64>> {
    let mut out = BTreeMap::new();
    for i in indicators {
        let text = typed.get(i.code).map(String::as_str).unwrap_or("");
        if let Some(v) = e.check(field_name(i), parse_number(text)) {
            out.insert(i.code.to_string(), v);
        }
    }
    out
}

/// Figures as a form shows them (Vietnamese thousands separators).
fn figures_as_text(
    figures: impl Iterator<Item = (String, Option<i64>)>,
) -> BTreeMap<String, String> {
    figures
        .map(|(k, v)| (k, v.map(dotted).unwrap_or_default()))
        .collect()
}

/// A whole number with the Vietnamese thousands dot (as `parse_number` reads it back).
fn dotted(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// A period report's figures: every reported indicator, `None` when not given.
pub type ReportFigures = BTreeMap<String, Option<i64>>;

/// What activities add up to for a report: the sum per indicator over the activities,
/// absent where no activity recorded it.
pub fn sum_activities<'a>(activities: impl Iterator<Item = &'a Figures>) -> ReportFigures {
    let mut out = ReportFigures::new();
    for i in TeamIndicator::reported() {
        out.insert(i.code.into(), None);
    }
    for a in activities {
        for (k, v) in a {
            if let Some(slot) = out.get_mut(k) {
                *slot = Some(slot.unwrap_or(0).saturating_add(*v));
            }
        }
    }
    out
}

/// The report form as typed: the `n_<code>` fields of the reported indicators.
#[derive(Debug, Clone, Default)]
pub struct ReportForm {
    pub values: BTreeMap<String, String>,
}

impl ReportForm {
    pub fn from_pairs(pairs: &[(String, String)]) -> ReportForm {
        let mut values = BTreeMap::new();
        for i in TeamIndicator::reported() {
            if let Some((_, v)) = pairs.iter().find(|(k, _)| *k == i.field()) {
                values.insert(i.code.into(), v.clone());
            }
        }
        ReportForm { values }
    }

    pub fn from_figures(f: &ReportFigures) -> ReportForm {
        ReportForm {
            values: figures_as_text(f.iter().map(|(k, v)| (k.clone(), *v))),
        }
    }

    /// Parses the figures: empty stays missing; people never over the attendance.
    pub fn parse(&self) -> Result<ReportFigures, FieldErrors> {
        let mut e = FieldErrors::default();
        let figures = parse_counts(&mut e, TeamIndicator::reported(), &self.values);
        if let Some(Some(n)) = figures.get(ATTENDANCE) {
            for i in TeamIndicator::per_activity().filter(|i| i.counts == Counts::People) {
                if figures
                    .get(i.code)
                    .is_some_and(|p| p.is_some_and(|p| p > *n))
                {
                    e.add(field_name(i), "err-people-over-attendance");
                }
            }
        }
        if e.is_empty() { Ok(figures) } else { Err(e) }
    }
}

/// The field of one cell of a grid of targets: row `row`, indicator `code`.
pub fn target_field(row: i64, code: &str) -> String {
    format!("t{row}_{code}")
}

/// A month's targets as typed in a grid (a row per ward or team, a column per reported
/// indicator): every row's figures, empty = no target; or every bad cell (its field and
/// the i18n key of its message), nothing kept.
pub fn parse_target_grid(
    pairs: &[(String, String)],
    rows: &[i64],
) -> Result<BTreeMap<i64, ReportFigures>, Vec<(String, &'static str)>> {
    let mut out = BTreeMap::new();
    let mut errors = Vec::new();
    for &row in rows {
        let mut figures = ReportFigures::new();
        for i in TeamIndicator::reported() {
            let field = target_field(row, i.code);
            let text = pairs
                .iter()
                .find(|(k, _)| *k == field)
                .map(|(_, v)| v.as_str())
                .unwrap_or("");
            match parse_number(text) {
                Ok(v) => {
                    figures.insert(i.code.to_string(), v);
                }
                Err(key) => errors.push((field, key)),
            }
        }
        out.insert(row, figures);
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
    use time::macros::date;

    fn form(pairs: &[(&str, &str)]) -> ActivityForm {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        ActivityForm {
            held_on: get("held_on"),
            group_id: get("group_id"),
            kind: get("kind"),
            ..ActivityForm::default()
        }
        .with_counts(&pairs)
    }

    #[test]
    fn an_activity_counts_people_at_most_once_per_person_met() {
        let today = date!(2026 - 10 - 20);
        let ok = form(&[
            ("held_on", "05/10/2026"),
            ("group_id", "3"),
            ("kind", "door_to_door"),
            ("n_attendance", "1.200"),
            ("n_vneid_activated", "12"),
            ("n_online_dossiers", ""),
        ])
        .parse(today)
        .unwrap();
        assert_eq!(ok.counts.get(ATTENDANCE), Some(&1200));
        assert_eq!(ok.counts.get("vneid_activated"), Some(&12));
        // Not typed is missing, not 0.
        assert_eq!(ok.counts.get("online_dossiers"), None);

        let e = form(&[
            ("held_on", "05/10/2026"),
            ("group_id", "3"),
            ("kind", "door_to_door"),
            ("n_attendance", "10"),
            ("n_people_guided", "11"),
            // Events may outnumber the people met: one person, two dossiers.
            ("n_online_dossiers", "25"),
        ])
        .parse(today)
        .unwrap_err();
        assert_eq!(e.get("n_people_guided"), Some("err-people-over-attendance"));
        assert_eq!(e.get("n_online_dossiers"), None);
    }

    #[test]
    fn an_activity_refuses_words_negatives_the_future_and_no_attendance() {
        let today = date!(2026 - 10 - 20);
        let e = form(&[
            ("held_on", "21/10/2026"),
            ("group_id", ""),
            ("kind", "party"),
            ("n_vneid_activated", "mười hai"),
            ("n_skills_trained", "-3"),
        ])
        .parse(today)
        .unwrap_err();
        assert_eq!(e.get("held_on"), Some("err-activity-future"));
        assert_eq!(e.get("group_id"), Some("err-required"));
        assert_eq!(e.get("kind"), Some("err-choice"));
        assert_eq!(e.get("n_vneid_activated"), Some("err-number"));
        assert_eq!(e.get("n_skills_trained"), Some("err-number-negative"));
        assert_eq!(e.get("n_attendance"), Some("err-required"));
    }

    #[test]
    fn a_grid_of_targets_is_kept_whole_or_not_at_all() {
        let pairs: Vec<(String, String)> = [
            ("t7_attendance", "1.200"),
            ("t7_vneid_activated", ""),
            ("t9_attendance", "300"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let grid = parse_target_grid(&pairs, &[7, 9]).unwrap();
        assert_eq!(grid[&7]["attendance"], Some(1200));
        assert_eq!(grid[&7]["vneid_activated"], None, "empty is no target");
        assert_eq!(grid[&9]["attendance"], Some(300));
        let mut bad = pairs.clone();
        bad.push(("t9_skills_trained".into(), "mười".into()));
        bad.push(("t7_online_dossiers".into(), "-1".into()));
        let e = parse_target_grid(&bad, &[7, 9]).unwrap_err();
        assert_eq!(
            e,
            [
                ("t7_online_dossiers".to_string(), "err-number-negative"),
                ("t9_skills_trained".to_string(), "err-number"),
            ]
        );
    }

    #[test]
    fn months_have_keys_labels_and_ends() {
        let p = Period::month_of(date!(2028 - 02 - 14));
        assert_eq!(
            (p.start, p.end),
            (date!(2028 - 02 - 01), date!(2028 - 02 - 29))
        );
        assert_eq!(p.key(), "2028-02");
        assert_eq!(p.label(), "02/2028");
        assert_eq!(Period::parse_key("2028-02"), Ok(p));
        assert_eq!(p.next().key(), "2028-03");
        assert_eq!(p.previous().key(), "2028-01");
        assert_eq!(Period::parse_key(" 02/2028 "), Ok(p));
        for bad in [
            "2028-13", "28-02", "2028-2", "", "x-y", "1999-01", "2/2028", "13/2028",
        ] {
            assert_eq!(Period::parse_key(bad), Err("err-period"), "{bad}");
        }
        let m = Period::months(date!(2026 - 09 - 15), date!(2026 - 11 - 02));
        assert_eq!(
            m.iter().map(|p| p.key()).collect::<Vec<_>>(),
            ["2026-09", "2026-10", "2026-11"]
        );
        assert!(Period::months(date!(2026 - 09 - 15), date!(2026 - 08 - 01)).is_empty());
        // Quarters.
        let q = Period::of(date!(2026 - 11 - 20), Cadence::Quarter);
        assert_eq!(
            (q.start, q.end),
            (date!(2026 - 10 - 01), date!(2026 - 12 - 31))
        );
        assert_eq!(
            (q.key(), q.label(), q.quarter()),
            ("2026-q4".into(), "Q4/2026".into(), Some(4))
        );
        assert_eq!(Period::parse_key("2026-Q4"), Ok(q));
        assert_eq!(q.next().key(), "2027-q1");
        assert_eq!(q.previous().key(), "2026-q3");
        assert_eq!(Period::parse_key("2026-q5"), Err("err-period"));
        let r = Period::range(
            date!(2026 - 08 - 01),
            date!(2026 - 10 - 31),
            Cadence::Quarter,
        );
        assert_eq!(
            r.iter().map(|p| p.key()).collect::<Vec<_>>(),
            ["2026-q3", "2026-q4"]
        );
        assert_eq!(p.cadence(), Cadence::Month);
        assert_eq!(
            Period::months(date!(2000 - 01 - 01), date!(2100 - 01 - 01)).len(),
            120
        );
    }

    #[test]
    fn a_report_starts_from_its_activities_and_keeps_missing_apart_from_zero() {
        let a: Figures = [
            ("attendance".to_string(), 30),
            ("vneid_activated".into(), 4),
        ]
        .into();
        let b: Figures = [
            ("attendance".to_string(), 20),
            ("online_dossiers".into(), 0),
        ]
        .into();
        let sum = sum_activities([&a, &b].into_iter());
        assert_eq!(sum["attendance"], Some(50));
        assert_eq!(sum["vneid_activated"], Some(4));
        assert_eq!(sum["online_dossiers"], Some(0));
        assert_eq!(sum["skills_trained"], None);
        assert_eq!(sum[HOUSEHOLDS_REACHED], None);
        assert!(!sum.contains_key("household_share"));

        let typed = ReportForm::from_figures(&sum);
        assert_eq!(typed.values["attendance"], "50");
        assert_eq!(typed.parse().unwrap(), sum);
        let mut over = typed.clone();
        over.values.insert("skills_trained".into(), "51".into());
        assert_eq!(
            over.parse().unwrap_err().get("n_skills_trained"),
            Some("err-people-over-attendance")
        );
    }
}

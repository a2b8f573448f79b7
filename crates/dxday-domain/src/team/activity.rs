//! What a team does and reports: activities (door-to-door visits, guidance sessions,
//! training classes, a help desk at the ward) with counts per indicator, and a period
//! report's figures.
//!
//! Each indicator says whether it counts **events** (lượt: a person guided twice is two)
//! or **people** (người: a person is counted once, when the outcome is reached — an
//! account activated, a first cashless payment). People can never outnumber the
//! attendance of the activity that reached them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::Date;

use crate::errors::optional_text;
use crate::report::parse_number;
use crate::unit::parse_optional_id;
use crate::{FieldErrors, GroupId, dates};

use super::{ATTENDANCE, Counts, TeamIndicator};

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
            if let Some((_, v)) = pairs.iter().find(|(k, _)| k == i.field) {
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
        if !counts.contains_key(ATTENDANCE) && e.get(ATTENDANCE_FIELD).is_none() {
            e.add(ATTENDANCE_FIELD, "err-required");
        }
        people_within_attendance(&mut e, |code| counts.get(code).copied());
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

/// Refuses, on its field, each people indicator above the attendance (when given).
fn people_within_attendance(e: &mut FieldErrors, value: impl Fn(&str) -> Option<i64>) {
    let Some(n) = value(ATTENDANCE) else {
        return;
    };
    for i in TeamIndicator::per_activity().filter(|i| i.counts == Counts::People) {
        if value(i.code).is_some_and(|p| p > n) {
            e.add(i.field, "err-people-over-attendance");
        }
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
        if let Some(v) = e.check(i.field, parse_number(text)) {
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
            if let Some((_, v)) = pairs.iter().find(|(k, _)| k == i.field) {
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
        people_within_attendance(&mut e, |code| figures.get(code).copied().flatten());
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
    use crate::team::HOUSEHOLDS_REACHED;
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

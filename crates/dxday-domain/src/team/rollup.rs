//! The roll-up of the teams' period reports: team → residential group → ward → the
//! whole office, for any range of months. A value no report gave stays empty (never a
//! silent 0), and every total carries its completeness: the reports received over the
//! reports expected.

use std::collections::BTreeMap;

use serde::Serialize;
use time::Date;

use super::{ReportFigures, Rollup, TEAM_INDICATORS};
use crate::TeamId;

/// A team's latest value of a running figure in the range, with its group's households.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LatestValue {
    pub team: TeamId,
    pub code: String,
    /// The start of the period that gave it.
    pub period_start: Date,
    pub value: i64,
    pub households: Option<i64>,
}

/// What the reports of a set of teams add up to over a range: the sums of the summed
/// indicators (absent when no report gave one), the latest value of each running
/// figure per team, and the reports received and due. The database sums; the running
/// figures come in as reported ([`Sums::add_running`] keeps each team's latest).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sums {
    pub sums: BTreeMap<String, i64>,
    pub latest: Vec<LatestValue>,
    pub received: i64,
    pub expected: i64,
}

impl Sums {
    /// A team's reported value of a running figure: kept when it is the team's latest.
    pub fn add_running(&mut self, v: LatestValue) {
        match self
            .latest
            .iter_mut()
            .find(|l| l.team == v.team && l.code == v.code)
        {
            Some(l) if l.period_start <= v.period_start => *l = v,
            Some(_) => {}
            None => self.latest.push(v),
        }
    }

    /// Adds another set of teams' sums (a ward's to the office's total).
    pub fn add(&mut self, other: &Sums) {
        for (k, v) in &other.sums {
            let slot = self.sums.entry(k.clone()).or_insert(0);
            *slot = slot.saturating_add(*v);
        }
        self.latest.extend(other.latest.iter().cloned());
        self.received += other.received;
        self.expected += other.expected;
    }
}

/// The figures of a set of teams over a range.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Tally {
    /// Per indicator code; `None` when no report gave it.
    pub values: BTreeMap<&'static str, Option<i64>>,
    /// Reports received and expected.
    pub received: i64,
    pub expected: i64,
}

impl Tally {
    /// The tally of sums: running figures are the teams' latest values summed; the
    /// households' share counts only the teams that gave the figure and whose group's
    /// households are known (a team that did not report does not pull it down).
    pub fn from_sums(s: &Sums) -> Tally {
        let mut values = BTreeMap::new();
        for i in &TEAM_INDICATORS {
            let value = match i.rollup {
                Rollup::Sum => s.sums.get(i.code).copied(),
                Rollup::Latest => sum(s
                    .latest
                    .iter()
                    .filter(|l| l.code == i.code)
                    .map(|l| l.value)),
                Rollup::HouseholdShare { numerator } => {
                    let (mut num, mut den) = (0i64, 0i64);
                    for l in s.latest.iter().filter(|l| l.code == numerator) {
                        if let Some(h) = l.households {
                            num = num.saturating_add(l.value);
                            den = den.saturating_add(h);
                        }
                    }
                    // Per ten thousand, so the share keeps two decimals.
                    (den > 0).then(|| num.saturating_mul(10_000) / den)
                }
            };
            values.insert(i.code, value);
        }
        Tally {
            values,
            received: s.received,
            expected: s.expected,
        }
    }

    /// The value of an indicator (`None`: not reported).
    pub fn value(&self, code: &str) -> Option<i64> {
        self.values.get(code).copied().flatten()
    }

    /// The figures as a ward's report stores them (the computed share left out).
    pub fn figures(&self) -> ReportFigures {
        super::TeamIndicator::reported()
            .map(|i| (i.code.to_string(), self.value(i.code)))
            .collect()
    }

    /// Received over expected, in per cent rounded down; `None` when nothing was expected.
    pub fn completeness(&self) -> Option<i64> {
        (self.expected > 0).then(|| self.received.min(self.expected) * 100 / self.expected)
    }
}

fn sum(values: impl Iterator<Item = i64>) -> Option<i64> {
    values.fold(None, |acc, v| Some(acc.unwrap_or(0i64).saturating_add(v)))
}

#[cfg(test)]
mod tests {
    use super::super::{HOUSEHOLDS_REACHED, ReportFigures, TeamIndicator};
    use super::*;
    use time::macros::date;

    /// A team's report that counts (approved by its ward), with what the roll-up needs.
    #[derive(Debug, Clone, PartialEq, Eq)]
    struct ReceivedReport {
        team: TeamId,
        /// The households of the team's group, when the ward recorded them.
        households: Option<i64>,
        period_start: Date,
        figures: ReportFigures,
    }

    /// The sums of `reports` as the store makes them: the summed indicators added, the
    /// running ones kept per team.
    fn sums(reports: &[&ReceivedReport], expected: i64) -> Sums {
        let mut s = Sums {
            received: reports.len() as i64,
            expected,
            ..Sums::default()
        };
        for r in reports {
            for (code, v) in &r.figures {
                let Some(v) = v else { continue };
                match TeamIndicator::find(code).map(|i| i.rollup) {
                    Some(Rollup::Sum) => *s.sums.entry(code.clone()).or_insert(0) += v,
                    Some(Rollup::Latest) => s.add_running(LatestValue {
                        team: r.team,
                        code: code.clone(),
                        period_start: r.period_start,
                        value: *v,
                        households: r.households,
                    }),
                    _ => {}
                }
            }
        }
        s
    }

    fn tally(reports: &[&ReceivedReport], expected: i64) -> Tally {
        Tally::from_sums(&sums(reports, expected))
    }

    fn report(
        team: i64,
        households: Option<i64>,
        start: Date,
        f: &[(&str, Option<i64>)],
    ) -> ReceivedReport {
        ReceivedReport {
            team: TeamId(team),
            households,
            period_start: start,
            figures: f.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        }
    }

    #[test]
    fn missing_stays_empty_and_completeness_counts_reports() {
        let sep = date!(2026 - 09 - 01);
        let oct = date!(2026 - 10 - 01);
        let a = report(
            1,
            Some(200),
            sep,
            &[("attendance", Some(40)), ("vneid_activated", None)],
        );
        let b = report(
            1,
            Some(200),
            oct,
            &[("attendance", Some(60)), ("vneid_activated", Some(0))],
        );
        let c = report(2, Some(300), oct, &[("attendance", Some(10))]);
        // Three teams over two months owe six reports.
        let t = tally(&[&a, &b, &c], 6);
        assert_eq!(t.value("attendance"), Some(110));
        // Reported as 0 once: 0, not empty.
        assert_eq!(t.value("vneid_activated"), Some(0));
        // Never reported: empty, not 0.
        assert_eq!(t.value("skills_trained"), None);
        assert_eq!((t.received, t.expected, t.completeness()), (3, 6, Some(50)));
        assert_eq!(tally(&[], 0).completeness(), None);
        assert_eq!(tally(&[], 4).value("attendance"), None);
    }

    #[test]
    fn running_figures_take_each_team_s_latest_and_shares_are_ratios_of_sums() {
        let sep = date!(2026 - 09 - 01);
        let oct = date!(2026 - 10 - 01);
        // Team 1 (100 households) reached 50 by September, 80 by October; team 2 (300
        // households) reached 30; team 3 reported nothing of it.
        let r = [
            report(1, Some(100), oct, &[(HOUSEHOLDS_REACHED, Some(80))]),
            report(1, Some(100), sep, &[(HOUSEHOLDS_REACHED, Some(50))]),
            report(2, Some(300), sep, &[(HOUSEHOLDS_REACHED, Some(30))]),
            report(3, Some(1000), oct, &[(HOUSEHOLDS_REACHED, None)]),
        ];
        let t = tally(&r.iter().collect::<Vec<_>>(), 6);
        assert_eq!(t.value(HOUSEHOLDS_REACHED), Some(110));
        // (80 + 30) / (100 + 300) = 27.50 %, not the mean of 80 % and 10 % (45 %), and
        // team 3, which did not report, does not pull it to 7.86 %.
        assert_eq!(t.value("household_share"), Some(2750));
        assert!(!t.figures().contains_key("household_share"));
        assert_eq!(t.figures()[HOUSEHOLDS_REACHED], Some(110));
        // Summed per ward, then added up, the same.
        let mut a = sums(&[&r[0], &r[1]], 2);
        a.add(&sums(&[&r[2], &r[3]], 4));
        assert_eq!(Tally::from_sums(&a), t);
    }
}

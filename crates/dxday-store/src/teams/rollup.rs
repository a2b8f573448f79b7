//! The roll-up of the teams' approved reports for a range of months, at one level (per
//! ward, per residential group or per team) and for the whole, each line with its
//! completeness. The database sums each line's figures (a value nobody gave stays NULL,
//! so missing is never 0); only the running figures are read per team and report, and
//! `Sums::add_running` keeps each team's latest.

use std::collections::BTreeMap;

use dxday_domain::team::{LatestValue, Period, Rollup as Rule, Sums, TEAM_INDICATORS, Tally};

use super::*;
use crate::time_text::date;

/// The level of a roll-up's lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Ward,
    Group,
    Team,
}

impl Level {
    /// The line's key, a column of the team `t`.
    fn key(self) -> &'static str {
        match self {
            Level::Ward => "t.ward_id",
            Level::Group => "t.group_id",
            Level::Team => "t.id",
        }
    }

    /// The line's label.
    fn label(self) -> &'static str {
        match self {
            Level::Ward => "u.name",
            Level::Group => "g.code || ' – ' || g.name",
            Level::Team => "t.name",
        }
    }
}

/// Which wards a roll-up covers: a scope's, or one ward's (its own period report).
enum Wards<'a> {
    Scope(&'a Scope),
    One(UnitId),
}

impl Wards<'_> {
    fn on(&self, column: &str) -> String {
        match self {
            Wards::Scope(s) => unit_is(s, column),
            Wards::One(w) => format!("{column} = {}", w.0),
        }
    }
}

/// One line of the roll-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RollupLine {
    pub key: i64,
    pub ward_id: UnitId,
    pub label: String,
    pub tally: Tally,
    /// Activities recorded in the range (reported or not yet).
    pub activities: i64,
    /// The targets of the range per indicator (a ward's: the office's; a group's or a
    /// team's: the ward's); absent where none was given.
    pub targets: BTreeMap<String, i64>,
}

impl RollupLine {
    /// The value of `code` against its target, in per cent (`None` without either).
    pub fn progress(&self, code: &str) -> Option<i64> {
        let target = *self.targets.get(code)?;
        let value = self.tally.value(code)?;
        (target > 0).then(|| value.saturating_mul(100) / target)
    }
}

/// The roll-up of a scope over a range of months.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rollup {
    pub months: Vec<Period>,
    pub lines: Vec<RollupLine>,
    pub total: RollupLine,
}

/// The roll-up of the scope's teams over `months`, a line per `level`: an active team
/// owes one report a month; a merged or dissolved team owes none, but what it sent
/// still counts.
pub async fn rollup(
    db: &Db,
    scope: &Scope,
    months: &[Period],
    level: Level,
) -> Result<Rollup, StoreError> {
    rollup_of(db, &Wards::Scope(scope), months, level).await
}

/// One ward's tally over `months` (for its own period report: the web checks that the
/// account may see the ward).
pub async fn ward_rollup(db: &Db, ward: UnitId, months: &[Period]) -> Result<Tally, StoreError> {
    let r = rollup_of(db, &Wards::One(ward), months, Level::Ward).await?;
    Ok(r.total.tally)
}

async fn rollup_of(
    db: &Db,
    wards: &Wards<'_>,
    months: &[Period],
    level: Level,
) -> Result<Rollup, StoreError> {
    let (from, to) = match (months.first(), months.last()) {
        (Some(f), Some(l)) => (f.start, l.end),
        _ => {
            let total = RollupLine {
                key: 0,
                ward_id: UnitId(0),
                label: String::new(),
                tally: Tally::default(),
                activities: 0,
                targets: BTreeMap::new(),
            };
            return Ok(Rollup {
                months: Vec::new(),
                lines: Vec::new(),
                total,
            });
        }
    };
    let (key, on_t) = (level.key(), wards.on("t.ward_id"));
    let first_month = date_text(from);
    let last_month = months
        .last()
        .map(|p| date_text(p.start))
        .unwrap_or_default();
    // The lines, with the reports their active teams owe.
    let lines = sqlx::query_as::<Any, (i64, i64, String, i64)>(sqlx::AssertSqlSafe(format!(
        "SELECT {key}, t.ward_id, {label}, CAST(SUM(CASE WHEN t.status = 'active' THEN 1 ELSE 0 END) AS BIGINT)
         FROM community_teams t
         JOIN units u ON u.id = t.ward_id
         JOIN residential_groups g ON g.id = t.group_id
         WHERE {on_t}
         GROUP BY {key}, t.ward_id, {label}, u.name
         ORDER BY u.name, t.ward_id, {label}, {key}",
        label = level.label()
    )))
    .fetch_all(db.pool())
    .await?;
    let from_reports = "FROM team_reports r
         JOIN community_teams t ON t.id = r.team_id
         JOIN residential_groups g ON g.id = t.group_id";
    let approved = format!(
        "WHERE r.team_id IS NOT NULL AND r.status = 'approved' AND r.period_start >= $1 AND r.period_start <= $2
           AND {on_t}"
    );
    let summed: Vec<&str> = TEAM_INDICATORS
        .iter()
        .filter(|i| i.rollup == Rule::Sum)
        .map(|i| i.code)
        .collect();
    let running: Vec<&str> = TEAM_INDICATORS
        .iter()
        .filter(|i| i.rollup == Rule::Latest)
        .map(|i| i.code)
        .collect();
    let quoted = |codes: &[&str]| {
        codes
            .iter()
            .map(|c| format!("'{c}'"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let values = "JOIN team_report_values v ON v.report_id = r.id";
    let sums = sqlx::query_as::<Any, (i64, String, i64)>(sqlx::AssertSqlSafe(format!(
        "SELECT {key}, v.indicator, CAST(SUM(v.value) AS BIGINT)
         {from_reports} {values} {approved} AND v.value IS NOT NULL AND v.indicator IN ({})
         GROUP BY {key}, v.indicator",
        quoted(&summed)
    )))
    .bind(&first_month)
    .bind(&last_month)
    .fetch_all(db.pool())
    .await?;
    let latest = sqlx::query_as::<Any, (i64, i64, String, String, i64, Option<i64>)>(
        sqlx::AssertSqlSafe(format!(
            "SELECT {key}, r.team_id, r.period_start, v.indicator, v.value, g.households
             {from_reports} {values} {approved} AND v.value IS NOT NULL AND v.indicator IN ({})",
            quoted(&running)
        )),
    )
    .bind(&first_month)
    .bind(&last_month)
    .fetch_all(db.pool())
    .await?;
    let received = sqlx::query_as::<Any, (i64, i64)>(sqlx::AssertSqlSafe(format!(
        "SELECT {key}, COUNT(*) {from_reports} {approved} GROUP BY {key}"
    )))
    .bind(&first_month)
    .bind(&last_month)
    .fetch_all(db.pool())
    .await?;
    // Activities by the team's line (a ward's: straight from the activity's ward).
    let activities_sql = match level {
        Level::Ward => format!(
            "SELECT a.ward_id, COUNT(*) FROM team_activities a
             WHERE a.held_on >= $1 AND a.held_on <= $2 AND {} GROUP BY a.ward_id",
            wards.on("a.ward_id")
        ),
        _ => format!(
            "SELECT {key}, COUNT(*) FROM team_activities a JOIN community_teams t ON t.id = a.team_id
             WHERE a.held_on >= $1 AND a.held_on <= $2 AND {on_t} GROUP BY {key}"
        ),
    };
    let activities: BTreeMap<i64, i64> =
        sqlx::query_as::<Any, (i64, i64)>(sqlx::AssertSqlSafe(activities_sql))
            .bind(date_text(from))
            .bind(date_text(to))
            .fetch_all(db.pool())
            .await?
            .into_iter()
            .collect();
    // Targets: summed over the months, a running figure's the largest (its last).
    let targets_sql = match level {
        Level::Ward => format!(
            "SELECT tg.ward_id, tg.indicator, CAST(SUM(tg.value) AS BIGINT), MAX(tg.value) FROM team_targets tg
             WHERE tg.team_id IS NULL AND tg.period_start >= $1 AND tg.period_start <= $2 AND {}
             GROUP BY tg.ward_id, tg.indicator",
            wards.on("tg.ward_id")
        ),
        _ => format!(
            "SELECT {key}, tg.indicator, CAST(SUM(tg.value) AS BIGINT), MAX(tg.value) FROM team_targets tg
             JOIN community_teams t ON t.id = tg.team_id
             WHERE tg.period_start >= $1 AND tg.period_start <= $2 AND {on_t}
             GROUP BY {key}, tg.indicator"
        ),
    };
    let mut targets: BTreeMap<i64, BTreeMap<String, i64>> = BTreeMap::new();
    for (k, code, sum, max) in
        sqlx::query_as::<Any, (i64, String, i64, i64)>(sqlx::AssertSqlSafe(targets_sql))
            .bind(&first_month)
            .bind(&last_month)
            .fetch_all(db.pool())
            .await?
    {
        let running = TEAM_INDICATORS
            .iter()
            .any(|i| i.code == code && i.rollup == Rule::Latest);
        targets
            .entry(k)
            .or_default()
            .insert(code, if running { max } else { sum });
    }

    let mut by_line: BTreeMap<i64, Sums> = BTreeMap::new();
    for (k, code, v) in sums {
        by_line.entry(k).or_default().sums.insert(code, v);
    }
    for (k, team, start, code, value, households) in latest {
        by_line.entry(k).or_default().add_running(LatestValue {
            team: TeamId(team),
            code,
            period_start: date(&start)?,
            value,
            households,
        });
    }
    for (k, n) in received {
        by_line.entry(k).or_default().received = n;
    }
    let owed = months.len() as i64;
    let mut total_sums = Sums::default();
    let mut total_activities = 0;
    let mut total_targets: BTreeMap<String, i64> = BTreeMap::new();
    let lines = lines
        .into_iter()
        .map(|(k, ward, label, active)| {
            let mut s = by_line.remove(&k).unwrap_or_default();
            s.expected = active * owed;
            total_sums.add(&s);
            let activities = activities.get(&k).copied().unwrap_or(0);
            total_activities += activities;
            let targets = targets.remove(&k).unwrap_or_default();
            for (code, v) in &targets {
                *total_targets.entry(code.clone()).or_insert(0) += v;
            }
            RollupLine {
                key: k,
                ward_id: UnitId(ward),
                label,
                tally: Tally::from_sums(&s),
                activities,
                targets,
            }
        })
        .collect();
    Ok(Rollup {
        months: months.to_vec(),
        lines,
        total: RollupLine {
            key: 0,
            ward_id: UnitId(0),
            label: String::new(),
            tally: Tally::from_sums(&total_sums),
            activities: total_activities,
            targets: total_targets,
        },
    })
}

//! The figures of every indicator of a campaign, per unit: computed from dxday's own
//! records (a count missing there is 0: dxday holds every such record; a share of
//! nothing stays empty), read from the units' approved reports and from imports (a
//! figure nobody gave stays empty, with completeness). One statement per indicator,
//! grouped by unit, so the cost does not grow with the number of units per query.

use std::collections::{BTreeMap, BTreeSet};

use dxday_domain::indicator::{
    Completeness, Figure, Indicator, Level, RollUp, Source, Target, TargetLevel, average, roll_up,
};
use dxday_domain::unit::UnitKind;
use dxday_domain::{CampaignId, Scope, UnitId};
use serde::Serialize;
use sqlx::Any;
use time::Date;

use crate::campaigns::Campaign;
use crate::time_text::{date, date_text};
use crate::units::Unit;
use crate::{Db, StoreError};

/// A value imported for the whole, with where it was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportNote {
    pub snapshot_on: Date,
    pub source_url: String,
}

/// One indicator's figures within a scope.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorFigures {
    pub indicator: Indicator,
    /// The figure of each unit in the scope that has one.
    pub by_unit: BTreeMap<UnitId, Figure>,
    /// The scope's whole: the units' figures rolled up (an imported index: the value
    /// imported for the whole, seen only by the office).
    pub whole: Option<Figure>,
    /// The average ward's figure, in thousandths, over every ward (an aggregate: no
    /// ward's detail).
    pub ward_average: Option<i64>,
    /// How many of the units expected in the scope gave a figure.
    pub completeness: Completeness,
    /// The units in the scope expected to give one.
    pub expected: BTreeSet<UnitId>,
    /// Whether a unit's missing figure means "not reported" (reports, imports) rather
    /// than 0 or "nothing to share of".
    pub reported: bool,
    pub import: Option<ImportNote>,
    pub target_unit: Option<Target>,
    pub target_whole: Option<Target>,
}

/// The campaign's indicators within a scope.
#[derive(Debug, Clone, Serialize)]
pub struct Board {
    pub campaign: Campaign,
    /// The units taking part that the scope covers, by kind then name.
    pub units: Vec<Unit>,
    pub rows: Vec<IndicatorFigures>,
    /// Frame downloads per day of the display window, within the scope.
    pub daily_downloads: Vec<(Date, i64)>,
    /// Identity kit downloads per day of the display window (the kit is public: the
    /// same for every scope).
    pub daily_kit_downloads: Vec<(Date, i64)>,
}

/// Rows of `(unit, a, b)`: a count (`b` unused) or a share (`a` of `b`).
async fn grouped(
    db: &Db,
    sql: &str,
    binds: &[String],
) -> Result<Vec<(i64, i64, Option<i64>)>, StoreError> {
    let mut q =
        sqlx::query_as::<Any, (i64, i64, Option<i64>)>(sqlx::AssertSqlSafe(sql.to_string()));
    for b in binds {
        q = q.bind(b.clone());
    }
    Ok(q.fetch_all(db.pool()).await?)
}

/// What a source gives for every unit that has records.
struct Raw {
    by_unit: BTreeMap<UnitId, Figure>,
    whole: Option<Figure>,
    import: Option<ImportNote>,
    /// The units asked for a figure (reports) or expected to have one (imports).
    expected: Option<BTreeSet<UnitId>>,
}

impl Raw {
    fn of(by_unit: BTreeMap<UnitId, Figure>) -> Raw {
        Raw {
            by_unit,
            whole: None,
            import: None,
            expected: None,
        }
    }
}

/// Shares from `(unit, part, whole)` rows; a unit with nothing to share of has none.
fn shares(rows: Vec<(i64, i64, Option<i64>)>) -> BTreeMap<UnitId, Figure> {
    rows.into_iter()
        .filter_map(|(u, part, whole)| {
            let whole = whole.unwrap_or(0);
            (whole > 0).then_some((UnitId(u), Figure::Share { part, whole }))
        })
        .collect()
}

/// Counts from `(unit, n, _)` rows.
fn counts(rows: Vec<(i64, i64, Option<i64>)>) -> BTreeMap<UnitId, Figure> {
    rows.into_iter()
        .map(|(u, n, _)| (UnitId(u), Figure::Count(n)))
        .collect()
}

/// The statement of a source dxday computes, with its binds: `(unit, part, whole)` for a
/// share, `(unit, n, NULL)` for a count. `c`'s id and year are integers of the database,
/// written into the statement.
fn computed_sql(source: Source, code: &str, c: &Campaign) -> (String, Vec<String>) {
    let (cid, year) = (c.id.0, c.data.year);
    let yes = |cond: &str| format!("CAST(SUM(CASE WHEN {cond} THEN 1 ELSE 0 END) AS BIGINT)");
    const ALL: &str = "CAST(COUNT(*) AS BIGINT)";
    const NONE: &str = "CAST(NULL AS BIGINT)";
    let (from, to) = (date_text(c.data.starts_on), date_text(c.data.ends_on));
    match source {
        Source::KitDisplay => (
            format!(
                "SELECT unit_id, {}, {ALL} FROM display_evidence WHERE campaign_id = {cid} GROUP BY unit_id",
                yes("shown_from <= $1 AND shown_to >= $2")
            ),
            vec![date_text(c.data.display_from), date_text(c.data.display_to)],
        ),
        Source::Avatar => (
            format!(
                "SELECT u.id, CAST(COALESCE(SUM(d.downloads), 0) AS BIGINT), u.staff_count FROM units u
                 LEFT JOIN frame_downloads d ON d.unit_key = u.id
                   AND d.frame_id IN (SELECT id FROM frames WHERE campaign_id = {cid})
                 WHERE u.staff_count > 0 GROUP BY u.id, u.staff_count"
            ),
            vec![],
        ),
        Source::DocumentsConfirmed => (
            format!(
                "SELECT dr.unit_id, {}, {ALL} FROM document_recipients dr JOIN documents d ON d.id = dr.document_id
                 WHERE d.status = 'issued' AND d.year = {year} AND dr.delivered_at IS NOT NULL GROUP BY dr.unit_id",
                yes("dr.acknowledged_at IS NOT NULL")
            ),
            vec![],
        ),
        Source::TasksDone => (
            format!(
                "SELECT a.unit_id, {}, {ALL} FROM task_assignments a JOIN tasks t ON t.id = a.task_id
                 WHERE t.campaign_id = {cid} AND a.role <> 'watch' GROUP BY a.unit_id",
                yes("a.progress >= 100")
            ),
            vec![],
        ),
        Source::ReportsSent => (
            format!(
                "SELECT t.unit_id, {}, {ALL} FROM report_targets t JOIN report_requests q ON q.id = t.request_id
                 LEFT JOIN unit_reports r ON r.request_id = t.request_id AND r.unit_id = t.unit_id
                 WHERE q.campaign_id = {cid} GROUP BY t.unit_id",
                yes("r.status IN ('submitted', 'approved')")
            ),
            vec![],
        ),
        Source::CashlessMerchants => (
            format!(
                "SELECT unit_id, {}, {ALL} FROM merchants GROUP BY unit_id",
                yes("accepts_qr + accepts_card + accepts_ewallet > 0")
            ),
            vec![],
        ),
        Source::PaymentStreets => (
            format!(
                "SELECT unit_id, {ALL}, {NONE} FROM payment_streets
                 WHERE status = 'launched' AND (launch_date IS NULL OR launch_date <= $1) GROUP BY unit_id"
            ),
            vec![to],
        ),
        Source::Teams => (
            format!(
                "SELECT ward_id, {ALL}, {NONE} FROM community_teams WHERE status = 'active' GROUP BY ward_id"
            ),
            vec![],
        ),
        Source::TeamMembers => (
            format!(
                "SELECT m.ward_id, {ALL}, {NONE} FROM team_members m JOIN community_teams t ON t.id = m.team_id
                 WHERE t.status = 'active' AND m.left_on IS NULL GROUP BY m.ward_id"
            ),
            vec![],
        ),
        Source::TeamActivities => (
            format!(
                "SELECT a.ward_id, CAST(SUM(n.value) AS BIGINT), {NONE} FROM team_activity_counts n
                 JOIN team_activities a ON a.id = n.activity_id
                 WHERE n.indicator = $1 AND a.held_on >= $2 AND a.held_on <= $3 GROUP BY a.ward_id"
            ),
            vec![code.to_string(), from, to],
        ),
        Source::Awards => (
            format!(
                "SELECT n.unit_id, {ALL}, {NONE} FROM award_entries e
                 JOIN award_decisions ad ON ad.id = e.decision_id JOIN documents d ON d.id = ad.document_id
                 JOIN nominations n ON n.id = e.nomination_id
                 WHERE d.status = 'issued' AND d.year = {year} AND e.revoked_at IS NULL GROUP BY n.unit_id"
            ),
            vec![],
        ),
        Source::Offers | Source::UnitReport | Source::Import => (String::new(), vec![]),
    }
}

async fn raw(db: &Db, i: &Indicator, c: &Campaign) -> Result<Raw, StoreError> {
    let cid = c.id.0;
    let code = i.data.source_code.clone().unwrap_or_default();
    match i.data.source {
        Source::Offers => {
            let n = sqlx::query_scalar::<Any, i64>(sqlx::AssertSqlSafe(format!(
                "SELECT CAST(COUNT(*) AS BIGINT) FROM consumption_offers WHERE campaign_id = {cid}"
            )))
            .fetch_one(db.pool())
            .await?;
            Ok(Raw {
                whole: Some(Figure::Count(n)),
                ..Raw::of(BTreeMap::new())
            })
        }
        Source::UnitReport => {
            // Each unit's approved figure of the latest request that asks for it.
            let given = format!(
                "SELECT r.unit_id, v.number, CAST(NULL AS BIGINT) FROM report_values v
                 JOIN unit_reports r ON r.id = v.report_id JOIN report_indicators i ON i.id = v.indicator_id
                 JOIN report_requests q ON q.id = r.request_id
                 WHERE q.campaign_id = {cid} AND i.code = $1 AND r.status = 'approved' AND v.number IS NOT NULL
                 ORDER BY q.due_on, q.id"
            );
            let asked = format!(
                "SELECT DISTINCT t.unit_id, CAST(0 AS BIGINT), CAST(NULL AS BIGINT) FROM report_targets t
                 JOIN report_indicators i ON i.request_id = t.request_id JOIN report_requests q ON q.id = t.request_id
                 WHERE q.campaign_id = {cid} AND i.code = $1"
            );
            let binds = [code];
            let asked = grouped(db, &asked, &binds).await?;
            Ok(Raw {
                expected: Some(asked.into_iter().map(|(u, _, _)| UnitId(u)).collect()),
                ..Raw::of(counts(grouped(db, &given, &binds).await?))
            })
        }
        Source::Import => {
            let rows = sqlx::query_as::<Any, (Option<i64>, i64, String, String)>(
                sqlx::AssertSqlSafe(format!(
                    "SELECT unit_id, milli, snapshot_on, source_url FROM indicator_imports
                     WHERE indicator_id = {} AND campaign_id = {cid} ORDER BY id",
                    i.id.0
                )),
            )
            .fetch_all(db.pool())
            .await?;
            let mut out = Raw::of(BTreeMap::new());
            for (unit, milli, on, url) in rows {
                match unit {
                    Some(u) => {
                        out.by_unit.insert(UnitId(u), Figure::Score(milli));
                    }
                    None => {
                        out.whole = Some(Figure::Score(milli));
                        out.import = Some(ImportNote {
                            snapshot_on: date(&on)?,
                            source_url: url,
                        });
                    }
                }
            }
            Ok(out)
        }
        source => {
            let (sql, binds) = computed_sql(source, &code, c);
            let rows = grouped(db, &sql, &binds).await?;
            Ok(Raw::of(if source == Source::Avatar {
                // A unit cannot have more staff with the frame than staff: the
                // downloads through its link count up to its staff.
                shares(
                    rows.into_iter()
                        .map(|(u, part, whole)| (u, part.min(whole.unwrap_or(0)), whole))
                        .collect(),
                )
            } else if source.is_share() {
                shares(rows)
            } else {
                counts(rows)
            }))
        }
    }
}

/// The units taking part in `c`: every unit in force but the campaign's issuer.
async fn participants(db: &Db, c: &Campaign) -> Result<Vec<Unit>, StoreError> {
    let mut units: Vec<Unit> = crate::units::directory(db)
        .await?
        .into_iter()
        .filter(|u| !u.archived && Some(u.id) != c.data.issuer_unit_id)
        .collect();
    units.sort_by(|a, b| {
        (a.data.kind as u8)
            .cmp(&(b.data.kind as u8))
            .then_with(|| dxday_domain::collation::compare(&a.data.name, &b.data.name))
    });
    Ok(units)
}

/// Who looks at the board: which units they may see in detail, whether they see the
/// whole, and which frame downloads they count.
struct View<'a> {
    covers: &'a (dyn Fn(UnitId) -> bool + Sync),
    sees_all: bool,
    downloads: String,
    public_only: bool,
}

/// The campaign's indicators (those in force on its day) within `scope`: the office
/// sees every unit; a unit sees its own figures and the wards' average, never another
/// unit's. `None` when there is no such campaign.
pub async fn board(
    db: &Db,
    scope: &Scope,
    campaign: CampaignId,
) -> Result<Option<Board>, StoreError> {
    let covers = |u: UnitId| scope.covers(u);
    let view = View {
        covers: &covers,
        sees_all: scope.sees_all(),
        downloads: crate::scope_sql::unit_is(scope, "d.unit_key"),
        public_only: false,
    };
    board_in(db, &view, campaign).await
}

/// The public indicators of a campaign for every unit: aggregates of the units' own
/// records and reports, no person's data.
pub async fn public_board(db: &Db, campaign: CampaignId) -> Result<Option<Board>, StoreError> {
    let view = View {
        covers: &|_| true,
        sees_all: true,
        downloads: "1 = 1".into(),
        public_only: true,
    };
    board_in(db, &view, campaign).await
}

async fn board_in(
    db: &Db,
    view: &View<'_>,
    campaign: CampaignId,
) -> Result<Option<Board>, StoreError> {
    let Some(c) = crate::campaigns::get(db, campaign).await? else {
        return Ok(None);
    };
    let all_units = participants(db, &c).await?;
    let wards: BTreeSet<UnitId> = all_units
        .iter()
        .filter(|u| u.data.kind == UnitKind::Ward)
        .map(|u| u.id)
        .collect();
    let units: Vec<Unit> = all_units
        .iter()
        .filter(|u| (view.covers)(u.id))
        .cloned()
        .collect();
    let in_scope: BTreeSet<UnitId> = units.iter().map(|u| u.id).collect();
    let targets = super::targets(db, c.data.year).await?;
    let mut rows = Vec::new();
    for i in super::list(db).await? {
        if !i.in_force(c.data.day_on) || (view.public_only && !i.data.public) {
            continue;
        }
        let mut raw = raw(db, &i, &c).await?;
        let reported = !i.data.source.is_computed();
        if i.data.source.is_computed() && !i.data.source.is_share() && !i.data.source.whole_only() {
            for u in &all_units {
                raw.by_unit.entry(u.id).or_insert(Figure::Count(0));
            }
        }
        let ward_figures: Vec<Figure> = raw
            .by_unit
            .iter()
            .filter(|(u, _)| wards.contains(u))
            .map(|(_, f)| *f)
            .collect();
        let ward_average = average(&ward_figures);
        let expected: BTreeSet<UnitId> = match (&raw.expected, i.data.source) {
            (Some(asked), _) => asked.intersection(&in_scope).copied().collect(),
            (None, Source::Import) if i.data.level == Level::Unit && !raw.by_unit.is_empty() => {
                wards.intersection(&in_scope).copied().collect()
            }
            (None, Source::Import) => BTreeSet::new(),
            (None, _) if i.data.source.whole_only() => BTreeSet::new(),
            (None, _) => in_scope.clone(),
        };
        let by_unit: BTreeMap<UnitId, Figure> = raw
            .by_unit
            .into_iter()
            .filter(|(u, _)| in_scope.contains(u))
            .collect();
        let completeness = Completeness {
            reported: expected.iter().filter(|u| by_unit.contains_key(u)).count(),
            expected: expected.len(),
        };
        let whole = if i.data.source.whole_only() {
            raw.whole
        } else if i.data.rollup == RollUp::Imported {
            if view.sees_all {
                raw.whole
            } else {
                by_unit.values().next().copied()
            }
        } else {
            roll_up(i.data.rollup, by_unit.values().copied())
        };
        let target = |level| {
            targets
                .iter()
                .find(|t| t.indicator == i.id && t.level == level)
                .cloned()
        };
        rows.push(IndicatorFigures {
            target_unit: target(TargetLevel::Unit),
            target_whole: target(TargetLevel::Whole),
            import: if view.sees_all { raw.import } else { None },
            indicator: i,
            by_unit,
            whole,
            ward_average,
            completeness,
            expected,
            reported,
        });
    }
    let daily_downloads = daily_downloads(db, &view.downloads, &c).await?;
    let daily_kit_downloads = daily_kit_downloads(db, &c).await?;
    Ok(Some(Board {
        campaign: c,
        units,
        rows,
        daily_downloads,
        daily_kit_downloads,
    }))
}

/// Frame downloads per day of the display window (every day listed, 0 when none).
async fn daily_downloads(
    db: &Db,
    cond: &str,
    c: &Campaign,
) -> Result<Vec<(Date, i64)>, StoreError> {
    per_day(
        db,
        c,
        &format!(
            "frame_downloads d JOIN frames o ON o.id = d.frame_id WHERE o.campaign_id = {} AND {cond}",
            c.id.0
        ),
    )
    .await
}

/// Identity kit downloads per day of the display window (every day listed, 0 when none).
async fn daily_kit_downloads(db: &Db, c: &Campaign) -> Result<Vec<(Date, i64)>, StoreError> {
    per_day(
        db,
        c,
        &format!(
            "kit_download_days d JOIN kit_assets o ON o.id = d.asset_id WHERE o.campaign_id = {}",
            c.id.0
        ),
    )
    .await
}

/// The downloads per day (`d.day`, `d.downloads`) of the rows `from_where` selects,
/// within the campaign's display window, every day listed.
async fn per_day(db: &Db, c: &Campaign, from_where: &str) -> Result<Vec<(Date, i64)>, StoreError> {
    let rows = sqlx::query_as::<Any, (String, i64)>(sqlx::AssertSqlSafe(format!(
        "SELECT d.day, CAST(SUM(d.downloads) AS BIGINT) FROM {from_where}
         AND d.day >= $1 AND d.day <= $2 GROUP BY d.day"
    )))
    .bind(date_text(c.data.display_from))
    .bind(date_text(c.data.display_to))
    .fetch_all(db.pool())
    .await?;
    Ok(every_day(c, rows))
}

/// Each day of the campaign's display window with its count from `rows` (day, count),
/// 0 for a day without one.
fn every_day(c: &Campaign, rows: Vec<(String, i64)>) -> Vec<(Date, i64)> {
    let by_day: BTreeMap<String, i64> = rows.into_iter().collect();
    let mut out = Vec::new();
    let mut d = c.data.display_from;
    while d <= c.data.display_to && out.len() < 62 {
        out.push((d, by_day.get(&date_text(d)).copied().unwrap_or(0)));
        match d.next_day() {
            Some(n) => d = n,
            None => break,
        }
    }
    out
}

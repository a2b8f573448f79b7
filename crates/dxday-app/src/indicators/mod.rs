//! The campaign's indicators as the office and the units see them: tiles with their
//! figure, target and completeness, a chart by unit of one indicator, downloads over
//! the display window, and the grid of who reported what. The same board makes the
//! public results page (public indicators only) and the results report upward.

pub mod charts;
pub mod demo;
pub mod report;

use dxday_domain::indicator::{Completeness, Figure, Indicator, Target, reached};
use dxday_domain::unit::UnitKind;
use dxday_domain::{CampaignId, Scope, UnitId};
use dxday_store::Db;
use dxday_store::indicators::{Board, IndicatorFigures};
use dxday_store::units::Unit;
use serde::Serialize;

use crate::{Error, Lang};
use charts::{BarChart, ColumnChart, Point};

/// An indicator's name in `lang` (the Vietnamese name when it has no English one).
pub fn name_of(lang: Lang, i: &Indicator) -> String {
    match (lang, &i.data.name_en) {
        (Lang::En, Some(en)) => en.clone(),
        _ => i.data.name.clone(),
    }
}

/// A unit's name as charts and tables show it: a ward's committee by its ward
/// ("Phường Máy Chai"), any other unit by its name.
pub fn unit_label(u: &Unit) -> String {
    let name = u.data.name.trim();
    for prefix in ["Ủy ban nhân dân ", "Uỷ ban nhân dân ", "UBND "] {
        if let Some(rest) = name.strip_prefix(prefix) {
            let mut c = rest.chars();
            if let Some(first) = c.next() {
                return first.to_uppercase().chain(c).collect();
            }
        }
    }
    name.to_string()
}

/// A figure as written: a share as a percentage ("85,3 %"), a count with its
/// thousands separators, an index with two decimals.
pub fn written(lang: Lang, f: Figure) -> String {
    match f {
        Figure::Count(n) => lang.number(n),
        Figure::Share { .. } => f
            .milli()
            .map(|m| format!("{} %", lang.decimal(m, 1)))
            .unwrap_or_else(|| "—".into()),
        Figure::Score(m) => lang.decimal(m, 2),
    }
}

/// A value in thousandths as written for an indicator (a percentage for a share).
pub fn written_milli(lang: Lang, i: &Indicator, milli: i64) -> String {
    if i.is_share() {
        format!("{} %", lang.decimal(milli, 1))
    } else {
        lang.decimal(milli, 2)
    }
}

/// A share's parts as written: "45 / 60".
fn parts(lang: Lang, f: Figure) -> Option<String> {
    match f {
        Figure::Share { part, whole } => {
            Some(format!("{} / {}", lang.number(part), lang.number(whole)))
        }
        _ => None,
    }
}

/// One indicator's tile.
#[derive(Debug, Clone, Serialize)]
pub struct Tile {
    pub code: String,
    pub name: String,
    pub measure: String,
    pub definition: String,
    /// The figure as written; `None`: nobody gave it.
    pub value: Option<String>,
    /// A share's parts.
    pub parts: Option<String>,
    pub target: Option<String>,
    pub target_basis: Option<String>,
    pub reached: Option<bool>,
    /// How far to the target, in whole percent (0–100), for a meter.
    pub toward: Option<i64>,
    /// Shown for figures the units report or the office imports.
    pub completeness: Option<Completeness>,
    /// The wards' average, shown to a unit beside its own figure.
    pub average: Option<String>,
    /// Where an imported figure was read, and when.
    pub import: Option<(String, String)>,
}

fn tile(lang: Lang, row: &IndicatorFigures, own_unit: bool) -> Tile {
    let i = &row.indicator;
    let target: Option<&Target> = if own_unit {
        row.target_unit.as_ref()
    } else {
        row.target_whole.as_ref()
    };
    let actual = row.whole.and_then(Figure::milli);
    Tile {
        code: i.data.code.clone(),
        name: name_of(lang, i),
        measure: if i.is_share() {
            "%".into()
        } else {
            i.data.measure.clone()
        },
        definition: i.data.definition.clone(),
        value: row.whole.map(|f| written(lang, f)).filter(|v| v != "—"),
        parts: row.whole.and_then(|f| parts(lang, f)),
        target: target.map(|t| written_milli(lang, i, t.milli)),
        target_basis: target.and_then(|t| t.basis.clone()),
        reached: match (actual, target) {
            (Some(a), Some(t)) => Some(reached(i.data.direction, a, t.milli)),
            _ => None,
        },
        toward: match (actual, target) {
            (Some(a), Some(t)) if t.milli > 0 => {
                Some((a as i128 * 100 / t.milli as i128).clamp(0, 100) as i64)
            }
            _ => None,
        },
        completeness: (row.reported && row.completeness.expected > 0).then_some(row.completeness),
        average: if own_unit {
            row.ward_average.map(|m| written_milli(lang, i, m))
        } else {
            None
        },
        import: row.import.as_ref().map(|n| {
            (
                dxday_domain::dates::format_dmy(n.snapshot_on),
                n.source_url.clone(),
            )
        }),
    }
}

/// The dashboard's (or the public page's) view of a campaign's indicators.
#[derive(Debug, Clone, Serialize)]
pub struct Cockpit {
    pub campaign: CampaignId,
    pub year: i32,
    pub title: String,
    pub tiles: Vec<Tile>,
    /// The indicator of the chart by unit, and those that can be picked.
    pub picked: String,
    pub choices: Vec<(String, String)>,
    /// The picked indicator by unit (the office and the public page).
    pub by_unit: Option<BarChart>,
    /// A unit's own figure beside the wards' average, for every indicator.
    pub own_vs_average: Option<BarChart>,
    pub daily: ColumnChart,
    /// Identity kit downloads per day of the display window.
    pub kit_daily: ColumnChart,
}

fn unit_points(lang: Lang, board: &Board, row: &IndicatorFigures) -> Vec<Point> {
    let wards: Vec<&Unit> = board
        .units
        .iter()
        .filter(|u| u.data.kind == UnitKind::Ward)
        .collect();
    let units: Vec<&Unit> = if wards.is_empty() {
        board.units.iter().collect()
    } else {
        wards
    };
    let mut points: Vec<Point> = units
        .into_iter()
        .map(|u| {
            let f = row.by_unit.get(&u.id).copied();
            Point {
                label: unit_label(u),
                milli: f.and_then(Figure::milli),
                text: f.map(|f| written(lang, f)).unwrap_or_else(|| "—".into()),
                own: false,
            }
        })
        .collect();
    // Highest first; those without a figure last, by name.
    points.sort_by(|a, b| b.milli.cmp(&a.milli).then_with(|| a.label.cmp(&b.label)));
    points
}

/// Builds the view of `board` for `lang`; `own` is the unit looking at it (a ward sees
/// itself beside the average), `pick` the indicator of the chart by unit.
pub fn cockpit(lang: Lang, board: &Board, own: Option<UnitId>, pick: Option<&str>) -> Cockpit {
    let tiles = board
        .rows
        .iter()
        .map(|r| tile(lang, r, own.is_some()))
        .collect();
    let charted: Vec<&IndicatorFigures> = board
        .rows
        .iter()
        .filter(|r| !r.indicator.data.source.whole_only())
        .collect();
    let picked_row = pick
        .and_then(|p| charted.iter().find(|r| r.indicator.data.code == p))
        .or_else(|| charted.iter().find(|r| !r.by_unit.is_empty()))
        .or_else(|| charted.first())
        .copied();
    let by_unit = match (own, picked_row) {
        (None, Some(row)) => {
            let i = &row.indicator;
            let mut marks = Vec::new();
            if let Some(t) = &row.target_unit {
                marks.push((t.milli, lang.t("dash-target")));
            }
            Some(charts::bars(
                "chart-units",
                name_of(lang, i),
                unit_points(lang, board, row),
                marks,
            ))
        }
        _ => None,
    };
    let own_vs_average = own.map(|_| {
        // Each indicator as the unit's share of the wards' average (100 = the average).
        let points = board
            .rows
            .iter()
            .filter(|r| !r.indicator.data.source.whole_only())
            .map(|r| {
                let mine = r.whole.and_then(Figure::milli);
                let avg = r.ward_average;
                let relative = match (mine, avg) {
                    (Some(m), Some(a)) if a > 0 => Some((m as i128 * 100_000 / a as i128) as i64),
                    _ => None,
                };
                Point {
                    label: name_of(lang, &r.indicator),
                    milli: relative,
                    text: match (mine, avg) {
                        (Some(m), Some(a)) => format!(
                            "{} / {}",
                            written_milli(lang, &r.indicator, m),
                            written_milli(lang, &r.indicator, a)
                        ),
                        (Some(m), None) => written_milli(lang, &r.indicator, m),
                        _ => "—".into(),
                    },
                    own: true,
                }
            })
            .collect();
        charts::bars(
            "chart-own",
            lang.t("dash-own-vs-average"),
            points,
            vec![(100_000, lang.t("dash-average"))],
        )
    });
    let per_day = |id: &str, title: &str, days: &[(time::Date, i64)]| {
        charts::columns(
            id,
            lang.t(title),
            days.iter()
                .map(|(d, n)| {
                    (
                        format!("{:02}/{:02}", d.day(), u8::from(d.month())),
                        *n,
                        lang.number(*n),
                    )
                })
                .collect(),
            |m| lang.number(m),
        )
    };
    let daily = per_day(
        "chart-daily",
        "dash-daily-downloads",
        &board.daily_downloads,
    );
    let kit_daily = per_day(
        "chart-kit-daily",
        "dash-daily-kit-downloads",
        &board.daily_kit_downloads,
    );
    Cockpit {
        campaign: board.campaign.id,
        year: board.campaign.data.year,
        title: board.campaign.data.title.clone(),
        tiles,
        picked: picked_row
            .map(|r| r.indicator.data.code.clone())
            .unwrap_or_default(),
        choices: charted
            .iter()
            .map(|r| (r.indicator.data.code.clone(), name_of(lang, &r.indicator)))
            .collect(),
        by_unit,
        own_vs_average,
        daily,
        kit_daily,
    }
}

/// The dashboard of `campaign` within `scope` (`own`: the account's unit when it is
/// not an office account).
pub async fn dashboard(
    db: &Db,
    lang: Lang,
    scope: &Scope,
    campaign: CampaignId,
    own: Option<UnitId>,
    pick: Option<&str>,
) -> Result<Cockpit, Error> {
    let board = dxday_store::indicators::board(db, scope, campaign)
        .await?
        .ok_or(Error::NotFound)?;
    Ok(cockpit(lang, &board, own, pick))
}

/// The public results of `campaign`: its public indicators for every unit.
pub async fn public_results(
    db: &Db,
    lang: Lang,
    campaign: CampaignId,
    pick: Option<&str>,
) -> Result<(Cockpit, Board), Error> {
    let board = dxday_store::indicators::public_board(db, campaign)
        .await?
        .ok_or(Error::NotFound)?;
    Ok((cockpit(lang, &board, None, pick), board))
}

/// A cell of the grid of who gave what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Cell {
    /// The figure given.
    Given(String),
    /// Asked and not given.
    Missing,
    /// Not asked of this unit.
    NotAsked,
}

/// One row of the grid: a unit and, per reported indicator, its cell.
#[derive(Debug, Clone, Serialize)]
pub struct GridRow {
    pub unit: String,
    pub cells: Vec<Cell>,
    pub missing: usize,
}

/// The grid of the figures the units report or the office imports: a row per unit in
/// the board, a column per such indicator (code and name).
pub fn completeness_grid(lang: Lang, board: &Board) -> (Vec<(String, String)>, Vec<GridRow>) {
    let rows: Vec<&IndicatorFigures> = board
        .rows
        .iter()
        .filter(|r| r.reported && !r.indicator.data.source.whole_only())
        .collect();
    let head = rows
        .iter()
        .map(|r| (r.indicator.data.code.clone(), name_of(lang, &r.indicator)))
        .collect();
    let grid = board
        .units
        .iter()
        .map(|u| {
            let cells: Vec<Cell> = rows
                .iter()
                .map(|r| match r.by_unit.get(&u.id) {
                    Some(f) => Cell::Given(written(lang, *f)),
                    None if r.expected.contains(&u.id) => Cell::Missing,
                    None => Cell::NotAsked,
                })
                .collect();
            GridRow {
                unit: unit_label(u),
                missing: cells.iter().filter(|c| **c == Cell::Missing).count(),
                cells,
            }
        })
        .collect();
    (head, grid)
}

//! The roll-up page: the teams' approved figures for a range of months, per ward (for
//! the office) or per residential group (for a ward), with completeness, and one
//! indicator as a bar chart. A value never reported shows "—", not 0.

use dxday_domain::team::{Period, TEAM_INDICATORS, TeamIndicator};
use dxday_store::teams::RollupLine;
use serde::Deserialize;

use super::reports::shown;
use super::*;

/// The range and the charted indicator, as the address carries them.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RollupQuery {
    pub tu: String,
    pub den: String,
    pub chi: String,
}

/// A line of the roll-up table.
pub struct TableLine {
    pub label: String,
    /// Each indicator's value and target ("/ 600", empty without one).
    pub values: Vec<(String, String)>,
    /// The charted indicator against its target ("/ 600 · 85 %"), empty without one.
    pub chart_target: String,
    pub activities: String,
    pub completeness: String,
    /// The charted value and its bar's length in per cent of the largest.
    pub chart_value: String,
    pub bar: i64,
}

#[derive(Template)]
#[template(path = "admin/team_rollup.html")]
pub(super) struct RollupPage {
    ctx: Ctx,
    from: String,
    to: String,
    range: String,
    headers: Vec<String>,
    lines: Vec<TableLine>,
    total: TableLine,
    charted: String,
    indicators: Vec<Opt>,
    level: String,
    xlsx: String,
    errors: Errors,
}

fn table_line(lang: Lang, l: &RollupLine, charted: &str, max: i64) -> TableLine {
    let chart = l.tally.value(charted);
    TableLine {
        label: l.label.clone(),
        values: TEAM_INDICATORS
            .iter()
            .map(|i| {
                let target = l
                    .targets
                    .get(i.code)
                    .map(|t| format!("/ {}", lang.number(*t)))
                    .unwrap_or_default();
                (shown(lang, i.code, l.tally.value(i.code)), target)
            })
            .collect(),
        chart_target: match (l.targets.get(charted), l.progress(charted)) {
            (Some(t), Some(p)) => format!("/ {} · {p} %", lang.number(*t)),
            (Some(t), None) => format!("/ {}", lang.number(*t)),
            _ => String::new(),
        },
        activities: lang.number(l.activities),
        completeness: match l.tally.completeness() {
            Some(p) => format!("{}/{} ({p} %)", l.tally.received, l.tally.expected),
            None => format!("{}/{}", l.tally.received, l.tally.expected),
        },
        chart_value: shown(lang, charted, chart),
        bar: match chart {
            Some(v) if max > 0 => (v * 100 / max).clamp(0, 100),
            _ => 0,
        },
    }
}

/// A month typed in the address (`2026-10`), or `default` when empty.
fn month(s: &str, default: Period) -> Result<Period, AppError> {
    if s.trim().is_empty() {
        Ok(default)
    } else {
        Period::parse_key(s).map_err(|_| AppError::BadRequest("err-period"))
    }
}

/// The range the address asks for, in periods of the office's cadence: by default
/// the last three months (or the last two quarters).
async fn range(app: &AppState, q: &RollupQuery) -> Result<(Period, Period, Vec<Period>), AppError> {
    let cadence = teams::cadence(&app.db).await?;
    let today = dxday_domain::dates::today_in_vietnam(time::OffsetDateTime::now_utc());
    let now = Period::of(today, cadence);
    let to = Period::of(month(&q.den, now)?.start, cadence);
    let default_from = match cadence {
        dxday_domain::team::Cadence::Month => to.previous().previous(),
        dxday_domain::team::Cadence::Quarter => to.previous(),
    };
    let from = Period::of(month(&q.tu, default_from)?.start, cadence);
    if from > to {
        return Err(AppError::BadRequest("err-period-order"));
    }
    Ok((from, to, Period::range(from.start, to.end, cadence)))
}

/// `GET /quan-tri/to-cong-nghe-so/tong-hop.xlsx?tu=…&den=…`: the roll-up as a workbook
/// (a summary per ward, a sheet per ward of its groups).
pub async fn rollup_xlsx(
    State(app): State<AppState>,
    me: CurrentUser,
    Query(q): Query<RollupQuery>,
) -> Result<Response, AppError> {
    let access = Access::of(&app, &me).await?;
    if access.team().is_some() {
        return Err(AppError::Forbidden);
    }
    let (from, to, months) = range(&app, &q).await?;
    let bytes = dxday_app::teams::rollup_workbook(&app.db, &me.scope, me.ctx.lang, &months).await?;
    let name = format!("tong-hop-to-cong-nghe-so-{}-{}.xlsx", from.key(), to.key());
    crate::download::attachment(&name, crate::download::XLSX, bytes)
}

/// `GET /quan-tri/to-cong-nghe-so/tong-hop?tu=2026-08&den=2026-10&chi=attendance`.
pub async fn rollup(
    State(app): State<AppState>,
    me: CurrentUser,
    Query(q): Query<RollupQuery>,
) -> Result<Response, AppError> {
    let access = Access::of(&app, &me).await?;
    if access.team().is_some() {
        return Err(AppError::Forbidden);
    }
    let lang = me.ctx.lang;
    let (from, to, months) = range(&app, &q).await?;
    let charted = TeamIndicator::find(&q.chi)
        .map(|i| i.code)
        .unwrap_or(dxday_domain::team::ATTENDANCE);
    let level = if access == Access::Office {
        teams::Level::Ward
    } else {
        teams::Level::Group
    };
    let r = teams::rollup(&app.db, &me.scope, &months, level).await?;
    let rows: Vec<&RollupLine> = r.lines.iter().collect();
    let max = rows
        .iter()
        .filter_map(|l| l.tally.value(charted))
        .max()
        .unwrap_or(0);
    let lines = rows
        .iter()
        .map(|l| table_line(lang, l, charted, max))
        .collect();
    let mut total = table_line(lang, &r.total, charted, max);
    total.label = lang.t("teams-total");
    let page = RollupPage {
        from: Period::month_of(from.start).key(),
        to: Period::month_of(to.end).key(),
        range: format!(
            "{} – {}",
            dxday_app::format::report_period(lang, from),
            dxday_app::format::report_period(lang, to)
        ),
        headers: TEAM_INDICATORS
            .iter()
            .map(|i| format!("{} ({})", lang.t(i.label), lang.t(i.measure)))
            .collect(),
        lines,
        total,
        charted: lang.t(TeamIndicator::find(charted).map_or("", |i| i.label)),
        indicators: options(
            &TEAM_INDICATORS,
            |i| i.code.into(),
            |i| lang.t(i.label),
            charted,
        ),
        level: lang.t(if access == Access::Office {
            "teams-ward"
        } else {
            "teams-group-name"
        }),
        xlsx: format!(
            "{}?tu={}&den={}",
            paths::TEAM_ROLLUP_XLSX,
            from.key(),
            to.key()
        ),
        ctx: me.ctx,
        errors: Errors::default(),
    };
    render(StatusCode::OK, &page)
}

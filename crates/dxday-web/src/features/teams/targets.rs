//! Targets (chỉ tiêu) of a month: the office gives each ward its own, a ward gives each
//! of its active teams theirs, in one grid saved whole or not at all.

use dxday_domain::team::{Period, ReportFigures, TeamIndicator, parse_target_grid, target_field};
use dxday_store::teams::{TargetRow, TargetsOf};

use super::*;
use crate::csrf::CsrfFormPairs;

/// A row of the grid: the ward or team it sets, and its cells.
pub struct GridRow {
    pub label: String,
    pub cells: Vec<GridCell>,
}

/// One cell: its field, what it holds and its error.
pub struct GridCell {
    pub name: String,
    pub label: String,
    pub value: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/team_targets.html")]
pub(super) struct TargetsPage {
    ctx: Ctx,
    period: Period,
    previous: String,
    next: String,
    headers: Vec<String>,
    rows: Vec<GridRow>,
    for_wards: bool,
    has_errors: bool,
}

/// The grid's rows for this account: (row id, ward, team, label). The office sets the
/// wards' own targets; a ward its active teams'.
async fn grid_rows(
    app: &AppState,
    me: &CurrentUser,
    access: Access,
) -> Result<Vec<(i64, UnitId, Option<TeamId>, String)>, AppError> {
    let all = teams::teams(&app.db, &me.scope).await?;
    Ok(match access {
        Access::Office => {
            let mut wards: Vec<(i64, UnitId, Option<TeamId>, String)> = all
                .iter()
                .map(|t| (t.ward_id.0, t.ward_id, None, t.ward_name.clone()))
                .collect();
            wards.dedup_by_key(|w| w.1);
            wards
        }
        Access::Ward(w) => all
            .iter()
            .filter(|t| t.ward_id == w && t.data.status == TeamStatus::Active)
            .map(|t| {
                (
                    t.id.0,
                    w,
                    Some(t.id),
                    format!("{} ({})", t.data.name, t.group_name),
                )
            })
            .collect(),
        Access::Member { .. } => return Err(AppError::Forbidden),
    })
}

/// The period the address names, or the current one of the office's cadence.
async fn month_of(app: &AppState, q: &MonthQuery) -> Result<Period, AppError> {
    if q.ky.trim().is_empty() {
        super::reports::this_period(app).await
    } else {
        Period::parse_key(&q.ky).map_err(|_| AppError::BadRequest("err-period"))
    }
}

#[allow(clippy::too_many_arguments)]
fn page(
    me: CurrentUser,
    access: Access,
    period: Period,
    rows: &[(i64, UnitId, Option<TeamId>, String)],
    typed: &dyn Fn(i64, &str) -> String,
    bad: &[(String, &'static str)],
) -> TargetsPage {
    let lang = me.ctx.lang;
    let link = |p: Period| format!("{}?ky={}", paths::TEAM_TARGETS, p.key());
    TargetsPage {
        previous: link(period.previous()),
        next: link(period.next()),
        headers: TeamIndicator::reported()
            .map(|i| format!("{} ({})", lang.t(i.label), lang.t(i.measure)))
            .collect(),
        rows: rows
            .iter()
            .map(|(id, _, _, label)| GridRow {
                label: label.clone(),
                cells: TeamIndicator::reported()
                    .map(|i| {
                        let name = target_field(*id, i.code);
                        GridCell {
                            label: format!("{label}: {}", lang.t(i.label)),
                            value: typed(*id, i.code),
                            error: bad.iter().find(|(f, _)| *f == name).map(|(_, k)| lang.t(k)),
                            name,
                        }
                    })
                    .collect(),
            })
            .collect(),
        for_wards: access == Access::Office,
        has_errors: !bad.is_empty(),
        ctx: me.ctx,
        period,
    }
}

/// `GET /quan-tri/to-cong-nghe-so/chi-tieu?ky=2026-10`: the month's targets.
pub async fn targets(
    State(app): State<AppState>,
    me: CurrentUser,
    Query(q): Query<MonthQuery>,
) -> Result<Response, AppError> {
    let access = Access::of(&app, &me).await?;
    let period = month_of(&app, &q).await?;
    let rows = grid_rows(&app, &me, access).await?;
    let of = if access == Access::Office {
        TargetsOf::Wards
    } else {
        TargetsOf::Teams
    };
    let stored = teams::month_targets(&app.db, &me.scope, period, of).await?;
    let lang = me.ctx.lang;
    let typed = |row: i64, code: &str| {
        stored
            .iter()
            .find(|(w, t, c, _)| c == code && t.map_or(w.0, |t| t.0) == row)
            .map(|(_, _, _, v)| lang.number(*v))
            .unwrap_or_default()
    };
    render(
        StatusCode::OK,
        &page(me, access, period, &rows, &typed, &[]),
    )
}

/// The month a grid was posted for.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct GridForm {
    pub ky: String,
}

/// `POST /quan-tri/to-cong-nghe-so/chi-tieu`: saves the month's grid, all or nothing.
pub async fn save_targets(
    State(app): State<AppState>,
    me: CurrentUser,
    CsrfFormPairs(form, pairs): CsrfFormPairs<GridForm>,
) -> Result<Response, AppError> {
    let access = Access::of(&app, &me).await?;
    let period = month_of(&app, &MonthQuery { ky: form.ky }).await?;
    let rows = grid_rows(&app, &me, access).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    match parse_target_grid(&pairs, &ids) {
        Ok(grid) => {
            let write: Vec<TargetRow> = rows
                .iter()
                .map(|(id, ward, team, _)| TargetRow {
                    ward: *ward,
                    team: *team,
                    values: grid.get(id).cloned().unwrap_or_else(ReportFigures::new),
                })
                .collect();
            if !teams::set_targets(&app.db, me.actor(), period, &write).await? {
                return Err(AppError::NotFound);
            }
            saved(
                &me,
                "flash-saved",
                format!("{}?ky={}", paths::TEAM_TARGETS, period.key()),
            )
            .await
        }
        Err(bad) => {
            let typed = |row: i64, code: &str| {
                let f = target_field(row, code);
                pairs
                    .iter()
                    .find(|(k, _)| *k == f)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            };
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &page(me, access, period, &rows, &typed, &bad),
            )
        }
    }
}

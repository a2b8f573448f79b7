//! The campaign's indicators: the office's registry (its own indicators beside the
//! built-in ones, targets per year and level, imported values), the grid of who
//! reported what, and `/ket-qua`, the public results.

mod public;
mod report;
pub use public::public;
pub use report::{report_file, report_form, save_report};

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use dxday_app::indicators::{GridRow, name_of};
use dxday_domain::indicator::{
    Counting, Direction, ImportForm, Indicator, IndicatorForm, Level, RollUp, Source, Target,
    TargetForm, TargetLevel,
};
use dxday_domain::{IndicatorId, Role};
use dxday_store::campaigns::Campaign;
use dxday_store::indicators;

use crate::csrf::CsrfForm;
use crate::forms::{Errors, NotSaved, Opt, options, save_form, saved};
use crate::middleware::render;
use crate::paths;
use crate::{AppError, AppState, Ctx, CurrentUser};

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct YearQuery {
    /// The campaign's year (the current campaign when empty).
    nam: String,
    /// A page of the grid (from 1).
    trang: String,
}

/// The campaign of `?nam=` (or the current one); 404 when there is none.
async fn campaign_of(app: &AppState, year: &str) -> Result<Campaign, AppError> {
    dxday_app::campaign::of_year(&app.db, year)
        .await?
        .ok_or(AppError::NotFound)
}

/// The year of `?nam=`'s campaign (the current one's; the clock's year when there is
/// no campaign yet).
async fn year_of(app: &AppState, year: &str) -> Result<i32, AppError> {
    match dxday_app::campaign::of_year(&app.db, year).await? {
        Some(c) => Ok(c.data.year),
        None => Ok(dxday_domain::dates::today_in_vietnam(time::OffsetDateTime::now_utc()).year()),
    }
}

/// A row of the registry's table.
pub struct RegistryRow {
    pub i: Indicator,
    pub name: String,
    pub target_unit: Option<String>,
    pub target_whole: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/indicators.html")]
struct RegistryPage {
    ctx: Ctx,
    year: i32,
    rows: Vec<RegistryRow>,
    can_manage: bool,
}

impl RegistryPage {
    fn source_label(&self, i: &Indicator) -> String {
        let s = self.ctx.t(i.data.source.label_key());
        match &i.data.source_code {
            Some(c) => format!("{s} ({c})"),
            None => s,
        }
    }
}

fn target_text(lang: dxday_app::Lang, i: &Indicator, t: Option<&Target>) -> Option<String> {
    t.map(|t| dxday_app::indicators::written_milli(lang, i, t.milli))
}

/// `GET /quan-tri/chi-so[?nam=2024]` (office): the registry with the year's targets.
pub async fn index(
    State(app): State<AppState>,
    me: CurrentUser,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    me.require(Role::is_office)?;
    let year = year_of(&app, &q.nam).await?;
    let targets = indicators::targets(&app.db, year).await?;
    let lang = me.ctx.lang;
    let find = |i: &Indicator, level| {
        targets
            .iter()
            .find(|t| t.indicator == i.id && t.level == level)
    };
    let rows = indicators::list(&app.db)
        .await?
        .into_iter()
        .map(|i| RegistryRow {
            name: name_of(lang, &i),
            target_unit: target_text(lang, &i, find(&i, TargetLevel::Unit)),
            target_whole: target_text(lang, &i, find(&i, TargetLevel::Whole)),
            i,
        })
        .collect();
    render(
        StatusCode::OK,
        &RegistryPage {
            can_manage: me.user.data.role.can_manage_setup(),
            ctx: me.ctx,
            year,
            rows,
        },
    )
}

#[derive(Template)]
#[template(path = "admin/indicator_form.html")]
struct FormPage {
    ctx: Ctx,
    /// `None` for a new indicator.
    indicator: Option<Indicator>,
    form: IndicatorForm,
    errors: Errors,
    year: i32,
    targets: Vec<(TargetLevel, Option<String>, Option<String>)>,
    units: Vec<(i64, String)>,
}

impl FormPage {
    fn select(&self, name: &str) -> Vec<Opt> {
        let f = &self.form;
        match name {
            "level" => self.enum_options(&Level::ALL, Level::as_str, Level::label_key, &f.level),
            "rollup" => {
                self.enum_options(&RollUp::ALL, RollUp::as_str, RollUp::label_key, &f.rollup)
            }
            "counting" => self.enum_options(
                &Counting::ALL,
                Counting::as_str,
                Counting::label_key,
                &f.counting,
            ),
            "direction" => self.enum_options(
                &Direction::ALL,
                Direction::as_str,
                Direction::label_key,
                &f.direction,
            ),
            _ => self.enum_options(&Source::ALL, Source::as_str, Source::label_key, &f.source),
        }
    }

    fn enum_options<T: Copy>(
        &self,
        all: &[T],
        name: fn(T) -> &'static str,
        label: fn(T) -> &'static str,
        selected: &str,
    ) -> Vec<Opt> {
        options(all, |v| name(v).into(), |v| self.ctx.t(label(v)), selected)
    }

    fn built_in(&self) -> bool {
        self.indicator.as_ref().is_some_and(|i| i.built_in)
    }

    fn source_key(&self) -> &'static str {
        Source::parse(&self.form.source)
            .map(Source::label_key)
            .unwrap_or("source-unit_report")
    }

    fn imported(&self) -> bool {
        self.indicator
            .as_ref()
            .is_some_and(|i| i.data.source == Source::Import)
    }

    fn action(&self) -> String {
        match &self.indicator {
            Some(i) => paths::INDICATOR.with(i.id),
            None => paths::INDICATOR_NEW.into(),
        }
    }
}

async fn form_page(
    app: &AppState,
    me: CurrentUser,
    indicator: Option<Indicator>,
    form: IndicatorForm,
    errors: Errors,
) -> Result<FormPage, AppError> {
    let year = year_of(app, "").await?;
    let lang = me.ctx.lang;
    let targets = match &indicator {
        Some(i) => {
            let all = indicators::targets(&app.db, year).await?;
            TargetLevel::ALL
                .into_iter()
                .map(|level| {
                    let t = all.iter().find(|t| t.indicator == i.id && t.level == level);
                    (
                        level,
                        target_text(lang, i, t),
                        t.and_then(|t| t.basis.clone()),
                    )
                })
                .collect()
        }
        None => Vec::new(),
    };
    let units = dxday_store::units::directory(&app.db)
        .await?
        .into_iter()
        .filter(|u| !u.archived)
        .map(|u| (u.id.0, u.data.name))
        .collect();
    Ok(FormPage {
        ctx: me.ctx,
        indicator,
        form,
        errors,
        year,
        targets,
        units,
    })
}

/// `GET /quan-tri/chi-so/moi` (office setup): an indicator of the office's own.
pub async fn new_form(State(app): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let form = IndicatorForm {
        level: Level::Unit.as_str().into(),
        rollup: RollUp::Sum.as_str().into(),
        counting: Counting::Events.as_str().into(),
        direction: Direction::Higher.as_str().into(),
        source: Source::UnitReport.as_str().into(),
        ..Default::default()
    };
    render(
        StatusCode::OK,
        &form_page(&app, me, None, form, Errors::default()).await?,
    )
}

/// `POST /quan-tri/chi-so/moi`: adds it; a taken code or a source that does not fit
/// its roll-up shows the form again (422).
pub async fn create(
    State(app): State<AppState>,
    me: CurrentUser,
    CsrfForm(form): CsrfForm<IndicatorForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let actor = me.actor();
    let parsed = form.parse();
    save_form(
        me,
        parsed,
        async |d| {
            let id = indicators::create(&app.db, actor, &d).await?;
            Ok(paths::INDICATOR.with(id))
        },
        async |me, errors| form_page(&app, me, None, form, errors).await,
    )
    .await
}

/// `GET /quan-tri/chi-so/{id}` (office): the indicator, its targets and imports.
pub async fn show(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<IndicatorId>,
) -> Result<Response, AppError> {
    me.require(Role::is_office)?;
    let i = indicators::get(&app.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let form = IndicatorForm::from_data(&i.data);
    render(
        StatusCode::OK,
        &form_page(&app, me, Some(i), form, Errors::default()).await?,
    )
}

/// `POST /quan-tri/chi-so/{id}`: changes it (a built-in one keeps its code and source).
pub async fn update(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<IndicatorId>,
    CsrfForm(form): CsrfForm<IndicatorForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let i = indicators::get(&app.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let actor = me.actor();
    // A built-in indicator's fixed fields are not on its form: parse with its own.
    let mut typed = form.clone();
    if i.built_in {
        let own = IndicatorForm::from_data(&i.data);
        typed.code = own.code;
        typed.source = own.source;
        typed.source_code = own.source_code;
        typed.rollup = own.rollup;
        typed.level = own.level;
    }
    let parsed = typed.parse();
    save_form(
        me,
        parsed,
        async |d| match indicators::update(&app.db, actor, id, &d).await? {
            Some(()) => Ok(paths::INDICATOR.with(id)),
            None => Err(NotSaved::Refused(AppError::NotFound)),
        },
        async |me, errors| form_page(&app, me, Some(i), typed, errors).await,
    )
    .await
}

/// The indicator's page again with the errors of a target or an import (422).
async fn refused(
    app: &AppState,
    me: CurrentUser,
    i: Indicator,
    e: &dxday_domain::FieldErrors,
) -> Result<Response, AppError> {
    let errors = Errors::from_fields(me.ctx.lang, e);
    let form = IndicatorForm::from_data(&i.data);
    let page = form_page(app, me, Some(i), form, errors).await?;
    render(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

/// `POST /quan-tri/chi-so/{id}/chi-tieu`: sets or clears a target of a year and level.
pub async fn set_target(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<IndicatorId>,
    CsrfForm(form): CsrfForm<TargetForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let i = indicators::get(&app.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    match form.parse() {
        Ok((year, level, milli, basis)) => {
            indicators::set_target(&app.db, me.actor(), id, year, level, milli, basis).await?;
            saved(&me, "flash-saved", paths::INDICATOR.with(id)).await
        }
        Err(e) => refused(&app, me, i, &e).await,
    }
}

/// `POST /quan-tri/chi-so/{id}/nhap`: records a value imported as published (the
/// current campaign's), for the whole or a unit.
pub async fn import(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<IndicatorId>,
    CsrfForm(form): CsrfForm<ImportForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let i = indicators::get(&app.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let c = campaign_of(&app, "").await?;
    let mut parsed = form.parse();
    if let Ok(row) = &parsed
        && let Some(u) = row.unit
        && dxday_store::units::entry(&app.db, u).await?.is_none()
    {
        parsed = Err(dxday_domain::FieldErrors::one("unit", "err-choice"));
    }
    match parsed {
        Ok(row) => {
            if !indicators::import(&app.db, me.actor(), id, c.id, &row).await? {
                return Err(AppError::NotFound);
            }
            saved(&me, "flash-saved", paths::INDICATOR.with(id)).await
        }
        Err(e) => refused(&app, me, i, &e).await,
    }
}

/// Rows a page of the grid shows.
const GRID_PAGE: usize = 50;

#[derive(Template)]
#[template(path = "admin/indicator_grid.html")]
struct GridPage {
    ctx: Ctx,
    year: i32,
    head: Vec<(String, String)>,
    rows: Vec<GridRow>,
    page: usize,
    pages: usize,
    total: usize,
}

impl GridPage {
    fn head_name(&self, k: &usize) -> &str {
        self.head.get(*k).map_or("", |(_, name)| name.as_str())
    }

    fn total_text(&self) -> String {
        self.ctx.lang.t_count("list-total", self.total as i64)
    }

    fn page_link(&self, p: &usize) -> String {
        format!("{}?nam={}&trang={p}", paths::INDICATOR_GRID, self.year)
    }
}

/// `GET /quan-tri/chi-so/day-du[?nam=][&trang=]` (office): who gave which reported or
/// imported figure, most missing first.
pub async fn grid(
    State(app): State<AppState>,
    me: CurrentUser,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    me.require(Role::is_office)?;
    let c = campaign_of(&app, &q.nam).await?;
    let board = indicators::board(&app.db, &me.scope, c.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (head, mut rows) = dxday_app::indicators::completeness_grid(me.ctx.lang, &board);
    rows.sort_by(|a, b| {
        b.missing
            .cmp(&a.missing)
            .then_with(|| dxday_domain::collation::compare(&a.unit, &b.unit))
    });
    let total = rows.len();
    let pages = total.div_ceil(GRID_PAGE).max(1);
    let page = q.trang.trim().parse::<usize>().unwrap_or(1).clamp(1, pages);
    let rows = rows
        .into_iter()
        .skip((page - 1) * GRID_PAGE)
        .take(GRID_PAGE)
        .collect();
    render(
        StatusCode::OK,
        &GridPage {
            ctx: me.ctx,
            year: c.data.year,
            head,
            rows,
            page,
            pages,
            total,
        },
    )
}

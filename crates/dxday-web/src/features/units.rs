//! Units: office roles manage them; a focal point sees only its own unit.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use dxday_domain::unit::{UnitData, UnitForm, valid_on};
use dxday_domain::{FieldErrors, Role, Scope, UnitId, UserId, dates};
use dxday_store::units::{self, Unit};
use time::OffsetDateTime;

use crate::forms::{Errors, NotSaved, Opt, kind_options, unit_options};
use crate::middleware::render;
use crate::paths::{self, Route};
use crate::register::Register;
use crate::{AppError, AppState, Ctx, CurrentUser};

#[derive(Template)]
#[template(path = "admin/units.html")]
struct UnitsPage {
    ctx: Ctx,
    rows: Vec<UnitRow>,
    count: String,
}

struct UnitRow {
    unit: Unit,
    kind_label: String,
    in_force: bool,
}

/// `GET /quan-tri/don-vi`.
pub async fn list(State(app): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    let today = dates::today_in_vietnam(OffsetDateTime::now_utc());
    let rows: Vec<UnitRow> = units::list(&app.db, &me.scope)
        .await?
        .into_iter()
        .map(|u| UnitRow {
            kind_label: me.ctx.t(u.data.kind.label_key()),
            in_force: !u.archived && valid_on(u.data.valid_from, u.data.valid_to, today),
            unit: u,
        })
        .collect();
    let count = me.ctx.lang.t_count("units-count", rows.len() as i64);
    render(
        StatusCode::OK,
        &UnitsPage {
            ctx: me.ctx,
            rows,
            count,
        },
    )
}

#[derive(Template)]
#[template(path = "admin/unit_form.html")]
pub struct UnitFormPage {
    ctx: Ctx,
    /// `None` for a new unit.
    id: Option<UnitId>,
    archived: bool,
    read_only: bool,
    form: UnitForm,
    errors: Errors,
    kinds: Vec<Opt>,
    parents: Vec<Opt>,
}

/// The register of units: a focal point sees only its own unit, read-only.
pub struct Units;

impl Register for Units {
    type Id = UnitId;
    type Form = UnitForm;
    type Data = UnitData;
    type Page = UnitFormPage;
    const PAGE: Route = paths::UNIT;
    const PUBLIC: bool = true;

    fn may_see(_: &CurrentUser) -> Result<(), AppError> {
        Ok(())
    }

    fn may_change(me: &CurrentUser) -> Result<(), AppError> {
        me.require(Role::can_manage_setup)
    }

    fn blank(_: &CurrentUser) -> UnitForm {
        UnitForm {
            valid_from: dates::format_iso(dates::today_in_vietnam(OffsetDateTime::now_utc())),
            ..UnitForm::default()
        }
    }

    fn parse(form: &UnitForm, _: bool) -> Result<UnitData, FieldErrors> {
        form.parse()
    }

    async fn load(
        app: &AppState,
        me: &CurrentUser,
        id: UnitId,
    ) -> Result<Option<(UnitForm, bool)>, AppError> {
        let unit = units::get(&app.db, &me.scope, id).await?;
        Ok(unit.map(|u| (UnitForm::from_data(&u.data), u.archived)))
    }

    async fn insert(
        app: &AppState,
        actor: Option<UserId>,
        data: UnitData,
    ) -> Result<UnitId, NotSaved> {
        Ok(units::insert(&app.db, actor, &data).await?)
    }

    async fn update(
        app: &AppState,
        scope: &Scope,
        actor: Option<UserId>,
        id: UnitId,
        data: UnitData,
    ) -> Result<bool, NotSaved> {
        Ok(units::update(&app.db, scope, actor, id, &data).await?)
    }

    async fn set_archived(
        app: &AppState,
        me: &CurrentUser,
        id: UnitId,
        archived: bool,
    ) -> Result<bool, AppError> {
        Ok(units::set_archived(&app.db, &me.scope, me.actor(), id, archived).await?)
    }

    async fn page(
        app: &AppState,
        me: CurrentUser,
        id: Option<UnitId>,
        archived: bool,
        form: UnitForm,
        errors: Errors,
    ) -> Result<UnitFormPage, AppError> {
        let all = units::directory(&app.db).await?;
        let lang = me.ctx.lang;
        let read_only = !me.user.data.role.can_manage_setup();
        Ok(UnitFormPage {
            kinds: kind_options(lang, &form.kind),
            parents: unit_options(lang, &all, &form.parent_id, "units-no-parent", id),
            ctx: me.ctx,
            id,
            archived,
            read_only,
            form,
            errors,
        })
    }
}

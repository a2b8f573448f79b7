//! Units: office roles manage them; a focal point sees only its own unit.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use dxday_domain::unit::{UnitForm, valid_on};
use dxday_domain::{Role, UnitId, dates};
use dxday_store::units::{self, Unit};
use time::OffsetDateTime;

use crate::csrf::CsrfForm;
use crate::forms::{ArchiveForm, Errors, Opt, kind_options, save_form, saved, unit_options};
use crate::middleware::render;
use crate::paths;
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
struct UnitFormPage {
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

async fn form_page(
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

/// `GET /quan-tri/don-vi/moi`.
pub async fn new_form(State(app): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let form = UnitForm {
        valid_from: dates::format_iso(dates::today_in_vietnam(OffsetDateTime::now_utc())),
        ..UnitForm::default()
    };
    render(
        StatusCode::OK,
        &form_page(&app, me, None, false, form, Errors::default()).await?,
    )
}

/// `POST /quan-tri/don-vi/moi`.
pub async fn create(
    State(app): State<AppState>,
    me: CurrentUser,
    CsrfForm(form): CsrfForm<UnitForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let actor = me.actor();
    let write = async |data| {
        let id = units::insert(&app.db, actor, &data).await?;
        app.invalidate_public_cache();
        Ok(paths::UNIT.with(id))
    };
    let parsed = form.parse();
    save_form(me, parsed, write, async |me, errors| {
        form_page(&app, me, None, false, form, errors).await
    })
    .await
}

/// `GET /quan-tri/don-vi/{id}`: another unit's record answers 404 to a focal point.
pub async fn edit_form(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<UnitId>,
) -> Result<Response, AppError> {
    let unit = units::get(&app.db, &me.scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let form = UnitForm::from_data(&unit.data);
    render(
        StatusCode::OK,
        &form_page(&app, me, Some(id), unit.archived, form, Errors::default()).await?,
    )
}

/// `POST /quan-tri/don-vi/{id}`.
pub async fn update(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<UnitId>,
    CsrfForm(form): CsrfForm<UnitForm>,
) -> Result<Response, AppError> {
    let unit = units::get(&app.db, &me.scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    me.require(Role::can_manage_setup)?;
    let (actor, scope) = (me.actor(), me.scope);
    let write = async |data| {
        let found = units::update(&app.db, &scope, actor, id, &data).await?;
        app.invalidate_public_cache();
        Ok(found
            .then(|| paths::UNIT.with(id))
            .ok_or(AppError::NotFound)?)
    };
    let parsed = form.parse();
    save_form(me, parsed, write, async |me, errors| {
        form_page(&app, me, Some(id), unit.archived, form, errors).await
    })
    .await
}

/// `POST /quan-tri/don-vi/{id}/luu-tru`.
pub async fn archive(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<UnitId>,
    CsrfForm(form): CsrfForm<ArchiveForm>,
) -> Result<Response, AppError> {
    units::get(&app.db, &me.scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    me.require(Role::can_manage_setup)?;
    if !units::set_archived(&app.db, &me.scope, me.actor(), id, form.archive()).await? {
        return Err(AppError::NotFound);
    }
    app.invalidate_public_cache();
    saved(&me, form.flash_key(), paths::UNIT.with(id)).await
}

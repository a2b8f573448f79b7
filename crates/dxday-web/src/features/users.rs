//! Accounts: only admins manage them.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use dxday_domain::user::UserForm;
use dxday_domain::{Role, UserId};
use dxday_store::users::{self, User};
use dxday_store::{password, units};

use crate::csrf::CsrfForm;
use crate::forms::{ArchiveForm, Errors, Opt, role_options, save_form, saved, unit_options};
use crate::middleware::render;
use crate::paths;
use crate::{AppError, AppState, Ctx, CurrentUser};

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    ctx: Ctx,
    rows: Vec<(User, String)>,
}

/// `GET /quan-tri/nguoi-dung`.
pub async fn list(State(app): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    me.require(Role::can_manage_users)?;
    let rows = users::list(&app.db, &me.scope).await?.into_iter().map(|u| {
        let role = me.ctx.t(u.data.role.label_key());
        (u, role)
    });
    let rows = rows.collect();
    render(StatusCode::OK, &UsersPage { ctx: me.ctx, rows })
}

#[derive(Template)]
#[template(path = "admin/user_form.html")]
struct UserFormPage {
    ctx: Ctx,
    id: Option<UserId>,
    archived: bool,
    form: UserForm,
    errors: Errors,
    roles: Vec<Opt>,
    units: Vec<Opt>,
}

async fn form_page(
    app: &AppState,
    me: CurrentUser,
    id: Option<UserId>,
    archived: bool,
    form: UserForm,
    errors: Errors,
) -> Result<UserFormPage, AppError> {
    let all = units::directory(&app.db).await?;
    let lang = me.ctx.lang;
    Ok(UserFormPage {
        roles: role_options(lang, &form.role),
        units: unit_options(lang, &all, &form.unit_id, "users-no-unit", None),
        ctx: me.ctx,
        id,
        archived,
        form: UserForm {
            password: String::new(),
            ..form
        },
        errors,
    })
}

/// `GET /quan-tri/nguoi-dung/moi`.
pub async fn new_form(State(app): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    me.require(Role::can_manage_users)?;
    let form = UserForm {
        role: Role::UnitFocalPoint.as_str().into(),
        ..UserForm::default()
    };
    render(
        StatusCode::OK,
        &form_page(&app, me, None, false, form, Errors::default()).await?,
    )
}

/// `POST /quan-tri/nguoi-dung/moi`.
pub async fn create(
    State(app): State<AppState>,
    me: CurrentUser,
    CsrfForm(form): CsrfForm<UserForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_users)?;
    let actor = me.actor();
    let pw = form.password.clone();
    let write = async |data| {
        let hash = tokio::task::spawn_blocking(move || password::hash(&pw))
            .await
            .map_err(AppError::internal)??;
        let id = users::insert(&app.db, actor, &data, &hash).await?;
        Ok(paths::USER.with(id))
    };
    let parsed = form.parse(true);
    save_form(me, parsed, write, async |me, errors| {
        form_page(&app, me, None, false, form, errors).await
    })
    .await
}

/// `GET /quan-tri/nguoi-dung/{id}`.
pub async fn edit_form(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<UserId>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_users)?;
    let user = users::get(&app.db, &me.scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let form = UserForm::from_data(&user.data);
    render(
        StatusCode::OK,
        &form_page(&app, me, Some(id), user.archived, form, Errors::default()).await?,
    )
}

/// `POST /quan-tri/nguoi-dung/{id}`.
pub async fn update(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<UserId>,
    CsrfForm(form): CsrfForm<UserForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_users)?;
    let user = users::get(&app.db, &me.scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (actor, scope) = (me.actor(), me.scope);
    let write = async |data| {
        let found = users::update(&app.db, &scope, actor, id, &data).await?;
        Ok(found
            .then(|| paths::USER.with(id))
            .ok_or(AppError::NotFound)?)
    };
    let parsed = form.parse(false);
    save_form(me, parsed, write, async |me, errors| {
        form_page(&app, me, Some(id), user.archived, form, errors).await
    })
    .await
}

/// `POST /quan-tri/nguoi-dung/{id}/luu-tru`: an admin cannot archive itself.
pub async fn archive(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<UserId>,
    CsrfForm(form): CsrfForm<ArchiveForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_users)?;
    if id == me.user.id {
        return Err(AppError::BadRequest("err-archive-self"));
    }
    if !users::set_archived(&app.db, &me.scope, me.actor(), id, form.archive()).await? {
        return Err(AppError::NotFound);
    }
    saved(&me, form.flash_key(), paths::USER.with(id)).await
}

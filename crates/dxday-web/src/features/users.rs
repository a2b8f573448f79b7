//! Accounts: only admins manage them.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use dxday_domain::user::{UserData, UserForm};
use dxday_domain::{FieldErrors, Role, Scope, UserId};
use dxday_store::users::{self, User};
use dxday_store::{password, units};

use crate::forms::{Errors, NotSaved, Opt, role_options, unit_options};
use crate::middleware::render;
use crate::paths::{self, Route};
use crate::register::Register;
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
pub struct UserFormPage {
    ctx: Ctx,
    id: Option<UserId>,
    archived: bool,
    form: UserForm,
    errors: Errors,
    roles: Vec<Opt>,
    units: Vec<Opt>,
}

/// The register of accounts.
pub struct Users;

impl Register for Users {
    type Id = UserId;
    type Form = UserForm;
    /// The account and its first password.
    type Data = (UserData, String);
    type Page = UserFormPage;
    const PAGE: Route = paths::USER;
    const PUBLIC: bool = false;

    fn may_change(me: &CurrentUser) -> Result<(), AppError> {
        me.require(Role::can_manage_users)
    }

    fn blank(_: &CurrentUser) -> UserForm {
        UserForm {
            role: Role::UnitFocalPoint.as_str().into(),
            ..UserForm::default()
        }
    }

    fn parse(form: &UserForm, new: bool) -> Result<(UserData, String), FieldErrors> {
        form.parse(new).map(|data| (data, form.password.clone()))
    }

    async fn load(
        app: &AppState,
        me: &CurrentUser,
        id: UserId,
    ) -> Result<Option<(UserForm, bool)>, AppError> {
        let user = users::get(&app.db, &me.scope, id).await?;
        Ok(user.map(|u| (UserForm::from_data(&u.data), u.archived)))
    }

    async fn insert(
        app: &AppState,
        actor: Option<UserId>,
        (data, pw): (UserData, String),
    ) -> Result<UserId, NotSaved> {
        let hash = tokio::task::spawn_blocking(move || password::hash(&pw))
            .await
            .map_err(AppError::internal)??;
        Ok(users::insert(&app.db, actor, &data, &hash).await?)
    }

    async fn update(
        app: &AppState,
        scope: &Scope,
        actor: Option<UserId>,
        id: UserId,
        (data, _): (UserData, String),
    ) -> Result<bool, NotSaved> {
        Ok(users::update(&app.db, scope, actor, id, &data).await?)
    }

    /// An admin cannot archive itself.
    async fn set_archived(
        app: &AppState,
        me: &CurrentUser,
        id: UserId,
        archived: bool,
    ) -> Result<bool, AppError> {
        if id == me.user.id {
            return Err(AppError::BadRequest("err-archive-self"));
        }
        Ok(users::set_archived(&app.db, &me.scope, me.actor(), id, archived).await?)
    }

    async fn page(
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
}

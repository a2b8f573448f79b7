//! Registers of setup records (campaigns, units, accounts): each is edited through one
//! form, so the blank form, create, the record's form, update and archive are the same
//! handlers for all of them. A register says only what differs: who may see and
//! change it, how its form parses, and how the store reads and writes it.

use std::future::Future;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use dxday_domain::{FieldErrors, Scope, UserId};
use serde::de::DeserializeOwned;

use crate::csrf::CsrfForm;
use crate::forms::{ArchiveForm, Errors, NotSaved, save_form, saved};
use crate::middleware::render;
use crate::paths::Route;
use crate::{AppError, AppState, CurrentUser};

/// What a register of setup records says of itself.
pub trait Register: Send + Sync + 'static {
    type Id: Copy + Send + Sync + std::fmt::Display + DeserializeOwned + 'static;
    type Form: DeserializeOwned + Send + Sync + 'static;
    type Data: Send;
    type Page: askama::Template + Send;

    /// The record's page (its form).
    const PAGE: Route;

    /// Whether a change shows on the public site (its cache is then emptied).
    const PUBLIC: bool;

    /// Who may open the register's forms (a record outside the scope is then not found);
    /// by default, who may change them.
    fn may_see(me: &CurrentUser) -> Result<(), AppError> {
        Self::may_change(me)
    }

    /// Who may change the register's records.
    fn may_change(me: &CurrentUser) -> Result<(), AppError>;

    /// A new record's form.
    fn blank(me: &CurrentUser) -> Self::Form;

    /// The form's data, or its errors; `new` for a new record.
    fn parse(form: &Self::Form, new: bool) -> Result<Self::Data, FieldErrors>;

    /// A record's form and whether it is archived; `None` outside the user's scope.
    fn load(
        app: &AppState,
        me: &CurrentUser,
        id: Self::Id,
    ) -> impl Future<Output = Result<Option<(Self::Form, bool)>, AppError>> + Send;

    /// Adds a record from `data`.
    fn insert(
        app: &AppState,
        actor: Option<UserId>,
        data: Self::Data,
    ) -> impl Future<Output = Result<Self::Id, NotSaved>> + Send;

    /// Changes a record; `false` when it is not found.
    fn update(
        app: &AppState,
        scope: &Scope,
        actor: Option<UserId>,
        id: Self::Id,
        data: Self::Data,
    ) -> impl Future<Output = Result<bool, NotSaved>> + Send;

    /// Archives or restores a record; `false` when it is not found.
    fn set_archived(
        app: &AppState,
        me: &CurrentUser,
        id: Self::Id,
        archived: bool,
    ) -> impl Future<Output = Result<bool, AppError>> + Send;

    /// The form page: of a new record with `id` `None`.
    fn page(
        app: &AppState,
        me: CurrentUser,
        id: Option<Self::Id>,
        archived: bool,
        form: Self::Form,
        errors: Errors,
    ) -> impl Future<Output = Result<Self::Page, AppError>> + Send;
}

/// A register's routes: the blank form at `new`, the record's page, and `archive`.
pub fn routes<R: Register>(new: Route, archive: Route) -> Router<AppState> {
    Router::new()
        .route(new.pattern(), get(new_form::<R>).post(create::<R>))
        .route(R::PAGE.pattern(), get(edit_form::<R>).post(update::<R>))
        .route(archive.pattern(), post(archive_one::<R>))
}

/// `GET …/moi`: the blank form.
pub async fn new_form<R: Register>(
    State(app): State<AppState>,
    me: CurrentUser,
) -> Result<Response, AppError> {
    R::may_change(&me)?;
    let form = R::blank(&me);
    let page = R::page(&app, me, None, false, form, Errors::default()).await?;
    render(StatusCode::OK, &page)
}

/// `POST …/moi`: a new record, or the form again with its errors.
pub async fn create<R: Register>(
    State(app): State<AppState>,
    me: CurrentUser,
    CsrfForm(form): CsrfForm<R::Form>,
) -> Result<Response, AppError> {
    R::may_change(&me)?;
    let parsed = R::parse(&form, true);
    let actor = me.actor();
    let write = async |data| {
        let id = R::insert(&app, actor, data).await?;
        if R::PUBLIC {
            app.invalidate_public_cache();
        }
        Ok(R::PAGE.with(id))
    };
    save_form(me, parsed, write, async |me, errors| {
        R::page(&app, me, None, false, form, errors).await
    })
    .await
}

/// `GET …/{id}`: the record's form.
pub async fn edit_form<R: Register>(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<R::Id>,
) -> Result<Response, AppError> {
    R::may_see(&me)?;
    let (form, archived) = R::load(&app, &me, id).await?.ok_or(AppError::NotFound)?;
    let page = R::page(&app, me, Some(id), archived, form, Errors::default()).await?;
    render(StatusCode::OK, &page)
}

/// `POST …/{id}`: the record changed, or the form again with its errors.
pub async fn update<R: Register>(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<R::Id>,
    CsrfForm(form): CsrfForm<R::Form>,
) -> Result<Response, AppError> {
    R::may_see(&me)?;
    let (_, archived) = R::load(&app, &me, id).await?.ok_or(AppError::NotFound)?;
    R::may_change(&me)?;
    let parsed = R::parse(&form, false);
    let (actor, scope) = (me.actor(), me.scope);
    let write = async |data| {
        let found = R::update(&app, &scope, actor, id, data).await?;
        if R::PUBLIC {
            app.invalidate_public_cache();
        }
        Ok(found.then(|| R::PAGE.with(id)).ok_or(AppError::NotFound)?)
    };
    save_form(me, parsed, write, async |me, errors| {
        R::page(&app, me, Some(id), archived, form, errors).await
    })
    .await
}

/// `POST …/{id}/luu-tru`: archives or restores the record.
pub async fn archive_one<R: Register>(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<R::Id>,
    CsrfForm(form): CsrfForm<ArchiveForm>,
) -> Result<Response, AppError> {
    R::may_see(&me)?;
    R::load(&app, &me, id).await?.ok_or(AppError::NotFound)?;
    R::may_change(&me)?;
    if !R::set_archived(&app, &me, id, form.archive()).await? {
        return Err(AppError::NotFound);
    }
    if R::PUBLIC {
        app.invalidate_public_cache();
    }
    saved(&me, form.flash_key(), R::PAGE.with(id)).await
}

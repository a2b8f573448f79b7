//! Campaigns: office roles manage them; the public site shows the current one.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use dxday_domain::campaign::CampaignForm;
use dxday_domain::dates::today_in_vietnam;
use dxday_domain::{CampaignId, Role};
use dxday_store::campaigns::{self, Campaign};
use dxday_store::units;
use time::OffsetDateTime;

use crate::csrf::CsrfForm;
use crate::forms::{ArchiveForm, Errors, Opt, save_form, saved, unit_options};
use crate::middleware::render;
use crate::paths;
use crate::{AppError, AppState, Ctx, CurrentUser};

#[derive(Template)]
#[template(path = "admin/campaigns.html")]
struct CampaignsPage {
    ctx: Ctx,
    rows: Vec<(Campaign, String)>,
}

/// `GET /quan-tri/chien-dich`.
pub async fn list(State(app): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let today = today_in_vietnam(OffsetDateTime::now_utc());
    let rows = campaigns::list(&app.db)
        .await?
        .into_iter()
        .map(|c| {
            let status = me.ctx.t(c.data.status_on(today).label_key());
            (c, status)
        })
        .collect();
    render(StatusCode::OK, &CampaignsPage { ctx: me.ctx, rows })
}

#[derive(Template)]
#[template(path = "admin/campaign_form.html")]
struct CampaignFormPage {
    ctx: Ctx,
    id: Option<CampaignId>,
    archived: bool,
    form: CampaignForm,
    errors: Errors,
    issuers: Vec<Opt>,
}

async fn form_page(
    app: &AppState,
    me: CurrentUser,
    id: Option<CampaignId>,
    archived: bool,
    form: CampaignForm,
    errors: Errors,
) -> Result<CampaignFormPage, AppError> {
    let all = units::directory(&app.db).await?;
    let issuers = unit_options(
        me.ctx.lang,
        &all,
        &form.issuer_unit_id,
        "campaigns-no-issuer",
        None,
    );
    Ok(CampaignFormPage {
        ctx: me.ctx,
        id,
        archived,
        form,
        errors,
        issuers,
    })
}

/// `GET /quan-tri/chien-dich/moi`.
pub async fn new_form(State(app): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let form = CampaignForm {
        issuer_unit_id: me
            .user
            .data
            .unit_id
            .map(|u| u.0.to_string())
            .unwrap_or_default(),
        ..CampaignForm::default()
    };
    render(
        StatusCode::OK,
        &form_page(&app, me, None, false, form, Errors::default()).await?,
    )
}

/// `POST /quan-tri/chien-dich/moi`.
pub async fn create(
    State(app): State<AppState>,
    me: CurrentUser,
    CsrfForm(form): CsrfForm<CampaignForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let actor = me.actor();
    let write = async |data| {
        let id = campaigns::insert(&app.db, actor, &data).await?;
        app.invalidate_public_cache();
        Ok(paths::CAMPAIGN.with(id))
    };
    let parsed = form.parse();
    save_form(me, parsed, write, async |me, errors| {
        form_page(&app, me, None, false, form, errors).await
    })
    .await
}

/// `GET /quan-tri/chien-dich/{id}`.
pub async fn edit_form(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<CampaignId>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let c = campaigns::get(&app.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let form = CampaignForm::from_data(&c.data);
    render(
        StatusCode::OK,
        &form_page(&app, me, Some(id), c.archived, form, Errors::default()).await?,
    )
}

/// `POST /quan-tri/chien-dich/{id}`.
pub async fn update(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<CampaignId>,
    CsrfForm(form): CsrfForm<CampaignForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let c = campaigns::get(&app.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let actor = me.actor();
    let write = async |data| {
        let found = campaigns::update(&app.db, actor, id, &data).await?;
        app.invalidate_public_cache();
        Ok(found
            .then(|| paths::CAMPAIGN.with(id))
            .ok_or(AppError::NotFound)?)
    };
    let parsed = form.parse();
    save_form(me, parsed, write, async |me, errors| {
        form_page(&app, me, Some(id), c.archived, form, errors).await
    })
    .await
}

/// `POST /quan-tri/chien-dich/{id}/luu-tru`.
pub async fn archive(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<CampaignId>,
    CsrfForm(form): CsrfForm<ArchiveForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    if !campaigns::set_archived(&app.db, me.actor(), id, form.archive()).await? {
        return Err(AppError::NotFound);
    }
    app.invalidate_public_cache();
    saved(&me, form.flash_key(), paths::CAMPAIGN.with(id)).await
}

//! Campaigns: office roles manage them; the public site shows the current one.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use dxday_domain::campaign::{CampaignData, CampaignForm};
use dxday_domain::dates::today_in_vietnam;
use dxday_domain::{CampaignId, FieldErrors, Role, Scope, UserId};
use dxday_store::campaigns::{self, Campaign};
use dxday_store::units;
use time::OffsetDateTime;

use crate::csrf::CsrfForm;
use crate::forms::{Errors, NotSaved, Opt, save_form_saying, unit_options};
use crate::middleware::render;
use crate::paths::{self, Route};
use crate::register::Register;
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
pub struct CampaignFormPage {
    ctx: Ctx,
    id: Option<CampaignId>,
    archived: bool,
    form: CampaignForm,
    errors: Errors,
    issuers: Vec<Opt>,
    /// Preparing a new year from this campaign (its id and title).
    source: Option<(CampaignId, String)>,
}

/// The register of campaigns.
pub struct Campaigns;

impl Register for Campaigns {
    type Id = CampaignId;
    type Form = CampaignForm;
    type Data = CampaignData;
    type Page = CampaignFormPage;
    const PAGE: Route = paths::CAMPAIGN;
    const PUBLIC: bool = true;

    fn may_change(me: &CurrentUser) -> Result<(), AppError> {
        me.require(Role::can_manage_setup)
    }

    /// A new campaign is issued by the user's own unit unless changed.
    fn blank(me: &CurrentUser) -> CampaignForm {
        let unit = me.user.data.unit_id;
        CampaignForm {
            issuer_unit_id: unit.map(|u| u.0.to_string()).unwrap_or_default(),
            ..CampaignForm::default()
        }
    }

    fn parse(form: &CampaignForm, _: bool) -> Result<CampaignData, FieldErrors> {
        form.parse()
    }

    async fn load(
        app: &AppState,
        _: &CurrentUser,
        id: CampaignId,
    ) -> Result<Option<(CampaignForm, bool)>, AppError> {
        let campaign = campaigns::get(&app.db, id).await?;
        Ok(campaign.map(|c| (CampaignForm::from_data(&c.data), c.archived)))
    }

    async fn insert(
        app: &AppState,
        actor: Option<UserId>,
        data: CampaignData,
    ) -> Result<CampaignId, NotSaved> {
        Ok(campaigns::insert(&app.db, actor, &data).await?)
    }

    async fn update(
        app: &AppState,
        _: &Scope,
        actor: Option<UserId>,
        id: CampaignId,
        data: CampaignData,
    ) -> Result<bool, NotSaved> {
        Ok(campaigns::update(&app.db, actor, id, &data).await?)
    }

    async fn set_archived(
        app: &AppState,
        me: &CurrentUser,
        id: CampaignId,
        archived: bool,
    ) -> Result<bool, AppError> {
        Ok(campaigns::set_archived(&app.db, me.actor(), id, archived).await?)
    }

    async fn page(
        app: &AppState,
        me: CurrentUser,
        id: Option<CampaignId>,
        archived: bool,
        form: CampaignForm,
        errors: Errors,
    ) -> Result<CampaignFormPage, AppError> {
        form_page(app, me, id, archived, form, errors, None).await
    }
}

async fn form_page(
    app: &AppState,
    me: CurrentUser,
    id: Option<CampaignId>,
    archived: bool,
    form: CampaignForm,
    errors: Errors,
    source: Option<(CampaignId, String)>,
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
        source,
    })
}

/// `GET /quan-tri/chien-dich/{id}/nam-moi`: the campaign of the year to come (the
/// first whose campaign, on the same days, has not ended), prepared from this one,
/// for the office to edit before it is made.
pub async fn next_form(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<CampaignId>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let from = campaigns::get(&app.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let today = today_in_vietnam(OffsetDateTime::now_utc());
    let next = from.data.for_year(from.data.live_or_next_year(today));
    let form = CampaignForm::from_data(&next);
    let source = Some((id, from.data.title));
    let page = form_page(&app, me, None, false, form, Errors::default(), source).await?;
    render(StatusCode::OK, &page)
}

/// `POST /quan-tri/chien-dich/{id}/nam-moi`: the new campaign with this one's tasks,
/// report forms, frames and kit copied as drafts, in one transaction; or the form
/// again with its errors.
pub async fn prepare_next(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<CampaignId>,
    CsrfForm(form): CsrfForm<CampaignForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let from = campaigns::get(&app.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let actor = me.actor();
    let write = async |data| {
        let done = dxday_app::campaign::prepare_next(&app.db, actor, id, data)
            .await?
            .ok_or(AppError::NotFound)?;
        app.invalidate_public_cache();
        Ok(paths::CAMPAIGN.with(done.campaign))
    };
    let source = Some((id, from.data.title));
    save_form_saying(
        "flash-campaign-prepared",
        me,
        form.parse(),
        write,
        async |me, errors| form_page(&app, me, None, false, form, errors, source).await,
    )
    .await
}

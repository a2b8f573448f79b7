//! Office side of avatar frames: upload (checked before decoding), previews square
//! and round, active window, archive; participation per unit against staff counts.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use dxday_domain::campaign::CampaignData;
use dxday_domain::errors::required_text;
use dxday_domain::{CampaignId, FieldErrors, FrameId, Role, dates};
use dxday_media::Limits;
use dxday_media::frame::{Frame, FrameReport};
use dxday_store::campaigns::{self, Campaign};
use dxday_store::frames::{self, FrameRecord};
use serde::Deserialize;
use time::Date;

use crate::forms::{ArchiveForm, Errors, saved};
use crate::middleware::render;
use crate::paths;
use crate::upload::CsrfUpload;
use crate::{AppError, AppState, Ctx, CurrentUser, csrf::CsrfForm};
use dxday_app::frames::new_frame;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CampaignQuery {
    #[serde(rename = "chien-dich")]
    campaign: String,
}

#[derive(Template)]
#[template(path = "admin/frames.html")]
struct FramesPage {
    ctx: Ctx,
    campaigns: Vec<Campaign>,
    campaign: Option<Campaign>,
    frames: Vec<FrameRecord>,
    errors: Errors,
    title: String,
    participation: Vec<dxday_app::frames::ParticipationRow>,
    total: i64,
}

impl FramesPage {
    fn frame_url(&self, f: &FrameRecord) -> String {
        paths::FRAME_ADMIN.with(format!("{}.png", f.id))
    }
    fn transparent(&self, f: &FrameRecord) -> String {
        format!(
            "{},{} %",
            f.transparent_permille / 10,
            f.transparent_permille % 10
        )
    }
    fn window(&self, f: &FrameRecord) -> String {
        format!(
            "{} – {}",
            dates::format_dmy(f.active_from),
            dates::format_dmy(f.active_to)
        )
    }
}

async fn page(
    app: &AppState,
    me: CurrentUser,
    campaign_id: Option<i64>,
    errors: Errors,
    title: String,
) -> Result<FramesPage, AppError> {
    let all = campaigns::list(&app.db).await?;
    let campaign = pick_campaign(&all, campaign_id).cloned();
    let (frames, participation, total) = match &campaign {
        Some(c) => {
            let frames = frames::for_campaign(&app.db, c.id, true).await?;
            let (rows, total) = dxday_app::frames::participation(&app.db, c.id).await?;
            (frames, rows, total)
        }
        None => (Vec::new(), Vec::new(), 0),
    };
    Ok(FramesPage {
        ctx: me.ctx,
        campaigns: all,
        campaign,
        frames,
        errors,
        title,
        participation,
        total,
    })
}

/// The campaign asked for by id, or else the latest one not archived.
fn pick_campaign(all: &[Campaign], id: Option<i64>) -> Option<&Campaign> {
    match id {
        Some(id) => all.iter().find(|c| c.id.0 == id),
        None => all.iter().find(|c| !c.archived),
    }
}

/// `GET /quan-tri/khung-anh`.
pub async fn list(
    State(app): State<AppState>,
    me: CurrentUser,
    Query(q): Query<CampaignQuery>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let id = q.campaign.parse().ok();
    render(
        StatusCode::OK,
        &page(&app, me, id, Errors::default(), String::new()).await?,
    )
}

/// `POST /quan-tri/khung-anh`: a new frame for a campaign; its active window is the
/// campaign's display window unless given.
pub async fn upload(
    State(app): State<AppState>,
    me: CurrentUser,
    CsrfUpload(up): CsrfUpload,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let lang = me.ctx.lang;
    let campaign_id = up.field("campaign_id").parse::<i64>().ok();
    let campaign = match campaign_id {
        Some(id) => campaigns::get(&app.db, CampaignId(id)).await?,
        None => None,
    }
    .ok_or(AppError::BadRequest("err-choice"))?;
    let mut e = FieldErrors::default();
    let fields = frame_fields(&up, &campaign.data, &mut e);
    let png = up.file("png").unwrap_or_default();
    let report = check_png(&app, &png, &mut e).await?;
    let (Some((title, from, to)), Some(report), true) = (fields, report, e.is_empty()) else {
        let errors = Errors::from_fields(lang, &e);
        let keep = up.field("title").trim().to_string();
        let page = page(&app, me, Some(campaign.id.0), errors, keep).await?;
        return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let new = new_frame(campaign.id, title, &report, png, (from, to));
    frames::insert(&app.db, me.actor(), &new).await?;
    let flash = if report.circle_safe {
        "flash-saved"
    } else {
        "flash-frame-not-circle-safe"
    };
    saved(
        &me,
        flash,
        format!("{}?chien-dich={}", paths::FRAMES, campaign.id),
    )
    .await
}

/// The frame's title and days (by default the campaign's display window).
fn frame_fields(
    up: &crate::upload::Upload,
    campaign: &CampaignData,
    e: &mut FieldErrors,
) -> Option<(String, Date, Date)> {
    let title = e.check("title", required_text(up.field("title"), 120));
    let mut day = |field, default| {
        e.check(field, dates::parse_optional_date(up.field(field)))
            .map(|d| d.unwrap_or(default))
    };
    let from = day("active_from", campaign.display_from);
    let to = day("active_to", campaign.display_to);
    if let (Some(a), Some(b)) = (from, to)
        && b < a
    {
        e.add("active_to", "err-date-order");
    }
    Some((title?, from?, to?))
}

/// Checks an uploaded frame on the work pool: its report, or a message on `png`.
async fn check_png(
    app: &AppState,
    png: &[u8],
    e: &mut FieldErrors,
) -> Result<Option<FrameReport>, AppError> {
    if png.is_empty() {
        e.add("png", "err-media-empty");
        return Ok(None);
    }
    if png.len() > Limits::FRAME.max_bytes {
        e.add("png", "err-media-too-many-bytes");
        return Ok(None);
    }
    let bytes = png.to_vec();
    let checked = app
        .pool
        .run("err-busy-work", move |_| Frame::from_png(&bytes))
        .await?;
    Ok(match checked {
        Ok(f) => Some(f.report),
        Err(err) => {
            e.add("png", err.key());
            None
        }
    })
}

/// `GET /quan-tri/khung-anh/{id}.png`: the frame, archived or not, for the office.
pub async fn admin_png(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let png = frames::png(&app.db, crate::download::frame_file_id(&file)?)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(crate::download::png_response(png, "private, no-cache"))
}

/// `POST /quan-tri/khung-anh/{id}/luu-tru`.
pub async fn archive(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<FrameId>,
    CsrfForm(form): CsrfForm<ArchiveForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let frame = frames::get(&app.db, id).await?.ok_or(AppError::NotFound)?;
    frames::set_archived(&app.db, me.actor(), frame.id, form.archive()).await?;
    saved(
        &me,
        form.flash_key(),
        format!("{}?chien-dich={}", paths::FRAMES, frame.campaign_id),
    )
    .await
}

/// `GET /quan-tri/khung-anh/tham-gia.xlsx?chien-dich=ID`: the participation table.
pub async fn participation_xlsx(
    State(app): State<AppState>,
    me: CurrentUser,
    Query(q): Query<CampaignQuery>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let all = campaigns::list(&app.db).await?;
    let campaign = pick_campaign(&all, q.campaign.parse().ok()).ok_or(AppError::NotFound)?;
    let bytes = dxday_app::frames::participation_xlsx(&app.db, campaign, me.ctx.lang).await?;
    let name = format!("tham-gia-khung-anh-{}.xlsx", campaign.data.year);
    crate::download::attachment(&name, crate::download::XLSX, bytes)
}

/// The frame edit form (title and active window).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FrameEditForm {
    title: String,
    active_from: String,
    active_to: String,
}

/// `POST /quan-tri/khung-anh/{id}`: a new title or active window; a refused edit goes
/// back to the page with the message, the frame unchanged.
pub async fn update(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<FrameId>,
    CsrfForm(form): CsrfForm<FrameEditForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let frame = frames::get(&app.db, id).await?.ok_or(AppError::NotFound)?;
    let mut e = FieldErrors::default();
    let title = e.check("title", required_text(&form.title, 120));
    let from = e.check("active_from", dates::parse_date(&form.active_from));
    let to = e.check("active_to", dates::parse_date(&form.active_to));
    if let (Some(a), Some(b)) = (from, to)
        && b < a
    {
        e.add("active_to", "err-date-order");
    }
    match (title, from, to) {
        (Some(title), Some(from), Some(to)) if e.is_empty() => {
            frames::update(&app.db, me.actor(), frame.id, &title, from, to).await?;
            saved(
                &me,
                "flash-saved",
                format!("{}?chien-dich={}", paths::FRAMES, frame.campaign_id),
            )
            .await
        }
        _ => {
            let errors = Errors::from_fields(me.ctx.lang, &e);
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &page(&app, me, Some(frame.campaign_id.0), errors, String::new()).await?,
            )
        }
    }
}

//! Office side of avatar frames: upload (checked before decoding), previews square
//! and round, active window, archive; participation per unit against staff counts.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use dxday_domain::errors::required_text;
use dxday_domain::{CampaignId, FieldErrors, FrameId, Role, dates};
use dxday_media::Limits;
use dxday_media::frame::Frame;
use dxday_store::campaigns::{self, Campaign};
use dxday_store::frames::{self, FrameRecord};
use dxday_store::units;
use serde::Deserialize;

use crate::forms::{ArchiveForm, Errors, saved};
use crate::middleware::render;
use crate::upload::CsrfUpload;
use crate::{AppError, AppState, Ctx, CurrentUser, csrf::CsrfForm};
use dxday_app::frames::new_frame;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CampaignQuery {
    #[serde(rename = "chien-dich")]
    campaign: String,
}

/// One unit's participation.
pub struct ParticipationRow {
    pub name: String,
    /// The unit's code, for its studio link (empty for downloads without a unit link).
    pub code: String,
    pub downloads: i64,
    pub staff: Option<i64>,
    /// Downloads per staff member, in per cent, when the staff count is known.
    pub rate: Option<i64>,
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
    participation: Vec<ParticipationRow>,
    total: i64,
}

impl FramesPage {
    fn frame_url(&self, f: &FrameRecord) -> String {
        format!("/quan-tri/khung-anh/{}.png", f.id)
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
            let (rows, total) = participation(app, c.id).await?;
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

/// Downloads per unit (units without downloads included, links without a unit last).
pub async fn participation(
    app: &AppState,
    campaign: CampaignId,
) -> Result<(Vec<ParticipationRow>, i64), AppError> {
    let counts = frames::downloads_by_unit(&app.db, campaign).await?;
    let total = counts.iter().map(|(_, n)| n).sum();
    let mut rows: Vec<ParticipationRow> = units::directory(&app.db)
        .await?
        .into_iter()
        .filter(|u| !u.archived)
        .map(|u| {
            let downloads = counts
                .iter()
                .find(|(k, _)| *k == u.id.0)
                .map_or(0, |(_, n)| *n);
            let staff = u.data.staff_count.filter(|n| *n > 0);
            ParticipationRow {
                code: u.data.code.as_str().to_string(),
                name: u.data.name,
                downloads,
                staff,
                rate: staff.map(|s| downloads * 100 / s),
            }
        })
        .collect();
    if let Some((_, n)) = counts.iter().find(|(k, _)| *k == 0) {
        rows.push(ParticipationRow {
            name: String::new(),
            code: String::new(),
            downloads: *n,
            staff: None,
            rate: None,
        });
    }
    Ok((rows, total))
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
    let title = e.check("title", required_text(up.field("title"), 120));
    let from = e
        .check(
            "active_from",
            dates::parse_optional_date(up.field("active_from")),
        )
        .map(|d| d.unwrap_or(campaign.data.display_from));
    let to = e
        .check(
            "active_to",
            dates::parse_optional_date(up.field("active_to")),
        )
        .map(|d| d.unwrap_or(campaign.data.display_to));
    if let (Some(a), Some(b)) = (from, to)
        && b < a
    {
        e.add("active_to", "err-date-order");
    }
    let png = up
        .files
        .get("png")
        .map(|(_, b)| b.clone())
        .unwrap_or_default();
    let checked = if png.is_empty() {
        e.add("png", "err-media-empty");
        None
    } else if png.len() > Limits::FRAME.max_bytes {
        e.add("png", "err-media-too-many-bytes");
        None
    } else {
        let bytes = png.clone();
        match app
            .pool
            .run("err-busy-work", move |_| Frame::from_png(&bytes))
            .await?
        {
            Ok(f) => Some(f.report),
            Err(err) => {
                e.add("png", err.key());
                None
            }
        }
    };
    let (Some(title), Some(from), Some(to), Some(report)) = (title.clone(), from, to, checked)
    else {
        let errors = Errors::from_fields(lang, &e);
        let keep = title.unwrap_or_else(|| up.field("title").to_string());
        return render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(&app, me, Some(campaign.id.0), errors, keep).await?,
        );
    };
    if !e.is_empty() {
        let errors = Errors::from_fields(lang, &e);
        return render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(&app, me, Some(campaign.id.0), errors, title).await?,
        );
    }
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
        format!("/quan-tri/khung-anh?chien-dich={}", campaign.id),
    )
    .await
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
        format!("/quan-tri/khung-anh?chien-dich={}", frame.campaign_id),
    )
    .await
}

/// `GET /quan-tri/khung-anh/tham-gia.xlsx?chien-dich=ID`: the participation table.
pub async fn participation_xlsx(
    State(app): State<AppState>,
    me: CurrentUser,
    Query(q): Query<CampaignQuery>,
) -> Result<Response, AppError> {
    use axum::http::{HeaderValue, header};
    use axum::response::IntoResponse;
    use dxday_media::xlsx::{self, Cell};
    me.require(Role::can_manage_setup)?;
    let all = campaigns::list(&app.db).await?;
    let campaign = pick_campaign(&all, q.campaign.parse().ok()).ok_or(AppError::NotFound)?;
    let (rows, _) = participation(&app, campaign.id).await?;
    let t = |k: &str| me.ctx.t(k);
    let headers = [
        t("field-unit_id"),
        t("frames-downloads"),
        t("field-staff_count"),
        t("frames-rate"),
    ];
    let cells: Vec<Vec<Cell>> = rows
        .into_iter()
        .map(|r| {
            let name = if r.name.is_empty() {
                t("frames-no-unit")
            } else {
                r.name
            };
            let rate = r.staff.map_or(Cell::Empty, |s| {
                Cell::Percent(r.downloads as f64 / s as f64)
            });
            vec![
                Cell::Text(name),
                Cell::Int(r.downloads),
                r.staff.map_or(Cell::Empty, Cell::Int),
                rate,
            ]
        })
        .collect();
    let title = format!("{} — {}", t("frames-participation"), campaign.data.title);
    let bytes = xlsx::table(&t("frames-sheet"), &title, &headers, &cells)?;
    let disposition = format!(
        "attachment; filename=\"tham-gia-khung-anh-{}.xlsx\"",
        campaign.data.year
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition).map_err(AppError::internal)?,
            ),
        ],
        bytes,
    )
        .into_response())
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
                format!("/quan-tri/khung-anh?chien-dich={}", frame.campaign_id),
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

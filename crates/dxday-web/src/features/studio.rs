//! The public avatar-frame studio (`/khung-anh`), the frame images, the server
//! renderer for clients without canvas, and anonymous download counts.

use askama::Template;
use axum::extract::{Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use dxday_domain::dates::today_in_vietnam;
use dxday_domain::{FrameId, dates};
use dxday_media::geometry::Placement;
use dxday_media::render::{Format, render_bytes};
use dxday_store::campaigns::Campaign;
use dxday_store::frames::{self, FrameRecord};
use dxday_store::units::{self, Unit};
use serde::Deserialize;
use time::OffsetDateTime;

use crate::client_ip::ClientIp;
use crate::middleware::render;
use crate::share::Preview;
use crate::upload::Upload;

/// How long a client may take to send its photo to the render endpoint.
const UPLOAD_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);
use crate::limits::TOKEN_LIFETIME;
const TOKEN_PURPOSE: &str = "count";
use crate::paths;
use crate::{AppError, AppState, Ctx};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StudioQuery {
    #[serde(rename = "don-vi")]
    don_vi: String,
    khung: String,
    /// A campaign's year (the short links `/k/2024…`); empty: the current campaign.
    nam: String,
}

#[derive(Template)]
#[template(path = "studio.html")]
struct StudioPage {
    ctx: Ctx,
    campaign: Option<Campaign>,
    frames: Vec<FrameRecord>,
    selected: Option<FrameRecord>,
    unit: Option<Unit>,
    in_window: bool,
    window_text: String,
    caption: String,
    /// The signed token that lets this page count its downloads.
    count_token: String,
    preview: Preview,
}

impl StudioPage {
    fn frame_url(&self, f: &FrameRecord) -> String {
        let file = paths::STUDIO_FRAME.with(format!("{}.png", f.id));
        format!("{file}?v={}", &f.sha256[..12.min(f.sha256.len())])
    }

    fn link(&self, f: &FrameRecord) -> String {
        // The campaign's year keeps a past campaign's studio on its own frames.
        let year = self
            .campaign
            .as_ref()
            .map(|c| format!("&nam={}", c.data.year))
            .unwrap_or_default();
        match &self.unit {
            Some(u) => format!(
                "{}?khung={}&don-vi={}{year}",
                paths::STUDIO,
                f.id,
                u.data.code.as_str()
            ),
            None => format!("{}?khung={}{year}", paths::STUDIO, f.id),
        }
    }

    fn unit_code(&self) -> &str {
        self.unit.as_ref().map_or("", |u| u.data.code.as_str())
    }
}

/// When a frame may be used, said as open or closed.
fn window_text(lang: crate::Lang, f: &FrameRecord, open: bool) -> String {
    let key = if open {
        "studio-window-open"
    } else {
        "studio-window-closed"
    };
    let days = [
        ("from", dates::format_dmy(f.active_from)),
        ("to", dates::format_dmy(f.active_to)),
    ];
    lang.t_args(key, &days)
}

/// `GET /khung-anh`: pick a frame, place a photo, download — all in the browser.
pub async fn studio(
    State(app): State<AppState>,
    crate::ctx::PageLang(lang): crate::ctx::PageLang,
    Query(q): Query<StudioQuery>,
) -> Result<Response, AppError> {
    let campaign = dxday_app::campaign::of_year(&app.db, &q.nam).await?;
    let frames = match &campaign {
        Some(c) => frames::for_campaign(&app.db, c.id, false).await?,
        None => Vec::new(),
    };
    let wanted = q.khung.parse::<i64>().ok();
    let selected = frames
        .iter()
        .find(|f| Some(f.id.0) == wanted)
        .or_else(|| frames.first())
        .cloned();
    let unit = if q.don_vi.is_empty() {
        None
    } else {
        units::find_by_code(&app.db, &q.don_vi).await?
    };
    let today = today_in_vietnam(OffsetDateTime::now_utc());
    let in_window = selected
        .as_ref()
        .is_some_and(|f| f.active_from <= today && today <= f.active_to);
    let window_text = selected
        .as_ref()
        .map(|f| window_text(lang, f, in_window))
        .unwrap_or_default();
    let day = campaign
        .as_ref()
        .map(|c| dates::format_dmy(c.data.day_on))
        .unwrap_or_default();
    let caption = lang.t_args("studio-caption-template", &[("day", day)]);
    let count_token = selected
        .as_ref()
        .map(|f| issue_token(&app, f.id))
        .unwrap_or_default();
    // The page's own address: the campaign's year, and the unit a link was made for.
    let mut path = paths::STUDIO.to_string();
    if let Some(c) = &campaign {
        path = format!("{path}?nam={}", c.data.year);
        if let Some(u) = &unit {
            let code = crate::error::urlencode(u.data.code.as_str());
            path = format!("{path}&don-vi={code}");
        }
    }
    let subject = match &unit {
        Some(u) => u.data.name.clone(),
        None => lang.t("studio-title"),
    };
    let preview = Preview::new(&app, lang, campaign.as_ref(), Some(&subject), &path);
    let page = StudioPage {
        preview,
        count_token,
        ctx: Ctx::public(lang, paths::STUDIO.pattern()),
        campaign,
        frames,
        selected,
        unit,
        in_window,
        window_text,
        caption,
    };
    render(StatusCode::OK, &page)
}

/// `GET /khung-anh/{id}.png`: the frame image (cacheable; the URL carries its hash).
pub async fn frame_png(
    State(app): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    let png = frames::public_png(&app.db, crate::download::frame_file_id(&file)?)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(crate::download::png_response(png, "public, max-age=86400"))
}

/// A participation token for `frame`: `frame.issued.nonce.signature`.
fn issue_token(app: &AppState, frame: FrameId) -> String {
    let issued = OffsetDateTime::now_utc().unix_timestamp();
    crate::sign::sign(
        &app.config.signing_key,
        TOKEN_PURPOSE,
        &format!("{}.{issued}.{}", frame.0, crate::sign::nonce()),
    )
}

/// True when `token` was issued by a studio page for `frame`, is still fresh, has not
/// counted its share yet, and the address has not counted its share for the hour.
fn may_count(app: &AppState, frame: FrameId, token: &str, ip: std::net::IpAddr) -> bool {
    let Some(payload) = crate::sign::verify(&app.config.signing_key, TOKEN_PURPOSE, token) else {
        return false;
    };
    let mut parts = payload.split('.');
    let (Some(id), Some(issued)) = (parts.next(), parts.next()) else {
        return false;
    };
    let age = OffsetDateTime::now_utc().unix_timestamp() - issued.parse::<i64>().unwrap_or(0);
    id.parse::<i64>().ok() == Some(frame.0)
        && (0..TOKEN_LIFETIME.as_secs() as i64).contains(&age)
        && app.count_tokens.hit(payload.to_string())
        && app.count_addresses.hit((ip, frame.0))
}

/// Counts one download of a frame today (Vietnam date) for the unit a link names,
/// when the request may count (see [`may_count`]); a refused count is dropped quietly,
/// as the person's download itself went through.
async fn count(
    app: &AppState,
    frame: FrameId,
    unit_code: &str,
    token: &str,
    ip: std::net::IpAddr,
) -> Result<(), AppError> {
    if !may_count(app, frame, token, ip) {
        metrics::counter!("frame_counts_refused_total").increment(1);
        return Ok(());
    }
    let key = unit_key(app, unit_code).await?;
    frames::count_download(
        &app.db,
        frame,
        today_in_vietnam(OffsetDateTime::now_utc()),
        key,
    )
    .await?;
    Ok(())
}

/// The unit a studio link names, as the key downloads are counted under (0 = none).
async fn unit_key(app: &AppState, code: &str) -> Result<i64, AppError> {
    if code.trim().is_empty() {
        return Ok(0);
    }
    Ok(units::find_by_code(&app.db, code)
        .await?
        .map_or(0, |u| u.id.0))
}

fn placement_of(up: &Upload) -> Result<Placement, AppError> {
    let num = |name: &str, default: f64| -> Result<f64, AppError> {
        let v = up.field(name).trim();
        if v.is_empty() {
            Ok(default)
        } else {
            v.parse::<f64>()
                .map_err(|_| AppError::Media(dxday_media::MediaError::BadCrop))
        }
    };
    let turns = num("turns", 0.0)?;
    let p = Placement {
        quarter_turns: if (0.0..=3.0).contains(&turns) && turns.fract() == 0.0 {
            turns as u8
        } else {
            9
        },
        zoom: num("zoom", 1.0)?,
        center_x: num("center_x", 0.5)?,
        center_y: num("center_y", 0.5)?,
    };
    p.validate()?;
    Ok(p)
}

/// The size and format asked for: 1080 (default) or 2048 pixels, PNG or JPEG.
fn output_of(up: &Upload) -> Result<(u32, Format), AppError> {
    let width = match up.field("size") {
        "" | "1080" => 1080,
        "2048" => 2048,
        _ => return Err(AppError::Media(dxday_media::MediaError::BadSize(0))),
    };
    let format = if up.field("format") == "jpg" {
        Format::Jpeg
    } else {
        Format::Png
    };
    Ok((width, format))
}

/// `POST /api/frames/{id}/render`: multipart `photo` plus placement (`zoom`, `center_x`,
/// `center_y`, `turns`), `size` (1080 or 2048), `format` (png or jpg), `don_vi`. The
/// photo is processed in memory and never stored; renders in flight are bounded by
/// the permit pool, and a full pool answers 503 with Retry-After.
pub async fn render_api(
    State(app): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(id): Path<FrameId>,
    req: Request,
) -> Result<Response, AppError> {
    let (record, frame) = app
        .frame(id)
        .await?
        .filter(|(r, _)| !r.archived)
        .ok_or(AppError::NotFound)?;
    // A permit is taken before the photo is read, so at most one upload per permit is
    // held in memory; a full pool answers at once, and a slow upload cannot keep its
    // permit for more than UPLOAD_TIMEOUT.
    let permit = app.pool.try_permit("err-busy")?;
    let up = tokio::time::timeout(UPLOAD_TIMEOUT, Upload::read(req, &app))
        .await
        .map_err(|_| AppError::Timeout)??;
    let placement = placement_of(&up)?;
    let (width, format) = output_of(&up)?;
    let (_, photo) = up
        .files
        .get("photo")
        .cloned()
        .ok_or(AppError::Media(dxday_media::MediaError::Empty))?;
    let image = app
        .pool
        .run_with(permit, move |cancel| {
            if cancel.is_cancelled() {
                return Err(dxday_media::MediaError::Cancelled);
            }
            render_bytes(&photo, &frame, &placement, width, format)
        })
        .await??;
    count(&app, record.id, up.field("don_vi"), up.field("token"), ip).await?;
    let name = format!("khung-anh-{}.{}", record.id, format.extension());
    crate::download::attachment(&name, format.mime(), image)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DownloadForm {
    don_vi: String,
    /// The studio page's participation token.
    token: String,
}

/// `POST /api/frames/{id}/downloads`: the studio counts a photo framed in the browser.
pub async fn count_download(
    State(app): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(id): Path<FrameId>,
    axum::Form(form): axum::Form<DownloadForm>,
) -> Result<Response, AppError> {
    let record = frames::get(&app.db, id)
        .await?
        .filter(|f| !f.archived)
        .ok_or(AppError::NotFound)?;
    count(&app, record.id, &form.don_vi, &form.token, ip).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

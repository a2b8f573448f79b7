//! Display evidence: each unit declares where it showed the identity kit (portal,
//! electronic board, public screen, app, social page), the days shown and a photo or
//! screenshot; the office sees a table of units × channels, each cell full, partial or
//! none against the display window (01/10–10/10), and exports it to XLSX. A unit sees
//! and edits only its own declarations; another unit's answer 404.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dxday_domain::display::{Channel, Coverage, Covered, DisplayData, DisplayForm, covered};
use dxday_domain::unit::UnitKind;
use dxday_domain::{FieldErrors, Role, UnitId};
use dxday_media::kit::AssetFormat;
use dxday_media::xlsx::{Cell, Sheet};
use dxday_store::campaigns::Campaign;
use dxday_store::display::{self, Evidence, Photo};
use time::Date;

use crate::csrf::CsrfForm;
use crate::download::{XLSX, attachment};
use crate::forms::{Errors, Opt, options, saved};
use crate::middleware::render;
use crate::{AppError, AppState, Ctx, CurrentUser, Lang};

/// Largest evidence photo.
pub const PHOTO_LIMIT: usize = 10 * 1024 * 1024;
/// The form's body limit: the photo and the fields.
pub const UPLOAD_LIMIT: usize = PHOTO_LIMIT + 64 * 1024;

/// "01/10–05/10, 07/10–10/10".
fn periods_text(periods: &[(Date, Date)]) -> String {
    let dm = |d: Date| format!("{:02}/{:02}", d.day(), u8::from(d.month()));
    periods
        .iter()
        .map(|(a, b)| {
            if a == b {
                dm(*a)
            } else {
                format!("{}–{}", dm(*a), dm(*b))
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// One cell of the table: a unit's coverage of the window on one channel.
pub struct CoverCell {
    pub coverage: Coverage,
    pub days: i64,
    pub window_days: i64,
    pub periods: String,
}

impl CoverCell {
    fn of(c: Covered) -> CoverCell {
        CoverCell {
            coverage: c.coverage,
            days: c.days,
            window_days: c.window_days,
            periods: periods_text(&c.periods),
        }
    }

    /// The cell as text (the XLSX and screen readers): "Đủ · 01/10–10/10".
    fn text(&self, lang: Lang) -> String {
        let label = lang.t(self.coverage.label_key());
        match self.coverage {
            Coverage::None => label,
            Coverage::Full => format!("{label} · {}", self.periods),
            Coverage::Partial => format!(
                "{label} ({}/{} {}) · {}",
                self.days,
                self.window_days,
                lang.t("display-days"),
                self.periods
            ),
        }
    }
}

/// The coverage of each channel by some declarations.
fn cells(window: (Date, Date), evidence: &[&Evidence]) -> Vec<CoverCell> {
    Channel::ALL
        .iter()
        .map(|ch| {
            let periods: Vec<(Date, Date)> = evidence
                .iter()
                .filter(|e| e.data.channel == *ch)
                .map(|e| (e.data.shown_from, e.data.shown_to))
                .collect();
            CoverCell::of(covered(window, &periods))
        })
        .collect()
}

fn window_of(c: &Campaign) -> (Date, Date) {
    (c.data.display_from, c.data.display_to)
}

fn window_text(c: &Campaign) -> String {
    format!(
        "{} – {}",
        dxday_domain::dates::format_dmy(c.data.display_from),
        dxday_domain::dates::format_dmy(c.data.display_to)
    )
}

/// The units asked to display the kit: every active unit but the People's Committees
/// and the office itself, by name.
async fn displaying_units(app: &AppState) -> Result<Vec<(UnitId, String)>, AppError> {
    Ok(dxday_store::units::directory(&app.db)
        .await?
        .into_iter()
        .filter(|u| {
            !u.archived && !matches!(u.data.kind, UnitKind::PeoplesCommittee | UnitKind::Office)
        })
        .map(|u| (u.id, u.data.name))
        .collect())
}

/// The account's own unit, when it declares evidence (a unit's focal point; the
/// office and community team members do not).
fn declaring_unit(me: &CurrentUser) -> Result<UnitId, AppError> {
    let unit = me.user.data.unit_id.ok_or(AppError::NotFound)?;
    if me.user.data.role.is_office() || me.user.data.role == Role::CommunityTeamMember {
        return Err(AppError::Forbidden);
    }
    Ok(unit)
}

// ---------------------------------------------------------------------------------
// The office's table.

pub struct UnitLine {
    pub id: i64,
    pub name: String,
    pub cells: Vec<CoverCell>,
    pub full: usize,
}

#[derive(Template)]
#[template(path = "admin/display_office.html")]
struct OfficePage {
    ctx: Ctx,
    title: String,
    window: String,
    channels: Vec<String>,
    lines: Vec<UnitLine>,
    /// Per channel: units with full coverage, with some.
    totals: Vec<(usize, usize)>,
    /// Units that declared at least one channel.
    declared: usize,
}

/// The table's lines: every displaying unit with its cells.
async fn office_lines(app: &AppState, campaign: &Campaign) -> Result<Vec<UnitLine>, AppError> {
    let all = display::for_campaign(&app.db, campaign.id).await?;
    let window = window_of(campaign);
    Ok(displaying_units(app)
        .await?
        .into_iter()
        .map(|(id, name)| {
            let mine: Vec<&Evidence> = all.iter().filter(|e| e.unit_id == id).collect();
            let cells = cells(window, &mine);
            UnitLine {
                id: id.0,
                name,
                full: cells
                    .iter()
                    .filter(|c| c.coverage == Coverage::Full)
                    .count(),
                cells,
            }
        })
        .collect())
}

/// `GET /quan-tri/hien-thi`: the office sees the table; a unit its own declarations
/// and the form to add one.
pub async fn index(State(app): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    let campaign = dxday_app::campaign::current(&app.db)
        .await?
        .ok_or(AppError::NotFound)?;
    if !me.user.data.role.is_office() {
        let unit = me.user.data.unit_id.ok_or(AppError::NotFound)?;
        let page = unit_page(&app, me, &campaign, unit, Editing::New, None).await?;
        return render(StatusCode::OK, &page);
    }
    let lang = me.ctx.lang;
    let lines = office_lines(&app, &campaign).await?;
    let totals = (0..Channel::ALL.len())
        .map(|i| {
            (
                lines
                    .iter()
                    .filter(|l| l.cells[i].coverage == Coverage::Full)
                    .count(),
                lines
                    .iter()
                    .filter(|l| l.cells[i].coverage == Coverage::Partial)
                    .count(),
            )
        })
        .collect();
    let declared = lines
        .iter()
        .filter(|l| l.cells.iter().any(|c| c.coverage != Coverage::None))
        .count();
    let page = OfficePage {
        declared,
        title: campaign.data.title.clone(),
        window: window_text(&campaign),
        channels: Channel::ALL
            .iter()
            .map(|c| lang.t(&c.label_key()))
            .collect(),
        ctx: me.ctx,
        lines,
        totals,
    };
    render(StatusCode::OK, &page)
}

/// `GET /quan-tri/hien-thi/tong-hop.xlsx` (office): the table as a workbook.
pub async fn export_xlsx(
    State(app): State<AppState>,
    me: CurrentUser,
) -> Result<Response, AppError> {
    me.require(Role::is_office)?;
    let lang = me.ctx.lang;
    let campaign = dxday_app::campaign::current(&app.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let lines = office_lines(&app, &campaign).await?;
    let mut headers = vec![lang.t("display-unit")];
    headers.extend(Channel::ALL.iter().map(|c| lang.t(&c.label_key())));
    headers.push(lang.t("display-full-channels"));
    let rows = lines
        .iter()
        .map(|l| {
            let mut row = vec![Cell::Text(l.name.clone())];
            row.extend(l.cells.iter().map(|c| Cell::Text(c.text(lang))));
            row.push(Cell::Int(l.full as i64));
            row
        })
        .collect();
    let sheet = Sheet {
        name: dxday_media::xlsx::sheet_name(&lang.t("display-title"), &[]),
        title: format!(
            "{}: {} ({} {})",
            lang.t("display-title"),
            campaign.data.title,
            lang.t("display-window"),
            window_text(&campaign)
        ),
        headers,
        rows,
        bold_rows: Vec::new(),
    };
    let bytes = dxday_media::xlsx::workbook(&[sheet])?;
    attachment(
        &format!("hien-thi-bo-nhan-dien-{}.xlsx", campaign.data.year),
        XLSX,
        bytes,
    )
}

// ---------------------------------------------------------------------------------
// A unit's declarations.

pub struct Line {
    pub e: Evidence,
    pub channel: String,
    pub period: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Editing {
    New,
    Existing(i64),
    /// The office reading a unit's declarations: no form.
    ReadOnly,
}

#[derive(Template)]
#[template(path = "admin/display_unit.html")]
struct UnitPage {
    ctx: Ctx,
    unit_name: String,
    title: String,
    window: String,
    lines: Vec<Line>,
    summary: Vec<(String, CoverCell)>,
    editable: bool,
    /// The form's target: `/quan-tri/hien-thi` or `/quan-tri/hien-thi/{id}`.
    action: String,
    editing: bool,
    form: DisplayForm,
    channels: Vec<Opt>,
    errors: Errors,
}

async fn unit_page(
    app: &AppState,
    me: CurrentUser,
    campaign: &Campaign,
    unit: UnitId,
    editing: Editing,
    refused: Option<(DisplayForm, Errors)>,
) -> Result<UnitPage, AppError> {
    let lang = me.ctx.lang;
    let evidence = display::for_unit(&app.db, campaign.id, unit).await?;
    let (form, errors) = match (refused, editing) {
        (Some(r), _) => r,
        (None, Editing::Existing(id)) => (
            evidence
                .iter()
                .find(|e| e.id == id)
                .map(|e| DisplayForm::of(&e.data))
                .ok_or(AppError::NotFound)?,
            Errors::default(),
        ),
        (None, _) => (DisplayForm::default(), Errors::default()),
    };
    let refs: Vec<&Evidence> = evidence.iter().collect();
    let summary = Channel::ALL
        .iter()
        .map(|c| lang.t(&c.label_key()))
        .zip(cells(window_of(campaign), &refs))
        .collect();
    let unit_name = dxday_store::units::entry(&app.db, unit)
        .await?
        .map(|u| u.data.name)
        .unwrap_or_default();
    Ok(UnitPage {
        channels: options(
            &Channel::ALL,
            |c| c.as_str().into(),
            |c| lang.t(&c.label_key()),
            &form.channel,
        ),
        lines: evidence
            .into_iter()
            .map(|e| Line {
                channel: lang.t(&e.data.channel.label_key()),
                period: format!(
                    "{} – {}",
                    dxday_domain::dates::format_dmy(e.data.shown_from),
                    dxday_domain::dates::format_dmy(e.data.shown_to)
                ),
                e,
            })
            .collect(),
        summary,
        editable: editing != Editing::ReadOnly,
        action: match editing {
            Editing::Existing(id) => format!("/quan-tri/hien-thi/{id}"),
            _ => "/quan-tri/hien-thi".into(),
        },
        editing: matches!(editing, Editing::Existing(_)),
        title: campaign.data.title.clone(),
        window: window_text(campaign),
        ctx: me.ctx,
        unit_name,
        form,
        errors,
    })
}

/// `GET /quan-tri/hien-thi/don-vi/{unit}`: a unit's declarations, read only (the
/// office, or the unit itself).
pub async fn unit_view(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(unit): Path<i64>,
) -> Result<Response, AppError> {
    let unit = me.visible(UnitId(unit))?;
    let campaign = dxday_app::campaign::current(&app.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let page = unit_page(&app, me, &campaign, unit, Editing::ReadOnly, None).await?;
    render(StatusCode::OK, &page)
}

/// `GET /quan-tri/hien-thi/{id}`: the form to change one of the unit's declarations.
pub async fn edit_form(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let unit = declaring_unit(&me)?;
    let campaign = dxday_app::campaign::current(&app.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let page = unit_page(&app, me, &campaign, unit, Editing::Existing(id), None).await?;
    render(StatusCode::OK, &page)
}

/// Checks an evidence photo (size first, then the format from its content and its
/// pixel size from the header, before decoding) and stores it with its preview.
/// The error is an i18n key for the field.
async fn store_photo(
    app: &AppState,
    bytes: Vec<u8>,
) -> Result<Result<Photo, &'static str>, AppError> {
    if bytes.len() > PHOTO_LIMIT {
        return Ok(Err("err-display-photo-size"));
    }
    // In the pool, within the photo limits (25 MB, 50 MP): the pixel size is read from
    // the header and refused before anything is decoded.
    let checked = app
        .pool
        .run("err-busy-work", move |_| {
            let inspected = dxday_media::kit::inspect(&bytes)?;
            if !inspected.format.is_raster() {
                return Err(dxday_media::MediaError::UnsupportedFormat);
            }
            let preview = dxday_media::kit::preview_png_within(
                &bytes,
                inspected.format,
                &dxday_media::Limits::PHOTO,
            )?;
            Ok((inspected.format, preview, bytes))
        })
        .await?;
    let (format, preview, bytes) = match checked {
        Err(err) if err.is_input_error() => {
            return Ok(Err(match err {
                dxday_media::MediaError::UnsupportedFormat => "err-display-photo",
                dxday_media::MediaError::Corrupt(_) => "err-kit-corrupt",
                other => other.key(),
            }));
        }
        Err(err) => return Err(err.into()),
        Ok(ok) => ok,
    };
    let ext = format.as_str();
    let size = bytes.len() as i64;
    let stored =
        crate::upload::store_by_content(&app.config.files, "display", ext, bytes, Some(preview))
            .await?;
    let photo = Photo {
        key: stored.key,
        preview_key: stored.preview_key.unwrap_or_default(),
        format: ext.into(),
        size,
    };
    Ok(Ok(photo))
}

fn form_of(up: &crate::upload::Upload) -> DisplayForm {
    DisplayForm {
        channel: up.field("channel").into(),
        place: up.field("place").into(),
        shown_from: up.field("shown_from").into(),
        shown_to: up.field("shown_to").into(),
        note: up.field("note").into(),
    }
}

/// Parses the form and the photo (required for a new declaration): the declaration,
/// or the page to show again with the messages (422).
async fn checked(
    app: &AppState,
    campaign: &Campaign,
    up: &crate::upload::Upload,
    photo_required: bool,
) -> Result<Result<(DisplayData, Option<Photo>), (DisplayForm, FieldErrors)>, AppError> {
    let form = form_of(up);
    let d = &campaign.data;
    let (data, mut e) = match form.parse((d.starts_on, d.ends_on)) {
        Ok(data) => (Some(data), FieldErrors::default()),
        Err(e) => (None, e),
    };
    let upload = up
        .files
        .get("photo")
        .filter(|(_, b)| !b.is_empty())
        .map(|(_, b)| b.clone());
    let photo = match upload {
        None if photo_required => {
            e.add("photo", "err-display-photo-required");
            None
        }
        None => None,
        // The photo is stored only when the rest of the form is right.
        Some(bytes) if data.is_some() => match store_photo(app, bytes).await? {
            Ok(p) => Some(p),
            Err(key) => {
                e.add("photo", key);
                None
            }
        },
        Some(_) => None,
    };
    Ok(match data {
        Some(data) if e.is_empty() => Ok((data, photo)),
        _ => Err((form, e)),
    })
}

/// `POST /quan-tri/hien-thi`: a unit declares a channel, its days and a photo.
pub async fn create(
    State(app): State<AppState>,
    me: CurrentUser,
    crate::upload::CsrfUpload(up): crate::upload::CsrfUpload,
) -> Result<Response, AppError> {
    let unit = declaring_unit(&me)?;
    let campaign = dxday_app::campaign::current(&app.db)
        .await?
        .ok_or(AppError::NotFound)?;
    match checked(&app, &campaign, &up, true).await? {
        Ok((data, Some(photo))) => {
            display::insert(&app.db, me.actor(), campaign.id, unit, &data, &photo).await?;
            saved(&me, "flash-saved", "/quan-tri/hien-thi".into()).await
        }
        Ok((_, None)) => Err(AppError::BadRequest("err-display-photo-required")),
        Err((form, e)) => {
            let errors = Errors::from_fields(me.ctx.lang, &e);
            let page = unit_page(
                &app,
                me,
                &campaign,
                unit,
                Editing::New,
                Some((form, errors)),
            )
            .await?;
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

/// `POST /quan-tri/hien-thi/{id}`: a unit changes one of its declarations (a new
/// photo replaces the old one; none keeps it). Another unit's: 404.
pub async fn update(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    crate::upload::CsrfUpload(up): crate::upload::CsrfUpload,
) -> Result<Response, AppError> {
    let unit = declaring_unit(&me)?;
    let campaign = dxday_app::campaign::current(&app.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let mine = display::get(&app.db, id)
        .await?
        .is_some_and(|e| e.unit_id == unit);
    if !mine {
        return Err(AppError::NotFound);
    }
    match checked(&app, &campaign, &up, false).await? {
        Ok((data, photo)) => {
            if !display::update(&app.db, me.actor(), id, unit, &data, photo.as_ref()).await? {
                return Err(AppError::NotFound);
            }
            saved(&me, "flash-saved", "/quan-tri/hien-thi".into()).await
        }
        Err((form, e)) => {
            let errors = Errors::from_fields(me.ctx.lang, &e);
            let page = unit_page(
                &app,
                me,
                &campaign,
                unit,
                Editing::Existing(id),
                Some((form, errors)),
            )
            .await?;
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

/// `POST /quan-tri/hien-thi/{id}/xoa`: a unit deletes one of its declarations.
pub async fn delete(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<crate::forms::Empty>,
) -> Result<Response, AppError> {
    let unit = declaring_unit(&me)?;
    if !display::delete(&app.db, me.actor(), id, unit).await? {
        return Err(AppError::NotFound);
    }
    saved(&me, "flash-deleted", "/quan-tri/hien-thi".into()).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct PhotoQuery {
    /// `goc`: the original photo (a download); otherwise the preview.
    ban: String,
}

/// `GET /quan-tri/hien-thi/{id}/anh[?ban=goc]`: a declaration's photo (its preview,
/// or the original), to the office and to its unit; anyone else: 404.
pub async fn photo(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    axum::extract::Query(q): axum::extract::Query<PhotoQuery>,
) -> Result<Response, AppError> {
    let e = display::get(&app.db, id).await?.ok_or(AppError::NotFound)?;
    me.visible(e.unit_id)?;
    if q.ban == "goc" {
        let bytes = app
            .config
            .files
            .get(&e.photo.key)
            .await?
            .ok_or(AppError::NotFound)?;
        let format = AssetFormat::parse(&e.photo.format).ok_or(AppError::NotFound)?;
        return attachment(
            &format!("minh-chung-{id}.{}", e.photo.format),
            format.media_type(),
            bytes,
        );
    }
    let bytes = app
        .config
        .files
        .get(&e.photo.preview_key)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("image/png")),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=3600"),
            ),
        ],
        bytes,
    )
        .into_response())
}

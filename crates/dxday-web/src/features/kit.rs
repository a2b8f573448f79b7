//! The identity kit: the office uploads assets (checked from their content, stored
//! once by content hash, a preview made once); the public kit page lists them by
//! category with previews, format, pixel size, file size and downloads, and gives
//! them one by one or all at once as a ZIP streamed as it is written.

use askama::Template;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dxday_app::uploads;

use crate::share::Preview;
use crate::upload::check_on_pool;
use dxday_domain::kit::{AssetCategory, AssetForm, download_name};
use dxday_domain::{AssetId, FieldErrors, Role};
use dxday_media::kit::{AssetFormat, MAX_ASSET_BYTES};
use dxday_store::kit::{self, Asset, StoredFile};

use crate::csrf::CsrfForm;
use crate::forms::{ArchiveForm, Errors, Opt, saved};
use crate::middleware::render;
use crate::paths;
use crate::{AppError, AppState, Ctx, CurrentUser, Lang};

/// The upload limit of the asset form (the largest file and the form's fields).
pub const UPLOAD_LIMIT: usize = MAX_ASSET_BYTES + 64 * 1024;

/// "1,2 MB", "350 KB" in the language's decimal comma or point.
pub fn file_size(lang: Lang, bytes: i64) -> String {
    let (value, unit) = if bytes >= 1024 * 1024 {
        (bytes as f64 / (1024.0 * 1024.0), "MB")
    } else {
        (bytes as f64 / 1024.0, "KB")
    };
    let text = if value < 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.0}")
    };
    let text = if lang == Lang::Vi {
        text.replace('.', ",")
    } else {
        text
    };
    format!("{text} {unit}")
}

/// An asset as a page shows it.
pub struct Card {
    pub a: Asset,
    pub format: String,
    pub pixels: String,
    pub size: String,
    /// The preview's URL (a raster preview or the SVG itself).
    pub preview: Option<String>,
}

fn card(lang: Lang, a: Asset) -> Card {
    let (pixels, size, preview) = match &a.file {
        Some(f) => (
            match (f.width, f.height) {
                (Some(w), Some(h)) => format!("{w}×{h} px"),
                _ => String::new(),
            },
            file_size(lang, f.size),
            match (&f.preview_key, f.format.as_str()) {
                (Some(k), _) => Some(paths::KIT_PREVIEW.with(key_name(k))),
                (None, "svg") => Some(paths::KIT_PREVIEW.with(key_name(&f.file_key))),
                _ => None,
            },
        ),
        None => (String::new(), String::new(), None),
    };
    Card {
        format: match a.format.as_str() {
            "link" => lang.t("kit-link"),
            f => f.to_uppercase(),
        },
        pixels,
        size,
        preview,
        a,
    }
}

/// The last part of a stored key (`kit/<hash>.png` → `<hash>.png`).
fn key_name(key: &str) -> &str {
    key.rsplit('/').next().unwrap_or(key)
}

/// One category's cards.
pub struct Group {
    pub label: String,
    pub cards: Vec<Card>,
}

#[derive(Template)]
#[template(path = "kit.html")]
struct KitPage {
    ctx: Ctx,
    title: String,
    window: String,
    source: Option<String>,
    groups: Vec<Group>,
    total: usize,
    preview: Preview,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct KitQuery {
    /// A campaign's year; empty: the current campaign.
    nam: String,
}

/// `GET /bo-nhan-dien[?nam=2024]`: a campaign's kit (the current one by default), by
/// category; served from memory for a few seconds (download counts lag that much).
pub async fn page(
    State(app): State<AppState>,
    crate::ctx::PageLang(lang): crate::ctx::PageLang,
    axum::extract::Query(q): axum::extract::Query<KitQuery>,
) -> Result<Response, AppError> {
    // The cache is keyed by the year as a number: junk spellings of a year are one
    // entry, and a year that is no number (or has no campaign) is a 404, never kept.
    let year = match q.nam.trim() {
        "" => None,
        y => Some(y.parse::<i32>().map_err(|_| AppError::NotFound)?),
    };
    let body = app
        .kit_cache
        .get_or_render(
            (lang, year),
            render_page(&app, lang, &year.map(|y| y.to_string()).unwrap_or_default()),
        )
        .await?;
    Ok(crate::download::public_html(body))
}

/// The kit page's HTML (the handler keeps it for a few seconds).
async fn render_page(app: &AppState, lang: Lang, year: &str) -> Result<String, AppError> {
    app.kit_downloads.flush(&app.db).await?;
    let campaign = dxday_app::campaign::of_year(&app.db, year).await?;
    let (title, window, source, assets) = match &campaign {
        Some(c) => (
            c.data.title.clone(),
            format!(
                "{} – {}",
                dxday_domain::dates::format_dmy(c.data.display_from),
                dxday_domain::dates::format_dmy(c.data.display_to)
            ),
            c.data.kit_url.clone(),
            kit::list(&app.db, c.id, false).await?,
        ),
        None => (String::new(), String::new(), None, Vec::new()),
    };
    let total = assets.len();
    let mut groups: Vec<Group> = Vec::new();
    for a in assets {
        let label = lang.t(a.data.category.label_key());
        match groups.last_mut() {
            Some(g) if g.label == label => g.cards.push(card(lang, a)),
            _ => groups.push(Group {
                label,
                cards: vec![card(lang, a)],
            }),
        }
    }
    let path = match year {
        "" => paths::KIT.to_string(),
        y => format!("{}?nam={y}", paths::KIT),
    };
    let subject = lang.t("kit-title");
    let preview = Preview::new(app, lang, campaign.as_ref(), Some(&subject), &path);
    KitPage {
        preview,
        ctx: Ctx::public(lang, paths::KIT.pattern()),
        title,
        window,
        source,
        groups,
        total,
    }
    .render()
    .map_err(AppError::internal)
}

/// `GET /k/{year}`: the short, stable link of a campaign's kit (printed on letters and
/// posters); `/k/{year}/khung-anh` its avatar studio; `/k/{year}/{unit}` the studio for
/// a unit (its participation is counted). A year without a campaign, or an unknown
/// unit, answers 404.
pub async fn short_link(
    State(app): State<AppState>,
    Path(parts): Path<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let get = |k: &str| {
        parts
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    let year = get("year");
    let campaign = dxday_app::campaign::of_year(&app.db, year)
        .await?
        .ok_or(AppError::NotFound)?;
    let year = campaign.data.year;
    let target = match get("rest") {
        "" => format!("{}?nam={year}", paths::KIT),
        "khung-anh" => format!("{}?nam={year}", paths::STUDIO),
        code => {
            let unit = dxday_store::units::find_by_code(&app.db, code)
                .await?
                .filter(|u| !u.archived)
                .ok_or(AppError::NotFound)?;
            format!(
                "{}?nam={year}&don-vi={}",
                paths::STUDIO,
                crate::error::urlencode(unit.data.code.as_str())
            )
        }
    };
    Ok((
        StatusCode::FOUND,
        [
            (
                header::LOCATION,
                HeaderValue::from_str(&target).map_err(AppError::internal)?,
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=300"),
            ),
        ],
    )
        .into_response())
}

/// `GET /bo-nhan-dien/{id}/tai-ve`: an asset's file (counted), or its link.
pub async fn download(
    State(app): State<AppState>,
    Path(id): Path<AssetId>,
) -> Result<Response, AppError> {
    let asset = kit::get(&app.db, id)
        .await?
        .filter(|a| !a.archived)
        .ok_or(AppError::NotFound)?;
    app.kit_downloads.add(id.0);
    let Some(file) = asset.file else {
        let url = asset.data.external_url.ok_or(AppError::NotFound)?;
        return Ok(axum::response::Redirect::to(&url).into_response());
    };
    let name = download_name(&asset.data.title, &file.format);
    let format = AssetFormat::parse(&file.format).ok_or(AppError::NotFound)?;
    let disposition = format!("attachment; filename=\"{name}\"");
    let files = &app.config.files;
    if let Some(res) =
        crate::download::by_redirect(files, &file.file_key, format.media_type(), &disposition)
            .await?
    {
        return Ok(res);
    }
    let stream = app
        .config
        .files
        .stream(&file.file_key)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(format.media_type()),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition).map_err(AppError::internal)?,
            ),
            (header::CONTENT_LENGTH, HeaderValue::from(file.size as u64)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=300"),
            ),
            // Opened rather than saved, a file (an SVG above all) runs nothing.
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("sandbox; default-src 'none'"),
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}

/// `GET /bo-nhan-dien/xem/{name}`: a preview (PNG; an SVG asset of an earlier version
/// without one is served itself) by its content hash: never changes, cached for a
/// year; served as an attachment under a sandbox that runs, fetches and navigates
/// nothing.
pub async fn preview(
    State(app): State<AppState>,
    Path(name): Path<String>,
) -> Result<Response, AppError> {
    let (hash, ext) = name.split_once('.').ok_or(AppError::NotFound)?;
    if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::NotFound);
    }
    let (key, mime) = match ext {
        "png" => (format!("kit/preview/{hash}.png"), "image/png"),
        "svg" => (format!("kit/{hash}.svg"), "image/svg+xml"),
        _ => return Err(AppError::NotFound),
    };
    let bytes = app
        .config
        .files
        .get(&key)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(mime)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("sandbox; default-src 'none'"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment"),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// `GET /bo-nhan-dien/tai-tat-ca.zip`: every file of the kit in one ZIP, written on a
/// blocking thread and sent as it is written (never built in memory); an empty kit
/// answers 404 with a message.
pub async fn zip_all(State(app): State<AppState>) -> Result<Response, AppError> {
    let campaign = dxday_app::campaign::current(&app.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let files: Vec<(String, StoredFile)> = kit::list(&app.db, campaign.id, false)
        .await?
        .into_iter()
        .filter_map(|a| {
            a.file.map(|f| {
                (
                    format!("{}-{}", a.id, download_name(&a.data.title, &f.format)),
                    f,
                )
            })
        })
        .collect();
    if files.is_empty() {
        return Err(AppError::NotFoundKey("err-kit-empty"));
    }
    let rx = write_zip(app.config.files.clone(), files);
    let body = Body::from_stream(tokio_stream_from(rx));
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/zip"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"bo-nhan-dien.zip\""),
            ),
        ],
        body,
    )
        .into_response())
}

/// Writes the files into a ZIP (stored, not compressed: they are images and PDFs) on a
/// blocking thread, chunk by chunk into the channel returned; a file gone from the
/// store is left out.
fn write_zip(
    store: dxday_store::files::Files,
    files: Vec<(String, StoredFile)>,
) -> tokio::sync::mpsc::Receiver<Result<bytes::Bytes, std::io::Error>> {
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<bytes::Bytes, std::io::Error>>(8);
    let handle = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        let sink = ChannelWriter {
            tx: tx.clone(),
            handle: handle.clone(),
        };
        let mut zip = zip::ZipWriter::new_stream(sink);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .large_file(false);
        for (name, f) in files {
            let stream = match handle.block_on(store.stream(&f.file_key)) {
                Ok(Some(s)) => s,
                _ => continue,
            };
            if zip.start_file(name, options).is_err() {
                return;
            }
            let mut stream = stream;
            while let Some(chunk) = handle.block_on(futures_util::StreamExt::next(&mut stream)) {
                let Ok(chunk) = chunk else { return };
                if std::io::Write::write_all(&mut zip, &chunk).is_err() {
                    return;
                }
            }
        }
        let _ = zip.finish();
    });
    rx
}

/// A `Write` that hands each chunk to the response through a bounded channel (the
/// writer waits when the client reads slowly: memory stays bounded).
struct ChannelWriter {
    tx: tokio::sync::mpsc::Sender<Result<bytes::Bytes, std::io::Error>>,
    handle: tokio::runtime::Handle,
}

impl std::io::Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.handle
            .block_on(self.tx.send(Ok(bytes::Bytes::copy_from_slice(buf))))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "client left"))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn tokio_stream_from(
    mut rx: tokio::sync::mpsc::Receiver<Result<bytes::Bytes, std::io::Error>>,
) -> impl futures_core::Stream<Item = Result<bytes::Bytes, std::io::Error>> {
    futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
}

// ---------------------------------------------------------------------------------
// The office's asset library.

#[derive(Template)]
#[template(path = "admin/kit.html")]
struct AdminPage {
    ctx: Ctx,
    cards: Vec<Card>,
    form: AssetForm,
    categories: Vec<Opt>,
    errors: Errors,
    has_campaign: bool,
}

async fn admin_page(
    app: &AppState,
    me: CurrentUser,
    form: AssetForm,
    errors: Errors,
) -> Result<AdminPage, AppError> {
    let lang = me.ctx.lang;
    let campaign = dxday_app::campaign::current(&app.db).await?;
    app.kit_downloads.flush(&app.db).await?;
    let cards = match &campaign {
        Some(c) => kit::list(&app.db, c.id, true)
            .await?
            .into_iter()
            .map(|a| card(lang, a))
            .collect(),
        None => Vec::new(),
    };
    Ok(AdminPage {
        categories: AssetCategory::ALL
            .iter()
            .map(|c| Opt {
                value: c.as_str().into(),
                label: lang.t(c.label_key()),
                selected: c.as_str() == form.category,
            })
            .collect(),
        has_campaign: campaign.is_some(),
        ctx: me.ctx,
        cards,
        form,
        errors,
    })
}

/// `GET /quan-tri/bo-nhan-dien` (office): the assets and the upload form.
pub async fn admin(State(app): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let page = admin_page(&app, me, AssetForm::default(), Errors::default()).await?;
    render(StatusCode::OK, &page)
}

/// `POST /quan-tri/bo-nhan-dien`: a new asset. The file is checked from its content
/// (format, size, pixels; SVG for anything active) before anything is stored; it is
/// stored under its content hash (an identical file once), with its preview.
pub async fn upload(
    State(app): State<AppState>,
    me: CurrentUser,
    crate::upload::CsrfUpload(up): crate::upload::CsrfUpload,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let lang = me.ctx.lang;
    let campaign = dxday_app::campaign::current(&app.db)
        .await?
        .ok_or(AppError::BadRequest("err-choice"))?;
    let form = asset_form(&up);
    let refuse = async |me: CurrentUser, form: AssetForm, e: FieldErrors| {
        let page = admin_page(&app, me, form, Errors::from_fields(lang, &e)).await?;
        render(StatusCode::UNPROCESSABLE_ENTITY, &page)
    };
    let d = &campaign.data;
    let data = match form.parse((d.display_from, d.display_to), (d.starts_on, d.ends_on)) {
        Ok(data) => data,
        Err(e) => return refuse(me, form, e).await,
    };
    let file = match (up.file("file"), &data.external_url) {
        (None, Some(_)) if data.category == AssetCategory::Video => None,
        (None, _) => return refuse(me, form, FieldErrors::one("file", "err-media-empty")).await,
        (Some(bytes), _) => {
            match check_on_pool(&app, bytes, uploads::check_kit_file, "err-kit-format").await? {
                Err(key) => return refuse(me, form, FieldErrors::one("file", key)).await,
                Ok(c) => Some(StoredFile::from(
                    uploads::store(&app.config.files, "kit", c).await?,
                )),
            }
        }
    };
    kit::insert(&app.db, me.actor(), campaign.id, &data, file.as_ref()).await?;
    app.invalidate_public_cache();
    saved(&me, "flash-saved", paths::KIT_ADMIN.into()).await
}

fn asset_form(up: &crate::upload::Upload) -> AssetForm {
    AssetForm {
        title: up.field("title").into(),
        category: up.field("category").into(),
        usage_notes: up.field("usage_notes").into(),
        display_from: up.field("display_from").into(),
        display_to: up.field("display_to").into(),
        external_url: up.field("external_url").into(),
    }
}

/// A stored upload as the kit keeps it.
/// `POST /quan-tri/bo-nhan-dien/{id}/luu-tru`: hides an asset from the kit page, or
/// shows it again.
pub async fn archive(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<AssetId>,
    CsrfForm(form): CsrfForm<ArchiveForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    if !kit::set_archived(&app.db, me.actor(), id, form.archive()).await? {
        return Err(AppError::NotFound);
    }
    app.invalidate_public_cache();
    saved(&me, form.flash_key(), paths::KIT_ADMIN.into()).await
}

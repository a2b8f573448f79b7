//! A unit declares a channel with a photo as evidence: created, edited, removed; the photo served.

use super::*;
use crate::paths;

/// Checks an evidence photo (size first, then the format from its content and its
/// pixel size from the header, before decoding) and stores it with its preview.
/// The error is an i18n key for the field.
pub(super) async fn store_photo(
    app: &AppState,
    bytes: Vec<u8>,
) -> Result<Result<Photo, &'static str>, AppError> {
    let stored = crate::upload::store_photo(
        app,
        bytes,
        "display",
        PHOTO_LIMIT,
        "err-display-photo-size",
        "err-display-photo",
    )
    .await?;
    Ok(stored.map(|stored| Photo {
        key: stored.key,
        preview_key: stored.preview_key.unwrap_or_default(),
        format: stored.format.as_str().into(),
        size: stored.size,
    }))
}

pub(super) fn form_of(up: &crate::upload::Upload) -> DisplayForm {
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
pub(super) async fn checked(
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
            saved(&me, "flash-saved", paths::DISPLAY.into()).await
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
    Path(id): Path<DisplayId>,
    crate::upload::CsrfUpload(up): crate::upload::CsrfUpload,
) -> Result<Response, AppError> {
    let unit = declaring_unit(&me)?;
    let campaign = dxday_app::campaign::current(&app.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let mine = display::get(&app.db, id)
        .await?
        .is_some_and(|e| e.unit_id == unit.id());
    if !mine {
        return Err(AppError::NotFound);
    }
    match checked(&app, &campaign, &up, false).await? {
        Ok((data, photo)) => {
            if !display::update(&app.db, me.actor(), id, unit, &data, photo.as_ref()).await? {
                return Err(AppError::NotFound);
            }
            saved(&me, "flash-saved", paths::DISPLAY.into()).await
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
    Path(id): Path<DisplayId>,
    CsrfForm(_): CsrfForm<crate::forms::Empty>,
) -> Result<Response, AppError> {
    let unit = declaring_unit(&me)?;
    if !display::delete(&app.db, me.actor(), id, unit).await? {
        return Err(AppError::NotFound);
    }
    saved(&me, "flash-deleted", paths::DISPLAY.into()).await
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
    Path(id): Path<DisplayId>,
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

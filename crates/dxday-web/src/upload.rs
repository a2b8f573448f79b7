//! Multipart uploads: read within limits, text fields and files apart, and the
//! session's CSRF token checked for logged-in forms.

use std::collections::HashMap;

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::StatusCode;
use tower_sessions::Session;

use crate::{AppError, AppState};

/// Largest upload body (a 25 MB photo plus form fields).
pub const UPLOAD_LIMIT: usize = 26 * 1024 * 1024;

/// A read multipart form.
#[derive(Debug, Default)]
pub struct Upload {
    pub fields: HashMap<String, String>,
    /// Field name → (file name, bytes).
    pub files: HashMap<String, (String, Vec<u8>)>,
}

impl Upload {
    /// A text field, or empty.
    pub fn field(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", String::as_str)
    }

    /// The bytes of file field `name`, `None` when none was chosen (or it is empty).
    pub fn file(&self, name: &str) -> Option<Vec<u8>> {
        self.files
            .get(name)
            .filter(|(_, b)| !b.is_empty())
            .map(|(_, b)| b.clone())
    }

    /// Reads every part; text fields are capped at 64 KiB each.
    pub async fn read(req: Request, state: &AppState) -> Result<Upload, AppError> {
        let mut mp = Multipart::from_request(req, state)
            .await
            .map_err(|_| AppError::BadRequest("err-form"))?;
        let mut up = Upload::default();
        loop {
            let field = match mp.next_field().await {
                Ok(Some(f)) => f,
                Ok(None) => break,
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    return Err(AppError::TooLarge);
                }
                Err(_) => return Err(AppError::BadRequest("err-form")),
            };
            let name = field.name().unwrap_or("").to_string();
            match field.file_name().map(str::to_string) {
                Some(file_name) => {
                    let bytes = field.bytes().await.map_err(|e| {
                        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                            AppError::TooLarge
                        } else {
                            AppError::BadRequest("err-form")
                        }
                    })?;
                    up.files.insert(name, (file_name, bytes.to_vec()));
                }
                None => {
                    let text = field
                        .text()
                        .await
                        .map_err(|_| AppError::BadRequest("err-form"))?;
                    if text.len() > 64 * 1024 {
                        return Err(AppError::TooLarge);
                    }
                    up.fields.insert(name, text);
                }
            }
        }
        Ok(up)
    }
}

/// A multipart form whose `_csrf` field matched the session's token.
pub struct CsrfUpload(pub Upload);

impl FromRequest<AppState> for CsrfUpload {
    type Rejection = AppError;
    async fn from_request(req: Request, state: &AppState) -> Result<Self, AppError> {
        let session = req
            .extensions()
            .get::<Session>()
            .cloned()
            .ok_or_else(|| AppError::internal("session layer missing"))?;
        let cookie = crate::csrf::cookie_token(req.headers(), &state.config.signing_key);
        let up = Upload::read(req, state).await?;
        crate::csrf::check(&session, cookie.as_deref(), up.field("_csrf")).await?;
        Ok(CsrfUpload(up))
    }
}

pub use dxday_app::frames::sha256_hex;

/// The rows of the table uploaded in field `file` (CSV or XLSX, read off the async
/// threads), or an import's error on row 1, `column`: an empty or unreadable file.
pub async fn import_rows(
    app: &AppState,
    up: &Upload,
    column: &'static str,
) -> Result<Result<Vec<Vec<String>>, Vec<dxday_domain::task::CellError>>, AppError> {
    let refused = |key| {
        Ok(Err(vec![dxday_domain::task::CellError {
            row: 1,
            column,
            key,
        }]))
    };
    let bytes = match up.files.get("file") {
        Some((_, b)) if !b.is_empty() => b.clone(),
        _ => return refused("err-import-empty"),
    };
    match app
        .pool
        .run("err-busy-work", move |_| dxday_media::table::read(&bytes))
        .await?
    {
        Ok(rows) => Ok(Ok(rows)),
        Err(e @ dxday_media::MediaError::TableBounds(_)) => refused(e.key()),
        Err(_) => refused("err-import-file"),
    }
}

pub use dxday_app::files::{attachment_type, clean_file_name};

/// Runs `check` over an uploaded file on the work pool: what it found, or the message
/// (an i18n key) for the field when the file is refused (`unsupported` for a format
/// this upload does not take); any other failure is the request's error.
pub async fn check_on_pool<T: Send + 'static>(
    app: &AppState,
    bytes: Vec<u8>,
    check: fn(Vec<u8>) -> Result<T, dxday_media::MediaError>,
    unsupported: &'static str,
) -> Result<Result<T, &'static str>, AppError> {
    match app.pool.run("err-busy-work", move |_| check(bytes)).await? {
        Ok(found) => Ok(Ok(found)),
        Err(err) if err.is_input_error() => Ok(Err(dxday_app::uploads::refusal(&err, unsupported))),
        Err(err) => Err(err.into()),
    }
}

/// Checks an evidence photo (its size first, then its format from the content and its
/// pixel size from the header, before decoding, on the pool) and stores it with its
/// preview under `prefix`. The error is the i18n key for the field: `too_big` over
/// `limit` bytes, `unsupported` for what is not a PNG, JPEG or WebP photo.
pub async fn store_photo(
    app: &AppState,
    bytes: Vec<u8>,
    prefix: &str,
    limit: usize,
    too_big: &'static str,
    unsupported: &'static str,
) -> Result<Result<dxday_app::uploads::Stored, &'static str>, AppError> {
    if bytes.len() > limit {
        return Ok(Err(too_big));
    }
    match check_on_pool(app, bytes, dxday_app::uploads::check_photo, unsupported).await? {
        Err(key) => Ok(Err(key)),
        Ok(c) => Ok(Ok(
            dxday_app::uploads::store(&app.config.files, prefix, c).await?
        )),
    }
}

/// Checks a PDF (its size first, then its format from the content, on the pool) and
/// stores it under `prefix`; its key. A file over `limit` bytes is refused with
/// `too_big`, anything not a PDF with `unsupported` (400).
pub async fn store_pdf(
    app: &AppState,
    bytes: Vec<u8>,
    prefix: &str,
    limit: usize,
    too_big: &'static str,
    unsupported: &'static str,
) -> Result<String, AppError> {
    if bytes.len() > limit {
        return Err(AppError::BadRequest(too_big));
    }
    let checked = check_on_pool(app, bytes, dxday_app::uploads::check_pdf, unsupported)
        .await?
        .map_err(AppError::BadRequest)?;
    Ok(
        dxday_app::uploads::store(&app.config.files, prefix, checked)
            .await?
            .key,
    )
}

//! File downloads: one response shape for every generated or stored file (documents,
//! registers, exports, evidence), under its own name, never cached by shared caches.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use axum::body::Bytes;
use dxday_domain::FrameId;

use crate::AppError;

/// XLSX's media type.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// DOCX's media type.
pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// `bytes` as a download named `name` (Unicode kept through `filename*`).
pub fn attachment(name: &str, media_type: &str, bytes: Vec<u8>) -> Result<Response, AppError> {
    let ascii: String = name
        .chars()
        .map(|c| {
            if (c.is_ascii_graphic() && c != '"' && c != '\\') || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        crate::error::urlencode(name).replace('+', "%20")
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_str(media_type).map_err(AppError::internal)?,
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition).map_err(AppError::internal)?,
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The stored file under `key` as a redirect to a pre-signed URL of the bucket (the
/// bucket sends the bytes, named by `disposition`), when downloads go that way; never
/// kept by a cache, since the URL expires. `None`: the node streams the file itself.
pub async fn by_redirect(
    files: &dxday_store::files::Files,
    key: &str,
    media_type: &str,
    disposition: &str,
) -> Result<Option<Response>, AppError> {
    let Some(url) = files.download_url(key, media_type, disposition).await? else {
        return Ok(None);
    };
    let mut res = axum::response::Redirect::to(&url).into_response();
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(Some(res))
}

/// A public page's HTML: cacheable for a minute, varying with the language.
pub fn public_html(body: Bytes) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=60"),
            ),
            (
                header::VARY,
                HeaderValue::from_static("Accept-Language, Cookie"),
            ),
        ],
        body,
    )
        .into_response()
}

/// The frame id of a `{id}.png` path segment.
pub fn frame_file_id(file: &str) -> Result<FrameId, AppError> {
    file.strip_suffix(".png")
        .and_then(|s| s.parse::<i64>().ok())
        .map(FrameId)
        .ok_or(AppError::NotFound)
}

/// `body` of `media_type`, shown by the browser rather than downloaded, with the given
/// caching.
pub fn inline(
    media_type: &'static str,
    cache_control: &'static str,
    body: impl IntoResponse,
) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(media_type)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static(cache_control),
            ),
        ],
        body,
    )
        .into_response()
}

/// A PNG response with the given caching.
pub fn png_response(png: Vec<u8>, cache_control: &'static str) -> Response {
    inline("image/png", cache_control, png)
}

//! File downloads: one response shape for every generated or stored file (documents,
//! registers, exports, evidence), under its own name, never cached by shared caches.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

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

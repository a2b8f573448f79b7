//! The web layer's error policy: internal detail is logged once here; the client
//! sees a short message in its language (rendered by [`crate::middleware::error_pages`]).

use crate::paths;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use dxday_store::StoreError;

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// Not found, with a message of its own (an empty kit's ZIP).
    #[error("not found: {0}")]
    NotFoundKey(&'static str),
    #[error("forbidden")]
    Forbidden,
    /// Forbidden to a signed-in account: its error page keeps the account's header.
    #[error("forbidden")]
    ForbiddenFor(Box<SignedIn>),
    #[error("login required")]
    LoginRequired { next: String },
    #[error("CSRF token missing or wrong")]
    Csrf,
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    #[error("request body too large")]
    TooLarge,
    /// The request conflicts with the record's state (an issued document edited): 409.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// The render pool is full: 503 with Retry-After and the message of the key.
    #[error("busy")]
    Busy(&'static str),
    #[error("request timed out")]
    Timeout,
    #[error(transparent)]
    Media(#[from] dxday_media::MediaError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Internal(String),
}

/// The account a refused request came from, attached to its 403 response so the
/// error page shows the signed-in header (with the session's CSRF token for "log out").
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub user: dxday_store::users::User,
    pub csrf: String,
}

/// The i18n key of the detail message an error page shows, attached to the response.
#[derive(Debug, Clone, Copy)]
pub struct ErrorKey(pub &'static str);

impl AppError {
    /// An unexpected failure with its cause.
    pub fn internal(e: impl std::fmt::Display) -> AppError {
        AppError::Internal(e.to_string())
    }
}

impl From<dxday_app::Error> for AppError {
    fn from(e: dxday_app::Error) -> Self {
        match e {
            dxday_app::Error::NotFound => AppError::NotFound,
            dxday_app::Error::Store(e) => AppError::Store(e),
            dxday_app::Error::Media(e) => AppError::Media(e),
            e @ dxday_app::Error::Task(_) => AppError::internal(e),
        }
    }
}

impl From<tower_sessions::session::Error> for AppError {
    fn from(e: tower_sessions::session::Error) -> Self {
        AppError::Internal(format!("session: {e}"))
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, key) = match &self {
            AppError::NotFound => (StatusCode::NOT_FOUND, "http-404"),
            AppError::NotFoundKey(key) => (StatusCode::NOT_FOUND, *key),
            AppError::Forbidden => (StatusCode::FORBIDDEN, "http-403"),
            AppError::ForbiddenFor(who) => {
                let mut res = StatusCode::FORBIDDEN.into_response();
                res.extensions_mut().insert(ErrorKey("http-403"));
                res.extensions_mut().insert((**who).clone());
                return res;
            }
            AppError::LoginRequired { next } => {
                let target = format!("{}?next={}", paths::LOGIN, urlencode(next));
                return Redirect::to(&target).into_response();
            }
            AppError::Csrf => (StatusCode::FORBIDDEN, "err-csrf"),
            AppError::BadRequest(key) => (StatusCode::BAD_REQUEST, *key),
            AppError::Conflict(key) => (StatusCode::CONFLICT, *key),
            AppError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "http-413"),
            AppError::Timeout => (StatusCode::REQUEST_TIMEOUT, "http-408"),
            AppError::Busy(key) => {
                let mut res = (
                    StatusCode::SERVICE_UNAVAILABLE,
                    [(header::RETRY_AFTER, HeaderValue::from_static("2"))],
                    "",
                )
                    .into_response();
                res.extensions_mut().insert(ErrorKey(key));
                return res;
            }
            AppError::Media(dxday_media::MediaError::Busy) => {
                return AppError::Busy("err-busy-pdf").into_response();
            }
            AppError::Media(e) if e.is_input_error() => {
                let status = match e {
                    dxday_media::MediaError::TooManyBytes { .. } => StatusCode::PAYLOAD_TOO_LARGE,
                    dxday_media::MediaError::Cancelled => StatusCode::REQUEST_TIMEOUT,
                    dxday_media::MediaError::UnsupportedFormat | dxday_media::MediaError::Heic => {
                        StatusCode::UNSUPPORTED_MEDIA_TYPE
                    }
                    _ => StatusCode::UNPROCESSABLE_ENTITY,
                };
                tracing::debug!(media.error = e.code(), "media refused");
                (status, e.key())
            }
            AppError::Media(e) => {
                tracing::error!(error = %e, "media error");
                (StatusCode::INTERNAL_SERVER_ERROR, "http-500")
            }
            AppError::Store(StoreError::Field { key, .. }) => {
                (StatusCode::UNPROCESSABLE_ENTITY, *key)
            }
            AppError::Store(e) => {
                tracing::error!(error = %e, "store error");
                (StatusCode::INTERNAL_SERVER_ERROR, "http-500")
            }
            AppError::Internal(e) => {
                tracing::error!(error = %e, "internal error");
                (StatusCode::INTERNAL_SERVER_ERROR, "http-500")
            }
        };
        let mut res = (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            )],
            "",
        )
            .into_response();
        res.extensions_mut().insert(ErrorKey(key));
        res
    }
}

/// Percent-encodes a query value.
pub fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|v| v.trim_start_matches('=').to_string())
        .unwrap_or_default()
}

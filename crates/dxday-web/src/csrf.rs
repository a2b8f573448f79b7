//! CSRF defence in two layers: tower-http's Origin / Sec-Fetch-Site check on every
//! unsafe request (in the router), and a per-session synchronizer token in every form,
//! checked by [`CsrfForm`].

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use rand::RngExt;
use serde::de::DeserializeOwned;
use tower_sessions::Session;

use crate::{AppError, AppState};

const CSRF: &str = "csrf";

/// The session's token, created on first use.
pub async fn token(session: &Session) -> Result<String, AppError> {
    if let Some(t) = session.get::<String>(CSRF).await? {
        return Ok(t);
    }
    let bytes: [u8; 32] = rand::rng().random();
    let t: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    session.insert(CSRF, &t).await?;
    Ok(t)
}

/// Replaces the session's token (after login).
pub async fn renew(session: &Session) -> Result<(), AppError> {
    session.remove::<String>(CSRF).await?;
    token(session).await.map(|_| ())
}

fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Refuses `sent` unless it is the session's token.
pub async fn check(session: &Session, sent: &str) -> Result<(), AppError> {
    let expected = session.get::<String>(CSRF).await?.unwrap_or_default();
    if expected.is_empty() || !same(sent, &expected) {
        return Err(AppError::Csrf);
    }
    Ok(())
}

/// A url-encoded form whose `_csrf` field matched the session's token. Fields are
/// text, so a form that fails validation re-renders exactly as typed.
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = AppError;
    async fn from_request(req: Request, state: &AppState) -> Result<Self, AppError> {
        let (form, _) = read_checked(req, state).await?;
        Ok(CsrfForm(form))
    }
}

/// The same, with every (name, value) pair as sent, for repeated fields (checkboxes).
pub struct CsrfFormPairs<T>(pub T, pub Vec<(String, String)>);

impl<T: DeserializeOwned> FromRequest<AppState> for CsrfFormPairs<T> {
    type Rejection = AppError;
    async fn from_request(req: Request, state: &AppState) -> Result<Self, AppError> {
        let (form, pairs) = read_checked(req, state).await?;
        Ok(CsrfFormPairs(form, pairs))
    }
}

/// Reads a url-encoded body, checks its `_csrf` field, parses it as `T` and as pairs.
async fn read_checked<T: DeserializeOwned>(
    req: Request,
    state: &AppState,
) -> Result<(T, Vec<(String, String)>), AppError> {
    let session = req
        .extensions()
        .get::<Session>()
        .cloned()
        .ok_or_else(|| AppError::internal("session layer missing"))?;
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(AppError::BadRequest("err-form"));
    }
    let bytes = Bytes::from_request(req, state).await.map_err(|r| {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge
        } else {
            AppError::BadRequest("err-form")
        }
    })?;
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_bytes(&bytes).map_err(|_| AppError::BadRequest("err-form"))?;
    let sent = pairs
        .iter()
        .find(|(k, _)| k == "_csrf")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    check(&session, sent).await?;
    let form =
        serde_urlencoded::from_bytes(&bytes).map_err(|_| AppError::BadRequest("err-form"))?;
    Ok((form, pairs))
}

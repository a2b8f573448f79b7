//! CSRF defence in two layers: tower-http's Origin / Sec-Fetch-Site check on every
//! unsafe request (in the router), and a token in every form, checked by [`CsrfForm`]:
//! a logged-in session's synchronizer token, or — for a visitor without a session (the
//! login form) — a signed double-submit cookie, so that showing the login form writes
//! nothing to the database.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use rand::RngExt;
use serde::de::DeserializeOwned;
use tower_sessions::Session;

use crate::{AppError, AppState};

const CSRF: &str = "csrf";
/// The cookie of a visitor without a session.
pub const COOKIE: &str = "dxday_csrf";
const PURPOSE: &str = "csrf";

/// The visitor's signed token from its cookie, when the signature holds.
pub fn cookie_token(headers: &HeaderMap, key: &[u8]) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|c| c.split(';'))
        .filter_map(|kv| kv.trim().strip_prefix(COOKIE)?.strip_prefix('='))
        .find(|v| crate::sign::verify(key, PURPOSE, v).is_some())
        .map(str::to_string)
}

/// A new signed token for a visitor.
pub fn new_cookie_token(key: &[u8]) -> String {
    crate::sign::sign(key, PURPOSE, &crate::sign::nonce())
}

/// The `Set-Cookie` value that gives a visitor `token` (for the browser session).
pub fn cookie_header(token: &str, secure: bool) -> Option<HeaderValue> {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax{secure}"
    ))
    .ok()
}

/// The session's token, when it has one (never creates one).
pub async fn existing(session: &Session) -> Result<Option<String>, AppError> {
    Ok(session.get::<String>(CSRF).await?)
}

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

/// True when `a` equals `b`, compared in time that does not depend on where they differ.
pub(crate) fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Refuses `sent` unless it is the session's token or, for a session without one, the
/// visitor's signed cookie token.
pub async fn check(session: &Session, cookie: Option<&str>, sent: &str) -> Result<(), AppError> {
    let expected = match session.get::<String>(CSRF).await? {
        Some(t) => t,
        None => cookie.unwrap_or_default().to_string(),
    };
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
    let cookie = cookie_token(req.headers(), &state.config.signing_key);
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
    check(&session, cookie.as_deref(), sent).await?;
    let form =
        serde_urlencoded::from_bytes(&bytes).map_err(|_| AppError::BadRequest("err-form"))?;
    Ok((form, pairs))
}

//! Login, logout and password change.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use dxday_domain::user::check_new_password;
use dxday_domain::{FieldErrors, UserId};
use dxday_store::{login_limit, password, users};
use serde::Deserialize;

use crate::client_ip::ClientIp;
use crate::csrf::{self, CsrfForm};
use crate::ctx::{EPOCH, USER_ID};
use crate::forms::Errors;
use crate::middleware::render;
use crate::paths;
use crate::{AppError, AppState, Ctx, CurrentUser, ctx::SessionCtx};

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    ctx: Ctx,
    email: String,
    next: String,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NextQuery {
    next: String,
}

/// Only a path of the admin area may be a redirect target (no open redirect).
fn safe_next(next: &str) -> String {
    if next.starts_with(paths::ADMIN.pattern()) && !next.contains("//") && !next.contains('\\') {
        next.to_string()
    } else {
        paths::ADMIN.into()
    }
}

/// `GET /dang-nhap`.
pub async fn login_form(s: SessionCtx, Query(q): Query<NextQuery>) -> Result<Response, AppError> {
    if s.ctx.user.is_some() {
        return Ok(Redirect::to(&safe_next(&q.next)).into_response());
    }
    let SessionCtx {
        ctx, set_cookie, ..
    } = s;
    let res = render(
        StatusCode::OK,
        &LoginPage {
            ctx,
            email: String::new(),
            next: q.next,
            error: None,
        },
    )?;
    Ok(crate::ctx::with_cookie(res, set_cookie))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LoginForm {
    email: String,
    password: String,
    next: String,
}

/// The login page saying to wait `retry_after_secs` (429 with `Retry-After`).
fn too_many(mut page: LoginPage, retry_after_secs: i64) -> Result<Response, AppError> {
    metrics::counter!("login_refused_total").increment(1);
    let minutes = ((retry_after_secs + 59) / 60).to_string();
    let text = page
        .ctx
        .lang
        .t_args("login-too-many", &[("minutes", minutes)]);
    page.error = Some(text);
    let mut res = render(StatusCode::TOO_MANY_REQUESTS, &page)?;
    if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    Ok(res)
}

/// `POST /dang-nhap`, throttled as `dxday_store::login_limit` describes: 5 failures per
/// account and address, 30 per address, an account-wide backoff from the 10th; a
/// refused attempt answers 429 with Retry-After before any password is checked.
pub async fn login(
    State(app): State<AppState>,
    ClientIp(ip): ClientIp,
    s: SessionCtx,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<Response, AppError> {
    let email_key = form.email.trim().to_lowercase();
    let ip = ip.to_string();
    let now_ms = dxday_domain::dates::now_unix_ms();
    let page = |ctx: Ctx, key: &str| LoginPage {
        error: Some(ctx.t(key)),
        email: form.email.clone(),
        next: form.next.clone(),
        ctx,
    };
    let attempt = match login_limit::begin(&app.db, &email_key, &ip, now_ms).await? {
        login_limit::Verdict::Allowed(a) => a,
        login_limit::Verdict::Refused { retry_after_secs } => {
            return too_many(page(s.ctx, "login-too-many"), retry_after_secs);
        }
    };
    let checked = dxday_app::accounts::check_password(&app.db, &email_key, &form.password);
    let Some(user) = checked.await? else {
        login_limit::failed(&app.db, attempt, now_ms).await?;
        // The typed e-mail is not logged: a password typed into that field would
        // end up in the log. A short hash still links the failures of one account.
        tracing::info!(login.email_hash = %email_hash(&email_key), client.ip = %ip, "login failed");
        let page = page(s.ctx, "login-failed");
        return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let Some(account) = users::get_for_session(&app.db, user).await? else {
        return Err(AppError::internal("account vanished during login"));
    };
    login_limit::succeeded(&app.db, &email_key, &ip).await?;
    s.session.cycle_id().await?;
    s.session.insert(USER_ID, account.id.0).await?;
    s.session.insert(EPOCH, account.session_epoch).await?;
    csrf::renew(&s.session).await?;
    tracing::info!(user.id = account.id.0, "login");
    Ok(Redirect::to(&safe_next(&form.next)).into_response())
}

/// The first 12 hex digits of the SHA-256 of what was typed as the e-mail.
fn email_hash(typed: &str) -> String {
    crate::upload::sha256_hex(typed.as_bytes())[..12].to_string()
}

/// `POST /dang-xuat`: ends the session.
pub async fn logout(
    s: SessionCtx,
    CsrfForm(_): CsrfForm<crate::forms::Empty>,
) -> Result<Response, AppError> {
    s.session.flush().await?;
    Ok(Redirect::to("/").into_response())
}

#[derive(Template)]
#[template(path = "admin/password.html")]
struct PasswordPage {
    ctx: Ctx,
    errors: Errors,
}

/// `GET /quan-tri/mat-khau`.
pub async fn password_form(me: CurrentUser) -> Result<Response, AppError> {
    render(
        StatusCode::OK,
        &PasswordPage {
            ctx: me.ctx,
            errors: Errors::default(),
        },
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PasswordForm {
    current: String,
    new: String,
    confirm: String,
}

/// `POST /quan-tri/mat-khau`: checks the current password; the new one ends every
/// other session of the account (this one stays logged in).
pub async fn password_change(
    State(app): State<AppState>,
    me: CurrentUser,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<Response, AppError> {
    let hash = users::password_hash(&app.db, me.user.id)
        .await?
        .unwrap_or_default();
    let current = form.current.clone();
    let ok = tokio::task::spawn_blocking(move || password::verify(&current, &hash))
        .await
        .map_err(AppError::internal)?;
    let mut e = FieldErrors::default();
    if !ok {
        e.add("current", "err-password-wrong");
    }
    e.check("new", check_new_password(&form.new));
    if form.new != form.confirm {
        e.add("confirm", "err-password-confirm");
    }
    if !e.is_empty() {
        let errors = Errors::from_fields(me.ctx.lang, &e);
        return render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &PasswordPage {
                ctx: me.ctx,
                errors,
            },
        );
    }
    let new = form.new.clone();
    let new_hash = tokio::task::spawn_blocking(move || password::hash(&new))
        .await
        .map_err(AppError::internal)??;
    set_password_keep_session(&app, &me, me.user.id, &new_hash).await?;
    me.flash("flash-password-changed").await?;
    Ok(Redirect::to(paths::ADMIN.pattern()).into_response())
}

async fn set_password_keep_session(
    app: &AppState,
    me: &CurrentUser,
    id: UserId,
    hash: &str,
) -> Result<(), AppError> {
    users::set_password(&app.db, me.actor(), id, hash).await?;
    me.session.cycle_id().await?;
    me.session.insert(EPOCH, me.user.session_epoch + 1).await?;
    Ok(())
}

//! Request-wide behaviour: language choice, localised error pages, metrics.

use std::time::Instant;

use askama::Template;
use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use crate::error::ErrorKey;
use crate::{Ctx, Lang};

const LANG_COOKIE: &str = "lang";

/// Chooses the language: `?lang=`, then the `lang` cookie, then Accept-Language,
/// then Vietnamese. A `?lang=` choice is remembered in the cookie.
pub async fn choose_lang(mut req: Request, next: Next) -> Response {
    let from_query = req
        .uri()
        .query()
        .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("lang=")))
        .and_then(Lang::from_code);
    let from_cookie = || {
        req.headers()
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|c| {
                c.split(';')
                    .find_map(|kv| kv.trim().strip_prefix("lang="))
                    .and_then(Lang::from_code)
            })
    };
    let from_header = || {
        req.headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(Lang::from_accept_language)
    };
    let lang = from_query
        .or_else(from_cookie)
        .or_else(from_header)
        .unwrap_or_default();
    req.extensions_mut().insert(lang);
    let mut res = next.run(req).await;
    if let Some(l) = from_query
        && let Ok(v) = HeaderValue::from_str(&format!(
            "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            l.code()
        ))
    {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    ctx: Ctx,
    title: String,
    detail: String,
}

/// Replaces every plain error response (4xx/5xx that is not already a page) with a
/// page in the request's language; API paths get JSON.
pub async fn error_pages(req: Request, next: Next) -> Response {
    let lang = req.extensions().get::<Lang>().copied().unwrap_or_default();
    let path = req.uri().path().to_string();
    let res = next.run(req).await;
    let status = res.status();
    let is_page = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html") || v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_page {
        return res;
    }
    let status_key = format!("http-{}", status.as_u16());
    let title = match lang.t(&status_key) {
        t if t == status_key => lang.t("http-other"),
        t => t,
    };
    let detail = res
        .extensions()
        .get::<ErrorKey>()
        .map(|k| lang.t(k.0))
        .filter(|d| *d != title)
        .unwrap_or_default();
    let (mut parts, _) = res.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    let body = if path.starts_with("/api/") {
        parts.headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        axum::body::Body::from(serde_json::json!({ "error": title, "detail": detail }).to_string())
    } else {
        let page = ErrorPage {
            ctx: Ctx::public(lang, &path),
            title,
            detail,
        };
        let html = page.render().unwrap_or_default();
        parts.headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        axum::body::Body::from(html)
    };
    Response::from_parts(parts, body)
}

/// Counts requests and their duration by route and status (Prometheus at `/metrics`).
pub async fn track_metrics(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".into());
    let method = req.method().to_string();
    let res = next.run(req).await;
    let status = res.status().as_u16().to_string();
    metrics::counter!("http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status).increment(1);
    metrics::histogram!("http_request_duration_seconds", "method" => method, "route" => route)
        .record(start.elapsed().as_secs_f64());
    res
}

/// Renders a template as an HTML response with `status`.
pub fn render(
    status: axum::http::StatusCode,
    page: &impl Template,
) -> Result<Response, crate::AppError> {
    let html = page.render().map_err(crate::AppError::internal)?;
    Ok((status, Html(html)).into_response())
}

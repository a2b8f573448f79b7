//! Request-wide behaviour: language choice, localised error pages, metrics.

use std::time::Instant;

use askama::Template;
use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use crate::error::ErrorKey;
use crate::{Ctx, Lang};

const LANG_COOKIE: &str = "lang";

/// Security headers on every response.
const SECURITY_HEADERS: [(HeaderName, &str); 6] = [
    (
        header::CONTENT_SECURITY_POLICY,
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::X_FRAME_OPTIONS, "DENY"),
    (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
    (
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=()",
    ),
    (
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    ),
];

/// What every request gets, in one middleware as it runs on the hottest path: the
/// language chosen, plain error responses rendered as pages in it, security headers.
pub async fn every_request(mut req: Request, next: Next) -> Response {
    let lang = choose_lang(&req);
    req.extensions_mut().insert(lang.lang);
    let path = req.uri().path().to_string();
    let mut res = error_page(lang.lang, &path, next.run(req).await);
    if let Some(l) = lang.from_query
        && let Ok(v) = HeaderValue::from_str(&format!(
            "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            l.code()
        ))
    {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    let headers = res.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    res
}

struct LangChoice {
    lang: Lang,
    from_query: Option<Lang>,
}

/// The language: `?lang=`, then the `lang` cookie, then Accept-Language, then
/// Vietnamese. A `?lang=` choice is remembered in the cookie.
fn choose_lang(req: &Request) -> LangChoice {
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
    LangChoice { lang, from_query }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    ctx: Ctx,
    title: String,
    detail: String,
}

/// Replaces a plain error response (4xx/5xx that is not already a page) with a page
/// in the request's language; API paths get JSON.
fn error_page(lang: Lang, path: &str, mut res: Response) -> Response {
    let status = res.status();
    // A body refused before it was read leaves the connection unusable: the client is
    // told, so that it does not send its next request on it.
    if status == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        res.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
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
        let mut ctx = Ctx::public(lang, path);
        if let Some(who) = parts.extensions.get::<crate::error::SignedIn>() {
            ctx.user = Some(who.user.clone());
            ctx.csrf = who.csrf.clone();
        }
        let page = ErrorPage { ctx, title, detail };
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
        .map_or("unmatched", |p| static_label(p.as_str()));
    let method = static_label(req.method().as_str());
    let res = next.run(req).await;
    let status = static_label(res.status().as_str());
    metrics::counter!("http_requests_total", "method" => method, "route" => route, "status" => status).increment(1);
    metrics::histogram!("http_request_duration_seconds", "method" => method, "route" => route)
        .record(start.elapsed().as_secs_f64());
    res
}

/// Label values are route templates, methods and status codes: a small, fixed set.
/// Each is allocated once, so counting a request allocates nothing.
fn static_label(s: &str) -> &'static str {
    static LABELS: std::sync::RwLock<Vec<&'static str>> = std::sync::RwLock::new(Vec::new());
    if let Ok(labels) = LABELS.read()
        && let Some(l) = labels.iter().find(|l| **l == s)
    {
        return l;
    }
    let Ok(mut labels) = LABELS.write() else {
        return "unknown";
    };
    if let Some(l) = labels.iter().find(|l| **l == s) {
        return l;
    }
    if labels.len() >= 512 {
        return "other";
    }
    let leaked: &'static str = Box::leak(s.to_string().into_boxed_str());
    labels.push(leaked);
    leaked
}

/// Renders a template as an HTML response with `status`.
pub fn render(
    status: axum::http::StatusCode,
    page: &impl Template,
) -> Result<Response, crate::AppError> {
    let html = page.render().map_err(crate::AppError::internal)?;
    Ok((status, Html(html)).into_response())
}

/// The trace layer's failure log: a 503 of a full pool is an expected refusal (debug,
/// counted in `/metrics` by status), anything else a server failure (error).
pub fn log_failure(
    class: tower_http::classify::ServerErrorsFailureClass,
    latency: std::time::Duration,
    _: &tracing::Span,
) {
    use tower_http::classify::ServerErrorsFailureClass;
    match class {
        ServerErrorsFailureClass::StatusCode(code)
            if code == axum::http::StatusCode::SERVICE_UNAVAILABLE =>
        {
            tracing::debug!(status = 503, ?latency, "refused: busy");
        }
        other => tracing::error!(classification = %other, ?latency, "response failed"),
    }
}

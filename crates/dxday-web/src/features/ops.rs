//! Health, metrics and the fallback page.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::{AppError, AppState};

/// `/healthz`: 200 with the backend and schema version when the database answers, 503 otherwise.
pub async fn healthz(State(app): State<AppState>) -> Response {
    let db = &app.db;
    match (db.ping().await, db.schema_version().await) {
        (Ok(()), Ok(version)) => {
            let backend = match db.backend() {
                dxday_store::Backend::Sqlite => "sqlite",
                dxday_store::Backend::Postgres => "postgres",
            };
            let body =
                serde_json::json!({ "status": "ok", "database": backend, "schema": version });
            (
                [
                    (
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("application/json"),
                    ),
                    (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
                ],
                body.to_string(),
            )
                .into_response()
        }
        (Err(e), _) | (_, Err(e)) => {
            tracing::error!(error = %e, "health check failed");
            let body = serde_json::json!({ "status": "error" });
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                )],
                body.to_string(),
            )
                .into_response()
        }
    }
}

/// `/metrics` on the main address: only with `Authorization: Bearer <DXDAY_METRICS_TOKEN>`;
/// otherwise (and when no token is configured) 404, as if there were nothing.
pub async fn metrics_with_token(
    State(app): State<AppState>,
    headers: axum::http::HeaderMap,
) -> Response {
    let sent = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    let allowed = app
        .config
        .metrics_token
        .as_deref()
        .is_some_and(|t| crate::csrf::same(t, sent));
    if !allowed {
        return AppError::NotFound.into_response();
    }
    metrics(State(app)).await
}

/// `/metrics`: Prometheus text format (the separate metrics address serves it freely).
pub async fn metrics(State(app): State<AppState>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4"),
        )],
        app.metrics.render(),
    )
        .into_response()
}

/// Any unknown URL: a localised 404 page.
pub async fn not_found() -> AppError {
    AppError::NotFound
}

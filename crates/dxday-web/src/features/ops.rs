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

/// `/metrics`: Prometheus text format.
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

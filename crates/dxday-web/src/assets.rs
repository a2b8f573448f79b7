//! Static files embedded in the binary, served at content-hashed URLs with immutable
//! caching, so a CDN or browser never serves a stale copy.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// One embedded file.
pub struct Asset {
    /// The name templates use (`app.css`).
    pub logical: &'static str,
    /// The name in the URL (`app.1a2b3c4d5e.css`).
    pub hashed: String,
    pub bytes: &'static [u8],
    pub content_type: &'static str,
}

const FILES: &[(&str, &[u8], &str)] = &[
    (
        "app.css",
        include_bytes!("../static/app.css"),
        "text/css; charset=utf-8",
    ),
    (
        "icon.svg",
        include_bytes!("../static/icon.svg"),
        "image/svg+xml",
    ),
    (
        "studio.js",
        include_bytes!("../static/studio.js"),
        "text/javascript; charset=utf-8",
    ),
];

static ASSETS: LazyLock<Vec<Asset>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|(logical, bytes, content_type)| {
            let digest = Sha256::digest(bytes);
            let hash: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
            let (stem, ext) = logical.rsplit_once('.').unwrap_or((logical, ""));
            Asset {
                logical,
                hashed: format!("{stem}.{hash}.{ext}"),
                bytes,
                content_type,
            }
        })
        .collect()
});

/// The URL of an embedded file, by its logical name.
pub fn url(logical: &str) -> String {
    ASSETS
        .iter()
        .find(|a| a.logical == logical)
        .map(|a| crate::paths::STATIC.with(&a.hashed))
        .unwrap_or_else(|| crate::paths::STATIC.with(logical))
}

/// Serves `/static/{file}`: only hashed names exist, and they never change.
pub async fn serve(Path(file): Path<String>) -> Response {
    match ASSETS.iter().find(|a| a.hashed == file) {
        Some(a) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(a.content_type),
                ),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ),
            ],
            a.bytes,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_asset_a_template_names_exists() {
        for (name, src) in dxday_app::testing::workspace_sources() {
            for piece in src.split("ctx.asset(\"").skip(1) {
                let logical = piece.split('"').next().unwrap_or("");
                assert!(
                    ASSETS.iter().any(|a| a.logical == logical),
                    "{name} names a missing asset {logical:?}"
                );
            }
        }
    }

    #[test]
    fn asset_urls_carry_a_content_hash() {
        let u = url("app.css");
        assert!(
            u.starts_with("/static/app.")
                && u.ends_with(".css")
                && u.len() == "/static/app.".len() + 10 + 4,
            "{u}"
        );
    }
}

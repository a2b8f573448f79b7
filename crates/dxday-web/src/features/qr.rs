//! QR codes for pages of this site: `/qr.svg?path=/khung-anh?don-vi=p-may-chai`.
//! Only paths of this site are encoded, made absolute with the public base URL.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use dxday_media::qr::{self, Correction};
use serde::Deserialize;

use crate::{AppError, AppState};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct QrQuery {
    path: String,
    ec: String,
    size: String,
}

/// The absolute URL of a site path, or `None` for anything that is not one.
pub fn site_url(public_url: &str, path: &str) -> Option<String> {
    let ok = path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && path.len() <= 500
        && !path.chars().any(char::is_control);
    ok.then(|| format!("{}{}", public_url.trim_end_matches('/'), path))
}

fn parse(app: &AppState, q: &QrQuery) -> Result<(String, Correction), AppError> {
    let url =
        site_url(&app.config.public_url, &q.path).ok_or(AppError::BadRequest("err-qr-path"))?;
    let ec = Correction::parse(&q.ec).ok_or(AppError::BadRequest("err-qr-ec"))?;
    Ok((url, ec))
}

fn cached(content_type: &'static str, body: impl IntoResponse) -> Response {
    crate::download::inline(content_type, "public, max-age=86400", body)
}

/// `GET /qr.svg?path=…&ec=L|M|Q|H`.
pub async fn svg(
    State(app): State<AppState>,
    Query(q): Query<QrQuery>,
) -> Result<Response, AppError> {
    let (url, ec) = parse(&app, &q)?;
    Ok(cached("image/svg+xml", qr::svg(&url, ec)?))
}

/// `GET /qr.png?path=…&ec=…&size=pixels`.
pub async fn png(
    State(app): State<AppState>,
    Query(q): Query<QrQuery>,
) -> Result<Response, AppError> {
    let (url, ec) = parse(&app, &q)?;
    let size = if q.size.is_empty() {
        512
    } else {
        q.size
            .parse::<u32>()
            .map_err(|_| AppError::BadRequest("err-qr-size"))?
    };
    if !(64..=4096).contains(&size) {
        return Err(AppError::BadRequest("err-qr-size"));
    }
    let png = app
        .pool
        .run("err-busy-work", move |_| qr::png(&url, ec, size))
        .await??;
    Ok(cached("image/png", png))
}

/// `GET /qr-a4.png?path=…&ec=…`: a printable A4 sheet (PNG, 300 dpi) with the current
/// campaign's title, the page's QR code and its link written out, for noticeboards.
pub async fn a4(
    State(app): State<AppState>,
    crate::ctx::PageLang(lang): crate::ctx::PageLang,
    Query(q): Query<QrQuery>,
) -> Result<Response, AppError> {
    let (url, ec) = parse(&app, &q)?;
    let title = dxday_app::campaign::current(&app.db)
        .await?
        .map(|c| c.data.title)
        .unwrap_or_default();
    let call = lang.t("qr-a4-call");
    let png = app
        .pool
        .run("err-busy-print", move |_| {
            qr::poster_png(&url, &title, &call, ec)
        })
        .await??;
    Ok(cached("image/png", png))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_of_this_site_are_encoded() {
        let studio = format!("{}?don-vi=x", crate::paths::STUDIO);
        assert_eq!(
            site_url("https://cds.vn/", &studio).as_deref(),
            Some(format!("https://cds.vn{studio}").as_str())
        );
        for bad in [
            "https://evil.example/",
            "//evil.example/x",
            "khung-anh",
            "/\\evil",
            "",
        ] {
            assert_eq!(site_url("https://cds.vn", bad), None, "{bad}");
        }
    }
}

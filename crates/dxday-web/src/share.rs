//! Link previews: what a public page shows when its link is pasted in Zalo, Facebook
//! or Messenger (Open Graph and Twitter card tags), and the 1200 × 630 picture they
//! show, drawn by dxday from the campaign's frame and title, once per campaign and
//! frame, then served from memory.

use axum::extract::{Path, State};
use axum::response::Response;
use bytes::Bytes;
use dxday_store::campaigns::Campaign;

use crate::paths;
use crate::{AppError, AppState, Lang};

/// The tags of one page's preview.
pub struct Preview {
    pub title: String,
    pub description: String,
    /// The page's own address, absolute.
    pub url: String,
    /// The picture's address, absolute.
    pub image: String,
    pub image_alt: String,
    /// `vi_VN` or `en_US`.
    pub locale: &'static str,
    pub site_name: String,
}

impl Preview {
    /// The preview of the page at `path` (with its query) for `campaign` (the current
    /// one where the page has none): its title, with `subject` after it when the page is
    /// about one thing (a unit, the kit), and the campaign's theme.
    pub fn new(
        app: &AppState,
        lang: Lang,
        campaign: Option<&Campaign>,
        subject: Option<&str>,
        path: &str,
    ) -> Preview {
        let base = app.config.public_url.trim_end_matches('/');
        let site_name = lang.t("site-name");
        let title = match (campaign, subject) {
            (Some(c), Some(s)) => format!("{} – {s}", c.data.title),
            (Some(c), None) => c.data.title.clone(),
            (None, Some(s)) => format!("{s} – {site_name}"),
            (None, None) => site_name.clone(),
        };
        let year = campaign.map(|c| c.data.year.to_string());
        let image =
            paths::SHARE_IMAGE.with(format!("{}.png", year.as_deref().unwrap_or(SITE_IMAGE)));
        Preview {
            description: campaign
                .map(|c| c.data.theme.clone())
                .unwrap_or_else(|| lang.t("footer-text")),
            url: format!("{base}{path}"),
            image: format!("{base}{image}"),
            image_alt: campaign
                .map(|c| c.data.title.clone())
                .unwrap_or_else(|| site_name.clone()),
            locale: match lang {
                Lang::Vi => "vi_VN",
                Lang::En => "en_US",
            },
            site_name,
            title,
        }
    }
}

/// The picture's name when there is no campaign yet: the site's own.
const SITE_IMAGE: &str = "dxday";

/// Most pictures kept in memory (about 150 KB each).
pub const CACHE_ENTRIES: u64 = 16;

/// The two pictures made for a campaign.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Picture {
    /// The link preview's 1200 × 630 PNG.
    Card,
    /// The start page's sample: the frame around a silhouette, a small JPEG.
    Sample,
}

/// `GET /anh-chia-se/{year}.png`: the preview picture of the campaign of `year` (its
/// first frame, or the built-in one), made once per campaign text and frame.
pub async fn image(
    State(app): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    let name = file.strip_suffix(".png").ok_or(AppError::NotFound)?;
    picture(&app, name, Picture::Card).await
}

/// `GET /khung-mau/{year}.jpg`: the campaign's frame around a neutral silhouette.
pub async fn sample(
    State(app): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    let name = file.strip_suffix(".jpg").ok_or(AppError::NotFound)?;
    picture(&app, name, Picture::Sample).await
}

async fn picture(app: &AppState, name: &str, kind: Picture) -> Result<Response, AppError> {
    let campaign = if name == SITE_IMAGE {
        None
    } else {
        // A year, and one with a public campaign.
        name.parse::<i32>().map_err(|_| AppError::NotFound)?;
        Some(
            dxday_app::campaign::of_year(&app.db, name)
                .await?
                .ok_or(AppError::NotFound)?,
        )
    };
    let frame = match &campaign {
        Some(c) => dxday_store::frames::for_campaign(&app.db, c.id, false)
            .await?
            .into_iter()
            .next(),
        None => None,
    };
    let data = campaign.map(|c| c.data);
    let key = format!(
        "{}\n{}\n{}",
        kind == Picture::Card,
        frame.as_ref().map_or("", |f| f.sha256.as_str()),
        data.as_ref()
            .map(|d| format!("{}\n{}\n{}", d.title, d.theme, d.day_on))
            .unwrap_or_default()
    );
    let mime = match kind {
        Picture::Card => "image/png",
        Picture::Sample => "image/jpeg",
    };
    if let Some(bytes) = app.share_images.get(&key) {
        return Ok(response(mime, bytes));
    }
    // Only a picture still to draw needs the frame's pixels.
    let loaded = match &frame {
        Some(f) => app.frame(f.id).await?.map(|(_, frame)| frame),
        None => None,
    };
    let bytes = app
        .pool
        .run("err-busy", move |_| match kind {
            Picture::Card => dxday_app::share::card_png(data.as_ref(), loaded.as_deref()),
            Picture::Sample => dxday_app::share::sample_jpeg(data.as_ref(), loaded.as_deref()),
        })
        .await?
        .map_err(AppError::internal)?;
    let bytes = Bytes::from(bytes);
    app.share_images.insert(key, bytes.clone());
    Ok(response(mime, bytes))
}

fn response(mime: &'static str, bytes: Bytes) -> Response {
    crate::download::inline(mime, "public, max-age=3600", bytes)
}

//! The public campaign site.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use dxday_domain::campaign::CampaignStatus;
use dxday_domain::dates::today_in_vietnam;
use dxday_store::campaigns::Campaign;
use time::OffsetDateTime;

use crate::share::Preview;
use crate::{AppError, AppState, Ctx, Lang, paths};

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    ctx: Ctx,
    campaign: Option<Campaign>,
    status: Option<CampaignStatus>,
    legal_refs: Vec<String>,
    /// Framed photos downloaded for this campaign, formatted.
    participation: String,
    preview: Preview,
}

/// `/`: the current campaign's theme, purpose, meaning, legal basis, dates and status.
pub async fn home(
    State(app): State<AppState>,
    crate::ctx::PageLang(lang): crate::ctx::PageLang,
) -> Result<Response, AppError> {
    let body = app
        .home_cache
        .get_or_render(lang, render_home(&app, lang))
        .await?;
    Ok(crate::download::public_html(body))
}

async fn render_home(app: &AppState, lang: Lang) -> Result<String, AppError> {
    let today = today_in_vietnam(OffsetDateTime::now_utc());
    let campaign = dxday_app::campaign::current(&app.db).await?;
    let status = campaign.as_ref().map(|c| c.data.status_on(today));
    let legal_refs = campaign
        .as_ref()
        .map(|c| c.data.legal_refs().into_iter().map(String::from).collect())
        .unwrap_or_default();
    let downloads = match &campaign {
        Some(c) => dxday_store::frames::total_downloads(&app.db, c.id).await?,
        None => 0,
    };
    let participation = lang.t_count("home-participation", downloads);
    let preview = Preview::new(app, lang, campaign.as_ref(), None, paths::HOME.pattern());
    let page = HomePage {
        preview,
        ctx: Ctx::public(lang, "/"),
        campaign,
        status,
        legal_refs,
        participation,
    };
    page.render().map_err(AppError::internal)
}

//! The public page of the teams: whom to ask, by ward and residential group.

use super::*;
use crate::share::Preview;

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct PublicQuery {
    /// Words of a ward, group or team name, or of what it helps with (any accents).
    q: String,
}

/// A ward's active teams.
pub struct PublicWard {
    pub name: String,
    pub teams: Vec<teams::PublicTeam>,
}

#[derive(Template)]
#[template(path = "teams_public.html")]
pub(super) struct PublicPage {
    ctx: Ctx,
    q: String,
    wards: Vec<PublicWard>,
    found: usize,
    preview: Preview,
}

/// `GET /to-cong-nghe-so[?q=…]`: the active teams by ward and group with the contact
/// each chose to publish; no member's details; no JavaScript.
pub async fn public(
    State(app): State<AppState>,
    crate::ctx::PageLang(lang): crate::ctx::PageLang,
    Query(q): Query<PublicQuery>,
) -> Result<Response, AppError> {
    let words: Vec<String> =
        q.q.split_whitespace()
            .map(dxday_domain::payment::fold_key)
            .filter(|w| !w.is_empty())
            .take(8)
            .collect();
    let list = teams::public_teams(&app.db, &words).await?;
    let found = list.len();
    let mut wards: Vec<PublicWard> = Vec::new();
    for t in list {
        match wards.last_mut() {
            Some(w) if w.name == t.ward_name => w.teams.push(t),
            _ => wards.push(PublicWard {
                name: t.ward_name.clone(),
                teams: vec![t],
            }),
        }
    }
    let campaign = dxday_app::campaign::current(&app.db).await?;
    let subject = lang.t("teams-title");
    let path = paths::PUBLIC_TEAMS.pattern();
    let preview = Preview::new(&app, lang, campaign.as_ref(), Some(&subject), path);
    let page = PublicPage {
        preview,
        ctx: Ctx::public(lang, path),
        q: q.q.trim().to_string(),
        wards,
        found,
    };
    let body = page.render().map_err(AppError::internal)?;
    Ok(crate::download::public_html(body.into()))
}

//! The public page of the teams: whom to ask, by ward and residential group.

use super::*;
use crate::share::Preview;
use dxday_domain::UnitId;

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct PublicQuery {
    /// Words of a ward, group or team name, or of what it helps with (any accents).
    q: String,
    /// One ward's teams (its id), from the index of wards.
    phuong: String,
}

/// Up to this many teams, the page lists them all; beyond (a province), it lists the
/// wards first, and a ward's teams or a search's first results on demand.
const ALL_ON_ONE_PAGE: usize = 60;
/// A search shows at most this many teams (and says how many it found).
const SHOWN: usize = 100;

/// A ward in the index: its name, id and how many active teams it has.
pub struct WardLink {
    pub id: UnitId,
    pub name: String,
    pub teams: usize,
}

impl WardLink {
    pub fn count(&self) -> i64 {
        self.teams as i64
    }
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
    /// The index of wards, when there are too many teams for one page.
    index: Vec<WardLink>,
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
    let ward: Option<UnitId> = q.phuong.parse().ok();
    let mut index: Vec<WardLink> = Vec::new();
    let shown: Vec<teams::PublicTeam> = if !words.is_empty() {
        list.into_iter().take(SHOWN).collect()
    } else if let Some(w) = ward {
        list.into_iter().filter(|t| t.ward_id == w).collect()
    } else if found <= ALL_ON_ONE_PAGE {
        list
    } else {
        for t in &list {
            match index.last_mut() {
                Some(l) if l.id == t.ward_id => l.teams += 1,
                _ => index.push(WardLink {
                    id: t.ward_id,
                    name: t.ward_name.clone(),
                    teams: 1,
                }),
            }
        }
        Vec::new()
    };
    let mut wards: Vec<PublicWard> = Vec::new();
    for t in shown {
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
        index,
    };
    let body = page.render().map_err(AppError::internal)?;
    Ok(crate::download::public_html(body.into()))
}

//! `/vinh-danh`: the honour roll. What the decisions made public — the awardee, the
//! citation, the award and the decision (number, date, issuer) — by year and by the
//! nominating unit; honours without a decision are listed apart and marked as such.
//! No staff code, report or hold ever leaves the office. No JavaScript.

use dxday_store::honours::RollEntry;

use super::*;
use crate::share::Preview;

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct RollQuery {
    /// The year (every year when empty).
    nam: String,
    /// A unit's code (every unit when empty).
    #[serde(rename = "don-vi")]
    don_vi: String,
}

/// A unit that has something on the roll, for the filter.
pub struct RollUnit {
    pub code: String,
    pub name: String,
}

#[derive(Template)]
#[template(path = "honours_public.html")]
struct RollPage {
    ctx: Ctx,
    years: Vec<i64>,
    year: Option<i64>,
    units: Vec<RollUnit>,
    unit: String,
    awarded: Vec<RollEntry>,
    mentions: Vec<RollEntry>,
    preview: Preview,
}

impl RollPage {
    fn issued_on(&self, e: &RollEntry) -> String {
        e.award
            .as_ref()
            .map(|a| dxday_domain::dates::format_dmy(a.issued_on))
            .unwrap_or_default()
    }

    fn year_link(&self, y: &i64) -> String {
        let mut link = format!("{}?nam={y}", paths::PUBLIC_HONOURS);
        if !self.unit.is_empty() {
            link.push_str(&format!("&don-vi={}", self.unit));
        }
        link
    }
}

/// `GET /vinh-danh[?nam=2024][&don-vi=p-may-chai]`.
pub async fn public(
    State(app): State<AppState>,
    crate::ctx::PageLang(lang): crate::ctx::PageLang,
    Query(q): Query<RollQuery>,
) -> Result<Response, AppError> {
    let years = h::roll_years(&app.db).await?;
    let year: Option<i64> = q.nam.trim().parse().ok().filter(|y| years.contains(y));
    let code = q.don_vi.trim().to_ascii_lowercase();
    let unit = if code.is_empty() {
        None
    } else {
        dxday_store::units::find_by_code(&app.db, &code).await?
    };
    let everyone = h::honour_roll(&app.db, year, None).await?;
    let mut units: Vec<RollUnit> = Vec::new();
    for e in &everyone {
        if !units.iter().any(|u| u.name == e.unit_name)
            && let Some(u) = dxday_store::units::entry(&app.db, e.unit_id).await?
        {
            units.push(RollUnit {
                code: u.data.code.as_str().to_string(),
                name: u.data.name.clone(),
            });
        }
    }
    dxday_domain::collation::sort_by_name(&mut units, |u| &u.name);
    let (awarded, mentions): (Vec<RollEntry>, Vec<RollEntry>) = everyone
        .into_iter()
        .filter(|e| unit.as_ref().is_none_or(|u| u.id == e.unit_id))
        .partition(|e| e.award.is_some());
    let campaign = dxday_app::campaign::current(&app.db).await?;
    let subject = lang.t("honours-title");
    let path = paths::PUBLIC_HONOURS.pattern();
    let preview = Preview::new(&app, lang, campaign.as_ref(), Some(&subject), path);
    let page = RollPage {
        preview,
        ctx: Ctx::public(lang, path),
        years,
        year,
        units,
        unit: unit
            .map(|u| u.data.code.as_str().to_string())
            .unwrap_or_default(),
        awarded,
        mentions,
    };
    let body = page.render().map_err(AppError::internal)?;
    Ok(crate::download::public_html(body.into()))
}

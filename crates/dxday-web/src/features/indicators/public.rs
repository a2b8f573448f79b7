//! `/ket-qua`: the campaign's public indicators for everyone — the whole, a chart by
//! ward of the indicator chosen, downloads over the display window, and the table by
//! ward. Aggregates only: no person's data. No JavaScript; kept a few seconds.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use dxday_app::Lang;
use dxday_app::indicators::{Cockpit, unit_label, written};
use dxday_domain::unit::UnitKind;

use crate::paths;
use crate::share::Preview;
use crate::{AppError, AppState, Ctx};

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ResultsQuery {
    nam: String,
    #[serde(rename = "chi-so")]
    chi_so: String,
    trang: String,
}

/// Rows of the table by ward a page shows.
const TABLE_PAGE: usize = 100;

/// A row of the table by ward.
pub struct WardRow {
    pub name: String,
    pub cells: Vec<String>,
}

#[derive(Template)]
#[template(path = "results_public.html")]
struct ResultsPage {
    ctx: Ctx,
    cockpit: Cockpit,
    years: Vec<i32>,
    head: Vec<String>,
    rows: Vec<WardRow>,
    page: usize,
    pages: usize,
    preview: Preview,
}

impl ResultsPage {
    fn head_name(&self, k: &usize) -> &str {
        self.head.get(*k).map_or("", String::as_str)
    }

    fn year_link(&self, y: &i32) -> String {
        format!("{}?nam={y}", paths::PUBLIC_RESULTS)
    }

    fn page_link(&self, p: &usize) -> String {
        format!(
            "{}?nam={}&chi-so={}&trang={p}",
            paths::PUBLIC_RESULTS,
            self.cockpit.year,
            self.cockpit.picked
        )
    }
}

/// `GET /ket-qua[?nam=2024][&chi-so=KIT_DISPLAY][&trang=2]`.
pub async fn public(
    State(app): State<AppState>,
    crate::ctx::PageLang(lang): crate::ctx::PageLang,
    Query(q): Query<ResultsQuery>,
) -> Result<Response, AppError> {
    let year = q.nam.trim().parse::<i32>().ok();
    let pick: String = q
        .chi_so
        .trim()
        .chars()
        .take(32)
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let page = q
        .trang
        .trim()
        .parse::<usize>()
        .unwrap_or(1)
        .clamp(1, 10_000);
    let body = app
        .results_cache
        .get_or_render(
            (lang, year, pick.clone(), page),
            render_results(&app, lang, &q.nam, &pick, page),
        )
        .await?;
    Ok(crate::download::public_html(body))
}

async fn render_results(
    app: &AppState,
    lang: Lang,
    year: &str,
    pick: &str,
    page: usize,
) -> Result<String, AppError> {
    let campaign = dxday_app::campaign::of_year(&app.db, year)
        .await?
        .ok_or(AppError::NotFound)?;
    let years = dxday_store::campaigns::list_public(&app.db)
        .await?
        .into_iter()
        .map(|c| c.data.year)
        .collect();
    let pick = (!pick.is_empty()).then_some(pick);
    let (cockpit, board) =
        dxday_app::indicators::public_results(&app.db, lang, campaign.id, pick).await?;
    let columns: Vec<_> = board
        .rows
        .iter()
        .filter(|r| !r.indicator.data.source.whole_only())
        .collect();
    let head = columns
        .iter()
        .map(|r| dxday_app::indicators::name_of(lang, &r.indicator))
        .collect();
    let wards: Vec<_> = board
        .units
        .iter()
        .filter(|u| u.data.kind == UnitKind::Ward)
        .collect();
    let pages = wards.len().div_ceil(TABLE_PAGE).max(1);
    let page = page.min(pages);
    let rows = wards
        .into_iter()
        .skip((page - 1) * TABLE_PAGE)
        .take(TABLE_PAGE)
        .map(|u| WardRow {
            name: unit_label(u),
            cells: columns
                .iter()
                .map(|r| {
                    r.by_unit
                        .get(&u.id)
                        .map(|f| written(lang, *f))
                        .unwrap_or_else(|| "—".into())
                })
                .collect(),
        })
        .collect();
    let subject = lang.t("results-title");
    let path = paths::PUBLIC_RESULTS.pattern();
    let preview = Preview::new(app, lang, Some(&campaign), Some(&subject), path);
    ResultsPage {
        ctx: Ctx::public(lang, path),
        cockpit,
        years,
        head,
        rows,
        page,
        pages,
        preview,
    }
    .render()
    .map_err(AppError::internal)
}

//! The lists of requests: the office's with received and missing counts, a unit's with where its report stands.

use super::*;
use crate::paths;

/// A request in the office's list.
pub struct OfficeRow {
    pub s: RequestSummary,
    pub kind: String,
    pub due: String,
}

#[derive(Template)]
#[template(path = "admin/reports.html")]
pub(super) struct ListPage {
    ctx: Ctx,
    office: Vec<OfficeRow>,
    mine: Vec<UnitRow>,
    list: Listing,
    /// The state filter (`tinh-trang`): drafts, still missing reports, complete.
    states: Vec<Opt>,
    can_create: bool,
}

/// `GET /quan-tri/bao-cao`: the office's requests with received / missing counts; a
/// unit's requests with where its report stands; searched by title (`q`), sorted and
/// paged.
pub async fn list(
    State(app): State<AppState>,
    me: CurrentUser,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let lang = me.ctx.lang;
    let mut list = Listing::new(paths::REPORTS, query, "han");
    let office = if me.user.data.role.is_office() {
        match dxday_app::campaign::current(&app.db).await? {
            Some(c) => reports::for_campaign(&app.db, c.id)
                .await?
                .into_iter()
                .map(|s| OfficeRow {
                    kind: lang.t(s.request.data.kind.label_key()),
                    due: dates::format_dmy(s.request.data.due_on),
                    s,
                })
                .collect(),
            None => Vec::new(),
        }
    } else {
        Vec::new()
    };
    let state = list.param("tinh-trang").to_string();
    let office: Vec<OfficeRow> = office
        .into_iter()
        .filter(|r| match state.as_str() {
            "nhap" => r.s.request.sent_at.is_none(),
            "con-thieu" => r.s.request.sent_at.is_some() && r.s.missing() > 0,
            "du" => r.s.request.sent_at.is_some() && r.s.missing() == 0,
            "cho-duyet" => r.s.received > r.s.approved,
            _ => true,
        })
        .collect();
    let office = list.apply(
        office,
        |r: &OfficeRow| format!("{} {}", r.s.request.data.title, r.kind),
        |column, r| match column {
            "ten" => SortKey::text(&r.s.request.data.title),
            "thieu" => SortKey::num(r.s.missing()),
            _ => SortKey::num(r.s.request.data.due_on.to_julian_day()),
        },
    );
    let mine = match me.own_unit() {
        Some(u) if office.is_empty() => list.apply(
            unit_rows(&app.db, lang, u).await?,
            |r: &UnitRow| format!("{} {}", r.r.request.data.title, r.kind),
            |column, r| match column {
                "ten" => SortKey::text(&r.r.request.data.title),
                _ => SortKey::num(r.r.request.data.due_on.to_julian_day()),
            },
        ),
        Some(u) => unit_rows(&app.db, lang, u).await?,
        None => Vec::new(),
    };
    render(
        StatusCode::OK,
        &ListPage {
            can_create: me.user.data.role.can_manage_setup(),
            ctx: me.ctx,
            office,
            mine,
            list,
            states: crate::forms::choice(
                lang,
                "audit-filter-any",
                ["nhap", "con-thieu", "du", "cho-duyet"]
                    .iter()
                    .map(|k| (k.to_string(), lang.t(&format!("reports-filter-{k}"))))
                    .collect(),
                &state,
            ),
        },
    )
}

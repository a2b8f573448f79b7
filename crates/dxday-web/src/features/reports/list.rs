//! The lists of requests: the office's with received and missing counts, a unit's with where its report stands.

use super::*;

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
    can_create: bool,
}

/// `GET /quan-tri/bao-cao`: the office's requests with received / missing counts; a
/// unit's requests with where its report stands.
pub async fn list(State(app): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    let lang = me.ctx.lang;
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
    let mine = match me.own_unit() {
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
        },
    )
}

//! The register and the inbox: the documents a scope sees.

use super::*;

/// One line of the list.
pub struct DocRow {
    pub id: i64,
    pub number: String,
    pub date: String,
    pub kind: String,
    pub subject: String,
    pub status_key: &'static str,
    /// For the office: "acknowledged / delivered"; for a unit: whether it acknowledged.
    pub receipt: String,
    pub pending: bool,
}

#[derive(Template)]
#[template(path = "admin/documents.html")]
pub(super) struct ListPage {
    ctx: Ctx,
    rows: Vec<DocRow>,
    can_draft: bool,
    years: Vec<i64>,
    issuers: Vec<Opt>,
}

pub(super) fn today() -> time::Date {
    dates::today_in_vietnam(OffsetDateTime::now_utc())
}

/// `GET /quan-tri/van-ban`: the office's documents; a unit's inbox and own documents.
pub async fn list(State(app): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    let docs = documents::list(&app.db, &me.scope).await?;
    let ids: Vec<DocumentId> = docs.iter().map(|d| d.id).collect();
    let all_deliveries = documents::deliveries_of(&app.db, &ids).await?;
    let rows = docs
        .into_iter()
        .map(|d| {
            let deliveries: Vec<&Delivery> = all_deliveries
                .iter()
                .filter(|(doc, _)| *doc == d.id.0)
                .map(|(_, x)| x)
                .collect();
            doc_row(&me, d, &deliveries)
        })
        .collect();
    let year = i64::from(today().year());
    let issuers = if me.user.data.role.can_manage_setup() {
        issuer_options(&app, me.user.data.unit_id).await?
    } else {
        Vec::new()
    };
    let page = ListPage {
        can_draft: me.user.data.role.can_manage_setup(),
        ctx: me.ctx,
        rows,
        years: (2020..=year).rev().collect(),
        issuers,
    };
    render(StatusCode::OK, &page)
}

/// A document's line: for a recipient unit whether it confirmed receipt; for the
/// office and the issuer how many of the delivered confirmed.
fn doc_row(me: &CurrentUser, d: Document, deliveries: &[&Delivery]) -> DocRow {
    let mine = me.user.data.unit_id;
    let (receipt, pending) = match mine.filter(|u| *u != d.data.issuer_unit_id) {
        Some(u) if !me.scope.sees_all() => {
            let acked = deliveries
                .iter()
                .any(|x| x.unit_id == u && x.acknowledged_at.is_some());
            let key = if acked {
                "doc-received"
            } else {
                "doc-not-received"
            };
            (me.ctx.t(key), !acked)
        }
        _ => {
            let count = |f: fn(&&&Delivery) -> bool| deliveries.iter().filter(f).count();
            let delivered = count(|x| x.delivered_at.is_some());
            let acked = count(|x| x.acknowledged_at.is_some());
            (format!("{acked}/{delivered}"), false)
        }
    };
    DocRow {
        id: d.id.0,
        number: d.number_symbol(),
        date: d.issued_on.map(dates::format_dmy).unwrap_or_default(),
        kind: me.ctx.t(d.data.kind.label_key()),
        subject: d.data.subject.lines().collect::<Vec<_>>().join(" "),
        status_key: d.status.label_key(),
        receipt,
        pending,
    }
}

/// The units that may issue, the account's own first chosen.
async fn issuer_options(app: &AppState, mine: Option<UnitId>) -> Result<Vec<Opt>, AppError> {
    Ok(units::directory(&app.db)
        .await?
        .into_iter()
        .filter(|u| !u.archived)
        .map(|u| Opt {
            selected: Some(u.id) == mine,
            value: u.id.0.to_string(),
            label: u.data.name,
        })
        .collect())
}

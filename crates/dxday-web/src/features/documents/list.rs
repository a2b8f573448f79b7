//! The register and the inbox: the documents a scope sees.

use super::*;

/// One line of the list.
pub struct DocRow {
    pub id: i64,
    /// Issued on (for sorting); drafts have none.
    pub issued: Option<time::Date>,
    /// The document's stored state (`draft`, `issued`, `recalled`), for the filter.
    pub status: &'static str,
    pub number: String,
    pub date: String,
    pub kind: String,
    pub subject: String,
    pub status_key: &'static str,
    /// For the office: "acknowledged / delivered"; for a unit: whether it acknowledged.
    pub receipt: String,
    pub pending: bool,
    /// For the office: some unit it was delivered to has not confirmed receipt.
    pub unconfirmed: bool,
}

#[derive(Template)]
#[template(path = "admin/documents.html")]
pub(super) struct ListPage {
    ctx: Ctx,
    rows: Vec<DocRow>,
    list: Listing,
    statuses: Vec<Opt>,
    can_draft: bool,
    years: Vec<Opt>,
    issuers: Vec<Opt>,
}

pub(super) fn today() -> time::Date {
    dates::today_in_vietnam(OffsetDateTime::now_utc())
}

/// `GET /quan-tri/van-ban`: the office's documents; a unit's inbox and own documents;
/// searched by number or subject (`q`), filtered by state (`tinh-trang`, `chua-nhan`
/// for those not confirmed), sorted and paged, newest first.
pub async fn list(
    State(app): State<AppState>,
    me: CurrentUser,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let mut list = Listing::new(paths::DOCUMENTS, query, "-ngay");
    let state = list.param("tinh-trang").to_string();
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
        .filter(|r| match state.as_str() {
            "" => true,
            "chua-nhan" => r.pending || r.unconfirmed,
            s => r.status == s,
        })
        .collect();
    let rows = list.apply(
        rows,
        |r| format!("{} {} {}", r.number, r.kind, r.subject),
        |column, r| match column {
            "so" => SortKey::text(&r.number),
            "trich-yeu" => SortKey::text(&r.subject),
            "tinh-trang" => SortKey::text(r.status),
            // Newest first; drafts (no date yet) by their id, after the issued.
            _ => SortKey::num(
                r.issued.map_or(0, |d| i64::from(d.to_julian_day())) * 1_000_000 + r.id,
            ),
        },
    );
    let mut statuses = choice(
        me.ctx.lang,
        "audit-filter-any",
        DocumentStatus::ALL
            .iter()
            .map(|s| (s.as_str().to_string(), me.ctx.t(s.label_key())))
            .collect(),
        &state,
    );
    statuses.push(Opt {
        value: "chua-nhan".into(),
        label: me.ctx.t("docs-filter-pending"),
        selected: state == "chua-nhan",
    });
    let year = i64::from(today().year());
    // The register's year is the campaign's in force, not the clock's.
    let campaign_year = dxday_app::campaign::current(&app.db)
        .await?
        .map_or(year, |c| i64::from(c.data.year));
    let issuers = if me.user.data.role.can_manage_setup() {
        issuer_options(&app, me.user.data.unit_id).await?
    } else {
        Vec::new()
    };
    let page = ListPage {
        can_draft: me.user.data.role.can_manage_setup(),
        ctx: me.ctx,
        rows,
        list,
        statuses,
        years: (2020..=year.max(campaign_year))
            .rev()
            .map(|y| Opt {
                value: y.to_string(),
                label: y.to_string(),
                selected: y == campaign_year,
            })
            .collect(),
        issuers,
    };
    render(StatusCode::OK, &page)
}

/// A document's line: for a recipient unit whether it confirmed receipt; for the
/// office and the issuer how many of the delivered confirmed.
fn doc_row(me: &CurrentUser, d: Document, deliveries: &[&Delivery]) -> DocRow {
    let mine = me.user.data.unit_id;
    let mut unconfirmed = false;
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
            unconfirmed = acked < delivered;
            (format!("{acked}/{delivered}"), false)
        }
    };
    DocRow {
        id: d.id.0,
        issued: d.issued_on,
        status: d.status.as_str(),
        number: d.number_symbol(),
        date: d.issued_on.map(dates::format_dmy).unwrap_or_default(),
        kind: me.ctx.t(d.data.kind.label_key()),
        subject: d.data.subject.lines().collect::<Vec<_>>().join(" "),
        status_key: d.status.label_key(),
        receipt,
        pending,
        unconfirmed,
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

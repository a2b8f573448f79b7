//! The office's table: every unit's channels and their coverage of the display window, and its XLSX.

use super::*;

pub struct UnitLine {
    pub id: i64,
    pub name: String,
    pub cells: Vec<CoverCell>,
    pub full: usize,
}

#[derive(Template)]
#[template(path = "admin/display_office.html")]
pub(super) struct OfficePage {
    ctx: Ctx,
    title: String,
    window: String,
    channels: Vec<String>,
    lines: Vec<UnitLine>,
    /// Units searched by name (`q`), filtered by declaration (`khai-bao`), sorted, paged.
    list: Listing,
    declarations: Vec<Opt>,
    /// Every displaying unit (the table shows a page of them).
    units: usize,
    /// Per channel: units with full coverage, with some.
    totals: Vec<(usize, usize)>,
    /// Units that declared at least one channel.
    declared: usize,
}

/// The table's lines: every displaying unit with its cells.
pub(super) async fn office_lines(
    app: &AppState,
    campaign: &Campaign,
) -> Result<Vec<UnitLine>, AppError> {
    let all = display::for_campaign(&app.db, campaign.id).await?;
    let window = window_of(campaign);
    Ok(displaying_units(app)
        .await?
        .into_iter()
        .map(|(id, name)| {
            let mine: Vec<&Evidence> = all.iter().filter(|e| e.unit_id == id).collect();
            let cells = cells(window, &mine);
            UnitLine {
                id: id.0,
                name,
                full: cells
                    .iter()
                    .filter(|c| c.coverage == Coverage::Full)
                    .count(),
                cells,
            }
        })
        .collect())
}

/// `GET /quan-tri/hien-thi`: the office sees the table; a unit its own declarations
/// and the form to add one.
pub async fn index(
    State(app): State<AppState>,
    me: CurrentUser,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let campaign = dxday_app::campaign::current(&app.db)
        .await?
        .ok_or(AppError::NotFound)?;
    if !me.user.data.role.is_office() {
        let unit = me.own_unit().ok_or(AppError::NotFound)?;
        let page = unit_page(&app, me, &campaign, unit, Editing::New, None).await?;
        return render(StatusCode::OK, &page);
    }
    let lang = me.ctx.lang;
    let lines = office_lines(&app, &campaign).await?;
    let totals = (0..Channel::ALL.len())
        .map(|i| {
            (
                lines
                    .iter()
                    .filter(|l| l.cells[i].coverage == Coverage::Full)
                    .count(),
                lines
                    .iter()
                    .filter(|l| l.cells[i].coverage == Coverage::Partial)
                    .count(),
            )
        })
        .collect();
    let declared = lines
        .iter()
        .filter(|l| l.cells.iter().any(|c| c.coverage != Coverage::None))
        .count();
    let units = lines.len();
    let mut list = Listing::new(crate::paths::DISPLAY, query, "ten");
    let declaration = list.param("khai-bao").to_string();
    let lines = lines
        .into_iter()
        .filter(|l| {
            let any = l.cells.iter().any(|c| c.coverage != Coverage::None);
            match declaration.as_str() {
                "co" => any,
                "chua" => !any,
                "du" => l.full == l.cells.len(),
                _ => true,
            }
        })
        .collect();
    let lines = list.apply(
        lines,
        |l| l.name.clone(),
        |column, l| match column {
            "du" => SortKey::num(i64::try_from(l.full).unwrap_or(0)),
            _ => SortKey::text(&l.name),
        },
    );
    let declarations = choice(
        lang,
        "audit-filter-any",
        ["co", "chua", "du"]
            .iter()
            .map(|k| (k.to_string(), lang.t(&format!("display-filter-{k}"))))
            .collect(),
        &declaration,
    );
    let page = OfficePage {
        list,
        declarations,
        units,
        declared,
        title: campaign.data.title.clone(),
        window: window_text(&campaign),
        channels: Channel::ALL.iter().map(|c| lang.t(c.label_key())).collect(),
        ctx: me.ctx,
        lines,
        totals,
    };
    render(StatusCode::OK, &page)
}

/// `GET /quan-tri/hien-thi/tong-hop.xlsx` (office): the table as a workbook.
pub async fn export_xlsx(
    State(app): State<AppState>,
    me: CurrentUser,
) -> Result<Response, AppError> {
    me.require(Role::is_office)?;
    let lang = me.ctx.lang;
    let campaign = dxday_app::campaign::current(&app.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let lines = office_lines(&app, &campaign).await?;
    let mut headers = vec![lang.t("display-unit")];
    headers.extend(Channel::ALL.iter().map(|c| lang.t(c.label_key())));
    headers.push(lang.t("display-full-channels"));
    let rows = lines
        .iter()
        .map(|l| {
            let mut row = vec![Cell::Text(l.name.clone())];
            row.extend(l.cells.iter().map(|c| Cell::Text(c.text(lang))));
            row.push(Cell::Int(l.full as i64));
            row
        })
        .collect();
    let sheet = Sheet {
        name: dxday_media::xlsx::sheet_name(&lang.t("display-title"), &[]),
        title: format!("{}: {}", lang.t("display-title"), campaign.data.title),
        period: format!("{} {}", lang.t("display-window"), window_text(&campaign)),
        office: dxday_app::campaign::office_heading(&app.db).await?,
        headers,
        rows,
        ..Sheet::default()
    };
    let bytes = dxday_media::xlsx::workbook(&[sheet])?;
    attachment(
        &format!("hien-thi-bo-nhan-dien-{}.xlsx", campaign.data.year),
        XLSX,
        bytes,
    )
}

//! The register of documents as XLSX.

use super::*;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RegisterQuery {
    #[serde(rename = "don-vi")]
    unit: String,
    #[serde(rename = "nam")]
    year: String,
}

/// `GET /quan-tri/van-ban/so-di.xlsx?don-vi=ID&nam=YYYY`: the outgoing register as the
/// decree's table (Phụ lục IV): 10 columns.
pub async fn register_xlsx(
    State(app): State<AppState>,
    me: CurrentUser,
    Query(q): Query<RegisterQuery>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let unit = q
        .unit
        .parse::<i64>()
        .ok()
        .map(UnitId)
        .or(me.user.data.unit_id)
        .ok_or(AppError::BadRequest("err-choice"))?;
    let year = q
        .year
        .parse::<i64>()
        .unwrap_or_else(|_| i64::from(today().year()));
    let docs = documents::register(&app.db, unit, year).await?;
    let ids: Vec<DocumentId> = docs.iter().map(|d| d.id).collect();
    let all_deliveries = documents::deliveries_of(&app.db, &ids).await?;
    let mut rows = Vec::with_capacity(docs.len());
    for d in &docs {
        let names: Vec<String> = all_deliveries
            .iter()
            .filter(|(doc, _)| *doc == d.id.0)
            .map(|(_, x)| x.unit_name.clone())
            .collect();
        use dxday_media::xlsx::Cell;
        rows.push(vec![
            Cell::Text(d.number_symbol()),
            Cell::Text(d.issued_on.map(dates::format_dmy).unwrap_or_default()),
            Cell::Text(format!(
                "{} {}",
                me.ctx.t(d.data.kind.label_key()),
                d.data.subject.lines().collect::<Vec<_>>().join(" ")
            )),
            Cell::Text(d.data.signer_name.clone()),
            Cell::Text(names.join("; ")),
            Cell::Text(if d.data.drafting_unit.is_empty() {
                "VT".into()
            } else {
                format!("VT, {}", d.data.drafting_unit)
            }),
            Cell::Int(1),
            Cell::Text(dxday_app::format::stamp(d.issued_at)),
            Cell::Empty,
            Cell::Text(me.ctx.t(d.status.label_key())),
        ]);
    }
    let headers: Vec<String> = (1..=10)
        .map(|i| me.ctx.t(&format!("register-col-{i}")))
        .collect();
    let title = me
        .ctx
        .lang
        .t_args("register-title", &[("year", year.to_string())]);
    let bytes = dxday_media::xlsx::table(&format!("{year}"), &title, &headers, &rows)?;
    crate::download::attachment(
        &format!("so-van-ban-di-{year}.xlsx"),
        crate::download::XLSX,
        bytes,
    )
}

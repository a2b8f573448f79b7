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
    let bytes = dxday_app::documents::register_xlsx(&app.db, unit, year, me.ctx.lang).await?;
    let name = format!("so-van-ban-di-{year}.xlsx");
    crate::download::attachment(&name, crate::download::XLSX, bytes)
}

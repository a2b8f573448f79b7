//! The consolidated results as XLSX and as the Decree 30 báo cáo (DOCX).

use super::*;

use crate::download::{DOCX, XLSX, attachment};

/// `GET /quan-tri/bao-cao/{id}/tong-hop.xlsx` (office).
pub async fn export_xlsx(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<RequestId>,
) -> Result<Response, AppError> {
    me.require(Role::is_office)?;
    let c = reports::consolidated(&app.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let office = dxday_app::campaign::office_heading(&app.db).await?;
    let bytes = consolidated_xlsx(me.ctx.lang, &[c], &office)?;
    attachment(&format!("bao-cao-{id}-tong-hop.xlsx"), XLSX, bytes)
}

/// `GET /quan-tri/bao-cao/tong-hop.xlsx` (office): every request of the campaign.
pub async fn export_all_xlsx(
    State(app): State<AppState>,
    me: CurrentUser,
) -> Result<Response, AppError> {
    me.require(Role::is_office)?;
    let campaign = dxday_app::campaign::current(&app.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut all = Vec::new();
    for s in reports::for_campaign(&app.db, campaign.id).await? {
        if let Some(c) = reports::consolidated(&app.db, s.request.id).await? {
            all.push(c);
        }
    }
    if all.is_empty() {
        return Err(AppError::NotFound);
    }
    let office = dxday_app::campaign::office_heading(&app.db).await?;
    let bytes = consolidated_xlsx(me.ctx.lang, &all, &office)?;
    attachment("bao-cao-tong-hop.xlsx", XLSX, bytes)
}

/// `GET /quan-tri/bao-cao/{id}/bao-cao.docx` (office): the consolidated báo cáo.
pub async fn export_docx(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<RequestId>,
) -> Result<Response, AppError> {
    me.require(Role::is_office)?;
    let bytes = consolidated_docx(&app.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    attachment(&format!("bao-cao-{id}.docx"), DOCX, bytes)
}

//! The results report upward: what the office writes on it (to whom, who signs, its
//! own words) and the files — the báo cáo as DOCX or PDF, every indicator as XLSX.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use dxday_app::indicators::report as r;
use dxday_domain::Role;
use dxday_domain::indicator::ResultsReportForm;
use dxday_store::campaigns::Campaign;

use super::{YearQuery, campaign_of};
use crate::csrf::CsrfForm;
use crate::forms::{Errors, save_form};
use crate::middleware::render;
use crate::paths;
use crate::{AppError, AppState, Ctx, CurrentUser};

#[derive(Template)]
#[template(path = "admin/results_report.html")]
struct ReportPage {
    ctx: Ctx,
    campaign: Campaign,
    title: String,
    form: ResultsReportForm,
    errors: Errors,
    saved: bool,
    pdf: bool,
    can_edit: bool,
}

impl ReportPage {
    /// The office's own words: (field, label key, text).
    fn texts(&self) -> [(&'static str, &'static str, &str); 3] {
        [
            ("highlights", "report-up-highlights", &self.form.highlights),
            (
                "difficulties",
                "report-up-difficulties",
                &self.form.difficulties,
            ),
            ("proposals", "report-up-proposals", &self.form.proposals),
        ]
    }

    fn file(&self, ext: &str) -> String {
        paths::RESULTS_REPORT_FILE.with(format!("{}.{ext}", self.campaign.data.year))
    }
}

async fn page(
    app: &AppState,
    me: CurrentUser,
    campaign: Campaign,
    form: Option<ResultsReportForm>,
    errors: Errors,
) -> Result<ReportPage, AppError> {
    let saved = dxday_store::indicators::results_report(&app.db, campaign.id)
        .await?
        .is_some();
    let form = match form {
        Some(f) => f,
        None => ResultsReportForm::from_data(&r::data_of(&app.db, campaign.id).await?),
    };
    Ok(ReportPage {
        can_edit: me.user.data.role.can_manage_setup(),
        ctx: me.ctx,
        title: r::title(campaign.data.year),
        campaign,
        form,
        errors,
        saved,
        pdf: dxday_media::pdf::available(),
    })
}

/// `GET /quan-tri/chi-so/bao-cao[?nam=2024]` (office): the words of the report and its
/// files.
pub async fn report_form(
    State(app): State<AppState>,
    me: CurrentUser,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    me.require(Role::is_office)?;
    let c = campaign_of(&app, &q.nam).await?;
    render(
        StatusCode::OK,
        &page(&app, me, c, None, Errors::default()).await?,
    )
}

/// `POST /quan-tri/chi-so/bao-cao[?nam=2024]` (office setup): saves the words; no
/// addressee or no signer's name shows the form again (422).
pub async fn save_report(
    State(app): State<AppState>,
    me: CurrentUser,
    Query(q): Query<YearQuery>,
    CsrfForm(form): CsrfForm<ResultsReportForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let c = campaign_of(&app, &q.nam).await?;
    let actor = me.actor();
    let parsed = form.parse();
    let (id, year) = (c.id, c.data.year);
    save_form(
        me,
        parsed,
        async |d| {
            dxday_store::indicators::save_results_report(&app.db, actor, id, &d).await?;
            Ok(format!("{}?nam={year}", paths::RESULTS_REPORT))
        },
        async |me, errors| page(&app, me, c, Some(form), errors).await,
    )
    .await
}

/// `GET /quan-tri/chi-so/bao-cao/{year}.docx|.pdf|.xlsx` (office).
pub async fn report_file(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    me.require(Role::is_office)?;
    let (year, ext) = file.rsplit_once('.').ok_or(AppError::NotFound)?;
    if year.parse::<i32>().is_err() {
        return Err(AppError::NotFound);
    }
    let c = campaign_of(&app, year).await?;
    let name = format!("bao-cao-ket-qua-ngay-cds-{year}.{ext}");
    match ext {
        "xlsx" => {
            let bytes = r::results_xlsx(&app.db, &me.scope, me.ctx.lang, c.id).await?;
            crate::download::attachment(&name, crate::download::XLSX, bytes)
        }
        "docx" | "pdf" => {
            let printed = r::results_printed(&app.db, &me.scope, c.id).await?;
            let docx = app
                .pool
                .run("err-busy-work", move |_| {
                    dxday_media::docx::render(&printed)
                })
                .await??;
            if ext == "docx" {
                return crate::download::attachment(&name, crate::download::DOCX, docx);
            }
            let pdf = app.config.pdf.clone();
            let bytes = tokio::task::spawn_blocking(move || pdf.convert(&docx, "docx"))
                .await
                .map_err(AppError::internal)??;
            crate::download::attachment(&name, "application/pdf", bytes)
        }
        _ => Err(AppError::NotFound),
    }
}

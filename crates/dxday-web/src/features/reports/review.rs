//! One unit's report as the office reviews it: returned or approved; its evidence files.

use super::*;
use crate::paths;

#[derive(Template)]
#[template(path = "admin/report_review.html")]
pub(super) struct ReviewPage {
    ctx: Ctx,
    request: reports::Request,
    unit_id: i64,
    unit_name: String,
    status: Option<ReportStatus>,
    status_key: String,
    submitted: String,
    comment: Option<String>,
    rows: Vec<(StoredIndicator, String, Vec<reports::EvidenceFile>)>,
    can_review: bool,
    can_approve: bool,
}

/// `GET /quan-tri/bao-cao/{id}/don-vi/{unit}`: a unit's report, read-only, with the
/// office's approve / return form.
pub async fn review_page(
    State(app): State<AppState>,
    me: CurrentUser,
    Path((id, unit)): Path<(RequestId, UnitId)>,
) -> Result<Response, AppError> {
    let unit = me.visible(unit)?;
    let request = reports::get(&app.db, id).await?.ok_or(AppError::NotFound)?;
    if !reports::is_target(&app.db, id, unit).await? {
        return Err(AppError::NotFound);
    }
    let unit_name = dxday_store::units::entry(&app.db, unit.id())
        .await?
        .map(|u| u.data.name)
        .unwrap_or_default();
    let indicators = reports::indicators(&app.db, id).await?;
    let report = reports::report_of(&app.db, id, unit).await?;
    let lang = me.ctx.lang;
    let rows = indicators
        .into_iter()
        .map(|s| {
            let v = report.as_ref().and_then(|r| r.value(s.id));
            let shown = match (s.indicator.kind, v) {
                (
                    IndicatorKind::Number,
                    Some(Value {
                        number: Some(n), ..
                    }),
                ) => {
                    format!("{} {}", lang.number(*n), s.indicator.measure)
                }
                (IndicatorKind::Text, Some(Value { text: Some(t), .. })) => t.clone(),
                _ => String::new(),
            };
            let files = report
                .as_ref()
                .map(|r| r.files_of(s.id))
                .unwrap_or_default();
            (s, shown, files)
        })
        .collect();
    let status = report.as_ref().map(|r| r.status);
    let role = me.user.data.role;
    render(
        StatusCode::OK,
        &ReviewPage {
            request,
            unit_id: unit.id().0,
            unit_name,
            status_key: ReportStatus::label_key(status),
            submitted: report
                .as_ref()
                .map(|r| stamp(r.submitted_at))
                .unwrap_or_default(),
            comment: report.as_ref().and_then(|r| r.review_comment.clone()),
            rows,
            can_review: role.is_office() && status == Some(ReportStatus::Submitted),
            can_approve: role.can_approve_reports(),
            status,
            ctx: me.ctx,
        },
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReviewForm {
    decision: String,
    comment: String,
}

/// `POST /quan-tri/bao-cao/{id}/don-vi/{unit}/duyet`: the office returns a submitted
/// report with a comment (staff and leaders), or a leader approves it.
pub async fn review(
    State(app): State<AppState>,
    me: CurrentUser,
    Path((id, unit)): Path<(RequestId, UnitId)>,
    CsrfForm(form): CsrfForm<ReviewForm>,
) -> Result<Response, AppError> {
    me.require(Role::is_office)?;
    let approve = match form.decision.as_str() {
        "approve" => {
            me.require(Role::can_approve_reports)?;
            true
        }
        "return" => false,
        _ => return Err(AppError::BadRequest("err-choice")),
    };
    let comment =
        dxday_domain::errors::optional_text(&form.comment, 4000).map_err(AppError::BadRequest)?;
    if !approve && comment.is_none() {
        return Err(AppError::BadRequest("err-report-comment"));
    }
    // A unit that was not asked has no report: the store answers not found.
    match reports::review(
        &app.db,
        me.actor(),
        id,
        me.visible(unit)?,
        approve,
        comment.as_deref(),
    )
    .await?
    {
        Ok(()) => {
            saved(
                &me,
                if approve {
                    "flash-report-approved"
                } else {
                    "flash-report-returned"
                },
                paths::REPORT.with(id),
            )
            .await
        }
        Err(r) => Err(refused(r)),
    }
}

/// `GET /quan-tri/bao-cao/{id}/don-vi/{unit}/tep/{file}`: an evidence file, to the
/// office and to its own unit.
pub async fn evidence(
    State(app): State<AppState>,
    me: CurrentUser,
    Path((id, unit, file)): Path<(RequestId, UnitId, i64)>,
) -> Result<Response, AppError> {
    let unit = me.visible(unit)?;
    let (meta, bytes) = reports::file(&app.db, id, unit, file)
        .await?
        .ok_or(AppError::NotFound)?;
    crate::download::attachment(&meta.file_name, &meta.media_type, bytes)
}

//! A request's page: the office's results, or the unit's form, saved and submitted.

use super::*;
use crate::paths;
use axum::response::{IntoResponse, Redirect};

/// An indicator with its district figure.
pub struct TotalRow {
    pub s: StoredIndicator,
    pub kind: String,
    pub aggregation: String,
    pub total: Option<i64>,
    pub answered: usize,
}

/// A target unit's line on the office's page.
pub struct StatusRow {
    pub unit_id: i64,
    pub unit: String,
    pub status_key: String,
    pub status: &'static str,
    pub submitted: String,
}

#[derive(Template)]
#[template(path = "admin/report_results.html")]
pub(super) struct ResultsPage {
    ctx: Ctx,
    c: Consolidated,
    kind: String,
    period: String,
    due: String,
    totals: Vec<TotalRow>,
    units: Vec<StatusRow>,
    received: usize,
    missing: usize,
    /// A draft this account may send to its units.
    can_send: bool,
}

/// One field of the unit's form.
pub struct FieldRow {
    pub s: StoredIndicator,
    pub value: String,
    pub error: Option<String>,
    pub files: Vec<reports::EvidenceFile>,
}

#[derive(Template)]
#[template(path = "admin/report_fill.html")]
pub(super) struct FillPage {
    ctx: Ctx,
    request: reports::Request,
    kind: String,
    period: String,
    due: String,
    unit_id: i64,
    status_key: String,
    editable: bool,
    comment: Option<String>,
    submitted: String,
    fields: Vec<FieldRow>,
    has_errors: bool,
    /// The "check your answers" step before the report is sent.
    checking: bool,
}

impl FillPage {
    /// An answer as the reader sees it: numbers with the language's separators.
    fn shown(&self, f: &FieldRow) -> String {
        match f.value.parse::<i64>() {
            Ok(n) if self.is_number(f) => self.ctx.lang.number(n),
            _ => f.value.clone(),
        }
    }

    fn unanswered_text(&self) -> String {
        let n = i64::try_from(self.unanswered()).unwrap_or(0);
        self.ctx.lang.t_count("report-check-unanswered", n)
    }

    /// The questions without an answer.
    fn unanswered(&self) -> usize {
        self.fields
            .iter()
            .filter(|f| f.value.trim().is_empty() && f.files.is_empty())
            .count()
    }

    fn is_number(&self, f: &FieldRow) -> bool {
        f.s.indicator.kind == IndicatorKind::Number
    }
    fn is_text(&self, f: &FieldRow) -> bool {
        f.s.indicator.kind == IndicatorKind::Text
    }
}

pub(super) fn status_class(s: Option<ReportStatus>) -> &'static str {
    match s {
        Some(ReportStatus::Approved) => "done",
        Some(ReportStatus::Submitted) => "going",
        Some(ReportStatus::Returned) => "late",
        _ => "idle",
    }
}

pub(super) async fn results_page(
    app: &AppState,
    me: CurrentUser,
    id: RequestId,
) -> Result<Response, AppError> {
    let lang = me.ctx.lang;
    let c = reports::consolidated(&app.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let totals = c
        .indicators
        .iter()
        .enumerate()
        .map(|(i, s)| TotalRow {
            kind: lang.t(s.indicator.kind.label_key()),
            aggregation: lang.t(s.indicator.aggregation.label_key()),
            total: c.totals[i],
            answered: c.answered[i],
            s: s.clone(),
        })
        .collect();
    let units = c
        .lines
        .iter()
        .map(|l| StatusRow {
            unit_id: l.unit_id.0,
            unit: l.unit_name.clone(),
            status_key: ReportStatus::label_key(l.status),
            status: status_class(l.status),
            submitted: stamp(l.submitted_at),
        })
        .collect();
    let d = &c.request.data;
    let page = ResultsPage {
        can_send: c.request.sent_at.is_none() && me.user.data.role.can_manage_setup(),
        kind: lang.t(d.kind.label_key()),
        period: period(lang, d.period_from, d.period_to),
        due: dates::format_dmy(d.due_on),
        received: c.received(),
        missing: c.missing().len(),
        totals,
        units,
        c,
        ctx: me.ctx,
    };
    render(StatusCode::OK, &page)
}

pub(super) async fn fill_page(
    app: &AppState,
    me: CurrentUser,
    id: RequestId,
    unit: ScopedUnit,
    typed: Option<(HashMap<i64, String>, HashMap<i64, String>)>,
) -> Result<FillPage, AppError> {
    let lang = me.ctx.lang;
    let request = reports::get(&app.db, id).await?.ok_or(AppError::NotFound)?;
    if !reports::is_target(&app.db, id, unit).await? {
        return Err(AppError::NotFound);
    }
    let indicators = reports::indicators(&app.db, id).await?;
    let report: Option<UnitReport> = reports::report_of(&app.db, id, unit).await?;
    let has_errors = typed.as_ref().is_some_and(|(_, e)| !e.is_empty());
    let (typed, errors) = typed.unwrap_or_default();
    let fields = indicators
        .into_iter()
        .map(|s| {
            let stored = report.as_ref().and_then(|r| r.value(s.id));
            let value = match typed.get(&s.id) {
                Some(v) => v.clone(),
                None => match (s.indicator.kind, stored) {
                    (
                        IndicatorKind::Number,
                        Some(Value {
                            number: Some(n), ..
                        }),
                    ) => n.to_string(),
                    (IndicatorKind::Text, Some(Value { text: Some(t), .. })) => t.clone(),
                    _ => String::new(),
                },
            };
            FieldRow {
                files: report
                    .as_ref()
                    .map(|r| r.files_of(s.id))
                    .unwrap_or_default(),
                error: errors.get(&s.id).cloned(),
                value,
                s,
            }
        })
        .collect();
    let status = report.as_ref().map(|r| r.status);
    let d = &request.data;
    Ok(FillPage {
        kind: lang.t(d.kind.label_key()),
        period: period(lang, d.period_from, d.period_to),
        due: dates::format_dmy(d.due_on),
        unit_id: unit.id().0,
        editable: status.is_none_or(ReportStatus::editable),
        status_key: ReportStatus::label_key(status),
        comment: report.as_ref().and_then(|r| r.review_comment.clone()),
        submitted: report
            .as_ref()
            .map(|r| stamp(r.submitted_at))
            .unwrap_or_default(),
        fields,
        has_errors,
        checking: false,
        request,
        ctx: me.ctx,
    })
}

/// `GET /quan-tri/bao-cao/{id}`: the office sees the results; a target unit its form;
/// any other unit gets 404.
pub async fn show(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<RequestId>,
) -> Result<Response, AppError> {
    if me.user.data.role.is_office() {
        return results_page(&app, me, id).await;
    }
    let unit = me.own_unit().ok_or(AppError::NotFound)?;
    let page = fill_page(&app, me, id, unit, None).await?;
    render(StatusCode::OK, &page)
}

/// `POST /quan-tri/bao-cao/{id}/gui`: the office sends a draft request to its target
/// units (404 when there is no such draft).
pub async fn send(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<RequestId>,
    crate::csrf::CsrfForm(_): crate::csrf::CsrfForm<crate::forms::Empty>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    if !reports::send(&app.db, me.actor(), id).await? {
        return Err(AppError::NotFound);
    }
    saved(&me, "flash-request-sent", paths::REPORT.with(id)).await
}

/// The unit an account writes its reports for (none: 404); a community team member
/// writes none (403).
fn reporting_unit(me: &CurrentUser) -> Result<ScopedUnit, AppError> {
    let unit = me.own_unit().ok_or(AppError::NotFound)?;
    if me.user.data.role == Role::CommunityTeamMember {
        return Err(me.forbidden());
    }
    Ok(unit)
}

/// `POST /quan-tri/bao-cao/{id}`: a unit saves its answers (`action=save`, a draft) or
/// submits them (`action=submit`). A number with text, a file too large or of a
/// wrong type: 422 with the messages beside the fields, nothing saved. After approval:
/// 409.
pub async fn save(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<RequestId>,
    crate::upload::CsrfUpload(up): crate::upload::CsrfUpload,
) -> Result<Response, AppError> {
    let unit = reporting_unit(&me)?;
    if !reports::is_target(&app.db, id, unit).await? {
        return Err(AppError::NotFound);
    }
    let indicators = reports::indicators(&app.db, id).await?;
    let posted = answers::Posted {
        fields: &up.fields,
        files: &up.files,
    };
    // "Check and send" saves the answers as a draft and shows them for a last look.
    let checking = up.field("action") == "check";
    let sub = match answers::check(&indicators, &posted, up.field("action") == "submit") {
        Ok(sub) => sub,
        Err(rejected) => {
            let lang = me.ctx.lang;
            let errors = rejected
                .errors
                .into_iter()
                .map(|(id, key)| (id, lang.t(key)))
                .collect();
            let page = fill_page(&app, me, id, unit, Some((rejected.typed, errors))).await?;
            return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let submit = sub.submit;
    match reports::save(&app.db, me.actor(), id, unit, sub).await? {
        Ok(_) if checking => Ok(Redirect::to(&paths::REPORT_CHECK.with(id)).into_response()),
        Ok(_) => {
            saved(
                &me,
                if submit {
                    "flash-report-submitted"
                } else {
                    "flash-saved"
                },
                paths::REPORT.with(id),
            )
            .await
        }
        Err(r) => Err(refused(r)),
    }
}

/// `GET /quan-tri/bao-cao/{id}/kiem-tra`: the unit's saved answers, read back before
/// they are sent, with the unanswered ones counted; a report no longer editable goes
/// back to its page.
pub async fn check_page(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<RequestId>,
) -> Result<Response, AppError> {
    if me.user.data.role.is_office() {
        return Err(AppError::NotFound);
    }
    let unit = me.own_unit().ok_or(AppError::NotFound)?;
    let mut page = fill_page(&app, me, id, unit, None).await?;
    if !page.editable {
        return Ok(Redirect::to(&paths::REPORT.with(id)).into_response());
    }
    page.checking = true;
    render(StatusCode::OK, &page)
}

/// `POST /quan-tri/bao-cao/{id}/kiem-tra`: the unit sends the answers it checked.
pub async fn confirm(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<RequestId>,
    crate::csrf::CsrfForm(_): crate::csrf::CsrfForm<crate::forms::Empty>,
) -> Result<Response, AppError> {
    let unit = reporting_unit(&me)?;
    let submit = reports::Submission {
        submit: true,
        ..reports::Submission::default()
    };
    match reports::save(&app.db, me.actor(), id, unit, submit).await? {
        Ok(_) => saved(&me, "flash-report-submitted", paths::REPORT.with(id)).await,
        Err(r) => Err(refused(r)),
    }
}

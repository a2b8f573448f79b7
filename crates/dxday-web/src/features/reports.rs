//! Report requests and the units' reports: the office asks for a report (a form of
//! indicators, target units, a due date); a unit fills it in, saves drafts and submits;
//! the office returns it with a comment or a leader approves it (locked after that);
//! the consolidated results as XLSX and as a Decree 30 báo cáo (DOCX).

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use dxday_domain::report::{
    Aggregation, Indicator, IndicatorKind, ReportKind, ReportStatus, RequestForm,
    campaign_indicators, parse_custom_indicator, parse_number,
};
use dxday_domain::{Role, UnitId, dates};
use dxday_store::reports::{
    self, Consolidated, NewFile, Refused, RequestSummary, StoredIndicator, Submission, UnitReport,
    Value,
};
use serde::Deserialize;

use crate::csrf::{CsrfForm, CsrfFormPairs};
use crate::forms::{Errors, Opt, saved};
use crate::middleware::render;
use crate::unit_picker::{self, GroupChoice};
use crate::{AppError, AppState, Ctx, CurrentUser};

/// Largest evidence file.
pub const EVIDENCE_LIMIT: usize = 10 * 1024 * 1024;
/// Custom indicators the request form offers beside the campaign's.
const CUSTOM_ROWS: usize = 3;

fn refused(r: Refused) -> AppError {
    match r {
        Refused::NotFound => AppError::NotFound,
        Refused::Approved => AppError::Conflict("err-report-locked"),
        Refused::Submitted => AppError::Conflict("err-report-submitted"),
        Refused::NotSubmitted => AppError::Conflict("err-report-not-submitted"),
    }
}

use dxday_app::format::{period, stamp};
use dxday_app::reports::{UnitRow, consolidated_docx, consolidated_xlsx, unit_rows};

// ---------------------------------------------------------------------------------
// The list.

/// A request in the office's list.
pub struct OfficeRow {
    pub s: RequestSummary,
    pub kind: String,
    pub due: String,
}

#[derive(Template)]
#[template(path = "admin/reports.html")]
struct ListPage {
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
                    kind: lang.t(&s.request.data.kind.label_key()),
                    due: dates::format_dmy(s.request.data.due_on),
                    s,
                })
                .collect(),
            None => Vec::new(),
        }
    } else {
        Vec::new()
    };
    let mine = match me.user.data.unit_id {
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

// ---------------------------------------------------------------------------------
// A new request (office).

/// A campaign indicator offered on the form.
pub struct Offered {
    pub i: Indicator,
    pub checked: bool,
    pub kind: String,
    pub aggregation: String,
}

/// A custom indicator row as typed.
#[derive(Default, Clone)]
pub struct CustomRow {
    pub n: usize,
    pub label: String,
    pub kind: String,
    pub measure: String,
    pub aggregation: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/report_form.html")]
struct FormPage {
    ctx: Ctx,
    form: RequestForm,
    errors: Errors,
    kinds: Vec<Opt>,
    offered: Vec<Offered>,
    custom: Vec<CustomRow>,
    kind_opts: Vec<(String, String)>,
    aggregation_opts: Vec<(String, String)>,
    targets: Vec<GroupChoice>,
}

async fn form_page(
    app: &AppState,
    me: CurrentUser,
    form: RequestForm,
    chosen: &[String],
    custom: Vec<CustomRow>,
    targets: &[UnitId],
    errors: Errors,
) -> Result<FormPage, AppError> {
    let lang = me.ctx.lang;
    let offered_units = unit_picker::offered(app).await?;
    Ok(FormPage {
        kinds: ReportKind::ALL
            .iter()
            .map(|k| Opt {
                value: k.as_str().into(),
                label: lang.t(&k.label_key()),
                selected: k.as_str() == form.kind,
            })
            .collect(),
        offered: campaign_indicators()
            .into_iter()
            .map(|i| Offered {
                checked: chosen.contains(&i.code),
                kind: lang.t(&i.kind.label_key()),
                aggregation: lang.t(&i.aggregation.label_key()),
                i,
            })
            .collect(),
        custom,
        kind_opts: IndicatorKind::ALL
            .iter()
            .map(|k| (k.as_str().to_string(), lang.t(&k.label_key())))
            .collect(),
        aggregation_opts: Aggregation::ALL
            .iter()
            .map(|a| (a.as_str().to_string(), lang.t(&a.label_key())))
            .collect(),
        targets: unit_picker::groups(lang, &offered_units, targets),
        ctx: me.ctx,
        form,
        errors,
    })
}

fn blank_custom() -> Vec<CustomRow> {
    (1..=CUSTOM_ROWS)
        .map(|n| CustomRow {
            n,
            kind: "number".into(),
            aggregation: "sum".into(),
            ..CustomRow::default()
        })
        .collect()
}

/// `GET /quan-tri/bao-cao/moi` (office).
pub async fn new_form(State(app): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let form = RequestForm {
        kind: "thematic".into(),
        ..RequestForm::default()
    };
    let all: Vec<String> = campaign_indicators().into_iter().map(|i| i.code).collect();
    let page = form_page(&app, me, form, &all, blank_custom(), &[], Errors::default()).await?;
    render(StatusCode::OK, &page)
}

/// `POST /quan-tri/bao-cao/moi`: the request, its indicators and targets, in one
/// transaction.
pub async fn create(
    State(app): State<AppState>,
    me: CurrentUser,
    CsrfFormPairs(form, pairs): CsrfFormPairs<RequestForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let lang = me.ctx.lang;
    let campaign = dxday_app::campaign::current(&app.db)
        .await?
        .ok_or(AppError::BadRequest("err-choice"))?;
    let targets = unit_picker::chosen(&app, &pairs, "target", "target_group").await?;
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let chosen: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == "indicator")
        .map(|(_, v)| v.clone())
        .collect();
    let mut indicators: Vec<Indicator> = campaign_indicators()
        .into_iter()
        .filter(|i| chosen.contains(&i.code))
        .collect();
    let mut custom = Vec::new();
    let mut custom_bad = false;
    for n in 1..=CUSTOM_ROWS {
        let mut row = CustomRow {
            n,
            label: field(&format!("c{n}_label")),
            kind: field(&format!("c{n}_kind")),
            measure: field(&format!("c{n}_measure")),
            aggregation: field(&format!("c{n}_aggregation")),
            error: None,
        };
        match parse_custom_indicator(n, &row.label, &row.kind, &row.measure, &row.aggregation) {
            Ok(Some(i)) => indicators.push(i),
            Ok(None) => {}
            Err(key) => {
                row.error = Some(lang.t(key));
                custom_bad = true;
            }
        }
        custom.push(row);
    }
    let parsed = form.parse();
    let mut fe = parsed.as_ref().err().cloned().unwrap_or_default();
    if indicators.is_empty() && !custom_bad {
        fe.add("indicators", "err-report-no-indicator");
    }
    if targets.is_empty() {
        fe.add("targets", "err-report-no-target");
    }
    match parsed {
        Ok(data) if fe.is_empty() && !custom_bad => {
            match reports::insert(
                &app.db,
                me.actor(),
                campaign.id,
                &data,
                &indicators,
                &targets,
            )
            .await
            {
                Ok(id) => saved(&me, "flash-saved", format!("/quan-tri/bao-cao/{id}")).await,
                Err(e) => {
                    let errors = crate::forms::field_error(lang, e)?;
                    let page = form_page(&app, me, form, &chosen, custom, &targets, errors).await?;
                    render(StatusCode::UNPROCESSABLE_ENTITY, &page)
                }
            }
        }
        _ => {
            let page = form_page(
                &app,
                me,
                form,
                &chosen,
                custom,
                &targets,
                Errors::from_fields(lang, &fe),
            )
            .await?;
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

// ---------------------------------------------------------------------------------
// A request's page: the office's results, or the unit's form.

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
struct ResultsPage {
    ctx: Ctx,
    c: Consolidated,
    kind: String,
    period: String,
    due: String,
    totals: Vec<TotalRow>,
    units: Vec<StatusRow>,
    received: usize,
    missing: usize,
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
struct FillPage {
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
}

impl FillPage {
    fn is_number(&self, f: &FieldRow) -> bool {
        f.s.indicator.kind == IndicatorKind::Number
    }
    fn is_text(&self, f: &FieldRow) -> bool {
        f.s.indicator.kind == IndicatorKind::Text
    }
}

fn status_class(s: Option<ReportStatus>) -> &'static str {
    match s {
        Some(ReportStatus::Approved) => "done",
        Some(ReportStatus::Submitted) => "going",
        Some(ReportStatus::Returned) => "late",
        _ => "idle",
    }
}

async fn results_page(app: &AppState, me: CurrentUser, id: i64) -> Result<Response, AppError> {
    let lang = me.ctx.lang;
    let c = reports::consolidated(&app.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let totals = c
        .indicators
        .iter()
        .enumerate()
        .map(|(i, s)| TotalRow {
            kind: lang.t(&s.indicator.kind.label_key()),
            aggregation: lang.t(&s.indicator.aggregation.label_key()),
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
            submitted: stamp(&l.submitted_at),
        })
        .collect();
    let d = &c.request.data;
    let page = ResultsPage {
        kind: lang.t(&d.kind.label_key()),
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

async fn fill_page(
    app: &AppState,
    me: CurrentUser,
    id: i64,
    unit: UnitId,
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
        kind: lang.t(&d.kind.label_key()),
        period: period(lang, d.period_from, d.period_to),
        due: dates::format_dmy(d.due_on),
        unit_id: unit.0,
        editable: status.is_none_or(ReportStatus::editable),
        status_key: ReportStatus::label_key(status),
        comment: report.as_ref().and_then(|r| r.review_comment.clone()),
        submitted: report
            .as_ref()
            .map(|r| stamp(&r.submitted_at))
            .unwrap_or_default(),
        fields,
        has_errors,
        request,
        ctx: me.ctx,
    })
}

/// `GET /quan-tri/bao-cao/{id}`: the office sees the results; a target unit its form;
/// any other unit gets 404.
pub async fn show(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    if me.user.data.role.is_office() {
        return results_page(&app, me, id).await;
    }
    let unit = me.user.data.unit_id.ok_or(AppError::NotFound)?;
    let page = fill_page(&app, me, id, unit, None).await?;
    render(StatusCode::OK, &page)
}

/// `POST /quan-tri/bao-cao/{id}`: a unit saves its answers (`action=save`, a draft) or
/// submits them (`action=submit`). A number with text, a file too large or of a
/// wrong type: 422 with the messages beside the fields, nothing saved. After approval:
/// 409.
pub async fn save(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    crate::upload::CsrfUpload(up): crate::upload::CsrfUpload,
) -> Result<Response, AppError> {
    let unit = me.user.data.unit_id.ok_or(AppError::NotFound)?;
    if me.user.data.role == Role::CommunityTeamMember {
        return Err(AppError::Forbidden);
    }
    if !reports::is_target(&app.db, id, unit).await? {
        return Err(AppError::NotFound);
    }
    let lang = me.ctx.lang;
    let indicators = reports::indicators(&app.db, id).await?;
    let mut typed: HashMap<i64, String> = HashMap::new();
    let mut errors: HashMap<i64, String> = HashMap::new();
    let mut sub = Submission {
        submit: up.field("action") == "submit",
        ..Submission::default()
    };
    for s in &indicators {
        match s.indicator.kind {
            // A field the form did not send is left as it is (a page always sends all).
            IndicatorKind::Number if !up.fields.contains_key(&format!("n{}", s.id)) => {}
            IndicatorKind::Text if !up.fields.contains_key(&format!("t{}", s.id)) => {}
            IndicatorKind::Number => {
                let raw = up.field(&format!("n{}", s.id)).to_string();
                match parse_number(&raw) {
                    Ok(number) => sub.values.push(Value {
                        indicator_id: s.id,
                        number,
                        text: None,
                    }),
                    Err(key) => {
                        errors.insert(s.id, lang.t(key));
                    }
                }
                typed.insert(s.id, raw);
            }
            IndicatorKind::Text => {
                let raw = up.field(&format!("t{}", s.id)).to_string();
                match dxday_domain::errors::optional_text(&raw, 8000) {
                    Ok(text) => sub.values.push(Value {
                        indicator_id: s.id,
                        number: None,
                        text,
                    }),
                    Err(key) => {
                        errors.insert(s.id, lang.t(key));
                    }
                }
                typed.insert(s.id, raw);
            }
            IndicatorKind::File => {
                if let Some((name, bytes)) = up.files.get(&format!("f{}", s.id))
                    && !bytes.is_empty()
                {
                    if bytes.len() > EVIDENCE_LIMIT {
                        errors.insert(s.id, lang.t("err-attach-size"));
                    } else {
                        match crate::upload::attachment_type(name, bytes) {
                            None => {
                                errors.insert(s.id, lang.t("err-attach-type"));
                            }
                            Some(mime) => {
                                sub.add_files.push(NewFile {
                                    indicator_id: s.id,
                                    file_name: crate::upload::clean_file_name(name),
                                    media_type: mime.into(),
                                    sha256: crate::upload::sha256_hex(bytes),
                                    content: bytes.clone(),
                                });
                            }
                        }
                    }
                }
            }
        }
    }
    sub.remove_files = up
        .fields
        .keys()
        .filter_map(|k| k.strip_prefix("rm"))
        .filter_map(|n| n.parse().ok())
        .collect();
    if !errors.is_empty() {
        let page = fill_page(&app, me, id, unit, Some((typed, errors))).await?;
        return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let submit = sub.submit;
    match reports::save(&app.db, me.actor(), id, unit, sub).await? {
        Ok(_) => {
            saved(
                &me,
                if submit {
                    "flash-report-submitted"
                } else {
                    "flash-saved"
                },
                format!("/quan-tri/bao-cao/{id}"),
            )
            .await
        }
        Err(r) => Err(refused(r)),
    }
}

// ---------------------------------------------------------------------------------
// One unit's report, as the office reviews it.

#[derive(Template)]
#[template(path = "admin/report_review.html")]
struct ReviewPage {
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
    Path((id, unit)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let unit = me.visible(UnitId(unit))?;
    let request = reports::get(&app.db, id).await?.ok_or(AppError::NotFound)?;
    if !reports::is_target(&app.db, id, unit).await? {
        return Err(AppError::NotFound);
    }
    let unit_name = dxday_store::units::entry(&app.db, unit)
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
            unit_id: unit.0,
            unit_name,
            status_key: ReportStatus::label_key(status),
            submitted: report
                .as_ref()
                .map(|r| stamp(&r.submitted_at))
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
    Path((id, unit)): Path<(i64, i64)>,
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
        UnitId(unit),
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
                format!("/quan-tri/bao-cao/{id}"),
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
    Path((id, unit, file)): Path<(i64, i64, i64)>,
) -> Result<Response, AppError> {
    let unit = me.visible(UnitId(unit))?;
    let (meta, bytes) = reports::file(&app.db, id, unit, file)
        .await?
        .ok_or(AppError::NotFound)?;
    crate::download::attachment(&meta.file_name, &meta.media_type, bytes)
}

use crate::download::{DOCX, XLSX, attachment};

/// `GET /quan-tri/bao-cao/{id}/tong-hop.xlsx` (office).
pub async fn export_xlsx(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    me.require(Role::is_office)?;
    let c = reports::consolidated(&app.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let bytes = consolidated_xlsx(me.ctx.lang, &[c])?;
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
    let bytes = consolidated_xlsx(me.ctx.lang, &all)?;
    attachment("bao-cao-tong-hop.xlsx", XLSX, bytes)
}

/// `GET /quan-tri/bao-cao/{id}/bao-cao.docx` (office): the consolidated báo cáo.
pub async fn export_docx(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    me.require(Role::is_office)?;
    let bytes = consolidated_docx(&app.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    attachment(&format!("bao-cao-{id}.docx"), DOCX, bytes)
}

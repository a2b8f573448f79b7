//! A nomination: its unit writes it (while the movement takes nominations), changes it
//! while a draft or returned, and sends it; the office returns it with a reason or
//! takes it in. Another unit's nomination answers 404.

use dxday_domain::honours::{NominationForm, Step};
use dxday_domain::{MovementId, NominationId, Role};
use dxday_store::honours::{Nomination, NominationEvent, PriorAward};

use super::movements::movement_page;
use super::*;
use crate::forms::{Errors, Opt};

/// `POST /quan-tri/thi-dua/{id}/de-nghi`: a unit nominates.
pub async fn create_nomination(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<MovementId>,
    CsrfForm(form): CsrfForm<NominationForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_act_for_unit)?;
    let unit = me.own_unit().ok_or(AppError::Forbidden)?;
    let m = h::movement(&app.db, &me.scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let data = match form.parse() {
        Ok(d) => d,
        Err(e) => {
            let errors = Errors::from_fields(me.ctx.lang, &e);
            let page = movement_page(&app, me, m, form, errors).await?;
            return render(axum::http::StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let created = h::insert_nomination(&app.db, me.actor(), unit, id, today(), &data)
        .await?
        .map_err(refused)?;
    saved(&me, "flash-saved", paths::HONOURS_NOMINATION.with(created)).await
}

#[derive(Template)]
#[template(path = "admin/honours_nomination.html")]
struct NominationPage {
    ctx: Ctx,
    n: Nomination,
    movement_title: String,
    events: Vec<NominationEvent>,
    prior: Vec<PriorAward>,
    /// The unit may still change and send it.
    editable: bool,
    office: bool,
    form: NominationForm,
    errors: Errors,
    recipients: Vec<Opt>,
    award_types: Vec<Opt>,
    genders: Vec<Opt>,
}

impl NominationPage {
    fn when(&self, e: &NominationEvent) -> String {
        dxday_app::format::vn_time(e.at)
    }
    fn label(&self, s: &dxday_domain::honours::NominationStatus) -> String {
        self.ctx.t(s.label_key())
    }
    fn dated(&self, p: &PriorAward) -> String {
        dxday_app::format::dmy(p.issued_on)
    }
}

fn form_of(n: &Nomination) -> NominationForm {
    let d = &n.data;
    let on = |b: bool| b.then(|| "on".to_string());
    NominationForm {
        recipient: d.recipient.as_str().into(),
        name: d.name.clone(),
        gender: d.gender.map(|g| g.as_str().to_string()).unwrap_or_default(),
        position: d.position.clone().unwrap_or_default(),
        work_unit: d.work_unit.clone(),
        staff_code: d.staff_code.clone().unwrap_or_default(),
        award_type: d.award_type.clone(),
        procedure: d.procedure.as_str().into(),
        report: d.report.clone().unwrap_or_default(),
        citation: d.citation.clone(),
        hold_discipline: on(d.holds.discipline),
        hold_investigation: on(d.holds.investigation),
        hold_complaint: on(d.holds.complaint),
    }
}

async fn nomination_page(
    app: &AppState,
    me: CurrentUser,
    n: Nomination,
    form: Option<NominationForm>,
    errors: Errors,
) -> Result<NominationPage, AppError> {
    let lang = me.ctx.lang;
    let office = me.user.data.role.is_office();
    let own = me.own_unit().is_some_and(|u| u.id() == n.unit_id);
    let editable = own && !office && n.status.editable();
    let movement_title = h::movement(&app.db, &me.scope, n.movement_id)
        .await?
        .map(|m| m.data.title)
        .unwrap_or_default();
    let events = h::events(&app.db, n.id).await?;
    let prior = h::prior_awards(&app.db, n.id).await?;
    let form = form.unwrap_or_else(|| form_of(&n));
    let c = choices(app, lang, &form).await?;
    Ok(NominationPage {
        recipients: c.recipients,
        award_types: c.award_types,
        genders: c.genders,
        ctx: me.ctx,
        n,
        movement_title,
        events,
        prior,
        editable,
        office,
        form,
        errors,
    })
}

async fn visible(
    app: &AppState,
    me: &CurrentUser,
    id: NominationId,
) -> Result<Nomination, AppError> {
    h::nomination(&app.db, &me.scope, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// `GET /quan-tri/thi-dua/de-nghi/{id}`.
pub async fn show_nomination(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<NominationId>,
) -> Result<Response, AppError> {
    me.require(Role::can_act_for_unit)?;
    let n = visible(&app, &me, id).await?;
    let page = nomination_page(&app, me, n, None, Errors::default()).await?;
    render(axum::http::StatusCode::OK, &page)
}

/// `POST /quan-tri/thi-dua/de-nghi/{id}`: the unit changes its draft or returned
/// nomination.
pub async fn update_nomination(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<NominationId>,
    CsrfForm(form): CsrfForm<NominationForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_act_for_unit)?;
    let n = visible(&app, &me, id).await?;
    let unit = me
        .own_unit()
        .filter(|u| u.id() == n.unit_id)
        .ok_or(AppError::NotFound)?;
    let data = match form.parse() {
        Ok(d) => d,
        Err(e) => {
            let errors = Errors::from_fields(me.ctx.lang, &e);
            let page = nomination_page(&app, me, n, Some(form), errors).await?;
            return render(axum::http::StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    h::update_nomination(&app.db, me.actor(), unit, id, &data)
        .await?
        .map_err(refused)?;
    saved(&me, "flash-saved", paths::HONOURS_NOMINATION.with(id)).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct StepForm {
    step: String,
    reason: String,
}

/// `POST /quan-tri/thi-dua/de-nghi/{id}/buoc`: the unit sends it; the office returns
/// (with a reason) or takes it in.
pub async fn step_nomination(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<NominationId>,
    CsrfForm(form): CsrfForm<StepForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_act_for_unit)?;
    let n = visible(&app, &me, id).await?;
    let office = me.user.data.role.is_office();
    let step = match (form.step.as_str(), office) {
        ("submit", false) if me.own_unit().is_some_and(|u| u.id() == n.unit_id) => Step::Submit,
        ("accept", true) => Step::Accept,
        ("return", true) => Step::Return,
        _ => return Err(AppError::Forbidden),
    };
    h::move_nomination(&app.db, me.actor(), &me.scope, id, step, Some(&form.reason))
        .await?
        .map_err(refused)?;
    saved(&me, "flash-saved", paths::HONOURS_NOMINATION.with(id)).await
}

/// Largest achievement report file (PDF), and the upload with its form around it.
pub const REPORT_LIMIT: usize = 10 * 1024 * 1024;
pub const REPORT_UPLOAD_LIMIT: usize = REPORT_LIMIT + 64 * 1024;

/// `POST /quan-tri/thi-dua/de-nghi/{id}/bao-cao.pdf`: the unit gives its achievement
/// report as a PDF (checked by its content before it is kept) while the nomination is
/// a draft or returned.
pub async fn upload_report(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<NominationId>,
    crate::upload::CsrfUpload(up): crate::upload::CsrfUpload,
) -> Result<Response, AppError> {
    me.require(Role::can_act_for_unit)?;
    let n = visible(&app, &me, id).await?;
    let unit = me
        .own_unit()
        .filter(|u| u.id() == n.unit_id)
        .ok_or(AppError::NotFound)?;
    let bytes = up
        .file("report")
        .filter(|b| !b.is_empty())
        .ok_or(AppError::BadRequest("err-report-file"))?;
    let key = crate::upload::store_pdf(
        &app,
        bytes,
        "achievement_report",
        REPORT_LIMIT,
        "err-report-size",
        "err-report-file",
    )
    .await?;
    h::set_report_file(&app.db, me.actor(), unit, id, &key)
        .await?
        .map_err(refused)?;
    saved(&me, "flash-saved", paths::HONOURS_NOMINATION.with(id)).await
}

/// `GET /quan-tri/thi-dua/de-nghi/{id}/bao-cao.pdf`: the uploaded report, to the unit
/// and the office; 404 until one was given.
pub async fn report_file(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<NominationId>,
) -> Result<Response, AppError> {
    me.require(Role::can_act_for_unit)?;
    let n = visible(&app, &me, id).await?;
    let key = n.report_file_key.ok_or(AppError::NotFound)?;
    let bytes = app
        .config
        .files
        .get(&key)
        .await?
        .ok_or(AppError::NotFound)?;
    crate::download::attachment(
        &format!("bao-cao-thanh-tich-{id}.pdf"),
        "application/pdf",
        bytes,
    )
}

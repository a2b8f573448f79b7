//! The award decision, office roles only: drafted from those who passed a session's
//! vote, issued by a leader, its certificates (full, overlay, calibration) through the
//! render pool, and an award revoked with its reason.

use dxday_domain::dates::parse_optional_date;
use dxday_domain::errors::required_text;
use dxday_domain::honours::{DecisionStatus, IssuerKind, NominationStatus};
use dxday_domain::{DecisionId, NominationId, Role, SessionId};
use dxday_media::certificate;
use dxday_store::documents::Document;
use dxday_store::honours::Decision;

use super::council::form_unit;
use super::*;

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct DecisionForm {
    issuer: String,
    issuer_kind: String,
    award_type: String,
    symbol: String,
    place: String,
    proposer: String,
    executors: String,
    signer_name: String,
    deputy_signs: Option<String>,
    drafting_unit: String,
}

/// `POST /quan-tri/thi-dua/hoi-dong/{id}/quyet-dinh`: drafts the decision for those who
/// passed (for the award chosen).
pub async fn draft_decision(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<SessionId>,
    CsrfForm(f): CsrfForm<DecisionForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let s = h::session(&app.db, &me.scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let issuer = form_unit(&me, &f.issuer)?.ok_or(AppError::BadRequest("err-choice"))?;
    let issuer_kind = IssuerKind::parse(&f.issuer_kind).map_err(AppError::BadRequest)?;
    for (v, max) in [
        (&f.symbol, 30),
        (&f.place, 100),
        (&f.signer_name, 100),
        (&f.proposer, 300),
        (&f.executors, 500),
    ] {
        required_text(v, max).map_err(AppError::BadRequest)?;
    }
    let nominations: Vec<NominationId> = s
        .lines
        .iter()
        .filter(|l| l.passed() && l.nomination.data.award_type == f.award_type)
        .filter(|l| l.nomination.status == NominationStatus::Proposed)
        .map(|l| l.nomination.id)
        .collect();
    let request = dxday_app::honours::DecisionRequest {
        movement: s.movement_id,
        session: Some(id),
        issuer,
        issuer_kind,
        award_type: f.award_type.trim().to_string(),
        nominations,
        symbol: f.symbol.trim().to_string(),
        place: f.place.trim().to_string(),
        proposer: f.proposer.trim().to_string(),
        executors: f.executors.trim().to_string(),
        deputy_signs: f.deputy_signs.is_some(),
        signer_name: f.signer_name.trim().to_string(),
        drafting_unit: f.drafting_unit.trim().to_string(),
    };
    let d = dxday_app::honours::draft_decision(&app.db, me.actor(), &me.scope, &request, today())
        .await?
        .map_err(refused)?;
    saved(&me, "flash-saved", paths::HONOURS_DECISION.with(d)).await
}

#[derive(Template)]
#[template(path = "admin/honours_decision.html")]
struct DecisionPage {
    ctx: Ctx,
    d: Decision,
    reference: String,
    issued: bool,
    can_sign: bool,
}

impl DecisionPage {
    fn docx_link(&self) -> String {
        paths::DOCUMENT.with(format!("{}.docx", self.d.document_id))
    }
    fn register(&self, e: &dxday_store::honours::AwardEntry) -> String {
        dxday_app::honours::register_text(e.register_no, e.year)
    }
}

async fn visible_decision(
    app: &AppState,
    me: &CurrentUser,
    id: DecisionId,
) -> Result<(Decision, Document), AppError> {
    dxday_app::honours::decision_with_document(&app.db, &me.scope, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// `GET /quan-tri/thi-dua/quyet-dinh/{id}`.
pub async fn show_decision(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<DecisionId>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let (d, doc) = visible_decision(&app, &me, id).await?;
    let page = DecisionPage {
        reference: dxday_app::honours::decision_reference(&doc),
        issued: d.status == DecisionStatus::Issued,
        can_sign: me.user.data.role.can_sign(),
        ctx: me.ctx,
        d,
    };
    render(axum::http::StatusCode::OK, &page)
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct IssueForm {
    issued_on: String,
    number: String,
}

/// `POST /quan-tri/thi-dua/quyet-dinh/{id}/ban-hanh`: a leader signs and issues.
pub async fn issue_decision(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<DecisionId>,
    CsrfForm(f): CsrfForm<IssueForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_sign)?;
    let on = parse_optional_date(&f.issued_on)
        .map_err(AppError::BadRequest)?
        .unwrap_or_else(today);
    let number = match f.number.trim() {
        "" => None,
        n => Some(
            n.parse::<i64>()
                .map_err(|_| AppError::BadRequest("err-doc-number"))?,
        ),
    };
    h::issue_decision(&app.db, me.actor(), &me.scope, id, on, number)
        .await?
        .map_err(refused)?;
    saved(&me, "flash-doc-issued", paths::HONOURS_DECISION.with(id)).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct RevokeForm {
    entry: String,
    reason: String,
}

/// `POST /quan-tri/thi-dua/quyet-dinh/{id}/thu-hoi`: a leader revokes one award, with
/// its reason; it stays in the register.
pub async fn revoke(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<DecisionId>,
    CsrfForm(f): CsrfForm<RevokeForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_sign)?;
    let entry: i64 = f.entry.trim().parse().map_err(|_| AppError::NotFound)?;
    h::revoke_award(&app.db, me.actor(), &me.scope, id, entry, &f.reason)
        .await?
        .map_err(refused)?;
    saved(&me, "flash-saved", paths::HONOURS_DECISION.with(id)).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct CertificateQuery {
    /// "phoi": only the variable text, for pre-printed blanks; "hieu-chinh": the
    /// calibration page.
    kieu: String,
}

/// `GET /quan-tri/thi-dua/quyet-dinh/{id}/giay-khen.pdf[?kieu=phoi|hieu-chinh]`.
pub async fn certificates(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<DecisionId>,
    Query(q): Query<CertificateQuery>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let bytes = if q.kieu == "hieu-chinh" {
        let (d, _) = visible_decision(&app, &me, id).await?;
        let layout = dxday_app::honours::layout_of(&app.db, &d).await?;
        app.pool
            .run("err-busy-work", move |_| {
                certificate::calibration_pdf(&layout)
            })
            .await??
    } else {
        let (certs, layout) =
            dxday_app::honours::certificates_to_print(&app.db, &me.scope, id, q.kieu == "phoi")
                .await?
                .map_err(refused)?;
        app.pool
            .run("err-busy-work", move |cancel| {
                dxday_app::honours::certificates_pdf(&certs, layout.as_ref(), &|| {
                    cancel.is_cancelled()
                })
            })
            .await??
    };
    crate::download::attachment(&format!("giay-khen-{id}.pdf"), "application/pdf", bytes)
}

/// `GET /quan-tri/thi-dua/giay-to/{kind}/{id}`: a paper as DOCX — a unit its own
/// nominations' achievement reports; the office every paper.
pub async fn paper(
    State(app): State<AppState>,
    me: CurrentUser,
    Path((kind, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    me.require(Role::can_act_for_unit)?;
    let which = dxday_app::honours::Paper::parse(&kind).ok_or(AppError::NotFound)?;
    if which != dxday_app::honours::Paper::Report {
        me.require(Role::can_manage_setup)?;
    }
    let printed = dxday_app::honours::paper(&app.db, &me.scope, which, id)
        .await?
        .ok_or(AppError::NotFound)?;
    docx_download(&app, printed, &format!("{kind}-{id}.docx")).await
}

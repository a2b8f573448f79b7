//! The movements: the office launches one (open to the units of the kinds that take
//! part); a unit sees those it takes part in, may register with a pledge (optional,
//! never a condition) and nominates while it takes nominations.

use dxday_domain::honours::{MovementForm, NominationForm};
use dxday_domain::unit::UnitKind;
use dxday_domain::{MovementId, Role, UnitId};
use dxday_store::honours::{Movement, Nomination};

use super::*;
use crate::forms::{Errors, Opt};

/// Units of these kinds take part in a movement the office launches.
const TAKING_PART: [UnitKind; 5] = [
    UnitKind::Department,
    UnitKind::MassOrganisation,
    UnitKind::PublicServiceCentre,
    UnitKind::Ward,
    UnitKind::School,
];

#[derive(Template)]
#[template(path = "admin/honours.html")]
struct IndexPage {
    ctx: Ctx,
    this_year: i32,
    /// The office's issued documents of this year and last, for "launched by".
    documents: Vec<Opt>,
    movements: Vec<Movement>,
    office: bool,
    form: MovementForm,
    errors: Errors,
}

impl IndexPage {
    fn dmy(&self, d: &time::Date) -> String {
        dxday_domain::dates::format_dmy(*d)
    }
    fn phase(&self, m: &Movement) -> String {
        self.ctx.t(m.data.phase(today()).label_key())
    }
}

async fn index_page(
    app: &AppState,
    me: CurrentUser,
    form: MovementForm,
    form_document: &str,
    errors: Errors,
) -> Result<IndexPage, AppError> {
    let movements = h::movements(&app.db, &me.scope).await?;
    let mut documents = vec![Opt {
        value: String::new(),
        label: me.ctx.t("honours-no-document"),
        selected: form_document.is_empty(),
    }];
    if me.user.data.role.is_office() {
        let office = super::council::office_unit(app, &me).await?;
        let year = i64::from(today().year());
        for y in [year, year - 1] {
            for d in dxday_store::documents::register(&app.db, office, y).await? {
                documents.push(Opt {
                    selected: d.id.to_string() == form_document,
                    value: d.id.to_string(),
                    label: format!(
                        "{} · {}",
                        d.number_symbol(),
                        d.data.subject.lines().next().unwrap_or_default()
                    ),
                });
            }
        }
    }
    Ok(IndexPage {
        documents,
        this_year: today().year(),
        office: me.user.data.role.is_office(),
        ctx: me.ctx,
        movements,
        form,
        errors,
    })
}

/// `GET /quan-tri/thi-dua`: the movements in the account's reach.
pub async fn index(State(app): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    me.require(Role::can_act_for_unit)?;
    let page = index_page(&app, me, MovementForm::default(), "", Errors::default()).await?;
    render(axum::http::StatusCode::OK, &page)
}

/// The movement form with the document that launches it.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct LaunchForm {
    #[serde(flatten)]
    form: MovementForm,
    document: String,
}

/// `POST /quan-tri/thi-dua`: the office launches a movement.
pub async fn create_movement(
    State(app): State<AppState>,
    me: CurrentUser,
    CsrfForm(LaunchForm { form, document }): CsrfForm<LaunchForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let launcher = me.visible(super::council::office_unit(&app, &me).await?)?;
    // The launching document must be one of the office's own.
    let document = match document.trim() {
        "" => None,
        d => {
            let id: dxday_domain::DocumentId =
                d.parse().map_err(|_| AppError::BadRequest("err-choice"))?;
            match dxday_store::documents::get(&app.db, id).await? {
                Some(doc) if doc.data.issuer_unit_id == launcher.id() => Some(id),
                _ => return Err(AppError::BadRequest("err-choice")),
            }
        }
    };
    let data = match form.parse(document) {
        Ok(d) => d,
        Err(e) => {
            let errors = Errors::from_fields(me.ctx.lang, &e);
            let chosen = document.map(|d| d.to_string()).unwrap_or_default();
            let page = index_page(&app, me, form, &chosen, errors).await?;
            return render(axum::http::StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let units: Vec<UnitId> = dxday_store::units::directory(&app.db)
        .await?
        .into_iter()
        .filter(|u| !u.archived && TAKING_PART.contains(&u.data.kind))
        .map(|u| u.id)
        .collect();
    let campaign = dxday_app::campaign::current(&app.db).await?.map(|c| c.id);
    let id = h::insert_movement(&app.db, me.actor(), launcher, campaign, &data, &units).await?;
    saved(&me, "flash-saved", paths::HONOURS_MOVEMENT.with(id)).await
}

#[derive(Template)]
#[template(path = "admin/honours_movement.html")]
pub(super) struct MovementPage {
    ctx: Ctx,
    m: Movement,
    phase: String,
    office: bool,
    /// The unit's own participation (a unit account taking part).
    own: Option<UnitId>,
    registered: bool,
    nominations: Vec<Nomination>,
    sessions: Vec<(dxday_domain::SessionId, String, String)>,
    decisions: Vec<dxday_domain::DecisionId>,
    form: NominationForm,
    errors: Errors,
    recipients: Vec<Opt>,
    award_types: Vec<Opt>,
    genders: Vec<Opt>,
    open: bool,
    /// The voting-rule presets (id, name), for opening a session.
    rules: Vec<(i64, String)>,
}

impl MovementPage {
    fn dmy(&self, d: &time::Date) -> String {
        dxday_domain::dates::format_dmy(*d)
    }
    fn status(&self, n: &Nomination) -> String {
        self.ctx.t(n.status.label_key())
    }
}

/// The movement `id` as the account may see it, or 404.
async fn visible(app: &AppState, me: &CurrentUser, id: MovementId) -> Result<Movement, AppError> {
    h::movement(&app.db, &me.scope, id)
        .await?
        .ok_or(AppError::NotFound)
}

pub(super) async fn movement_page(
    app: &AppState,
    me: CurrentUser,
    m: Movement,
    form: NominationForm,
    errors: Errors,
) -> Result<MovementPage, AppError> {
    let lang = me.ctx.lang;
    let office = me.user.data.role.is_office();
    let own = (!office)
        .then(|| me.own_unit().map(|u| u.id()))
        .flatten()
        .filter(|u| m.units.iter().any(|p| p.unit_id == *u));
    let registered = own.is_some_and(|u| {
        m.units
            .iter()
            .any(|p| p.unit_id == u && p.registered_at.is_some())
    });
    let nominations = h::nominations(&app.db, &me.scope, m.id).await?;
    let sessions = if office {
        h::sessions_of(&app.db, &me.scope, m.id)
            .await?
            .into_iter()
            .map(|(id, on, place)| (id, dxday_domain::dates::format_dmy(on), place))
            .collect()
    } else {
        Vec::new()
    };
    let decisions = if office {
        h::decisions_of(&app.db, &me.scope, m.id).await?
    } else {
        Vec::new()
    };
    let c = choices(app, lang, &form).await?;
    let open = m.data.phase(today()) == dxday_domain::honours::MovementPhase::Open;
    let rules = if office {
        h::voting_rules(&app.db)
            .await?
            .into_iter()
            .map(|r| (r.id, r.name))
            .collect()
    } else {
        Vec::new()
    };
    Ok(MovementPage {
        phase: lang.t(m.data.phase(today()).label_key()),
        award_types: c.award_types,
        ctx: me.ctx,
        m,
        office,
        own,
        registered,
        nominations,
        sessions,
        decisions,
        recipients: c.recipients,
        genders: c.genders,
        form,
        errors,
        open,
        rules,
    })
}

/// `GET /quan-tri/thi-dua/{id}`.
pub async fn show_movement(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<MovementId>,
) -> Result<Response, AppError> {
    me.require(Role::can_act_for_unit)?;
    let m = visible(&app, &me, id).await?;
    let page = movement_page(&app, me, m, NominationForm::default(), Errors::default()).await?;
    render(axum::http::StatusCode::OK, &page)
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct PledgeForm {
    pledge: String,
}

/// `POST /quan-tri/thi-dua/{id}/dang-ky`: a unit taking part registers (optional).
pub async fn register(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<MovementId>,
    CsrfForm(form): CsrfForm<PledgeForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_act_for_unit)?;
    let unit = me.own_unit().ok_or(AppError::Forbidden)?;
    let pledge =
        dxday_domain::errors::optional_text(&form.pledge, 2000).map_err(AppError::BadRequest)?;
    h::register_for(&app.db, me.actor(), unit, id, pledge.as_deref())
        .await?
        .map_err(refused)?;
    saved(&me, "flash-saved", paths::HONOURS_MOVEMENT.with(id)).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct MentionForm {
    year: String,
    recipient: String,
    name: String,
    work_unit: String,
    citation: String,
}

/// `POST /quan-tri/thi-dua/ton-vinh`: an honour without a decision (tôn vinh), listed
/// on the public roll for the account's unit (the office's for office roles) and
/// marked as such there.
pub async fn create_mention(
    State(app): State<AppState>,
    me: CurrentUser,
    CsrfForm(f): CsrfForm<MentionForm>,
) -> Result<Response, AppError> {
    use dxday_domain::errors::{optional_text, required_text};
    me.require(Role::can_act_for_unit)?;
    let unit = match me.own_unit() {
        Some(u) => u,
        None => me.visible(super::council::office_unit(&app, &me).await?)?,
    };
    let year: i64 = f
        .year
        .trim()
        .parse()
        .ok()
        .filter(|y| (2000..=2100).contains(y))
        .ok_or(AppError::BadRequest("err-year"))?;
    let data = dxday_store::honours::MentionData {
        year,
        recipient: dxday_domain::honours::Recipient::parse(&f.recipient)
            .map_err(AppError::BadRequest)?,
        name: required_text(&f.name, 200).map_err(AppError::BadRequest)?,
        work_unit: optional_text(&f.work_unit, 300).map_err(AppError::BadRequest)?,
        citation: required_text(&f.citation, dxday_domain::honours::MAX_CITATION)
            .map_err(AppError::BadRequest)?,
    };
    let campaign = dxday_app::campaign::current(&app.db).await?.map(|c| c.id);
    h::insert_mention(&app.db, me.actor(), unit, campaign, &data).await?;
    saved(&me, "flash-saved", paths::HONOURS.pattern().to_string()).await
}

//! The council, office roles only: a session of a unit's council (attendance and the
//! voting rule from a preset), the nominations put before it, the ballot counts
//! (checked against the voters; "passed" computed), the minutes.

use std::collections::HashMap;

use dxday_domain::dates::{format_dmy, parse_date};
use dxday_domain::errors::required_text;
use dxday_domain::honours::{Attendance, Ballot, IssuerKind, NominationStatus};
use dxday_domain::{FieldErrors, MovementId, NominationId, Role, SessionId, UnitId};
use dxday_store::honours::{Nomination, RulePreset, Session, SessionData};

use super::*;
use crate::forms::Opt;

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct SessionForm {
    held_on: String,
    place: String,
    chair_name: String,
    secretary_name: String,
    members_total: String,
    members_present: String,
    written_opinions: String,
    rule: String,
    /// Whose council (a unit's id); the office's when empty.
    council: String,
}

fn count(e: &mut FieldErrors, field: &'static str, s: &str) -> Option<i64> {
    e.check(
        field,
        s.trim()
            .parse::<i64>()
            .ok()
            .filter(|n| (0..=10_000).contains(n))
            .ok_or("err-count"),
    )
}

fn parse_session(f: &SessionForm, presets: &[RulePreset]) -> Result<SessionData, FieldErrors> {
    let mut e = FieldErrors::default();
    let held_on = e.check("held_on", parse_date(&f.held_on));
    let place = e.check("place", required_text(&f.place, 300));
    let chair_name = e.check("chair_name", required_text(&f.chair_name, 200));
    let secretary_name = e.check("secretary_name", required_text(&f.secretary_name, 200));
    let total = count(&mut e, "members_total", &f.members_total);
    let present = count(&mut e, "members_present", &f.members_present);
    let written = if f.written_opinions.trim().is_empty() {
        Some(0)
    } else {
        count(&mut e, "written_opinions", &f.written_opinions)
    };
    let rule = e.check(
        "rule",
        presets
            .iter()
            .find(|p| p.id.to_string() == f.rule.trim())
            .map(|p| p.rule)
            .ok_or("err-choice"),
    );
    let attendance = match (total, present, written) {
        (Some(members_total), Some(members_present), Some(written_opinions)) => {
            let a = Attendance {
                members_total,
                members_present,
                written_opinions,
            };
            match a.check() {
                Ok(a) => Some(a),
                Err(errs) => {
                    for x in errs.0 {
                        e.add(x.field, x.key);
                    }
                    None
                }
            }
        }
        _ => None,
    };
    match (held_on, place, chair_name, secretary_name, attendance, rule) {
        (
            Some(held_on),
            Some(place),
            Some(chair_name),
            Some(secretary_name),
            Some(attendance),
            Some(rule),
        ) if e.is_empty() => Ok(SessionData {
            held_on,
            place,
            chair_name,
            secretary_name,
            attendance,
            rule,
        }),
        _ => Err(e),
    }
}

/// The office's own unit: its account's, else the register's office.
pub(super) async fn office_unit(app: &AppState, me: &CurrentUser) -> Result<UnitId, AppError> {
    if let Some(u) = me.own_unit() {
        return Ok(u.id());
    }
    dxday_store::units::directory(&app.db)
        .await?
        .into_iter()
        .find(|u| u.data.kind == dxday_domain::unit::UnitKind::Office)
        .map(|u| u.id)
        .ok_or(AppError::Forbidden)
}

/// Units whose council or head may act: committees, departments, the office, wards,
/// schools (for the pickers).
async fn issuer_options(app: &AppState, selected: &str) -> Result<Vec<Opt>, AppError> {
    use dxday_domain::unit::UnitKind as K;
    Ok(dxday_store::units::directory(&app.db)
        .await?
        .into_iter()
        .filter(|u| !u.archived && !matches!(u.data.kind, K::MassOrganisation))
        .map(|u| Opt {
            selected: u.id.to_string() == selected,
            value: u.id.to_string(),
            label: u.data.name,
        })
        .collect())
}

/// `POST /quan-tri/thi-dua/{id}/hoi-dong`: the office opens a council session.
pub async fn create_session(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<MovementId>,
    CsrfForm(form): CsrfForm<SessionForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let presets = h::voting_rules(&app.db).await?;
    let data = parse_session(&form, &presets)
        .map_err(|e| AppError::BadRequest(e.0.first().map_or("err-choice", |f| f.key)))?;
    let council = match form_unit(&me, &form.council)? {
        Some(u) => u,
        None => me.visible(office_unit(&app, &me).await?)?,
    };
    let s = h::insert_session(&app.db, me.actor(), &me.scope, council, id, &data)
        .await?
        .map_err(refused)?;
    saved(&me, "flash-saved", paths::HONOURS_SESSION.with(s)).await
}

pub(super) fn form_unit(
    me: &CurrentUser,
    id: &str,
) -> Result<Option<dxday_domain::ScopedUnit>, AppError> {
    match id.trim() {
        "" => Ok(None),
        s => {
            let u: UnitId = s.parse().map_err(|_| AppError::BadRequest("err-choice"))?;
            me.visible(u).map(Some)
        }
    }
}

#[derive(Template)]
#[template(path = "admin/honours_session.html")]
struct SessionPage {
    ctx: Ctx,
    s: Session,
    movement_title: String,
    /// Accepted nominations not yet before a council.
    waiting: Vec<Nomination>,
    decided: bool,
    issuers: Vec<Opt>,
    kinds: Vec<Opt>,
    awards: Vec<Opt>,
}

impl SessionPage {
    fn held(&self) -> String {
        format_dmy(self.s.data.held_on)
    }
    fn rule_text(&self) -> String {
        let r = &self.s.data.rule;
        format!(
            "{} · {} {} · {} {}",
            self.ctx.t(r.method.label_key()),
            r.threshold.text(),
            self.ctx.t(r.denominator.label_key()),
            self.ctx.t("honours-quorum"),
            r.quorum.text()
        )
    }
    /// The four count fields of a line, with what is stored.
    fn cells(&self, l: &dxday_store::honours::BallotLine) -> [(&'static str, String); 4] {
        let v = |f: fn(&Ballot) -> i64| {
            l.ballot
                .as_ref()
                .map(|b| f(b).to_string())
                .unwrap_or_default()
        };
        [
            ("for", v(|b| b.votes_for)),
            ("against", v(|b| b.against)),
            ("blank", v(|b| b.blank)),
            ("invalid", v(|b| b.invalid)),
        ]
    }
    fn share(&self, bp: &i64) -> String {
        dxday_app::honours::percent(*bp)
    }
}

/// `GET /quan-tri/thi-dua/hoi-dong/{id}`.
pub async fn show_session(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<SessionId>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let s = h::session(&app.db, &me.scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let m = h::movement(&app.db, &me.scope, s.movement_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let waiting = h::nominations(&app.db, &me.scope, m.id)
        .await?
        .into_iter()
        .filter(|n| n.status == NominationStatus::Accepted && !n.data.holds.any())
        .collect();
    let decided = !h::decisions_of(&app.db, &me.scope, m.id).await?.is_empty();
    let lang = me.ctx.lang;
    let types = h::award_types(&app.db).await?;
    let page = SessionPage {
        issuers: issuer_options(&app, &s.unit_id.to_string()).await?,
        kinds: IssuerKind::ALL
            .iter()
            .map(|k| Opt {
                value: k.as_str().into(),
                label: lang.t(k.label_key()),
                selected: false,
            })
            .collect(),
        awards: types
            .iter()
            .filter(|t| {
                s.lines
                    .iter()
                    .any(|l| l.nomination.data.award_type == t.code)
            })
            .map(|t| Opt {
                value: t.code.clone(),
                label: t.name.clone(),
                selected: false,
            })
            .collect(),
        ctx: me.ctx,
        movement_title: m.data.title,
        s,
        waiting,
        decided,
    };
    render(axum::http::StatusCode::OK, &page)
}

/// `POST /quan-tri/thi-dua/hoi-dong/{id}/trinh`: puts the chosen nominations (fields
/// `n-{id}`) before the council.
pub async fn propose(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<SessionId>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let mut ids: Vec<NominationId> = form
        .keys()
        .filter_map(|k| k.strip_prefix("n-"))
        .filter_map(|n| n.parse().ok())
        .collect();
    ids.sort();
    if ids.is_empty() {
        return Err(AppError::BadRequest("honours-choose-nominations"));
    }
    h::propose(&app.db, me.actor(), &me.scope, id, &ids)
        .await?
        .map_err(refused)?;
    saved(&me, "flash-saved", paths::HONOURS_SESSION.with(id)).await
}

/// `POST /quan-tri/thi-dua/hoi-dong/{id}/phieu`: the ballot counts, four fields per
/// nominee (`for-{id}`, `against-{id}`, `blank-{id}`, `invalid-{id}`); all or nothing.
pub async fn record_ballots(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<SessionId>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let s = h::session(&app.db, &me.scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut ballots = Vec::new();
    for l in &s.lines {
        let n = l.nomination.id;
        let get = |k: &str| -> Result<i64, AppError> {
            let v = form
                .get(&format!("{k}-{n}"))
                .map(|v| v.trim())
                .unwrap_or("");
            if v.is_empty() {
                return Ok(0);
            }
            v.parse::<i64>()
                .ok()
                .filter(|x| (0..=10_000).contains(x))
                .ok_or(AppError::BadRequest("err-count"))
        };
        ballots.push((
            n,
            Ballot {
                votes_for: get("for")?,
                against: get("against")?,
                blank: get("blank")?,
                invalid: get("invalid")?,
            },
        ));
    }
    h::record_ballots(&app.db, me.actor(), &me.scope, id, &ballots)
        .await?
        .map_err(refused)?;
    saved(&me, "flash-saved", paths::HONOURS_SESSION.with(id)).await
}

/// `GET /quan-tri/thi-dua/hoi-dong/{id}/bien-ban.docx`: the minutes.
pub async fn minutes(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<SessionId>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let printed = dxday_app::honours::minutes_printed(&app.db, &me.scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    docx_download(&app, printed, &format!("BB-HDTDKT-{id}.docx")).await
}

//! Period reports: a team's month (started from its activities, sent to its ward,
//! approved or returned by the ward) and a ward's month (its teams' approved figures,
//! sent to the office, approved or returned by the office). Approved is locked.

use dxday_domain::dates::today_in_vietnam;
use dxday_domain::report::ReportStatus;
use dxday_domain::team::TEAM_INDICATORS;
use dxday_domain::team::{
    Period, ReportFigures, ReportForm, Rollup as RollupRule, Tally, TeamIndicator,
};
use dxday_store::teams::TeamReport;
use serde::Deserialize;
use time::OffsetDateTime;

use super::*;
use crate::csrf::CsrfFormPairs;

/// The month of an address (`2026-10`); anything else is 404.
fn period_of(key: &str) -> Result<Period, AppError> {
    Period::parse_key(key).map_err(|_| AppError::NotFound)
}

/// The period of the office's cadence that today falls in (Vietnam clock).
pub(super) async fn this_period(app: &AppState) -> Result<Period, AppError> {
    let cadence = teams::cadence(&app.db).await?;
    Ok(Period::of(
        today_in_vietnam(OffsetDateTime::now_utc()),
        cadence,
    ))
}

/// A figure as a page shows it: "—" when not reported; a household share in per cent.
pub(super) fn shown(lang: Lang, code: &str, v: Option<i64>) -> String {
    let Some(v) = v else {
        return "—".into();
    };
    let share = TeamIndicator::find(code)
        .is_some_and(|i| matches!(i.rollup, RollupRule::HouseholdShare { .. }));
    if share {
        let sep = if lang == Lang::Vi { ',' } else { '.' };
        format!("{}{sep}{:02} %", lang.number(v / 100), v % 100)
    } else {
        lang.number(v)
    }
}

/// A report's status as a tag: its i18n name and a class.
pub struct StatusTag {
    pub label: String,
    pub class: &'static str,
}

fn status_tag(lang: Lang, s: Option<ReportStatus>) -> StatusTag {
    StatusTag {
        label: lang.t(&ReportStatus::label_key(s)),
        class: match s {
            Some(ReportStatus::Approved) => "tag ok",
            Some(ReportStatus::Submitted) => "tag wait",
            Some(ReportStatus::Returned) => "tag warn",
            _ => "tag",
        },
    }
}

/// One line of a month's list: a team's (or a ward's) report status.
pub struct PeriodLine {
    pub label: String,
    pub detail: String,
    pub href: String,
    pub tag: StatusTag,
}

#[derive(Template)]
#[template(path = "admin/team_reports.html")]
pub(super) struct ReportsPage {
    ctx: Ctx,
    period: Period,
    previous: String,
    next: String,
    /// The office's wards, or a ward's teams, or a member's team.
    lines: Vec<PeriodLine>,
    /// For a ward: its own month and the link to it.
    ward_line: Option<PeriodLine>,
    /// For the office: the cadence to choose.
    cadences: Option<Vec<Opt>>,
}

/// Which month a list shows.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MonthQuery {
    pub ky: String,
}

/// `GET /quan-tri/to-cong-nghe-so/bao-cao?ky=2026-10`: the month's reports: a member's
/// team's, a ward's teams' and its own, the office's wards'.
pub async fn reports(
    State(app): State<AppState>,
    me: CurrentUser,
    Query(q): Query<MonthQuery>,
) -> Result<Response, AppError> {
    let access = Access::of(&app, &me).await?;
    let lang = me.ctx.lang;
    let cadence = teams::cadence(&app.db).await?;
    let period = if q.ky.is_empty() {
        Period::of(today_in_vietnam(OffsetDateTime::now_utc()), cadence)
    } else {
        period_of(&q.ky)?
    };
    let statuses = teams::period_statuses(&app.db, &me.scope, period).await?;
    let status_of = |w: UnitId, t: Option<TeamId>| {
        statuses
            .iter()
            .find(|(sw, st, _)| *sw == w && *st == t)
            .map(|(_, _, s)| *s)
    };
    let all = teams::teams(&app.db, &me.scope).await?;
    let active: Vec<&Team> = all
        .iter()
        .filter(|t| t.data.status == TeamStatus::Active)
        .filter(|t| access.team().is_none_or(|m| m == t.id))
        .collect();
    let mut lines = Vec::new();
    let mut ward_line = None;
    match access {
        Access::Office => {
            let mut wards: Vec<(UnitId, String)> = active
                .iter()
                .map(|t| (t.ward_id, t.ward_name.clone()))
                .collect();
            wards.dedup();
            for (w, name) in wards {
                let owed = active.iter().filter(|t| t.ward_id == w).count();
                let approved = active
                    .iter()
                    .filter(|t| {
                        t.ward_id == w && status_of(w, Some(t.id)) == Some(ReportStatus::Approved)
                    })
                    .count();
                lines.push(PeriodLine {
                    label: name,
                    detail: lang.t_args(
                        "teams-approved-of",
                        &[
                            ("received", approved.to_string()),
                            ("targets", owed.to_string()),
                        ],
                    ),
                    href: paths::WARD_TEAMS_REPORT.with2(w, period.key()),
                    tag: status_tag(lang, status_of(w, None)),
                });
            }
        }
        Access::Ward(w) | Access::Member { ward: w, .. } => {
            for t in &active {
                lines.push(PeriodLine {
                    label: t.data.name.clone(),
                    detail: t.group_name.clone(),
                    href: paths::TEAM_REPORT.with2(t.id, period.key()),
                    tag: status_tag(lang, status_of(w, Some(t.id))),
                });
            }
            if access.team().is_none() {
                ward_line = Some(PeriodLine {
                    label: lang.t("teams-ward-report"),
                    detail: String::new(),
                    href: paths::WARD_TEAMS_REPORT.with2(w, period.key()),
                    tag: status_tag(lang, status_of(w, None)),
                });
            }
        }
    }
    let link = |p: Period| format!("{}?ky={}", paths::TEAM_REPORTS, p.key());
    let page = ReportsPage {
        ctx: me.ctx,
        previous: link(period.previous()),
        next: link(period.next()),
        cadences: (access == Access::Office).then(|| {
            options(
                &dxday_domain::team::Cadence::ALL,
                |c| c.as_str().into(),
                |c| lang.t(c.label_key()),
                cadence.as_str(),
            )
        }),
        period,
        lines,
        ward_line,
    };
    render(StatusCode::OK, &page)
}

/// One row of a report's form or view.
pub struct FigureRow {
    pub name: String,
    pub label: String,
    pub measure: String,
    /// What the activities add up to (a team's) or "—".
    pub from_activities: String,
    pub value: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/team_report.html")]
pub(super) struct ReportPage {
    ctx: Ctx,
    title: String,
    subtitle: String,
    period: Period,
    tag: StatusTag,
    return_note: Option<String>,
    rows: Vec<FigureRow>,
    /// The form posts here (a team's or a ward's report), when it may be changed.
    save_to: Option<String>,
    /// A ward's report: it is sent whole, with its completeness.
    completeness: Option<String>,
    review_to: Option<String>,
    errors: Errors,
}

fn figure_rows(
    lang: Lang,
    form: &ReportForm,
    activities: Option<&ReportFigures>,
    errors: &Errors,
) -> Vec<FigureRow> {
    TeamIndicator::reported()
        .map(|i| FigureRow {
            name: i.field.into(),
            label: lang.t(i.label),
            measure: lang.t(i.measure),
            from_activities: match activities {
                Some(a) if i.per_activity => shown(lang, i.code, a.get(i.code).copied().flatten()),
                _ => "—".into(),
            },
            value: form.values.get(i.code).cloned().unwrap_or_default(),
            error: errors.get(i.field).cloned(),
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
async fn team_report_page(
    app: &AppState,
    me: CurrentUser,
    access: Access,
    team: Team,
    period: Period,
    report: Option<TeamReport>,
    form: Option<ReportForm>,
    errors: Errors,
) -> Result<ReportPage, AppError> {
    let lang = me.ctx.lang;
    let activities = teams::activity_figures(&app.db, team.id, period).await?;
    let status = report.as_ref().map(|r| r.status);
    let editable = access.records_for(&team).is_some() && status.is_none_or(ReportStatus::editable);
    let form = form.unwrap_or_else(|| match &report {
        Some(r) => ReportForm::from_figures(&r.figures),
        None => ReportForm::from_figures(&activities),
    });
    let reviewer = matches!(access, Access::Ward(w) if w == team.ward_id);
    Ok(ReportPage {
        title: team.data.name.clone(),
        subtitle: format!("{} · {}", team.group_name, team.ward_name),
        tag: status_tag(lang, status),
        return_note: report.as_ref().and_then(|r| r.return_note.clone()),
        rows: figure_rows(lang, &form, Some(&activities), &errors),
        save_to: editable.then(|| paths::TEAM_REPORT.with2(team.id, period.key())),
        completeness: None,
        review_to: (reviewer && status == Some(ReportStatus::Submitted))
            .then(|| paths::TEAM_REPORT_REVIEW.with2(team.id, period.key())),
        ctx: me.ctx,
        period,
        errors,
    })
}

/// `GET /quan-tri/to-cong-nghe-so/{id}/bao-cao/{period}`: a team's month: its figures
/// (started from its activities), its status, and the form or the review.
pub async fn team_report(
    State(app): State<AppState>,
    me: CurrentUser,
    Path((id, key)): Path<(TeamId, String)>,
) -> Result<Response, AppError> {
    let access = Access::of(&app, &me).await?;
    let period = period_of(&key)?;
    let team = access.visible_team(&app, &me, id).await?;
    let report = teams::team_report(&app.db, team.ward_id, Some(id), period).await?;
    let page = team_report_page(
        &app,
        me,
        access,
        team,
        period,
        report,
        None,
        Errors::default(),
    )
    .await?;
    render(StatusCode::OK, &page)
}

/// The buttons of a report's form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReportAction {
    /// `submit` sends it; anything else saves a draft.
    pub action: String,
}

/// `POST /quan-tri/to-cong-nghe-so/{id}/bao-cao/{period}`: saves the team's month as a
/// draft, or sends it to the ward.
pub async fn save_team_report(
    State(app): State<AppState>,
    me: CurrentUser,
    Path((id, key)): Path<(TeamId, String)>,
    CsrfFormPairs(action, pairs): CsrfFormPairs<ReportAction>,
) -> Result<Response, AppError> {
    let access = Access::of(&app, &me).await?;
    let period = period_of(&key)?;
    let team = access.visible_team(&app, &me, id).await?;
    let ward = access.records_for(&team).ok_or_else(|| me.forbidden())?;
    let form = ReportForm::from_pairs(&pairs);
    let submit = action.action == "submit";
    let actor = me.actor();
    let write = async |figures: ReportFigures| match teams::save_team_report(
        &app.db,
        actor,
        ward,
        Some(id),
        period,
        &figures,
        submit,
    )
    .await?
    {
        Ok(_) => Ok(paths::TEAM_REPORT.with2(id, period.key())),
        Err(r) => Err(refused(r).into()),
    };
    let parsed = form.parse();
    let flash = if submit {
        "flash-team-report-sent"
    } else {
        "flash-saved"
    };
    crate::forms::save_form_saying(flash, me, parsed, write, async |me, errors| {
        let report = teams::team_report(&app.db, ward, Some(id), period).await?;
        team_report_page(&app, me, access, team, period, report, Some(form), errors).await
    })
    .await
}

/// A review: approve, or return with a note.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReviewForm {
    pub decision: String,
    pub note: String,
}

/// Approves a sent report of the ward's `team` (of the ward itself with `None`) or
/// returns it with its note, then back to `back` with the message.
async fn review(
    app: &AppState,
    me: &CurrentUser,
    ward: UnitId,
    team: Option<TeamId>,
    period: Period,
    form: &ReviewForm,
    back: String,
) -> Result<Response, AppError> {
    let (approve, note) = form.read()?;
    teams::review_team_report(
        &app.db,
        me.actor(),
        ward,
        team,
        period,
        approve,
        note.as_deref(),
    )
    .await?
    .map_err(refused)?;
    let flash = if approve {
        "flash-report-approved"
    } else {
        "flash-report-returned"
    };
    saved(me, flash, back).await
}

impl ReviewForm {
    /// `(approve, note)`; a return needs its note (what to correct).
    fn read(&self) -> Result<(bool, Option<String>), AppError> {
        let note = self.note.trim();
        let note = (!note.is_empty()).then(|| note.chars().take(1000).collect::<String>());
        match self.decision.as_str() {
            "approve" => Ok((true, note)),
            "return" if note.is_some() => Ok((false, note)),
            "return" => Err(AppError::BadRequest("err-return-note")),
            _ => Err(AppError::BadRequest("err-form")),
        }
    }
}

/// `POST /quan-tri/to-cong-nghe-so/{id}/bao-cao/{period}/duyet`: the team's ward
/// approves its sent month (locking it) or returns it with a note.
pub async fn review_team_report(
    State(app): State<AppState>,
    me: CurrentUser,
    Path((id, key)): Path<(TeamId, String)>,
    crate::csrf::CsrfForm(form): crate::csrf::CsrfForm<ReviewForm>,
) -> Result<Response, AppError> {
    let access = Access::of(&app, &me).await?;
    let period = period_of(&key)?;
    let team = access.visible_team(&app, &me, id).await?;
    let Access::Ward(ward) = access else {
        return Err(me.forbidden());
    };
    if ward != team.ward_id {
        return Err(AppError::NotFound);
    }
    review(
        &app,
        &me,
        ward,
        Some(id),
        period,
        &form,
        paths::TEAM_REPORT.with2(id, period.key()),
    )
    .await
}

/// A ward's month as its teams' approved reports make it.
async fn ward_tally(app: &AppState, ward: UnitId, period: Period) -> Result<Tally, AppError> {
    Ok(teams::ward_rollup(&app.db, ward, &[period]).await?)
}

/// The ward `id` as this account may see its month: its own, or any for the office.
fn ward_visible(access: Access, id: UnitId) -> Result<(), AppError> {
    match access {
        Access::Office => Ok(()),
        Access::Ward(w) if w == id => Ok(()),
        _ => Err(AppError::NotFound),
    }
}

/// `GET /quan-tri/to-cong-nghe-so/phuong/{id}/bao-cao/{period}`: a ward's month: what
/// its teams' approved reports add up to (or what it sent), with completeness.
pub async fn ward_report(
    State(app): State<AppState>,
    me: CurrentUser,
    Path((id, key)): Path<(UnitId, String)>,
) -> Result<Response, AppError> {
    let access = Access::of(&app, &me).await?;
    ward_visible(access, id)?;
    let period = period_of(&key)?;
    let lang = me.ctx.lang;
    let ward = dxday_store::units::entry(&app.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let report = teams::team_report(&app.db, id, None, period).await?;
    let tally = ward_tally(&app, id, period).await?;
    let status = report.as_ref().map(|r| r.status);
    // What was sent is shown as sent; until then, the teams' figures as they stand.
    let figures = match &report {
        Some(r) if !r.status.editable() => r.figures.clone(),
        _ => tally.figures(),
    };
    let rows = TEAM_INDICATORS
        .iter()
        .map(|i| FigureRow {
            name: i.field.into(),
            label: lang.t(i.label),
            measure: lang.t(i.measure),
            from_activities: String::new(),
            value: if figures.contains_key(i.code) {
                shown(lang, i.code, figures.get(i.code).copied().flatten())
            } else {
                shown(lang, i.code, tally.value(i.code))
            },
            error: None,
        })
        .collect();
    let may_send = access == Access::Ward(id) && status.is_none_or(ReportStatus::editable);
    let page = ReportPage {
        title: lang.t("teams-ward-report"),
        subtitle: ward.data.name.clone(),
        tag: status_tag(lang, status),
        return_note: report.as_ref().and_then(|r| r.return_note.clone()),
        rows,
        save_to: may_send.then(|| paths::WARD_TEAMS_REPORT.with2(id, period.key())),
        completeness: Some(lang.t_args(
            "teams-completeness",
            &[
                ("received", tally.received.to_string()),
                ("targets", tally.expected.to_string()),
            ],
        )),
        review_to: (access == Access::Office && status == Some(ReportStatus::Submitted))
            .then(|| paths::WARD_TEAMS_REPORT_REVIEW.with2(id, period.key())),
        ctx: me.ctx,
        period,
        errors: Errors::default(),
    };
    render(StatusCode::OK, &page)
}

/// `POST /quan-tri/to-cong-nghe-so/phuong/{id}/bao-cao/{period}`: the ward sends its
/// month to the office: its teams' approved figures as they stand now.
pub async fn send_ward_report(
    State(app): State<AppState>,
    me: CurrentUser,
    Path((id, key)): Path<(UnitId, String)>,
    crate::csrf::CsrfForm(_): crate::csrf::CsrfForm<ReportAction>,
) -> Result<Response, AppError> {
    let access = Access::of(&app, &me).await?;
    ward_visible(access, id)?;
    if access != Access::Ward(id) {
        return Err(me.forbidden());
    }
    let period = period_of(&key)?;
    let tally = ward_tally(&app, id, period).await?;
    teams::save_team_report(
        &app.db,
        me.actor(),
        id,
        None,
        period,
        &tally.figures(),
        true,
    )
    .await?
    .map_err(refused)?;
    saved(
        &me,
        "flash-team-report-sent",
        paths::WARD_TEAMS_REPORT.with2(id, period.key()),
    )
    .await
}

/// `POST /quan-tri/to-cong-nghe-so/phuong/{id}/bao-cao/{period}/duyet`: the office
/// approves a ward's sent month or returns it with a note.
pub async fn review_ward_report(
    State(app): State<AppState>,
    me: CurrentUser,
    Path((id, key)): Path<(UnitId, String)>,
    crate::csrf::CsrfForm(form): crate::csrf::CsrfForm<ReviewForm>,
) -> Result<Response, AppError> {
    let access = Access::of(&app, &me).await?;
    if access != Access::Office {
        return Err(AppError::NotFound);
    }
    let period = period_of(&key)?;
    review(
        &app,
        &me,
        id,
        None,
        period,
        &form,
        paths::WARD_TEAMS_REPORT.with2(id, period.key()),
    )
    .await
}

/// The cadence the office chooses.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CadenceForm {
    pub cadence: String,
}

/// `POST /quan-tri/to-cong-nghe-so/ky-bao-cao`: the office sets how often teams report.
pub async fn set_cadence(
    State(app): State<AppState>,
    me: CurrentUser,
    crate::csrf::CsrfForm(form): crate::csrf::CsrfForm<CadenceForm>,
) -> Result<Response, AppError> {
    if Access::of(&app, &me).await? != Access::Office {
        return Err(me.forbidden());
    }
    let c = dxday_domain::team::Cadence::parse(&form.cadence)
        .map_err(|_| AppError::BadRequest("err-choice"))?;
    teams::set_cadence(&app.db, me.actor(), c).await?;
    saved(&me, "flash-saved", paths::TEAM_REPORTS.pattern().into()).await
}

//! The teams of a ward (or of every ward, for the office), its groups, and one team.

use super::*;

/// A team as the lists show it.
pub struct TeamLine {
    pub t: Team,
    pub status: String,
    /// This month's people reached (approved) against the team's target, or empty.
    pub progress: String,
}

#[derive(Template)]
#[template(path = "admin/teams.html")]
pub(super) struct TeamsPage {
    ctx: Ctx,
    is_ward: bool,
    groups: Vec<Group>,
    teams: Vec<TeamLine>,
    form: GroupForm,
    errors: Errors,
    import_errors: Vec<(usize, &'static str, String)>,
}

async fn teams_page(
    app: &AppState,
    me: CurrentUser,
    form: GroupForm,
    errors: Errors,
    import_errors: Vec<(usize, &'static str, String)>,
) -> Result<TeamsPage, AppError> {
    let is_ward = keeper(app, &me).await?.is_some();
    let lang = me.ctx.lang;
    let groups = teams::groups(&app.db, &me.scope).await?;
    let month = super::reports::this_period(app).await?;
    let lines = teams::rollup(&app.db, &me.scope, &[month], teams::Level::Team).await?;
    let code = dxday_domain::team::ATTENDANCE;
    let teams = teams::teams(&app.db, &me.scope)
        .await?
        .into_iter()
        .map(|t| {
            let line = lines.lines.iter().find(|l| l.key == t.id.0);
            let progress = match line {
                Some(l) => match (l.tally.value(code), l.targets.get(code), l.progress(code)) {
                    (Some(v), Some(target), Some(p)) => {
                        format!("{} / {} ({p} %)", lang.number(v), lang.number(*target))
                    }
                    (None, Some(target), _) => format!("— / {}", lang.number(*target)),
                    (Some(v), _, _) => lang.number(v),
                    _ => String::new(),
                },
                None => String::new(),
            };
            TeamLine {
                status: lang.t(t.data.status.label_key()),
                progress,
                t,
            }
        })
        .collect();
    Ok(TeamsPage {
        ctx: me.ctx,
        is_ward,
        groups,
        teams,
        form,
        errors,
        import_errors,
    })
}

/// `GET /quan-tri/to-cong-nghe-so`: the groups and teams (a ward's own; the office's
/// every ward's), and for a ward the forms to add and import groups.
pub async fn index(State(app): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    // A team member's page is its team's activities.
    if me.user.data.role == dxday_domain::Role::CommunityTeamMember {
        return Ok(axum::response::Redirect::to(paths::TEAM_ACTIVITIES.pattern()).into_response());
    }
    let page = teams_page(
        &app,
        me,
        GroupForm::default(),
        Errors::default(),
        Vec::new(),
    )
    .await?;
    render(StatusCode::OK, &page)
}

/// `POST /quan-tri/to-cong-nghe-so/to-dan-pho`: a ward's new residential group.
pub async fn create_group(
    State(app): State<AppState>,
    me: CurrentUser,
    CsrfForm(form): CsrfForm<GroupForm>,
) -> Result<Response, AppError> {
    let ward = ward_keeper(&app, &me).await?;
    let actor = me.actor();
    let write = async |data| {
        teams::insert_group(&app.db, actor, ward, &data).await?;
        Ok(paths::TEAMS.into())
    };
    let parsed = form.parse();
    save_form(me, parsed, write, async |me, errors| {
        teams_page(&app, me, form, errors, Vec::new()).await
    })
    .await
}

/// `POST /quan-tri/to-cong-nghe-so/to-dan-pho/nhap`: a ward's groups from a CSV or XLSX
/// file; all rows or none, every error listed by row and column.
pub async fn import_groups(
    State(app): State<AppState>,
    me: CurrentUser,
    crate::upload::CsrfUpload(up): crate::upload::CsrfUpload,
) -> Result<Response, AppError> {
    let ward = ward_keeper(&app, &me).await?;
    let lang = me.ctx.lang;
    let problems = match crate::upload::import_rows(&app, &up, "ten_to").await? {
        Err(e) => e,
        Ok(rows) => {
            let existing = teams::group_codes(&app.db, ward).await?;
            match dxday_domain::team::parse_group_import(&rows, &existing) {
                Ok(groups) => {
                    teams::import_groups(&app.db, me.actor(), ward, &groups).await?;
                    return saved(&me, "flash-imported-groups", paths::TEAMS.into()).await;
                }
                Err(e) => e,
            }
        }
    };
    let import_errors = problems
        .into_iter()
        .map(|e| (e.row, e.column, lang.t(e.key)))
        .collect();
    let page = teams_page(
        &app,
        me,
        GroupForm::default(),
        Errors::default(),
        import_errors,
    )
    .await?;
    render(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

#[derive(Template)]
#[template(path = "admin/team.html")]
pub(super) struct TeamPage {
    ctx: Ctx,
    team: Option<Team>,
    editable: bool,
    form: TeamForm,
    errors: Errors,
    groups: Vec<Opt>,
    statuses: Vec<Opt>,
    successors: Vec<Opt>,
    members: Vec<MemberLine>,
    /// The ward's community team member accounts (for the ward): on this team or not.
    accounts: Vec<(teams::TeamAccount, bool)>,
    /// This month's report of the team.
    month: String,
}

/// A member as the team's page lists them.
pub struct MemberLine {
    pub m: Member,
    pub role: String,
    pub platform: String,
}

async fn team_page(
    app: &AppState,
    me: CurrentUser,
    team: Option<Team>,
    form: TeamForm,
    errors: Errors,
) -> Result<TeamPage, AppError> {
    let editable = keeper(app, &me).await?.is_some();
    let lang = me.ctx.lang;
    let ward = team.as_ref().map(|t| t.ward_id);
    let groups = teams::groups(&app.db, &me.scope)
        .await?
        .into_iter()
        .filter(|g| ward.is_none_or(|w| w == g.ward_id))
        .map(|g| (g.id.to_string(), format!("{} – {}", g.code, g.name)))
        .collect();
    let successors = teams::teams(&app.db, &me.scope)
        .await?
        .into_iter()
        .filter(|t| {
            ward.is_none_or(|w| w == t.ward_id) && Some(t.id) != team.as_ref().map(|x| x.id)
        })
        .map(|t| {
            (
                t.id.to_string(),
                format!("{} ({})", t.data.name, t.group_name),
            )
        })
        .collect();
    let members = match &team {
        Some(t) => teams::members(&app.db, &me.scope, t.id)
            .await?
            .into_iter()
            .map(|m| MemberLine {
                role: lang.t(m.data.role.label_key()),
                platform: m
                    .data
                    .platform
                    .map(|p| lang.t(p.label_key()))
                    .unwrap_or_default(),
                m,
            })
            .collect(),
        None => Vec::new(),
    };
    let accounts = match (&team, editable) {
        (Some(t), true) => teams::team_accounts(&app.db, t.ward_id)
            .await?
            .into_iter()
            .map(|a| {
                let on = a.team_id == Some(t.id.0);
                (a, on)
            })
            .collect(),
        _ => Vec::new(),
    };
    let month = super::reports::this_period(app).await?.key();
    Ok(TeamPage {
        accounts,
        month,
        groups: choice(lang, "teams-no-group", groups, &form.group_id),
        statuses: status_options(lang, &form.status),
        successors: choice(lang, "teams-no-successor", successors, &form.successor_id),
        ctx: me.ctx,
        team,
        editable,
        form,
        errors,
        members,
    })
}

/// `GET /quan-tri/to-cong-nghe-so/moi`: a ward's blank team form.
pub async fn new_team(State(app): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    ward_keeper(&app, &me).await?;
    let page = team_page(&app, me, None, TeamForm::default(), Errors::default()).await?;
    render(StatusCode::OK, &page)
}

/// `POST /quan-tri/to-cong-nghe-so/moi`: a ward's new team.
pub async fn create_team(
    State(app): State<AppState>,
    me: CurrentUser,
    CsrfForm(form): CsrfForm<TeamForm>,
) -> Result<Response, AppError> {
    let ward = ward_keeper(&app, &me).await?;
    let actor = me.actor();
    let write = async |data| {
        let id = teams::insert_team(&app.db, actor, ward, &data).await?;
        app.invalidate_public_cache();
        Ok(paths::TEAM.with(id))
    };
    let parsed = form.parse();
    save_form(me, parsed, write, async |me, errors| {
        team_page(&app, me, None, form, errors).await
    })
    .await
}

/// The team `id` in the account's scope (another ward's: 404).
async fn visible_team(app: &AppState, me: &CurrentUser, id: TeamId) -> Result<Team, AppError> {
    keeper(app, me).await?;
    teams::team(&app.db, &me.scope, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// `GET /quan-tri/to-cong-nghe-so/{id}`: a team, its members and (for its ward) the form.
pub async fn show_team(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<TeamId>,
) -> Result<Response, AppError> {
    let team = visible_team(&app, &me, id).await?;
    let form = TeamForm::from_data(&team.data);
    let page = team_page(&app, me, Some(team), form, Errors::default()).await?;
    render(StatusCode::OK, &page)
}

/// `POST /quan-tri/to-cong-nghe-so/{id}`: the ward changes its team.
pub async fn update_team(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<TeamId>,
    CsrfForm(form): CsrfForm<TeamForm>,
) -> Result<Response, AppError> {
    let team = visible_team(&app, &me, id).await?;
    let ward = ward_keeper(&app, &me).await?;
    let actor = me.actor();
    let write = async |data| {
        if !teams::update_team(&app.db, actor, ward, id, &data).await? {
            return Err(AppError::NotFound.into());
        }
        app.invalidate_public_cache();
        Ok(paths::TEAM.with(id))
    };
    let parsed = form.parse();
    save_form(me, parsed, write, async |me, errors| {
        team_page(&app, me, Some(team), form, errors).await
    })
    .await
}

/// The account and what to do with it.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct AccountForm {
    pub user_id: String,
    /// `1` puts the account on the team; anything else takes it off.
    pub on: String,
}

/// `POST /quan-tri/to-cong-nghe-so/{id}/tai-khoan`: the ward puts one of its community
/// team member accounts on this team (it then records this team's activities), or
/// takes it off.
pub async fn set_account(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<TeamId>,
    crate::csrf::CsrfForm(form): crate::csrf::CsrfForm<AccountForm>,
) -> Result<Response, AppError> {
    let team = visible_team(&app, &me, id).await?;
    let ward = ward_keeper(&app, &me).await?;
    let user = form
        .user_id
        .parse::<dxday_domain::UserId>()
        .map_err(|_| AppError::BadRequest("err-form"))?;
    let to = (form.on == "1").then_some(team.id);
    if !teams::set_account_team(&app.db, me.actor(), ward, user, to).await? {
        return Err(AppError::NotFound);
    }
    saved(&me, "flash-saved", paths::TEAM.with(id)).await
}

/// `GET /quan-tri/to-cong-nghe-so/danh-sach.xlsx`: the teams and their members (the
/// ward's; every ward's for the office). Members are personal data: not for the public
/// nor for a team member's account.
pub async fn register_xlsx(
    State(app): State<AppState>,
    me: CurrentUser,
) -> Result<Response, AppError> {
    keeper(&app, &me).await?;
    let bytes = dxday_app::teams::register_workbook(&app.db, &me.scope, me.ctx.lang).await?;
    crate::download::attachment("to-cong-nghe-so.xlsx", crate::download::XLSX, bytes)
}

/// Largest founding decision (a scanned PDF).
pub const DECISION_LIMIT: usize = 10 * 1024 * 1024;
/// Largest decision form: the file and the token.
pub const DECISION_UPLOAD_LIMIT: usize = DECISION_LIMIT + 64 * 1024;

/// `POST /quan-tri/to-cong-nghe-so/{id}/quyet-dinh.pdf`: the ward gives its team's
/// founding decision as a PDF (checked by its content; 10 MB at most).
pub async fn upload_decision(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<TeamId>,
    crate::upload::CsrfUpload(up): crate::upload::CsrfUpload,
) -> Result<Response, AppError> {
    let team = visible_team(&app, &me, id).await?;
    let ward = ward_keeper(&app, &me).await?;
    let bytes = up
        .file("decision")
        .ok_or(AppError::BadRequest("err-decision-file"))?;
    let key = crate::upload::store_pdf(
        &app,
        bytes,
        "team_decision",
        DECISION_LIMIT,
        "err-decision-size",
        "err-decision-file",
    )
    .await?;
    if !teams::set_decision_file(&app.db, me.actor(), ward, team.id, &key).await? {
        return Err(AppError::NotFound);
    }
    saved(&me, "flash-saved", paths::TEAM.with(id)).await
}

/// `GET /quan-tri/to-cong-nghe-so/{id}/quyet-dinh.pdf`: the team's founding decision, to
/// its ward and the office (it names the members); 404 until one was given.
pub async fn decision_file(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<TeamId>,
) -> Result<Response, AppError> {
    let team = visible_team(&app, &me, id).await?;
    let key = team.decision_file_key.ok_or(AppError::NotFound)?;
    let bytes = app
        .config
        .files
        .get(&key)
        .await?
        .ok_or(AppError::NotFound)?;
    crate::download::attachment(
        &format!("quyet-dinh-to-cong-nghe-so-{id}.pdf"),
        "application/pdf",
        bytes,
    )
}

//! A team's members: personal data, seen by the team's ward and the office only.

use super::*;

#[derive(Template)]
#[template(path = "admin/member.html")]
pub(super) struct MemberPage {
    ctx: Ctx,
    team: Team,
    id: Option<MemberId>,
    form: MemberForm,
    errors: Errors,
    roles: Vec<Opt>,
    platforms: Vec<Opt>,
}

fn member_page(
    me: CurrentUser,
    team: Team,
    id: Option<MemberId>,
    form: MemberForm,
    errors: Errors,
) -> MemberPage {
    let lang = me.ctx.lang;
    MemberPage {
        roles: role_options(lang, &form.role),
        platforms: platform_options(lang, &form.platform),
        ctx: me.ctx,
        team,
        id,
        form,
        errors,
    }
}

/// `GET /quan-tri/to-cong-nghe-so/{id}/thanh-vien`: a blank member form of the ward's team.
pub async fn new_member(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<TeamId>,
) -> Result<Response, AppError> {
    let team = teams::team(&app.db, &me.scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    ward_keeper(&app, &me).await?;
    render(
        StatusCode::OK,
        &member_page(me, team, None, MemberForm::default(), Errors::default()),
    )
}

/// `POST /quan-tri/to-cong-nghe-so/{id}/thanh-vien`: a new member of the ward's team.
pub async fn create_member(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<TeamId>,
    CsrfForm(form): CsrfForm<MemberForm>,
) -> Result<Response, AppError> {
    let team = teams::team(&app.db, &me.scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let ward = ward_keeper(&app, &me).await?;
    let actor = me.actor();
    let write = async |data| {
        teams::insert_member(&app.db, actor, ward, id, &data)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(paths::TEAM.with(id))
    };
    let parsed = form.parse();
    save_form(me, parsed, write, async |me, errors| {
        Ok(member_page(me, team, None, form, errors))
    })
    .await
}

/// The member `id` and its team, in the account's scope (another ward's: 404).
async fn visible_member(
    app: &AppState,
    me: &CurrentUser,
    id: MemberId,
) -> Result<(Member, Team), AppError> {
    keeper(app, me).await?;
    let m = teams::member(&app.db, &me.scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let team = teams::team(&app.db, &me.scope, m.team_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((m, team))
}

/// `GET /quan-tri/to-cong-nghe-so/thanh-vien/{id}`: a member's form.
pub async fn show_member(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<MemberId>,
) -> Result<Response, AppError> {
    let (m, team) = visible_member(&app, &me, id).await?;
    let form = MemberForm::from_data(&m.data);
    render(
        StatusCode::OK,
        &member_page(me, team, Some(id), form, Errors::default()),
    )
}

/// `POST /quan-tri/to-cong-nghe-so/thanh-vien/{id}`: the ward changes a member.
pub async fn update_member(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<MemberId>,
    CsrfForm(form): CsrfForm<MemberForm>,
) -> Result<Response, AppError> {
    let (_, team) = visible_member(&app, &me, id).await?;
    let ward = ward_keeper(&app, &me).await?;
    let (actor, team_id) = (me.actor(), team.id);
    let write = async |data| {
        if !teams::update_member(&app.db, actor, ward, id, &data).await? {
            return Err(AppError::NotFound.into());
        }
        Ok(paths::TEAM.with(team_id))
    };
    let parsed = form.parse();
    save_form(me, parsed, write, async |me, errors| {
        Ok(member_page(me, team, Some(id), form, errors))
    })
    .await
}

//! The teams' activities: the log (filtered by team, kind and dates, paged) and the
//! form a team member fills on a phone after a visit or a session.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect};
use dxday_domain::dates::{self, today_in_vietnam};
use dxday_domain::team::ActivityData;
use dxday_domain::team::{ActivityForm, ActivityKind, Counts, TeamIndicator};
use dxday_domain::{ActivityId, ActivityPhotoId, FieldErrors};
use dxday_media::kit::AssetFormat;
use dxday_store::teams::{Activity, ActivityFilter};
use dxday_store::teams::{ActivityPhoto, NewPhoto};
use serde::Deserialize;
use time::OffsetDateTime;

use super::*;

const PAGE: i64 = 50;

/// Largest photo of an activity (as for display evidence).
pub const PHOTO_LIMIT: usize = 10 * 1024 * 1024;
/// Largest activity form: its photo and fields.
pub const ACTIVITY_UPLOAD_LIMIT: usize = PHOTO_LIMIT + 64 * 1024;

/// The log's filters as the address carries them.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LogQuery {
    pub to: String,
    pub loai: String,
    pub tu: String,
    pub den: String,
    pub trang: String,
    /// A ward's "record for this team" choice.
    pub ghi: String,
}

/// An activity as the log lists it.
pub struct LogLine {
    pub a: Activity,
    pub kind: String,
    pub attendance: String,
    /// "VNeID: 12 · DVC: 3" for the indicators it recorded, besides attendance.
    pub results: String,
}

#[derive(Template)]
#[template(path = "admin/team_activities.html")]
pub(super) struct LogPage {
    ctx: Ctx,
    lines: Vec<LogLine>,
    total: i64,
    teams: Vec<Opt>,
    kinds: Vec<Opt>,
    from: String,
    to: String,
    /// The teams this account may record for (a member's one team, a ward's teams).
    record_for: Vec<Opt>,
    member_team: Option<TeamId>,
    /// The office reads every ward's: each line names its ward.
    show_ward: bool,
    previous: Option<String>,
    next: Option<String>,
    /// The filters have no errors (an unreadable one is left out).
    errors: Errors,
}

/// One indicator's short name and value, for the log.
fn results(lang: Lang, a: &Activity) -> String {
    TeamIndicator::per_activity()
        .filter(|i| i.code != dxday_domain::team::ATTENDANCE)
        .filter_map(|i| {
            a.data.counts.get(i.code).map(|v| {
                format!(
                    "{}: {}",
                    lang.t(&format!("{}-short", i.label)),
                    lang.number(*v)
                )
            })
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

fn query_string(q: &LogQuery, page: i64) -> String {
    let pairs = [
        ("to", q.to.as_str()),
        ("loai", q.loai.as_str()),
        ("tu", q.tu.as_str()),
        ("den", q.den.as_str()),
    ];
    let mut s = serde_urlencoded::to_string(
        pairs
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .collect::<Vec<_>>(),
    )
    .unwrap_or_default();
    if page > 1 {
        if !s.is_empty() {
            s.push('&');
        }
        s.push_str(&format!("trang={page}"));
    }
    format!("{}?{s}", paths::TEAM_ACTIVITIES)
}

/// `GET /quan-tri/to-cong-nghe-so/hoat-dong`: the activities a ward's teams (a member's
/// team; every ward's, for the office) recorded, newest first, filtered and paged.
pub async fn activities(
    State(app): State<AppState>,
    me: CurrentUser,
    Query(q): Query<LogQuery>,
) -> Result<Response, AppError> {
    let access = Access::of(&app, &me).await?;
    let lang = me.ctx.lang;
    let all_teams = teams::teams(&app.db, &me.scope).await?;
    if let Ok(id) = q.ghi.parse::<TeamId>()
        && all_teams
            .iter()
            .any(|t| t.id == id && access.records_for(t).is_some())
    {
        return Ok(Redirect::to(&paths::TEAM_ACTIVITY_NEW.with(id)).into_response());
    }
    let team = access.team().or_else(|| q.to.parse().ok());
    let kind = ActivityKind::parse(&q.loai).ok();
    let from = dates::parse_date(&q.tu).ok();
    let to = dates::parse_date(&q.den).ok();
    let filter = ActivityFilter {
        team,
        kind,
        from,
        to,
    };
    let page = q.trang.parse::<i64>().unwrap_or(1).clamp(1, 10_000);
    let total = teams::activity_count(&app.db, &me.scope, &filter).await?;
    let lines = teams::activities(&app.db, &me.scope, &filter, (page - 1) * PAGE, PAGE)
        .await?
        .into_iter()
        .map(|a| LogLine {
            kind: lang.t(a.data.kind.label_key()),
            attendance: a
                .data
                .counts
                .get(dxday_domain::team::ATTENDANCE)
                .map(|n| lang.number(*n))
                .unwrap_or_default(),
            results: results(lang, &a),
            a,
        })
        .collect();
    let visible: Vec<&Team> = all_teams
        .iter()
        .filter(|t| access.team().is_none_or(|m| m == t.id))
        .collect();
    let selected = team.map(|t| t.to_string()).unwrap_or_default();
    let team_opts = choice(
        lang,
        "teams-all-teams",
        visible
            .iter()
            .map(|t| {
                (
                    t.id.to_string(),
                    format!("{} ({})", t.data.name, t.ward_name),
                )
            })
            .collect(),
        &selected,
    );
    let record_for = visible
        .iter()
        .filter(|t| access.records_for(t).is_some() && t.data.status == TeamStatus::Active)
        .map(|t| Opt {
            value: t.id.to_string(),
            label: format!("{} ({})", t.data.name, t.group_name),
            selected: false,
        })
        .collect();
    let mut kinds = vec![Opt {
        value: String::new(),
        label: lang.t("teams-all-kinds"),
        selected: kind.is_none(),
    }];
    kinds.extend(options(
        &ActivityKind::ALL,
        |k| k.as_str().into(),
        |k| lang.t(k.label_key()),
        kind.map(|k| k.as_str()).unwrap_or(""),
    ));
    let page_link = |p: i64| query_string(&q, p);
    let page = LogPage {
        ctx: me.ctx,
        lines,
        total,
        teams: team_opts,
        kinds,
        from: from.map(dates::format_iso).unwrap_or_default(),
        to: to.map(dates::format_iso).unwrap_or_default(),
        record_for,
        member_team: access.team(),
        show_ward: access == Access::Office,
        previous: (page > 1).then(|| page_link(page - 1)),
        next: (page * PAGE < total).then(|| page_link(page + 1)),
        errors: Errors::default(),
    };
    render(StatusCode::OK, &page)
}

/// A count field of the activity form.
pub struct CountField {
    pub name: String,
    pub label: String,
    pub measure: String,
    pub hint: String,
    pub value: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/team_activity.html")]
pub(super) struct ActivityPage {
    ctx: Ctx,
    team: Team,
    id: Option<ActivityId>,
    editable: bool,
    form: ActivityForm,
    errors: Errors,
    groups: Vec<Opt>,
    kinds: Vec<Opt>,
    counts: Vec<CountField>,
    photos: Vec<ActivityPhoto>,
    /// Another photo may be added.
    room: bool,
}

async fn activity_page(
    app: &AppState,
    me: CurrentUser,
    team: Team,
    id: Option<ActivityId>,
    editable: bool,
    form: ActivityForm,
    errors: Errors,
) -> Result<ActivityPage, AppError> {
    let lang = me.ctx.lang;
    let groups = teams::groups(&app.db, &me.scope)
        .await?
        .into_iter()
        .filter(|g| g.ward_id == team.ward_id)
        .map(|g| (g.id.to_string(), format!("{} – {}", g.code, g.name)))
        .collect();
    let counts = TeamIndicator::per_activity()
        .map(|i| CountField {
            name: i.field.into(),
            label: lang.t(i.label),
            measure: lang.t(i.measure),
            hint: lang.t(match i.counts {
                Counts::Events => "teams-counts-events",
                Counts::People => "teams-counts-people",
            }),
            value: form.counts.get(i.code).cloned().unwrap_or_default(),
            error: errors.get(i.field).cloned(),
        })
        .collect();
    let photos = match id {
        Some(a) => teams::activity_photos(&app.db, a).await?,
        None => Vec::new(),
    };
    Ok(ActivityPage {
        room: (photos.len() as i64) < teams::MAX_PHOTOS,
        photos,
        groups: choice(lang, "teams-no-group", groups, &form.group_id),
        kinds: options(
            &ActivityKind::ALL,
            |k| k.as_str().into(),
            |k| lang.t(k.label_key()),
            &form.kind,
        ),
        counts,
        ctx: me.ctx,
        team,
        id,
        editable,
        form,
        errors,
    })
}

fn today() -> time::Date {
    today_in_vietnam(OffsetDateTime::now_utc())
}

/// `GET /quan-tri/to-cong-nghe-so/{id}/hoat-dong/moi`: a blank activity of the team,
/// dated today, in the team's own group.
pub async fn new_activity(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<TeamId>,
) -> Result<Response, AppError> {
    let access = Access::of(&app, &me).await?;
    let team = access.visible_team(&app, &me, id).await?;
    access.records_for(&team).ok_or_else(|| me.forbidden())?;
    let form = ActivityForm {
        held_on: dates::format_iso(today()),
        group_id: team.data.group_id.to_string(),
        kind: ActivityKind::DoorToDoor.as_str().into(),
        ..ActivityForm::default()
    };
    let page = activity_page(&app, me, team, None, true, form, Errors::default()).await?;
    render(StatusCode::OK, &page)
}

/// The activity form of an upload, and its photo checked and stored when the rest is
/// right (a wrong form stores nothing; a bad photo is an error on its field).
async fn read_upload(
    app: &AppState,
    up: &crate::upload::Upload,
) -> Result<
    (
        ActivityForm,
        Result<(ActivityData, Option<NewPhoto>), FieldErrors>,
    ),
    AppError,
> {
    let pairs: Vec<(String, String)> = up
        .fields
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let form = ActivityForm {
        held_on: up.field("held_on").into(),
        group_id: up.field("group_id").into(),
        kind: up.field("kind").into(),
        place: up.field("place").into(),
        note: up.field("note").into(),
        ..ActivityForm::default()
    }
    .with_counts(&pairs);
    let parsed = match form.parse(today()) {
        Err(e) => Err(e),
        Ok(data) => match up.file("photo") {
            None => Ok((data, None)),
            Some(bytes) => {
                let stored = crate::upload::store_photo(
                    app,
                    bytes,
                    "team_activity",
                    PHOTO_LIMIT,
                    "err-activity-photo-size",
                    "err-activity-photo",
                )
                .await?;
                match stored {
                    Ok(s) => Ok((
                        data,
                        Some(NewPhoto {
                            file_key: s.key,
                            preview_key: s.preview_key.unwrap_or_default(),
                            format: s.format.as_str().into(),
                            size: s.size,
                        }),
                    )),
                    Err(key) => Err(FieldErrors::one("photo", key)),
                }
            }
        },
    };
    Ok((form, parsed))
}

/// `POST /quan-tri/to-cong-nghe-so/{id}/hoat-dong/moi`: records an activity of the team
/// (with a photo, optionally).
pub async fn create_activity(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<TeamId>,
    crate::upload::CsrfUpload(up): crate::upload::CsrfUpload,
) -> Result<Response, AppError> {
    let access = Access::of(&app, &me).await?;
    let team = access.visible_team(&app, &me, id).await?;
    let ward = access.records_for(&team).ok_or_else(|| me.forbidden())?;
    let (form, parsed) = read_upload(&app, &up).await?;
    let actor = me.actor();
    let write =
        async |(data, photo): (ActivityData, Option<NewPhoto>)| match teams::insert_activity(
            &app.db,
            actor,
            ward,
            id,
            &data,
            photo.as_ref(),
        )
        .await?
        {
            Ok(_) => Ok(format!("{}?to={id}", paths::TEAM_ACTIVITIES)),
            Err(r) => Err(refused(r).into()),
        };
    save_form(me, parsed, write, async |me, errors| {
        activity_page(&app, me, team, None, true, form, errors).await
    })
    .await
}

/// The activity `id` and its team, as this account may see them (404 otherwise).
async fn visible_activity(
    app: &AppState,
    me: &CurrentUser,
    access: Access,
    id: ActivityId,
) -> Result<(Activity, Team), AppError> {
    let a = teams::activity(&app.db, &me.scope, id)
        .await?
        .filter(|a| access.team().is_none_or(|t| t == a.team_id))
        .ok_or(AppError::NotFound)?;
    let team = access.visible_team(app, me, a.team_id).await?;
    Ok((a, team))
}

/// `GET /quan-tri/to-cong-nghe-so/hoat-dong/{id}`: an activity, with the form for those
/// who record for its team while its month is open.
pub async fn show_activity(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<ActivityId>,
) -> Result<Response, AppError> {
    let access = Access::of(&app, &me).await?;
    let (a, team) = visible_activity(&app, &me, access, id).await?;
    let editable = access.records_for(&team).is_some();
    let form = ActivityForm::from_data(&a.data);
    let page = activity_page(&app, me, team, Some(id), editable, form, Errors::default()).await?;
    render(StatusCode::OK, &page)
}

/// `POST /quan-tri/to-cong-nghe-so/hoat-dong/{id}`: changes an activity, adding a photo
/// when one is chosen (409 once its month's report is sent).
pub async fn update_activity(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<ActivityId>,
    crate::upload::CsrfUpload(up): crate::upload::CsrfUpload,
) -> Result<Response, AppError> {
    let access = Access::of(&app, &me).await?;
    let (_, team) = visible_activity(&app, &me, access, id).await?;
    let ward = access.records_for(&team).ok_or_else(|| me.forbidden())?;
    let (form, parsed) = read_upload(&app, &up).await?;
    let actor = me.actor();
    let only = access.team();
    let write =
        async |(data, photo): (ActivityData, Option<NewPhoto>)| match teams::update_activity(
            &app.db,
            actor,
            ward,
            only,
            id,
            &data,
            photo.as_ref(),
        )
        .await?
        {
            Ok(()) => Ok(paths::TEAM_ACTIVITY.with(id)),
            Err(r) => Err(refused(r).into()),
        };
    save_form(me, parsed, write, async |me, errors| {
        activity_page(&app, me, team, Some(id), true, form, errors).await
    })
    .await
}

/// Which file of a photo: `goc` the original (a download); otherwise the preview.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PhotoQuery {
    pub ban: String,
}

/// `GET /quan-tri/to-cong-nghe-so/anh/{id}[?ban=goc]`: a photo of an activity, to those
/// who see the activity; anyone else: 404.
pub async fn activity_photo(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<ActivityPhotoId>,
    Query(q): Query<PhotoQuery>,
) -> Result<Response, AppError> {
    let access = Access::of(&app, &me).await?;
    let (photo, _) = teams::activity_photo(&app.db, &me.scope, id)
        .await?
        .filter(|(_, t)| access.team().is_none_or(|m| m == *t))
        .ok_or(AppError::NotFound)?;
    let original = q.ban == "goc";
    let key = if original {
        &photo.file_key
    } else {
        &photo.preview_key
    };
    let bytes = app.config.files.get(key).await?.ok_or(AppError::NotFound)?;
    if original {
        let format = AssetFormat::parse(&photo.format).ok_or(AppError::NotFound)?;
        return crate::download::attachment(
            &format!("hoat-dong-{}-{id}.{}", photo.activity_id, photo.format),
            format.media_type(),
            bytes,
        );
    }
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("image/png")),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=3600"),
            ),
        ],
        bytes,
    )
        .into_response())
}

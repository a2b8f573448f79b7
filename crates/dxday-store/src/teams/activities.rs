//! The activities a team records, with their counts per indicator (an indicator not
//! recorded has no row: missing is not 0). An activity of a month whose report is sent
//! or approved can no longer be added or changed.

use dxday_domain::team::{ActivityData, ActivityKind, Figures};
use dxday_domain::{ActivityId, ActivityPhotoId};
use time::Date;

use super::*;
use crate::time_text::date;

/// Why a change to a team's activities or reports was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkRefused {
    /// No such team, activity or report in the ward (answer 404).
    NotFound,
    /// The month's report is sent or approved: its activities are closed.
    PeriodClosed,
    /// An approved report is locked.
    Approved,
    /// A sent report waits for its review.
    Submitted,
    /// Only a sent report can be reviewed.
    NotSubmitted,
}

/// Most photos an activity keeps.
pub const MAX_PHOTOS: i64 = 3;

/// A photo of an activity, checked and stored (its preview beside it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewPhoto {
    pub file_key: String,
    pub preview_key: String,
    pub format: String,
    pub size: i64,
}

/// A stored photo of an activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromRow)]
pub struct ActivityPhoto {
    #[sqlx(try_from = "i64")]
    pub id: ActivityPhotoId,
    #[sqlx(try_from = "i64")]
    pub activity_id: ActivityId,
    pub file_key: String,
    pub preview_key: String,
    pub format: String,
}

/// An activity's photos, oldest first (the caller has found the activity in its scope).
pub async fn activity_photos(
    db: &Db,
    activity: ActivityId,
) -> Result<Vec<ActivityPhoto>, StoreError> {
    Ok(sqlx::query_as::<Any, ActivityPhoto>(
        "SELECT id, activity_id, file_key, preview_key, format FROM team_activity_photos
         WHERE activity_id = $1 ORDER BY id",
    )
    .bind(activity.0)
    .fetch_all(db.pool())
    .await?)
}

/// One photo in the scope, with the team of its activity (another ward's: not found).
pub async fn activity_photo(
    db: &Db,
    scope: &Scope,
    id: ActivityPhotoId,
) -> Result<Option<(ActivityPhoto, TeamId)>, StoreError> {
    #[derive(FromRow)]
    struct Row {
        #[sqlx(flatten)]
        photo: ActivityPhoto,
        team_id: i64,
    }
    let row = sqlx::query_as::<Any, Row>(sqlx::AssertSqlSafe(format!(
        "SELECT p.id, p.activity_id, p.file_key, p.preview_key, p.format, a.team_id
         FROM team_activity_photos p JOIN team_activities a ON a.id = p.activity_id
         WHERE p.id = {} AND {}",
        id.0,
        unit_is(scope, "p.ward_id")
    )))
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(|r| (r.photo, TeamId(r.team_id))))
}

/// Adds a photo to an activity (in the caller's transaction); more than
/// [`MAX_PHOTOS`] is refused on the `photo` field.
async fn add_photo(
    tx: &mut AnyConnection,
    ward: UnitId,
    activity: i64,
    p: &NewPhoto,
) -> Result<(), StoreError> {
    let n: i64 = sqlx::query_scalar::<Any, i64>(
        "SELECT COUNT(*) FROM team_activity_photos WHERE activity_id = $1",
    )
    .bind(activity)
    .fetch_one(&mut *tx)
    .await?;
    if n >= MAX_PHOTOS {
        return Err(StoreError::Field {
            field: "photo",
            key: "err-activity-photos-many",
        });
    }
    sqlx::query::<Any>(
        "INSERT INTO team_activity_photos (activity_id, ward_id, file_key, preview_key, format, size, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(activity)
    .bind(ward.0)
    .bind(p.file_key.as_str())
    .bind(p.preview_key.as_str())
    .bind(p.format.as_str())
    .bind(p.size)
    .bind(now_text())
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// An activity as the log shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Activity {
    pub id: ActivityId,
    pub team_id: TeamId,
    pub team_name: String,
    pub ward_id: UnitId,
    pub ward_name: String,
    pub group_name: String,
    pub recorded_by: Option<String>,
    pub data: ActivityData,
}

#[derive(FromRow)]
struct ActivityRow {
    id: i64,
    team_id: i64,
    team_name: String,
    ward_id: i64,
    ward_name: String,
    group_id: i64,
    group_name: String,
    held_on: String,
    kind: String,
    place: Option<String>,
    note: Option<String>,
    recorded_by: Option<String>,
}

const ACTIVITIES: &str =
    "SELECT a.id, a.team_id, t.name AS team_name, a.ward_id, u.name AS ward_name, a.group_id,
        g.name AS group_name, a.held_on, a.kind, a.place, a.note, r.full_name AS recorded_by
    FROM team_activities a
    JOIN community_teams t ON t.id = a.team_id
    JOIN units u ON u.id = a.ward_id
    JOIN residential_groups g ON g.id = a.group_id
    LEFT JOIN users r ON r.id = a.recorded_by";

/// Which activities a log shows.
#[derive(Debug, Clone, Default)]
pub struct ActivityFilter {
    pub team: Option<TeamId>,
    pub kind: Option<ActivityKind>,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

impl ActivityFilter {
    /// The filter as a condition on `a` (ids and dates are the code's, not typed text).
    fn condition(&self, scope: &Scope) -> String {
        let mut c = vec![unit_is(scope, "a.ward_id")];
        if let Some(t) = self.team {
            c.push(format!("a.team_id = {}", t.0));
        }
        if let Some(k) = self.kind {
            c.push(format!("a.kind = '{}'", k.as_str()));
        }
        if let Some(d) = self.from {
            c.push(format!("a.held_on >= '{}'", date_text(d)));
        }
        if let Some(d) = self.to {
            c.push(format!("a.held_on <= '{}'", date_text(d)));
        }
        c.join(" AND ")
    }
}

async fn with_counts(db: &Db, rows: Vec<ActivityRow>) -> Result<Vec<Activity>, StoreError> {
    let mut counts: std::collections::BTreeMap<i64, Figures> = Default::default();
    if !rows.is_empty() {
        let ids: Vec<String> = rows.iter().map(|r| r.id.to_string()).collect();
        let found = sqlx::query_as::<Any, (i64, String, i64)>(sqlx::AssertSqlSafe(format!(
            "SELECT activity_id, indicator, value FROM team_activity_counts WHERE activity_id IN ({})",
            ids.join(", ")
        )))
        .fetch_all(db.pool())
        .await?;
        for (id, code, v) in found {
            counts.entry(id).or_default().insert(code, v);
        }
    }
    rows.into_iter()
        .map(|r| {
            Ok(Activity {
                id: ActivityId(r.id),
                team_id: TeamId(r.team_id),
                team_name: r.team_name,
                ward_id: UnitId(r.ward_id),
                ward_name: r.ward_name,
                group_name: r.group_name,
                recorded_by: r.recorded_by,
                data: ActivityData {
                    held_on: date(&r.held_on)?,
                    group_id: GroupId(r.group_id),
                    kind: ActivityKind::parse(&r.kind)
                        .map_err(|_| StoreError::Corrupt("activity kind".into()))?,
                    place: r.place,
                    note: r.note,
                    counts: counts.remove(&r.id).unwrap_or_default(),
                },
            })
        })
        .collect()
}

/// A page of the activities in the scope that pass the filter, newest first.
pub async fn activities(
    db: &Db,
    scope: &Scope,
    filter: &ActivityFilter,
    offset: i64,
    limit: i64,
) -> Result<Vec<Activity>, StoreError> {
    let rows = sqlx::query_as::<Any, ActivityRow>(sqlx::AssertSqlSafe(format!(
        "{ACTIVITIES} WHERE {} ORDER BY a.held_on DESC, a.id DESC LIMIT {} OFFSET {}",
        filter.condition(scope),
        limit.clamp(1, 500),
        offset.max(0)
    )))
    .fetch_all(db.pool())
    .await?;
    with_counts(db, rows).await
}

/// How many activities pass the filter.
pub async fn activity_count(
    db: &Db,
    scope: &Scope,
    filter: &ActivityFilter,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar::<Any, i64>(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM team_activities a WHERE {}",
        filter.condition(scope)
    )))
    .fetch_one(db.pool())
    .await?)
}

/// One activity in the scope (another ward's is not found).
pub async fn activity(
    db: &Db,
    scope: &Scope,
    id: ActivityId,
) -> Result<Option<Activity>, StoreError> {
    let rows = sqlx::query_as::<Any, ActivityRow>(sqlx::AssertSqlSafe(format!(
        "{ACTIVITIES} WHERE a.id = {} AND {}",
        id.0,
        unit_is(scope, "a.ward_id")
    )))
    .fetch_all(db.pool())
    .await?;
    Ok(with_counts(db, rows).await?.pop())
}

/// Takes the team's row lock for the rest of the transaction, so that an activity and
/// the report of its period are never written at the same time: an activity saved while
/// its period's report is being sent either lands before (and is in the report) or
/// finds the period closed.
pub(crate) async fn lock_team(tx: &mut AnyConnection, team: TeamId) -> Result<(), StoreError> {
    sqlx::query::<Any>("UPDATE community_teams SET updated_at = updated_at WHERE id = $1")
        .bind(team.0)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// True when the team's report for the month of `day` is sent or approved.
async fn period_closed(
    tx: &mut AnyConnection,
    team: TeamId,
    day: Date,
) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar::<Any, i64>(
        "SELECT COUNT(*) FROM team_reports
         WHERE team_id = $1 AND period_start <= $2 AND period_end >= $2 AND status IN ('submitted', 'approved')",
    )
    .bind(team.0)
    .bind(date_text(day))
    .fetch_one(&mut *tx)
    .await?;
    Ok(n > 0)
}

async fn write_counts(tx: &mut AnyConnection, id: i64, counts: &Figures) -> Result<(), StoreError> {
    sqlx::query::<Any>("DELETE FROM team_activity_counts WHERE activity_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    for (code, v) in counts {
        sqlx::query::<Any>(
            "INSERT INTO team_activity_counts (activity_id, indicator, value) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(code.as_str())
        .bind(*v)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Refuses a place that is not one of the ward's groups.
async fn check_group(
    tx: &mut AnyConnection,
    ward: UnitId,
    a: &ActivityData,
) -> Result<(), StoreError> {
    if ward_has(&mut *tx, "residential_groups", a.group_id.0, ward).await? {
        Ok(())
    } else {
        Err(StoreError::Field {
            field: "group_id",
            key: "err-choice",
        })
    }
}

/// A new activity of a ward's team, recorded by `actor`.
pub async fn insert_activity(
    db: &Db,
    actor: Option<UserId>,
    ward: UnitId,
    team: TeamId,
    a: &ActivityData,
    photo: Option<&NewPhoto>,
) -> Result<Result<ActivityId, WorkRefused>, StoreError> {
    audit::write_checked(db, actor, async |tx| {
        if !ward_has(&mut *tx, "community_teams", team.0, ward).await? {
            return Ok(Err(WorkRefused::NotFound));
        }
        check_group(&mut *tx, ward, a).await?;
        lock_team(&mut *tx, team).await?;
        if period_closed(&mut *tx, team, a.held_on).await? {
            return Ok(Err(WorkRefused::PeriodClosed));
        }
        let now = now_text();
        let id = sqlx::query_scalar::<Any, i64>(
            "INSERT INTO team_activities (team_id, ward_id, group_id, held_on, kind, place, note, recorded_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
        )
        .bind(team.0)
        .bind(ward.0)
        .bind(a.group_id.0)
        .bind(date_text(a.held_on))
        .bind(a.kind.as_str())
        .bind(a.place.clone())
        .bind(a.note.clone())
        .bind(actor.map(|u| u.0))
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        write_counts(&mut *tx, id, &a.counts).await?;
        if let Some(p) = photo {
            add_photo(&mut *tx, ward, id, p).await?;
        }
        let entry = Entry::new("activity.create", "team_activity", id).after(a);
        Ok(Ok((ActivityId(id), entry)))
    })
    .await
}

/// Changes an activity of a ward (of `team` only, when given: a team member's).
pub async fn update_activity(
    db: &Db,
    actor: Option<UserId>,
    ward: UnitId,
    team: Option<TeamId>,
    id: ActivityId,
    a: &ActivityData,
    photo: Option<&NewPhoto>,
) -> Result<Result<(), WorkRefused>, StoreError> {
    audit::write_checked(db, actor, async |tx| {
        let found = sqlx::query_as::<Any, (i64, String)>(
            "SELECT team_id, held_on FROM team_activities WHERE id = $1 AND ward_id = $2",
        )
        .bind(id.0)
        .bind(ward.0)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((team_id, held_on)) = found.filter(|(t, _)| team.is_none_or(|x| x.0 == *t))
        else {
            return Ok(Err(WorkRefused::NotFound));
        };
        check_group(&mut *tx, ward, a).await?;
        let owner = TeamId(team_id);
        lock_team(&mut *tx, owner).await?;
        if period_closed(&mut *tx, owner, date(&held_on)?).await?
            || period_closed(&mut *tx, owner, a.held_on).await?
        {
            return Ok(Err(WorkRefused::PeriodClosed));
        }
        sqlx::query::<Any>(
            "UPDATE team_activities SET group_id = $1, held_on = $2, kind = $3, place = $4, note = $5, updated_at = $6
             WHERE id = $7",
        )
        .bind(a.group_id.0)
        .bind(date_text(a.held_on))
        .bind(a.kind.as_str())
        .bind(a.place.clone())
        .bind(a.note.clone())
        .bind(now_text())
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        write_counts(&mut *tx, id.0, &a.counts).await?;
        if let Some(p) = photo {
            add_photo(&mut *tx, ward, id.0, p).await?;
        }
        let entry = Entry::new("activity.update", "team_activity", id.0).after(a);
        Ok(Ok(((), entry)))
    })
    .await
}

//! Community digital technology teams: a ward's residential groups, its teams and their
//! members. Every read of a ward's data names a scope, applied in the statement (a row
//! of another ward is not found); writes take the ward the account keeps. The public
//! reads only active teams' published contact.

use dxday_domain::team::{
    GroupData, ImportedGroup, MemberData, MemberRole, Platform, TeamData, TeamStatus, search_key,
};
use dxday_domain::{GroupId, MemberId, Scope, TeamId, UnitId, UserId};
use serde::Serialize;
use sqlx::{Any, AnyConnection, FromRow};

use crate::audit::{self, Entry};
use crate::error::taken_as;
use crate::scope_sql::unit_is;
use crate::time_text::{date_text, now_text, opt_date};
use crate::{Db, StoreError};

mod accounts;
mod activities;
mod members;
mod reports;
mod rollup;
mod targets;
pub use accounts::*;
pub use activities::*;
pub use members::*;
pub use reports::*;
pub use rollup::*;
pub use targets::*;

/// A residential group, with how many teams it has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromRow)]
pub struct Group {
    #[sqlx(try_from = "i64")]
    pub id: GroupId,
    #[sqlx(try_from = "i64")]
    pub ward_id: UnitId,
    pub ward_name: String,
    pub code: String,
    pub name: String,
    pub households: Option<i64>,
    pub population: Option<i64>,
    pub teams: i64,
}

/// A team as the ward and the office see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Team {
    pub id: TeamId,
    pub ward_id: UnitId,
    pub ward_name: String,
    pub group_code: String,
    pub group_name: String,
    pub data: TeamData,
    pub successor_name: Option<String>,
    /// Members who have not left.
    pub members: i64,
    /// The day of its latest activity.
    pub last_activity: Option<time::Date>,
    /// Where the founding decision's PDF is stored, once the ward gave it.
    pub decision_file_key: Option<String>,
}

#[derive(FromRow)]
struct TeamRow {
    id: i64,
    ward_id: i64,
    ward_name: String,
    group_id: i64,
    group_code: String,
    group_name: String,
    name: String,
    status: String,
    decision_number: Option<String>,
    decision_date: Option<String>,
    decision_issuer: Option<String>,
    successor_id: Option<i64>,
    successor_name: Option<String>,
    contact_name: Option<String>,
    contact_phone: Option<String>,
    help_line: Option<String>,
    network_member: i64,
    members: i64,
    last_activity: Option<String>,
    decision_file_key: Option<String>,
}

impl TryFrom<TeamRow> for Team {
    type Error = StoreError;
    fn try_from(r: TeamRow) -> Result<Team, StoreError> {
        Ok(Team {
            id: TeamId(r.id),
            ward_id: UnitId(r.ward_id),
            ward_name: r.ward_name,
            group_code: r.group_code,
            group_name: r.group_name,
            successor_name: r.successor_name,
            members: r.members,
            last_activity: opt_date(r.last_activity.as_deref())?,
            decision_file_key: r.decision_file_key,
            data: TeamData {
                group_id: GroupId(r.group_id),
                name: r.name,
                status: TeamStatus::parse(&r.status)
                    .map_err(|_| StoreError::Corrupt("team status".into()))?,
                decision_number: r.decision_number,
                decision_date: opt_date(r.decision_date.as_deref())?,
                decision_issuer: r.decision_issuer,
                successor_id: r.successor_id.map(TeamId),
                contact_name: r.contact_name,
                contact_phone: r.contact_phone,
                help_line: r.help_line,
                network_member: r.network_member != 0,
            },
        })
    }
}

const TEAMS: &str = "SELECT t.id, t.ward_id, u.name AS ward_name, t.group_id, g.code AS group_code, g.name AS group_name,
        t.name, t.status, t.decision_number, t.decision_date, t.decision_issuer, t.successor_id, s.name AS successor_name,
        t.contact_name, t.contact_phone, t.help_line, t.network_member, t.decision_file_key,
        (SELECT COUNT(*) FROM team_members m WHERE m.team_id = t.id AND m.left_on IS NULL) AS members,
        (SELECT MAX(a.held_on) FROM team_activities a WHERE a.team_id = t.id) AS last_activity
    FROM community_teams t
    JOIN units u ON u.id = t.ward_id
    JOIN residential_groups g ON g.id = t.group_id
    LEFT JOIN community_teams s ON s.id = t.successor_id";

/// The groups in the scope, by ward and code.
pub async fn groups(db: &Db, scope: &Scope) -> Result<Vec<Group>, StoreError> {
    Ok(sqlx::query_as::<Any, Group>(sqlx::AssertSqlSafe(format!(
        "SELECT g.id, g.ward_id, u.name AS ward_name, g.code, g.name, g.households, g.population,
            (SELECT COUNT(*) FROM community_teams t WHERE t.group_id = g.id) AS teams
         FROM residential_groups g JOIN units u ON u.id = g.ward_id
         WHERE g.archived_at IS NULL AND {}
         ORDER BY u.name, g.code",
        unit_is(scope, "g.ward_id")
    )))
    .fetch_all(db.pool())
    .await
    .map(|mut all| {
        // Wards in Vietnamese order; the sort is stable, so each ward's groups stay by code.
        dxday_domain::collation::sort_by_name(&mut all, |g: &Group| &g.ward_name);
        all
    })?)
}

/// The codes of a ward's groups (for an import's duplicates).
pub async fn group_codes(db: &Db, ward: UnitId) -> Result<Vec<String>, StoreError> {
    Ok(
        sqlx::query_scalar::<Any, String>("SELECT code FROM residential_groups WHERE ward_id = $1")
            .bind(ward.0)
            .fetch_all(db.pool())
            .await?,
    )
}

async fn insert_group_in(
    tx: &mut AnyConnection,
    ward: UnitId,
    g: &GroupData,
) -> Result<i64, StoreError> {
    let now = now_text();
    sqlx::query_scalar::<Any, i64>(
        "INSERT INTO residential_groups (ward_id, code, name, households, population, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(ward.0)
    .bind(&g.code)
    .bind(&g.name)
    .bind(g.households)
    .bind(g.population)
    .bind(&now)
    .fetch_one(&mut *tx)
    .await
    .map_err(taken_as("code"))
}

/// A ward's new group; a code the ward already has is refused on `code`.
pub async fn insert_group(
    db: &Db,
    actor: Option<UserId>,
    ward: UnitId,
    g: &GroupData,
) -> Result<GroupId, StoreError> {
    audit::write(db, actor, async |tx| {
        let id = insert_group_in(tx, ward, g).await?;
        Ok((
            GroupId(id),
            Entry::new("group.create", "residential_group", id).after(g),
        ))
    })
    .await
}

/// A ward's groups from an import, in one transaction: all of them or none.
pub async fn import_groups(
    db: &Db,
    actor: Option<UserId>,
    ward: UnitId,
    rows: &[ImportedGroup],
) -> Result<usize, StoreError> {
    audit::write(db, actor, async |tx| {
        for r in rows {
            insert_group_in(&mut *tx, ward, &r.data).await?;
        }
        let entry = Entry::new("group.import", "unit", ward.0)
            .after(&serde_json::json!({ "groups": rows.len() }));
        Ok((rows.len(), entry))
    })
    .await
}

/// The teams in the scope, by ward and group.
pub async fn teams(db: &Db, scope: &Scope) -> Result<Vec<Team>, StoreError> {
    let rows = sqlx::query_as::<Any, TeamRow>(sqlx::AssertSqlSafe(format!(
        "{TEAMS} WHERE {} ORDER BY u.name, g.code, t.id",
        unit_is(scope, "t.ward_id")
    )))
    .fetch_all(db.pool())
    .await?;
    let mut all = rows
        .into_iter()
        .map(Team::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    dxday_domain::collation::sort_by_name(&mut all, |t| &t.ward_name);
    Ok(all)
}

/// One team in the scope (another ward's is not found).
pub async fn team(db: &Db, scope: &Scope, id: TeamId) -> Result<Option<Team>, StoreError> {
    let row = sqlx::query_as::<Any, TeamRow>(sqlx::AssertSqlSafe(format!(
        "{TEAMS} WHERE t.id = {} AND {}",
        id.0,
        unit_is(scope, "t.ward_id")
    )))
    .fetch_optional(db.pool())
    .await?;
    row.map(Team::try_from).transpose()
}

/// True when `ward` has the row `id` of `table` (a group or a team).
pub(crate) async fn ward_has(
    tx: &mut AnyConnection,
    table: &str,
    id: i64,
    ward: UnitId,
) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar::<Any, i64>(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM {table} WHERE id = $1 AND ward_id = $2"
    )))
    .bind(id)
    .bind(ward.0)
    .fetch_one(&mut *tx)
    .await?;
    Ok(n > 0)
}

/// Refuses a group or successor that is not the ward's.
async fn check_team(tx: &mut AnyConnection, ward: UnitId, t: &TeamData) -> Result<(), StoreError> {
    let refused = |field| StoreError::Field {
        field,
        key: "err-choice",
    };
    if !ward_has(&mut *tx, "residential_groups", t.group_id.0, ward).await? {
        return Err(refused("group_id"));
    }
    if let Some(s) = t.successor_id
        && !ward_has(&mut *tx, "community_teams", s.0, ward).await?
    {
        return Err(refused("successor_id"));
    }
    Ok(())
}

pub(crate) type Query<'q> = sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>;

fn bind_team<'q>(q: Query<'q>, t: &TeamData) -> Query<'q> {
    q.bind(t.group_id.0)
        .bind(t.name.clone())
        .bind(search_key(&[&t.name, t.help_line.as_deref().unwrap_or("")]))
        .bind(t.status.as_str())
        .bind(t.decision_number.clone())
        .bind(t.decision_date.map(date_text))
        .bind(t.decision_issuer.clone())
        .bind(t.successor_id.map(|s| s.0))
        .bind(t.contact_name.clone())
        .bind(t.contact_phone.clone())
        .bind(t.help_line.clone())
        .bind(i64::from(t.network_member))
        .bind(now_text())
}

/// A ward's new team.
pub async fn insert_team(
    db: &Db,
    actor: Option<UserId>,
    ward: UnitId,
    t: &TeamData,
) -> Result<TeamId, StoreError> {
    audit::write(db, actor, async |tx| {
        check_team(&mut *tx, ward, t).await?;
        let id: i64 = sqlx::Row::try_get(
            &bind_team(
                sqlx::query::<Any>(
                    "INSERT INTO community_teams (group_id, name, search_key, status, decision_number, decision_date,
                         decision_issuer, successor_id, contact_name, contact_phone, help_line, network_member,
                         updated_at, created_at, ward_id)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14) RETURNING id",
                ),
                t,
            )
            .bind(ward.0)
            .fetch_one(&mut *tx)
            .await?,
            0,
        )?;
        Ok((TeamId(id), Entry::new("team.create", "community_team", id).after(t)))
    })
    .await
}

/// Changes a ward's team; `false` when the ward has no such team.
pub async fn update_team(
    db: &Db,
    actor: Option<UserId>,
    ward: UnitId,
    id: TeamId,
    t: &TeamData,
) -> Result<bool, StoreError> {
    let entry = Entry::new("team.update", "community_team", id.0).after(t);
    audit::write_rows(db, actor, entry, async |tx| {
        check_team(&mut *tx, ward, t).await?;
        if t.successor_id == Some(id) {
            return Err(StoreError::Field {
                field: "successor_id",
                key: "err-choice",
            });
        }
        let done = bind_team(
            sqlx::query::<Any>(
                "UPDATE community_teams SET group_id = $1, name = $2, search_key = $3, status = $4, decision_number = $5,
                     decision_date = $6, decision_issuer = $7, successor_id = $8, contact_name = $9, contact_phone = $10,
                     help_line = $11, network_member = $12, updated_at = $13
                 WHERE id = $14 AND ward_id = $15",
            ),
            t,
        )
        .bind(id.0)
        .bind(ward.0)
        .execute(&mut *tx)
        .await?;
        Ok(done.rows_affected())
    })
    .await
}

/// Keeps the stored PDF of a ward's team's founding decision; `false` when the ward
/// has no such team.
pub async fn set_decision_file(
    db: &Db,
    actor: Option<UserId>,
    ward: UnitId,
    team: TeamId,
    key: &str,
) -> Result<bool, StoreError> {
    let entry = Entry::new("team.decision_file", "community_team", team.0)
        .after(&serde_json::json!({ "file": key }));
    audit::write_rows(db, actor, entry, async |tx| {
        let done = sqlx::query::<Any>(
            "UPDATE community_teams SET decision_file_key = $1, updated_at = $2 WHERE id = $3 AND ward_id = $4",
        )
        .bind(key)
        .bind(now_text())
        .bind(team.0)
        .bind(ward.0)
        .execute(&mut *tx)
        .await?;
        Ok(done.rows_affected())
    })
    .await
}

/// An active team as the public sees it: its ward, group and published contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromRow)]
pub struct PublicTeam {
    #[sqlx(try_from = "i64")]
    pub ward_id: UnitId,
    pub ward_name: String,
    pub group_name: String,
    pub name: String,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub help_line: Option<String>,
}

/// The active teams, by ward and group; with `words` (folded, without accents), those
/// whose team, group or ward names or help line hold every word.
pub async fn public_teams(db: &Db, words: &[String]) -> Result<Vec<PublicTeam>, StoreError> {
    #[derive(FromRow)]
    struct Row {
        #[sqlx(flatten)]
        team: PublicTeam,
        search_key: String,
    }
    let rows = sqlx::query_as::<Any, Row>(
        "SELECT t.ward_id, u.name AS ward_name, g.name AS group_name, t.name, t.contact_name, t.contact_phone, t.help_line,
            t.search_key
         FROM community_teams t
         JOIN residential_groups g ON g.id = t.group_id
         JOIN units u ON u.id = t.ward_id
         WHERE t.status = 'active'
         ORDER BY u.name, t.ward_id, g.code, t.id",
    )
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .filter(|r| {
            // The stored key covers the team's own words; the group's and ward's names
            // are folded here, so a renamed group is found by its new name.
            let t = &r.team;
            let hay = format!(
                "{} {}",
                r.search_key,
                search_key(&[&t.group_name, &t.ward_name])
            );
            words.iter().all(|w| hay.contains(w.as_str()))
        })
        .map(|r| r.team)
        .collect())
}

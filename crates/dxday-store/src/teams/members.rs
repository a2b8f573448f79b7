//! A team's members: personal data, read by the ward and the office only; the audit
//! keeps who changed a member and when, not their details.

use super::*;

/// A member as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Member {
    pub id: MemberId,
    pub team_id: TeamId,
    pub ward_id: UnitId,
    pub data: MemberData,
}

#[derive(FromRow)]
struct MemberRow {
    id: i64,
    team_id: i64,
    ward_id: i64,
    name: String,
    role: String,
    organisation: Option<String>,
    phone: Option<String>,
    joined_on: Option<String>,
    left_on: Option<String>,
    platform: Option<String>,
    certificate_ref: Option<String>,
}

impl TryFrom<MemberRow> for Member {
    type Error = StoreError;
    fn try_from(r: MemberRow) -> Result<Member, StoreError> {
        let bad = |what: &str| StoreError::Corrupt(format!("member {what}"));
        Ok(Member {
            id: MemberId(r.id),
            team_id: TeamId(r.team_id),
            ward_id: UnitId(r.ward_id),
            data: MemberData {
                name: r.name,
                role: MemberRole::parse(&r.role).map_err(|_| bad("role"))?,
                organisation: r.organisation,
                phone: r.phone,
                joined_on: opt_date(r.joined_on.as_deref())?,
                left_on: opt_date(r.left_on.as_deref())?,
                platform: r
                    .platform
                    .as_deref()
                    .map(Platform::parse)
                    .transpose()
                    .map_err(|_| bad("platform"))?,
                certificate_ref: r.certificate_ref,
            },
        })
    }
}

const MEMBERS: &str = "SELECT id, team_id, ward_id, name, role, organisation, phone, joined_on, left_on, platform, certificate_ref FROM team_members";

/// Within each team and role (the order the query gives), people by their given name.
fn by_given_name(mut all: Vec<Member>) -> Vec<Member> {
    for run in all.chunk_by_mut(|a, b| a.team_id == b.team_id && a.data.role == b.data.role) {
        run.sort_by(|a, b| dxday_domain::collation::compare_person(&a.data.name, &b.data.name));
    }
    all
}

/// A team's members in the scope: leaders first, then by name.
pub async fn members(db: &Db, scope: &Scope, team: TeamId) -> Result<Vec<Member>, StoreError> {
    let rows = sqlx::query_as::<Any, MemberRow>(sqlx::AssertSqlSafe(format!(
        "{MEMBERS} WHERE team_id = {} AND {}
         ORDER BY CASE role WHEN 'leader' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 END, id",
        team.0,
        unit_is(scope, "ward_id")
    )))
    .fetch_all(db.pool())
    .await?;
    Ok(by_given_name(
        rows.into_iter()
            .map(Member::try_from)
            .collect::<Result<_, _>>()?,
    ))
}

/// Every member of the scope's teams, by team, leaders first.
pub async fn members_in(db: &Db, scope: &Scope) -> Result<Vec<Member>, StoreError> {
    let rows = sqlx::query_as::<Any, MemberRow>(sqlx::AssertSqlSafe(format!(
        "{MEMBERS} WHERE {}
         ORDER BY team_id, CASE role WHEN 'leader' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 END, id",
        unit_is(scope, "ward_id")
    )))
    .fetch_all(db.pool())
    .await?;
    Ok(by_given_name(
        rows.into_iter()
            .map(Member::try_from)
            .collect::<Result<_, _>>()?,
    ))
}

/// One member in the scope (another ward's is not found).
pub async fn member(db: &Db, scope: &Scope, id: MemberId) -> Result<Option<Member>, StoreError> {
    let row = sqlx::query_as::<Any, MemberRow>(sqlx::AssertSqlSafe(format!(
        "{MEMBERS} WHERE id = {} AND {}",
        id.0,
        unit_is(scope, "ward_id")
    )))
    .fetch_optional(db.pool())
    .await?;
    row.map(Member::try_from).transpose()
}

fn bind_member<'q>(q: Query<'q>, m: &MemberData) -> Query<'q> {
    q.bind(m.name.clone())
        .bind(m.role.as_str())
        .bind(m.organisation.clone())
        .bind(m.phone.clone())
        .bind(m.joined_on.map(date_text))
        .bind(m.left_on.map(date_text))
        .bind(m.platform.map(|p| p.as_str()))
        .bind(m.certificate_ref.clone())
        .bind(now_text())
}

/// A new member of a ward's team; `None` when the ward has no such team.
pub async fn insert_member(
    db: &Db,
    actor: Option<UserId>,
    ward: UnitId,
    team: TeamId,
    m: &MemberData,
) -> Result<Option<MemberId>, StoreError> {
    audit::write_found(db, actor, async |tx| {
        if !ward_has(&mut *tx, "community_teams", team.0, ward).await? {
            return Ok(None);
        }
        let id: i64 = sqlx::Row::try_get(
            &bind_member(
                sqlx::query::<Any>(
                    "INSERT INTO team_members (name, role, organisation, phone, joined_on, left_on, platform, certificate_ref,
                         updated_at, created_at, team_id, ward_id)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11) RETURNING id",
                ),
                m,
            )
            .bind(team.0)
            .bind(ward.0)
            .fetch_one(&mut *tx)
            .await?,
            0,
        )?;
        // A member's details are personal data: the audit keeps who and when, not them.
        let entry = Entry::new("member.create", "team_member", id)
            .after(&serde_json::json!({ "team": team.0, "role": m.role.as_str() }));
        Ok(Some((MemberId(id), entry)))
    })
    .await
}

/// Changes a member of a ward's team; `false` when the ward has no such member.
pub async fn update_member(
    db: &Db,
    actor: Option<UserId>,
    ward: UnitId,
    id: MemberId,
    m: &MemberData,
) -> Result<bool, StoreError> {
    let entry = Entry::new("member.update", "team_member", id.0)
        .after(&serde_json::json!({ "role": m.role.as_str(), "left_on": m.left_on }));
    audit::write_rows(db, actor, entry, async |tx| {
        let done = bind_member(
            sqlx::query::<Any>(
                "UPDATE team_members SET name = $1, role = $2, organisation = $3, phone = $4, joined_on = $5, left_on = $6,
                     platform = $7, certificate_ref = $8, updated_at = $9
                 WHERE id = $10 AND ward_id = $11",
            ),
            m,
        )
        .bind(id.0)
        .bind(ward.0)
        .execute(&mut *tx)
        .await?;
        Ok(done.rows_affected())
    })
    .await
}

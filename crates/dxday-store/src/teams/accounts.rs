//! The accounts that record for a team (`users.team_id`, set by the ward) and the
//! office's reporting cadence.

use super::*;

/// A community team member's account as its ward sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromRow)]
pub struct TeamAccount {
    #[sqlx(try_from = "i64")]
    pub id: UserId,
    pub full_name: String,
    pub email: String,
    pub team_id: Option<i64>,
}

/// The team a community team member's account records for, if its ward chose one.
pub async fn account_team(db: &Db, user: UserId) -> Result<Option<TeamId>, StoreError> {
    let team = sqlx::query_scalar::<Any, Option<i64>>(
        "SELECT team_id FROM users WHERE id = $1 AND role = 'community_team_member' AND archived_at IS NULL",
    )
    .bind(user.0)
    .fetch_optional(db.pool())
    .await?;
    Ok(team.flatten().map(TeamId))
}

/// The ward's community team member accounts (not archived), by name.
pub async fn team_accounts(db: &Db, ward: UnitId) -> Result<Vec<TeamAccount>, StoreError> {
    Ok(sqlx::query_as::<Any, TeamAccount>(
        "SELECT id, full_name, email, team_id FROM users
         WHERE unit_id = $1 AND role = 'community_team_member' AND archived_at IS NULL
         ORDER BY id",
    )
    .bind(ward.0)
    .fetch_all(db.pool())
    .await
    .map(|mut all| {
        all.sort_by(|a: &TeamAccount, b: &TeamAccount| {
            dxday_domain::collation::compare_person(&a.full_name, &b.full_name)
        });
        all
    })?)
}

/// Puts a community team member account of the ward on the ward's `team` (or on none);
/// `false` when the ward has no such account or team.
pub async fn set_account_team(
    db: &Db,
    actor: Option<UserId>,
    ward: UnitId,
    user: UserId,
    team: Option<TeamId>,
) -> Result<bool, StoreError> {
    let entry = Entry::new("user.team", "user", user.0)
        .after(&serde_json::json!({ "team": team.map(|t| t.0) }));
    audit::write_rows(db, actor, entry, async |tx| {
        if let Some(t) = team
            && !ward_has(&mut *tx, "community_teams", t.0, ward).await?
        {
            return Ok(0);
        }
        let done = sqlx::query::<Any>(
            "UPDATE users SET team_id = $1, updated_at = $2
             WHERE id = $3 AND unit_id = $4 AND role = 'community_team_member' AND archived_at IS NULL",
        )
        .bind(team.map(|t| t.0))
        .bind(now_text())
        .bind(user.0)
        .bind(ward.0)
        .execute(&mut *tx)
        .await?;
        Ok(done.rows_affected())
    })
    .await
}

const CADENCE: &str = "team_report_cadence";

/// How often teams report (the office's setting; monthly until it chooses).
pub async fn cadence(db: &Db) -> Result<dxday_domain::team::Cadence, StoreError> {
    let v = sqlx::query_scalar::<Any, String>("SELECT value FROM settings WHERE name = $1")
        .bind(CADENCE)
        .fetch_optional(db.pool())
        .await?;
    Ok(v.as_deref()
        .and_then(|v| dxday_domain::team::Cadence::parse(v).ok())
        .unwrap_or(dxday_domain::team::Cadence::Month))
}

/// Sets how often teams report (reports already made keep their periods).
pub async fn set_cadence(
    db: &Db,
    actor: Option<UserId>,
    c: dxday_domain::team::Cadence,
) -> Result<(), StoreError> {
    audit::write(db, actor, async |tx| {
        let now = now_text();
        sqlx::query::<Any>("DELETE FROM settings WHERE name = $1")
            .bind(CADENCE)
            .execute(&mut *tx)
            .await?;
        sqlx::query::<Any>("INSERT INTO settings (name, value, updated_at) VALUES ($1, $2, $3)")
            .bind(CADENCE)
            .bind(c.as_str())
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        let entry = Entry::new("settings.team_report_cadence", "settings", None)
            .after(&serde_json::json!({ "cadence": c.as_str() }));
        Ok(((), entry))
    })
    .await
}

//! Movements: launched by a unit (usually by a plan in its register), with the units
//! taking part. A unit sees the movements it launched or takes part in; registering
//! (đăng ký thi đua) is optional and never a condition of anything.

use dxday_domain::honours::MovementData;
use dxday_domain::{CampaignId, DocumentId, MovementId, ScopedUnit};

use super::*;

/// A movement as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Movement {
    pub id: MovementId,
    pub campaign_id: Option<CampaignId>,
    /// The unit that launched it.
    pub unit_id: UnitId,
    pub unit_name: String,
    pub data: MovementData,
    /// The units taking part, with when they registered (if they did) and their pledge.
    pub units: Vec<Participant>,
}

/// A unit taking part in a movement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Participant {
    pub unit_id: UnitId,
    pub unit_name: String,
    pub registered_at: Option<String>,
    pub pledge: Option<String>,
}

#[derive(FromRow)]
struct Row {
    id: i64,
    campaign_id: Option<i64>,
    unit_id: i64,
    unit_name: String,
    document_id: Option<i64>,
    title: String,
    slogan: Option<String>,
    criteria: String,
    intake_from: String,
    intake_to: String,
    midterm_on: Option<String>,
    final_on: Option<String>,
}

const SELECT: &str =
    "SELECT m.id, m.campaign_id, m.unit_id, u.name AS unit_name, m.document_id, m.title, m.slogan,
        m.criteria, m.intake_from, m.intake_to, m.midterm_on, m.final_on
    FROM movements m JOIN units u ON u.id = m.unit_id";

/// The condition that a movement `m` is within `scope`: launched by or open to it.
pub(super) fn movement_within(scope: &Scope) -> String {
    format!(
        "({} OR EXISTS (SELECT 1 FROM movement_units mu WHERE mu.movement_id = m.id AND {}))",
        unit_is(scope, "m.unit_id"),
        unit_is(scope, "mu.unit_id")
    )
}

async fn participants(conn: &mut AnyConnection, id: i64) -> Result<Vec<Participant>, StoreError> {
    Ok(
        sqlx::query_as::<Any, (i64, String, Option<String>, Option<String>)>(
            "SELECT mu.unit_id, u.name, mu.registered_at, mu.pledge FROM movement_units mu
         JOIN units u ON u.id = mu.unit_id WHERE mu.movement_id = $1 ORDER BY mu.unit_id",
        )
        .bind(id)
        .fetch_all(conn)
        .await?
        .into_iter()
        .map(|(unit, name, at, pledge)| Participant {
            unit_id: UnitId(unit),
            unit_name: name,
            registered_at: at,
            pledge,
        })
        .collect::<Vec<_>>(),
    )
    .map(|mut all| {
        dxday_domain::collation::sort_by_name(&mut all, |p: &Participant| &p.unit_name);
        all
    })
}

impl Row {
    async fn load(self, conn: &mut AnyConnection) -> Result<Movement, StoreError> {
        let units = participants(conn, self.id).await?;
        Ok(Movement {
            id: MovementId(self.id),
            campaign_id: self.campaign_id.map(CampaignId),
            unit_id: UnitId(self.unit_id),
            unit_name: self.unit_name,
            units,
            data: MovementData {
                title: self.title,
                slogan: self.slogan,
                criteria: self.criteria,
                document_id: self.document_id.map(DocumentId),
                intake_from: date(&self.intake_from)?,
                intake_to: date(&self.intake_to)?,
                midterm_on: opt_date(self.midterm_on.as_deref())?,
                final_on: opt_date(self.final_on.as_deref())?,
            },
        })
    }
}

/// Launches a movement of `launcher` for the units given.
pub async fn insert_movement(
    db: &Db,
    actor: Option<UserId>,
    launcher: ScopedUnit,
    campaign: Option<CampaignId>,
    m: &MovementData,
    units: &[UnitId],
) -> Result<MovementId, StoreError> {
    audit::write(db, actor, async |tx| {
        let now = now_text();
        let id = sqlx::query_scalar::<Any, i64>(
            "INSERT INTO movements (campaign_id, unit_id, document_id, title, slogan, criteria, intake_from, intake_to,
                 midterm_on, final_on, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
        )
        .bind(campaign.map(|c| c.0))
        .bind(launcher.id().0)
        .bind(m.document_id.map(|d| d.0))
        .bind(&m.title)
        .bind(m.slogan.clone())
        .bind(&m.criteria)
        .bind(date_text(m.intake_from))
        .bind(date_text(m.intake_to))
        .bind(m.midterm_on.map(date_text))
        .bind(m.final_on.map(date_text))
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        for u in units {
            sqlx::query::<Any>(
                "INSERT INTO movement_units (movement_id, unit_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(u.0)
            .execute(&mut *tx)
            .await?;
        }
        Ok((
            MovementId(id),
            Entry::new("movement.create", "movement", id).after(m),
        ))
    })
    .await
}

/// The movements in the scope, the latest first.
pub async fn movements(db: &Db, scope: &Scope) -> Result<Vec<Movement>, StoreError> {
    let mut conn = db.pool().acquire().await?;
    let rows = sqlx::query_as::<Any, Row>(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE {} ORDER BY m.intake_from DESC, m.id DESC",
        movement_within(scope)
    )))
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(r.load(&mut conn).await?);
    }
    Ok(out)
}

/// One movement, if the scope reaches it.
pub async fn movement(
    db: &Db,
    scope: &Scope,
    id: MovementId,
) -> Result<Option<Movement>, StoreError> {
    let mut conn = db.pool().acquire().await?;
    movement_in(&mut conn, scope, id).await
}

pub(super) async fn movement_in(
    conn: &mut AnyConnection,
    scope: &Scope,
    id: MovementId,
) -> Result<Option<Movement>, StoreError> {
    let row = sqlx::query_as::<Any, Row>(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE m.id = $1 AND {}",
        movement_within(scope)
    )))
    .bind(id.0)
    .fetch_optional(&mut *conn)
    .await?;
    match row {
        Some(r) => Ok(Some(r.load(conn).await?)),
        None => Ok(None),
    }
}

/// A unit taking part registers for the movement, with its pledge. Optional.
pub async fn register_for(
    db: &Db,
    actor: Option<UserId>,
    unit: ScopedUnit,
    id: MovementId,
    pledge: Option<&str>,
) -> Result<Result<(), Refused>, StoreError> {
    audit::write_checked(db, actor, async |tx| {
        let n = sqlx::query::<Any>(
            "UPDATE movement_units SET registered_at = $1, pledge = $2 WHERE movement_id = $3 AND unit_id = $4",
        )
        .bind(now_text())
        .bind(pledge)
        .bind(id.0)
        .bind(unit.id().0)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Ok(Err(Refused::NotFound));
        }
        Ok(Ok((
            (),
            Entry::new("movement.register", "movement", id.0)
                .after(&serde_json::json!({ "unit": unit.id().0, "pledge": pledge })),
        )))
    })
    .await
}

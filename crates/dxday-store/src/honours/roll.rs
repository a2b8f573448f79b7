//! The public honour roll: the awards of issued decisions (not revoked), with what the
//! decision made public, and honours without a decision (tôn vinh), marked as such.

use dxday_domain::honours::Recipient;
use dxday_domain::{CampaignId, ScopedUnit};

use super::nominations::number_symbol;
use super::*;

/// One line of the honour roll.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RollEntry {
    pub year: i64,
    pub recipient: Recipient,
    pub name: String,
    pub position: Option<String>,
    pub work_unit: Option<String>,
    pub citation: String,
    /// The unit that nominated (for a ward's page).
    pub unit_id: UnitId,
    pub unit_name: String,
    /// The award and its decision; `None` for an honour without a decision.
    pub award: Option<RollAward>,
}

/// The decision behind an award on the roll.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RollAward {
    pub award_type_name: String,
    pub number_symbol: String,
    pub issued_on: Date,
    pub issuer_name: String,
    pub movement_title: String,
}

/// The roll of `year` (every year when `None`), of one nominating unit when given:
/// awards by decision first (latest decision first, in the list's order), then the
/// honours without a decision.
pub async fn honour_roll(
    db: &Db,
    year: Option<i64>,
    unit: Option<UnitId>,
) -> Result<Vec<RollEntry>, StoreError> {
    #[derive(FromRow)]
    struct Row {
        year: i64,
        recipient: String,
        name: String,
        position: Option<String>,
        work_unit: String,
        citation: String,
        unit_id: i64,
        unit_name: String,
        award: String,
        number: Option<i64>,
        symbol: String,
        issued_on: String,
        issuer_name: String,
        movement: String,
    }
    let awarded = sqlx::query_as::<Any, Row>(
        "SELECT e.year, n.recipient, n.name, n.position, n.work_unit, n.citation, n.unit_id, nu.name AS unit_name,
             t.name AS award, d.number, d.symbol, d.issued_on, iu.name AS issuer_name, m.title AS movement
         FROM award_entries e
         JOIN award_decisions a ON a.id = e.decision_id AND a.status = 'issued'
         JOIN documents d ON d.id = a.document_id
         JOIN nominations n ON n.id = e.nomination_id
         JOIN units nu ON nu.id = n.unit_id
         JOIN units iu ON iu.id = a.unit_id
         JOIN award_types t ON t.id = a.award_type_id
         JOIN movements m ON m.id = a.movement_id
         WHERE e.revoked_at IS NULL AND ($1 = 0 OR e.year = $1) AND ($2 = 0 OR n.unit_id = $2)
         ORDER BY d.issued_on DESC, a.id DESC, e.position",
    )
    .bind(year.unwrap_or(0))
    .bind(unit.map_or(0, |u| u.0))
    .fetch_all(db.pool())
    .await?;
    let mut out = Vec::with_capacity(awarded.len());
    for r in awarded {
        out.push(RollEntry {
            year: r.year,
            recipient: Recipient::parse(&r.recipient).map_err(|_| corrupt("recipient"))?,
            name: r.name,
            position: r.position,
            work_unit: Some(r.work_unit),
            citation: r.citation,
            unit_id: UnitId(r.unit_id),
            unit_name: r.unit_name,
            award: Some(RollAward {
                award_type_name: r.award,
                number_symbol: number_symbol(r.number, &r.symbol),
                issued_on: date(&r.issued_on)?,
                issuer_name: r.issuer_name,
                movement_title: r.movement,
            }),
        });
    }
    let mentions =
        sqlx::query_as::<Any, (i64, String, String, Option<String>, String, i64, String)>(
            "SELECT h.year, h.recipient, h.name, h.work_unit, h.citation, h.unit_id, u.name
         FROM honour_mentions h JOIN units u ON u.id = h.unit_id
         WHERE ($1 = 0 OR h.year = $1) AND ($2 = 0 OR h.unit_id = $2)
         ORDER BY h.year DESC, h.id",
        )
        .bind(year.unwrap_or(0))
        .bind(unit.map_or(0, |u| u.0))
        .fetch_all(db.pool())
        .await?;
    for (year, recipient, name, work_unit, citation, unit_id, unit_name) in mentions {
        out.push(RollEntry {
            year,
            recipient: Recipient::parse(&recipient).map_err(|_| corrupt("recipient"))?,
            name,
            position: None,
            work_unit,
            citation,
            unit_id: UnitId(unit_id),
            unit_name,
            award: None,
        });
    }
    Ok(out)
}

/// The years the roll has something for, latest first.
pub async fn roll_years(db: &Db) -> Result<Vec<i64>, StoreError> {
    Ok(sqlx::query_scalar::<Any, i64>(
        "SELECT e.year FROM award_entries e JOIN award_decisions a ON a.id = e.decision_id
         WHERE a.status = 'issued' AND e.revoked_at IS NULL AND e.year IS NOT NULL
         UNION SELECT year FROM honour_mentions ORDER BY 1 DESC",
    )
    .fetch_all(db.pool())
    .await?)
}

/// An honour without a decision (tôn vinh), as a unit lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MentionData {
    pub year: i64,
    pub recipient: Recipient,
    pub name: String,
    pub work_unit: Option<String>,
    pub citation: String,
}

/// Lists an honour without a decision for `unit`.
pub async fn insert_mention(
    db: &Db,
    actor: Option<UserId>,
    unit: ScopedUnit,
    campaign: Option<CampaignId>,
    m: &MentionData,
) -> Result<i64, StoreError> {
    audit::write(db, actor, async |tx| {
        let id = sqlx::query_scalar::<Any, i64>(
            "INSERT INTO honour_mentions (campaign_id, unit_id, year, recipient, name, work_unit, citation, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(campaign.map(|c| c.0))
        .bind(unit.id().0)
        .bind(m.year)
        .bind(m.recipient.as_str())
        .bind(&m.name)
        .bind(m.work_unit.clone())
        .bind(&m.citation)
        .bind(now_text())
        .fetch_one(&mut *tx)
        .await?;
        Ok((id, Entry::new("honour_mention.create", "honour_mention", id).after(m)))
    })
    .await
}

/// An issuer's calibration of its pre-printed blanks (the certificate layout as JSON),
/// if it made one.
pub async fn certificate_layout(db: &Db, unit: UnitId) -> Result<Option<String>, StoreError> {
    Ok(sqlx::query_scalar::<Any, String>(
        "SELECT positions FROM certificate_layouts WHERE unit_id = $1",
    )
    .bind(unit.0)
    .fetch_optional(db.pool())
    .await?)
}

/// Saves an issuer's calibration (checked by the caller).
pub async fn save_certificate_layout(
    db: &Db,
    actor: Option<UserId>,
    unit: ScopedUnit,
    positions: &str,
) -> Result<(), StoreError> {
    audit::write(db, actor, async |tx| {
        sqlx::query::<Any>(
            "INSERT INTO certificate_layouts (unit_id, positions, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (unit_id) DO UPDATE SET positions = excluded.positions, updated_at = excluded.updated_at",
        )
        .bind(unit.id().0)
        .bind(positions)
        .bind(now_text())
        .execute(&mut *tx)
        .await?;
        Ok((
            (),
            Entry::new("certificate_layout.save", "unit", unit.id().0).after(&positions),
        ))
    })
    .await
}

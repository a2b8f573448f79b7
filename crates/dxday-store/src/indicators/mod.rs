//! The registry of campaign indicators, their targets and imported values; the figures
//! themselves are computed in [`figures`].

use dxday_domain::indicator::{
    Counting, Direction, ImportRow, Indicator, IndicatorData, Level, RollUp, Source, Target,
    TargetLevel,
};
use dxday_domain::{CampaignId, IndicatorId, UserId};
use sqlx::{Any, AnyConnection, FromRow};

use crate::audit::{self, Entry};
use crate::time_text::{date_text, now_text, opt_date};
use crate::{Db, StoreError};

mod figures;
mod results;
pub use figures::*;
pub use results::*;

#[derive(FromRow)]
struct IndicatorRow {
    id: i64,
    code: String,
    name: String,
    name_en: Option<String>,
    measure: String,
    definition: String,
    level: String,
    rollup: String,
    counting: String,
    direction: String,
    source: String,
    source_code: Option<String>,
    public: i64,
    built_in: i64,
    position: i64,
    effective_from: Option<String>,
    effective_to: Option<String>,
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("indicator {what}"))
}

impl TryFrom<IndicatorRow> for Indicator {
    type Error = StoreError;
    fn try_from(r: IndicatorRow) -> Result<Indicator, StoreError> {
        Ok(Indicator {
            id: IndicatorId(r.id),
            data: IndicatorData {
                code: r.code,
                name: r.name,
                name_en: r.name_en,
                measure: r.measure,
                definition: r.definition,
                level: Level::parse(&r.level).map_err(|_| corrupt("level"))?,
                rollup: RollUp::parse(&r.rollup).map_err(|_| corrupt("rollup"))?,
                counting: Counting::parse(&r.counting).map_err(|_| corrupt("counting"))?,
                direction: Direction::parse(&r.direction).map_err(|_| corrupt("direction"))?,
                source: Source::parse(&r.source).map_err(|_| corrupt("source"))?,
                source_code: r.source_code,
                public: r.public != 0,
                effective_from: opt_date(r.effective_from.as_deref())?,
                effective_to: opt_date(r.effective_to.as_deref())?,
            },
            built_in: r.built_in != 0,
            position: r.position,
        })
    }
}

const SELECT: &str = "SELECT id, code, name, name_en, measure, definition, level, rollup, counting, direction, source, source_code, public, built_in, position, effective_from, effective_to FROM indicators";

/// The registry, in its order (archived indicators left out).
pub async fn list(db: &Db) -> Result<Vec<Indicator>, StoreError> {
    sqlx::query_as::<Any, IndicatorRow>(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE archived_at IS NULL ORDER BY position, id"
    )))
    .fetch_all(db.pool())
    .await?
    .into_iter()
    .map(Indicator::try_from)
    .collect()
}

/// One indicator of the registry (archived ones are not found).
pub async fn get(db: &Db, id: IndicatorId) -> Result<Option<Indicator>, StoreError> {
    let mut conn = db.pool().acquire().await?;
    fetch(&mut conn, id).await
}

async fn fetch(conn: &mut AnyConnection, id: IndicatorId) -> Result<Option<Indicator>, StoreError> {
    sqlx::query_as::<Any, IndicatorRow>(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE id = $1 AND archived_at IS NULL"
    )))
    .bind(id.0)
    .fetch_optional(conn)
    .await?
    .map(Indicator::try_from)
    .transpose()
}

/// Adds an indicator of the office's own, after the others.
pub async fn create(
    db: &Db,
    actor: Option<UserId>,
    d: &IndicatorData,
) -> Result<IndicatorId, StoreError> {
    audit::write(db, actor, async |tx| {
        let now = now_text();
        let id = sqlx::query_scalar::<Any, i64>(
            "INSERT INTO indicators (code, name, name_en, measure, definition, level, rollup, counting, direction,
                source, source_code, public, built_in, position, effective_from, effective_to, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 0,
                (SELECT COALESCE(MAX(position), 0) + 1 FROM indicators), $13, $14, $15, $15)
             RETURNING id",
        )
        .bind(&d.code)
        .bind(&d.name)
        .bind(d.name_en.clone())
        .bind(&d.measure)
        .bind(&d.definition)
        .bind(d.level.as_str())
        .bind(d.rollup.as_str())
        .bind(d.counting.as_str())
        .bind(d.direction.as_str())
        .bind(d.source.as_str())
        .bind(d.source_code.clone())
        .bind(i64::from(d.public))
        .bind(d.effective_from.map(date_text))
        .bind(d.effective_to.map(date_text))
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(crate::error::taken_as("code"))?;
        Ok((
            IndicatorId(id),
            Entry::new("indicator.create", "indicator", id).after(d),
        ))
    })
    .await
}

/// Changes an indicator; a built-in one keeps its code, source and roll-up (only its
/// words, public flag and dates change). `None` when there is none.
pub async fn update(
    db: &Db,
    actor: Option<UserId>,
    id: IndicatorId,
    d: &IndicatorData,
) -> Result<Option<()>, StoreError> {
    audit::write_found(db, actor, async |tx| {
        let Some(before) = fetch(tx, id).await? else {
            return Ok(None);
        };
        let mut after = d.clone();
        if before.built_in {
            after.code = before.data.code.clone();
            after.source = before.data.source;
            after.source_code = before.data.source_code.clone();
            after.rollup = before.data.rollup;
            after.level = before.data.level;
        }
        sqlx::query::<Any>(
            "UPDATE indicators SET code = $1, name = $2, name_en = $3, measure = $4, definition = $5, level = $6,
                rollup = $7, counting = $8, direction = $9, source = $10, source_code = $11, public = $12,
                effective_from = $13, effective_to = $14, updated_at = $15
             WHERE id = $16",
        )
        .bind(&after.code)
        .bind(&after.name)
        .bind(after.name_en.clone())
        .bind(&after.measure)
        .bind(&after.definition)
        .bind(after.level.as_str())
        .bind(after.rollup.as_str())
        .bind(after.counting.as_str())
        .bind(after.direction.as_str())
        .bind(after.source.as_str())
        .bind(after.source_code.clone())
        .bind(i64::from(after.public))
        .bind(after.effective_from.map(date_text))
        .bind(after.effective_to.map(date_text))
        .bind(now_text())
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(crate::error::taken_as("code"))?;
        Ok(Some((
            (),
            Entry::new("indicator.update", "indicator", id.0)
                .before(&before.data)
                .after(&after),
        )))
    })
    .await
}

#[derive(FromRow)]
struct TargetRow {
    indicator_id: i64,
    year: i64,
    level: String,
    milli: i64,
    basis: Option<String>,
}

/// The targets set for `year`.
pub async fn targets(db: &Db, year: i32) -> Result<Vec<Target>, StoreError> {
    sqlx::query_as::<Any, TargetRow>(
        "SELECT indicator_id, year, level, milli, basis FROM indicator_targets WHERE year = $1",
    )
    .bind(i64::from(year))
    .fetch_all(db.pool())
    .await?
    .into_iter()
    .map(|r| {
        Ok(Target {
            indicator: IndicatorId(r.indicator_id),
            year: r.year as i32,
            level: TargetLevel::parse(&r.level).map_err(|_| corrupt("target level"))?,
            milli: r.milli,
            basis: r.basis,
        })
    })
    .collect()
}

/// Sets (or, with `milli` `None`, clears) the target of an indicator for a year and
/// level. `false` when there is no such indicator.
pub async fn set_target(
    db: &Db,
    actor: Option<UserId>,
    id: IndicatorId,
    year: i32,
    level: TargetLevel,
    milli: Option<i64>,
    basis: Option<String>,
) -> Result<bool, StoreError> {
    let done = audit::write_found(db, actor, async |tx| {
        if fetch(tx, id).await?.is_none() {
            return Ok(None);
        }
        sqlx::query::<Any>(
            "DELETE FROM indicator_targets WHERE indicator_id = $1 AND year = $2 AND level = $3",
        )
        .bind(id.0)
        .bind(i64::from(year))
        .bind(level.as_str())
        .execute(&mut *tx)
        .await?;
        if let Some(m) = milli {
            sqlx::query::<Any>(
                "INSERT INTO indicator_targets (indicator_id, year, level, milli, basis, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id.0)
            .bind(i64::from(year))
            .bind(level.as_str())
            .bind(m)
            .bind(basis.clone())
            .bind(now_text())
            .execute(&mut *tx)
            .await?;
        }
        let record =
            serde_json::json!({"year": year, "level": level, "milli": milli, "basis": basis});
        Ok(Some((
            (),
            Entry::new("indicator.target", "indicator", id.0).after(&record),
        )))
    });
    Ok(done.await?.is_some())
}

/// Records a value imported as published, for a unit or (unit `None`) the whole; the
/// latest import of a unit stands. `false` when there is no such indicator or it is not
/// an imported one.
pub async fn import(
    db: &Db,
    actor: Option<UserId>,
    id: IndicatorId,
    campaign: CampaignId,
    row: &ImportRow,
) -> Result<bool, StoreError> {
    let done = audit::write_found(db, actor, async |tx| {
        match fetch(tx, id).await? {
            Some(i) if i.data.source == Source::Import => {}
            _ => return Ok(None),
        }
        let new = sqlx::query_scalar::<Any, i64>(
            "INSERT INTO indicator_imports (indicator_id, campaign_id, unit_id, milli, snapshot_on, source_url, imported_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(id.0)
        .bind(campaign.0)
        .bind(row.unit.map(|u| u.0))
        .bind(row.milli)
        .bind(date_text(row.snapshot_on))
        .bind(&row.source_url)
        .bind(actor.map(|a| a.0))
        .bind(now_text())
        .fetch_one(&mut *tx)
        .await?;
        Ok(Some((
            (),
            Entry::new("indicator.import", "indicator", id.0)
                .after(&serde_json::json!({"import": new, "campaign": campaign, "row": row})),
        )))
    });
    Ok(done.await?.is_some())
}

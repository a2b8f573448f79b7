use super::*;
use dxday_domain::collation::compare;

/// One recipient's delivery and acknowledgement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Delivery {
    pub unit_id: UnitId,
    pub unit_name: String,
    #[serde(with = "time::serde::rfc3339::option")]
    pub delivered_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub acknowledged_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub reminded_at: Option<OffsetDateTime>,
}

#[derive(FromRow)]
struct DeliveryRow {
    unit_id: i64,
    unit_name: String,
    delivered_at: Option<String>,
    acknowledged_at: Option<String>,
    reminded_at: Option<String>,
}

impl TryFrom<DeliveryRow> for Delivery {
    type Error = StoreError;
    fn try_from(r: DeliveryRow) -> Result<Delivery, StoreError> {
        Ok(Delivery {
            unit_id: UnitId(r.unit_id),
            unit_name: r.unit_name,
            delivered_at: opt_instant(r.delivered_at.as_deref())?,
            acknowledged_at: opt_instant(r.acknowledged_at.as_deref())?,
            reminded_at: opt_instant(r.reminded_at.as_deref())?,
        })
    }
}

/// The deliveries of several documents in one query, as (document, delivery).
pub async fn deliveries_of(
    db: &Db,
    ids: &[DocumentId],
) -> Result<Vec<(i64, Delivery)>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    #[derive(FromRow)]
    struct Of {
        document_id: i64,
        #[sqlx(flatten)]
        delivery: DeliveryRow,
    }
    sqlx::query_as::<Any, Of>(sqlx::AssertSqlSafe(format!(
        "SELECT r.document_id, r.unit_id, u.name AS unit_name, r.delivered_at, r.acknowledged_at, r.reminded_at
         FROM document_recipients r JOIN units u ON u.id = r.unit_id
         WHERE r.document_id IN ({}) ORDER BY r.document_id, r.unit_id",
        id_list(ids.iter().map(|d| d.0))
    )))
    .fetch_all(db.pool())
    .await?
    .into_iter()
    .map(|o| Ok((o.document_id, Delivery::try_from(o.delivery)?)))
    .collect::<Result<Vec<_>, StoreError>>()
    .map(|mut all| {
        all.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| compare(&a.1.unit_name, &b.1.unit_name)));
        all
    })
}

/// Who a document went to, and who acknowledged it.
pub async fn deliveries(db: &Db, id: DocumentId) -> Result<Vec<Delivery>, StoreError> {
    sqlx::query_as::<Any, DeliveryRow>(
        "SELECT r.unit_id, u.name AS unit_name, r.delivered_at, r.acknowledged_at, r.reminded_at
         FROM document_recipients r JOIN units u ON u.id = r.unit_id
         WHERE r.document_id = $1 ORDER BY r.unit_id",
    )
    .bind(id.0)
    .fetch_all(db.pool())
    .await?
    .into_iter()
    .map(Delivery::try_from)
    .collect::<Result<Vec<_>, StoreError>>()
    .map(|mut all| {
        dxday_domain::collation::sort_by_name(&mut all, |d| &d.unit_name);
        all
    })
}

/// Records that `unit` received a delivered document (the first time counts).
pub async fn acknowledge(
    db: &Db,
    actor: Option<UserId>,
    id: DocumentId,
    unit: ScopedUnit,
) -> Result<bool, StoreError> {
    let unit = unit.id();
    let entry = Entry::new("document.acknowledge", "document", id.0)
        .after(&serde_json::json!({ "unit_id": unit.0 }));
    audit::write_rows(db, actor, entry, async |tx| {
        let done = sqlx::query::<Any>(
            "UPDATE document_recipients SET acknowledged_at = $1, acknowledged_by = $2
             WHERE document_id = $3 AND unit_id = $4 AND delivered_at IS NOT NULL AND acknowledged_at IS NULL",
        )
        .bind(now_text())
        .bind(actor.map(|a| a.0))
        .bind(id.0)
        .bind(unit.0)
        .execute(&mut *tx)
        .await?;
        Ok(done.rows_affected())
    })
    .await
}

/// Marks a reminder for every recipient that has not acknowledged yet; returns how
/// many units are reminded (their inbox shows it; e-mail goes out when configured).
pub async fn remind(
    db: &Db,
    actor: Option<UserId>,
    scope: &Scope,
    id: DocumentId,
) -> Result<u64, StoreError> {
    audit::write(db, actor, async |tx| {
        let now = now_text();
        let n = sqlx::query::<Any>(sqlx::AssertSqlSafe(format!(
            "UPDATE document_recipients SET reminded_at = $1
             WHERE document_id = $2 AND delivered_at IS NOT NULL AND acknowledged_at IS NULL
             AND document_id IN (SELECT id FROM documents WHERE {})",
            issued_by(scope)
        )))
        .bind(&now)
        .bind(id.0)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        Ok((
            n,
            Entry::new("document.remind", "document", id.0)
                .after(&serde_json::json!({ "reminded": n })),
        ))
    })
    .await
}

/// Documents delivered to `unit` and not yet acknowledged (its inbox badge).
pub async fn unacknowledged(db: &Db, unit: UnitId) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar::<Any, i64>(
        "SELECT COUNT(*) FROM document_recipients
         WHERE unit_id = $1 AND delivered_at IS NOT NULL AND acknowledged_at IS NULL",
    )
    .bind(unit.0)
    .fetch_one(db.pool())
    .await?)
}

/// The register of an issuer for a year, in number order (Phụ lục IV, sổ đăng ký văn bản đi).
pub async fn register(db: &Db, issuer: UnitId, year: i64) -> Result<Vec<Document>, StoreError> {
    let rows = sqlx::query_as::<Any, Row>(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE issuer_unit_id = $1 AND year = $2 AND number IS NOT NULL ORDER BY number"
    )))
    .bind(issuer.0)
    .bind(year)
    .fetch_all(db.pool())
    .await?;
    with_recipients(db, rows).await
}

/// E-mail addresses of the focal points of the units a document was delivered to
/// (only of units that have not confirmed, with `pending_only`).
pub async fn focal_point_emails(
    db: &Db,
    id: DocumentId,
    pending_only: bool,
) -> Result<Vec<String>, StoreError> {
    Ok(sqlx::query_scalar::<Any, String>(
        "SELECT u.email FROM users u JOIN document_recipients r ON r.unit_id = u.unit_id
         WHERE r.document_id = $1 AND r.delivered_at IS NOT NULL
         AND (CAST($2 AS BIGINT) = 0 OR r.acknowledged_at IS NULL)
         AND u.role = 'unit_focal_point' AND u.archived_at IS NULL ORDER BY u.email",
    )
    .bind(id.0)
    .bind(i64::from(pending_only))
    .fetch_all(db.pool())
    .await?)
}

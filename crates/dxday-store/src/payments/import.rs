use super::*;

/// The ward's street names, folded, with their ids (for an import).
pub async fn street_keys(db: &Db, unit: UnitId) -> Result<Vec<(String, i64)>, StoreError> {
    street_keys_in(&mut *db.pool().acquire().await?, unit).await
}

async fn street_keys_in(
    conn: &mut AnyConnection,
    unit: UnitId,
) -> Result<Vec<(String, i64)>, StoreError> {
    Ok(sqlx::query_as::<Any, (String, i64)>(
        "SELECT name_key, id FROM payment_streets WHERE unit_id = $1",
    )
    .bind(unit.0)
    .fetch_all(conn)
    .await?)
}

/// Stores an import's merchants in one transaction: all of them, or (when one is
/// refused, e.g. a merchant added meanwhile) none, with the row that failed.
pub async fn import_merchants(
    db: &Db,
    actor: Option<UserId>,
    unit: UnitId,
    rows: &[ImportedMerchant],
) -> Result<Result<usize, Vec<CellError>>, StoreError> {
    audit::write_checked(db, actor, async |tx| {
        let keys = street_keys_in(&mut *tx, unit).await?;
        for m in rows {
            let key = fold_key(&m.street);
            let Some((_, street)) = keys.iter().find(|(k, _)| *k == key) else {
                return Ok(Err(vec![CellError {
                    row: m.row,
                    column: "tuyen_pho",
                    key: "err-import-street",
                }]));
            };
            match insert_merchant_in(&mut *tx, *street, unit, &m.data).await {
                Ok(_) => {}
                Err(StoreError::Field { .. }) => {
                    return Ok(Err(vec![CellError {
                        row: m.row,
                        column: "ten_co_so",
                        key: "err-import-merchant-duplicate",
                    }]));
                }
                Err(e) => return Err(e),
            }
        }
        Ok(Ok((
            rows.len(),
            Entry::new("merchant.import", "merchant", None)
                .after(&serde_json::json!({ "unit": unit.0, "count": rows.len() })),
        )))
    })
    .await
}

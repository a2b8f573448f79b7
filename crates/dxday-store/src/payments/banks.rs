use super::*;

/// The member list in force: the one the office loaded, else the embedded one.
pub async fn banks(db: &Db) -> Result<Vec<Bank>, StoreError> {
    let rows: Vec<(String, String, String, String)> =
        sqlx::query_as::<Any, (String, String, String, String)>(
            "SELECT bin, code, short_name, name FROM banks ORDER BY short_name",
        )
        .fetch_all(db.pool())
        .await?;
    if rows.is_empty() {
        return Ok(dxday_domain::banks::embedded().to_vec());
    }
    Ok(rows
        .into_iter()
        .map(|(bin, code, short_name, name)| Bank {
            bin,
            code,
            short_name,
            name,
        })
        .collect())
}

/// Replaces the member list, in one transaction.
pub async fn replace_banks(
    db: &Db,
    actor: Option<UserId>,
    list: &[Bank],
) -> Result<(), StoreError> {
    audit::write(db, actor, async |tx| {
        sqlx::query::<Any>("DELETE FROM banks")
            .execute(&mut *tx)
            .await?;
        for b in list {
            sqlx::query::<Any>(
                "INSERT INTO banks (bin, code, short_name, name) VALUES ($1, $2, $3, $4)",
            )
            .bind(&b.bin)
            .bind(&b.code)
            .bind(&b.short_name)
            .bind(&b.name)
            .execute(&mut *tx)
            .await?;
        }
        Ok((
            (),
            Entry::new("banks.replace", "bank", None)
                .after(&serde_json::json!({ "count": list.len() })),
        ))
    })
    .await
}

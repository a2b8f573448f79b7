use super::*;

/// What issuing did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Issued {
    pub number: i64,
    pub year: i64,
    pub delivered: u64,
}

/// Issues a draft on `issued_on`: takes the next number of the issuer's register for
/// that year (or `number`, typed by hand, when it is free), dates the document and
/// delivers it to its recipients. One transaction: the register's counter moves only
/// if everything else is written.
pub async fn issue(
    db: &Db,
    actor: Option<UserId>,
    scope: &Scope,
    id: DocumentId,
    issued_on: Date,
    number: Option<i64>,
) -> Result<Result<Issued, Refused>, StoreError> {
    let mut tx = db.begin().await?;
    let issued = issue_in(&mut tx, actor, scope, id, issued_on, number).await?;
    if issued.is_ok() {
        tx.commit().await?;
    }
    Ok(issued)
}

/// [`issue`] inside the caller's transaction.
pub async fn issue_in(
    tx: &mut AnyConnection,
    actor: Option<UserId>,
    scope: &Scope,
    id: DocumentId,
    issued_on: Date,
    number: Option<i64>,
) -> Result<Result<Issued, Refused>, StoreError> {
    let decision = sqlx::query_scalar::<Any, i64>(
        "SELECT COUNT(*) FROM award_decisions WHERE document_id = $1",
    )
    .bind(id.0)
    .fetch_one(&mut *tx)
    .await?;
    if decision > 0 {
        // An award decision is issued with its checks (authority, votes, register).
        return Err(StoreError::Field {
            field: "issued_on",
            key: "err-doc-award-decision",
        });
    }
    // The texts the law's dated data is checked against, read once: a "Căn cứ" line
    // the register of legal bases knows, out of force on the day of issue (replaced,
    // or not yet in force), is refused (the clerk updates it); so is a body named by a
    // name it no longer has on that day (a ministry merged, a level of government
    // ended).
    let texts = sqlx::query_as::<Any, (String, String, String, String, String, String, String)>(
        "SELECT legal_basis, parent_body, issuer_name, subject, addressees, body, distribution
         FROM documents WHERE id = $1",
    )
    .bind(id.0)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((basis, a, b, c, d, e, f)) = texts {
        if !basis.trim().is_empty() {
            let bases = crate::honours::legal_bases_in(&mut *tx).await?;
            if dxday_domain::document::lines(&basis)
                .iter()
                .any(|l| dxday_domain::honours::out_of_force(&bases, l, issued_on).is_some())
            {
                return Err(StoreError::Field {
                    field: "issued_on",
                    key: "err-doc-basis-out-of-force",
                });
            }
        }
        let names = crate::body_names::all_in(&mut *tx).await?;
        let text = [a, b, c, d, e, f].join("\n");
        if dxday_domain::document::stale_name(&names, &text, issued_on).is_some() {
            return Err(StoreError::Field {
                field: "issued_on",
                key: "err-doc-name-out-of-date",
            });
        }
    }
    issue_unchecked_in(tx, actor, scope, id, issued_on, number).await
}

/// [`issue_in`] without asking whether another record manages the document: for the
/// award decision's own issuing, which has made its checks.
pub(crate) async fn issue_unchecked_in(
    tx: &mut AnyConnection,
    actor: Option<UserId>,
    scope: &Scope,
    id: DocumentId,
    issued_on: Date,
    number: Option<i64>,
) -> Result<Result<Issued, Refused>, StoreError> {
    let now = now_text();
    let year = i64::from(issued_on.year());
    // A write first: SQLite takes its write lock here (no read-then-upgrade deadlock),
    // PostgreSQL locks the row; a second clerk issuing the same draft waits, then
    // finds it no longer a draft.
    let claimed = sqlx::query::<Any>(sqlx::AssertSqlSafe(format!(
        "UPDATE documents SET status = 'issuing', updated_at = $1 WHERE id = $2 AND status = 'draft' AND {}",
        issued_by(scope)
    )))
    .bind(&now)
    .bind(id.0)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if claimed == 0 {
        return Ok(Err(why_not(&mut *tx, scope, id).await?));
    }
    let issuer: i64 =
        sqlx::query_scalar::<Any, i64>("SELECT issuer_unit_id FROM documents WHERE id = $1")
            .bind(id.0)
            .fetch_one(&mut *tx)
            .await?;
    sqlx::query::<Any>(
        "INSERT INTO registers (issuer_unit_id, year, next_number) VALUES ($1, $2, 1)
         ON CONFLICT (issuer_unit_id, year) DO NOTHING",
    )
    .bind(issuer)
    .bind(year)
    .execute(&mut *tx)
    .await?;
    let number = match number {
        None => {
            sqlx::query_scalar::<Any, i64>(
                "UPDATE registers SET next_number = next_number + 1
                 WHERE issuer_unit_id = $1 AND year = $2 RETURNING next_number - 1",
            )
            .bind(issuer)
            .bind(year)
            .fetch_one(&mut *tx)
            .await?
        }
        Some(n) if n < 1 => {
            return Err(StoreError::Field {
                field: "number",
                key: "err-doc-number",
            });
        }
        Some(n) => {
            sqlx::query::<Any>(
                "UPDATE registers SET next_number = CASE WHEN next_number > $3 THEN next_number ELSE $3 + 1 END
                 WHERE issuer_unit_id = $1 AND year = $2",
            )
            .bind(issuer)
            .bind(year)
            .bind(n)
            .execute(&mut *tx)
            .await?;
            n
        }
    };
    sqlx::query::<Any>(
        "UPDATE documents SET status = 'issued', year = $1, number = $2, issued_on = $3, issued_at = $4, updated_at = $4
         WHERE id = $5",
    )
    .bind(year)
    .bind(number)
    .bind(date_text(issued_on))
    .bind(&now)
    .bind(id.0)
    .execute(&mut *tx)
    .await
    .map_err(crate::error::taken_as("number"))?;
    let delivered = sqlx::query::<Any>(
        "UPDATE document_recipients SET delivered_at = $1 WHERE document_id = $2",
    )
    .bind(&now)
    .bind(id.0)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let after = serde_json::json!({ "number": number, "year": year, "issued_on": date_text(issued_on), "delivered": delivered });
    Entry::new("document.issue", "document", id.0)
        .after(&after)
        .record(&mut *tx, actor)
        .await?;
    Ok(Ok(Issued {
        number,
        year,
        delivered,
    }))
}

/// Recalls an issued document (thu hồi, Điều 18): it stays in the register with its
/// number, which is never given again; recipients see it marked as recalled.
pub async fn recall(
    db: &Db,
    actor: Option<UserId>,
    scope: &Scope,
    id: DocumentId,
) -> Result<Result<(), Refused>, StoreError> {
    audit::write_checked(db, actor, async |tx| {
        let now = now_text();
        let n = sqlx::query::<Any>(sqlx::AssertSqlSafe(format!(
            "UPDATE documents SET status = 'recalled', recalled_at = $1, updated_at = $1
             WHERE id = $2 AND status = 'issued' AND {}",
            issued_by(scope)
        )))
        .bind(&now)
        .bind(id.0)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Ok(Err(why_not(&mut *tx, scope, id).await?));
        }
        Ok(Ok((
            (),
            Entry::new("document.recall", "document", id.0)
                .after(&serde_json::json!({ "status": "recalled" })),
        )))
    })
    .await
}

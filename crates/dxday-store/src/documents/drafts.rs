use super::*;

/// Stores a new draft with its recipients.
pub async fn insert_draft(
    db: &Db,
    actor: Option<UserId>,
    scope: &Scope,
    d: &DocumentData,
) -> Result<DocumentId, StoreError> {
    if !scope.covers(d.issuer_unit_id) {
        return Err(StoreError::Field {
            field: "issuer_unit_id",
            key: "err-choice",
        });
    }
    let mut tx = db.begin().await?;
    let id = insert_draft_in(&mut tx, actor, d).await?;
    tx.commit().await?;
    Ok(id)
}

/// [`insert_draft`] inside the caller's transaction.
pub async fn insert_draft_in(
    tx: &mut AnyConnection,
    actor: Option<UserId>,
    d: &DocumentData,
) -> Result<DocumentId, StoreError> {
    let now = now_text();
    let id: i64 = bind_content(
        sqlx::query_scalar::<Any, i64>(
            "INSERT INTO documents (kind, parent_body, issuer_name, symbol, place, subject, legal_basis, addressees,
             body, authority, authority_title, signer_title, signer_name, distribution, drafting_unit, urgency,
             circulation, status, issuer_unit_id, created_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 'draft', $18, $19, $20, $20)
             RETURNING id",
        ),
        d,
    )
    .bind(d.issuer_unit_id.0)
    .bind(actor.map(|a| a.0))
    .bind(&now)
    .fetch_one(&mut *tx)
    .await?;
    set_recipients(&mut *tx, id, &d.recipient_unit_ids).await?;
    Entry::new("document.create", "document", id)
        .after(&d)
        .record(&mut *tx, actor)
        .await?;
    Ok(DocumentId(id))
}

async fn set_recipients(
    conn: &mut AnyConnection,
    id: i64,
    units: &[UnitId],
) -> Result<(), StoreError> {
    sqlx::query::<Any>("DELETE FROM document_recipients WHERE document_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    let mut seen = std::collections::BTreeSet::new();
    for u in units.iter().filter(|u| seen.insert(u.0)) {
        sqlx::query::<Any>(
            "INSERT INTO document_recipients (document_id, unit_id) VALUES ($1, $2)",
        )
        .bind(id)
        .bind(u.0)
        .execute(&mut *conn)
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(d) if d.is_foreign_key_violation() => StoreError::Field {
                field: "recipients",
                key: "err-choice",
            },
            _ => StoreError::Sqlx(e),
        })?;
    }
    Ok(())
}

/// Why a change to a document was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// No such document (or not in the caller's scope).
    NotFound,
    /// Not in the state the change needs: only drafts are edited or issued, only
    /// issued documents are recalled (409).
    NotDraft,
}

/// Replaces a draft's content, issuing unit and recipients.
pub async fn update_draft(
    db: &Db,
    actor: Option<UserId>,
    scope: &Scope,
    id: DocumentId,
    d: &DocumentData,
) -> Result<Result<(), Refused>, StoreError> {
    let Some(before) = one_where(db, id, &issued_by(scope)).await? else {
        return Ok(Err(Refused::NotFound));
    };
    if !scope.covers(d.issuer_unit_id) {
        return Err(StoreError::Field {
            field: "issuer_unit_id",
            key: "err-choice",
        });
    }
    audit::write_checked(db, actor, async |tx| {
        let changed = bind_content(
            sqlx::query_scalar::<Any, i64>(sqlx::AssertSqlSafe(format!(
                "UPDATE documents SET kind = $1, parent_body = $2, issuer_name = $3, symbol = $4, place = $5, subject = $6,
                 legal_basis = $7, addressees = $8, body = $9, authority = $10, authority_title = $11, signer_title = $12,
                 signer_name = $13, distribution = $14, drafting_unit = $15, urgency = $16, circulation = $17, updated_at = $18,
                 issuer_unit_id = $20
                 WHERE id = $19 AND status = 'draft' AND {} RETURNING id",
                issued_by(scope)
            ))),
            d,
        )
        .bind(now_text())
        .bind(id.0)
        .bind(d.issuer_unit_id.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(x) if x.is_foreign_key_violation() => StoreError::Field {
                field: "issuer_unit_id",
                key: "err-choice",
            },
            _ => StoreError::Sqlx(e),
        })?;
        if changed.is_none() {
            return Ok(Err(Refused::NotDraft));
        }
        set_recipients(&mut *tx, id.0, &d.recipient_unit_ids).await?;
        Ok(Ok(((), Entry::new("document.update", "document", id.0)
            .before(&before.data)
            .after(&d))))
    })
    .await
}

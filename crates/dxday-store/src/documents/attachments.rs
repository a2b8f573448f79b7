use super::*;

/// A file sent with a document, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromRow)]
pub struct Attachment {
    pub id: i64,
    #[sqlx(try_from = "i64")]
    pub document_id: DocumentId,
    pub file_name: String,
    pub media_type: String,
    pub size: i64,
    pub sha256: String,
}

/// A file to attach, as checked by the caller (its type sniffed, its hash taken).
#[derive(Debug, Clone)]
pub struct NewAttachment<'a> {
    pub file_name: &'a str,
    pub media_type: &'a str,
    pub sha256: &'a str,
    pub content: Vec<u8>,
}

/// Adds a file to a draft (only drafts change).
pub async fn add_attachment(
    db: &Db,
    actor: Option<UserId>,
    scope: &Scope,
    id: DocumentId,
    file: NewAttachment<'_>,
) -> Result<Result<i64, Refused>, StoreError> {
    let NewAttachment {
        file_name,
        media_type,
        sha256,
        content,
    } = file;
    audit::write_checked(db, actor, async |tx| {
        let status = sqlx::query_scalar::<Any, String>(sqlx::AssertSqlSafe(format!(
            "SELECT status FROM documents WHERE id = $1 AND {}",
            issued_by(scope)
        )))
        .bind(id.0)
        .fetch_optional(&mut *tx)
        .await?;
        match status.as_deref() {
            None => return Ok(Err(Refused::NotFound)),
            Some("draft") => {}
            Some(_) => return Ok(Err(Refused::NotDraft)),
        }
        let size = content.len() as i64;
        let att: i64 = sqlx::query_scalar::<Any, i64>(
            "INSERT INTO document_attachments (document_id, file_name, media_type, size, sha256, content, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(id.0)
        .bind(file_name)
        .bind(media_type)
        .bind(size)
        .bind(sha256)
        .bind(content)
        .bind(now_text())
        .fetch_one(&mut *tx)
        .await?;
        Ok(Ok((att, Entry::new("document.attach", "document", id.0)
            .after(&serde_json::json!({ "file": file_name, "size": size, "sha256": sha256 })))))
    })
    .await
}

/// The files of a document.
pub async fn attachments(db: &Db, id: DocumentId) -> Result<Vec<Attachment>, StoreError> {
    Ok(sqlx::query_as::<Any, Attachment>(
        "SELECT id, document_id, file_name, media_type, size, sha256 FROM document_attachments
         WHERE document_id = $1 ORDER BY id",
    )
    .bind(id.0)
    .fetch_all(db.pool())
    .await?)
}

/// One file's bytes (with its record), when it belongs to `id`.
pub async fn attachment_content(
    db: &Db,
    id: DocumentId,
    attachment: i64,
) -> Result<Option<(Attachment, Vec<u8>)>, StoreError> {
    let Some(record) = sqlx::query_as::<Any, Attachment>(
        "SELECT id, document_id, file_name, media_type, size, sha256 FROM document_attachments
         WHERE document_id = $1 AND id = $2",
    )
    .bind(id.0)
    .bind(attachment)
    .fetch_optional(db.pool())
    .await?
    else {
        return Ok(None);
    };
    let bytes = sqlx::query_scalar::<Any, Vec<u8>>(
        "SELECT content FROM document_attachments WHERE id = $1",
    )
    .bind(attachment)
    .fetch_one(db.pool())
    .await?;
    Ok(Some((record, bytes)))
}

/// Removes a file from a draft.
pub async fn remove_attachment(
    db: &Db,
    actor: Option<UserId>,
    scope: &Scope,
    id: DocumentId,
    attachment: i64,
) -> Result<Result<(), Refused>, StoreError> {
    audit::write_checked(db, actor, async |tx| {
        let n = sqlx::query::<Any>(sqlx::AssertSqlSafe(format!(
            "DELETE FROM document_attachments WHERE id = $1 AND document_id = $2
             AND document_id IN (SELECT id FROM documents WHERE status = 'draft' AND {})",
            issued_by(scope)
        )))
        .bind(attachment)
        .bind(id.0)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Ok(Err(why_not(&mut *tx, scope, id).await?));
        }
        Ok(Ok((
            (),
            Entry::new("document.detach", "document", id.0)
                .after(&serde_json::json!({ "attachment": attachment })),
        )))
    })
    .await
}

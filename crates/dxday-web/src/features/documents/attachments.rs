//! Files sent with a document: added to a draft, downloaded, removed.

use super::*;
use crate::paths;

/// Largest file sent with a document.
pub const ATTACHMENT_LIMIT: usize = 10 * 1024 * 1024;

/// `POST /quan-tri/van-ban/{id}/dinh-kem`: adds a file to a draft.
pub async fn attach(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<DocumentId>,
    crate::upload::CsrfUpload(up): crate::upload::CsrfUpload,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let doc = visible(&app, &me, id).await?;
    let (name, mime, bytes) = match checked_attachment(&up) {
        Ok(file) => file,
        Err(key) => {
            let errors = Errors::from_fields(me.ctx.lang, &FieldErrors::one("file", key));
            let day = dates::format_dmy(today());
            let page = show_page(&app, me, doc, errors, day, String::new()).await?;
            return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let sha = crate::upload::sha256_hex(&bytes);
    let file = documents::NewAttachment {
        file_name: &name,
        media_type: mime,
        sha256: &sha,
        content: bytes,
    };
    match documents::add_attachment(&app.db, me.actor(), &me.scope, doc.id, file).await? {
        Ok(_) => saved(&me, "flash-saved", paths::DOCUMENT.with(id)).await,
        Err(Refused::NotFound) => Err(AppError::NotFound),
        Err(Refused::NotDraft) => Err(AppError::Conflict("err-doc-not-draft")),
    }
}

/// The uploaded file as it is kept (clean name, type from its content, bytes), or
/// the message on the field: none, too large, or not a type a document may carry.
fn checked_attachment(
    up: &crate::upload::Upload,
) -> Result<(String, &'static str, Vec<u8>), &'static str> {
    match up.files.get("file") {
        None => Err("err-media-empty"),
        Some((_, bytes)) if bytes.is_empty() => Err("err-media-empty"),
        Some((_, bytes)) if bytes.len() > ATTACHMENT_LIMIT => Err("err-attach-size"),
        Some((name, bytes)) => match crate::upload::attachment_type(name, bytes) {
            Some(mime) => Ok((crate::upload::clean_file_name(name), mime, bytes.clone())),
            None => Err("err-attach-type"),
        },
    }
}

/// `GET /quan-tri/van-ban/{id}/dinh-kem/{file}`: a file, to whoever may see the document.
pub async fn attachment(
    State(app): State<AppState>,
    me: CurrentUser,
    Path((id, file)): Path<(DocumentId, i64)>,
) -> Result<Response, AppError> {
    let doc = visible(&app, &me, id).await?;
    let (record, bytes) = documents::attachment_content(&app.db, doc.id, file)
        .await?
        .ok_or(AppError::NotFound)?;
    crate::download::attachment(&record.file_name, &record.media_type, bytes)
}

/// `POST /quan-tri/van-ban/{id}/dinh-kem/{file}/xoa`: removes a file from a draft.
pub async fn detach(
    State(app): State<AppState>,
    me: CurrentUser,
    Path((id, file)): Path<(DocumentId, i64)>,
    CsrfForm(_): CsrfForm<crate::forms::ArchiveForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let doc = visible(&app, &me, id).await?;
    match documents::remove_attachment(&app.db, me.actor(), &me.scope, doc.id, file).await? {
        Ok(()) => saved(&me, "flash-saved", paths::DOCUMENT.with(id)).await,
        Err(_) => Err(AppError::Conflict("err-doc-not-draft")),
    }
}

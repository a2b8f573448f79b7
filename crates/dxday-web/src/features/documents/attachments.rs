//! Files sent with a document: added to a draft, downloaded, removed.

use super::*;

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
    let refuse = |key: &'static str| {
        let mut e = FieldErrors::default();
        e.add("file", key);
        e
    };
    let checked = match up.files.get("file") {
        None => Err(refuse("err-media-empty")),
        Some((_, bytes)) if bytes.is_empty() => Err(refuse("err-media-empty")),
        Some((_, bytes)) if bytes.len() > ATTACHMENT_LIMIT => Err(refuse("err-attach-size")),
        Some((name, bytes)) => match crate::upload::attachment_type(name, bytes) {
            Some(mime) => Ok((crate::upload::clean_file_name(name), mime, bytes.clone())),
            None => Err(refuse("err-attach-type")),
        },
    };
    match checked {
        Err(e) => {
            let lang = me.ctx.lang;
            let page = show_page(
                &app,
                me,
                doc,
                Errors::from_fields(lang, &e),
                dates::format_dmy(today()),
                String::new(),
            )
            .await?;
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Ok((name, mime, bytes)) => {
            let sha = crate::upload::sha256_hex(&bytes);
            match documents::add_attachment(
                &app.db,
                me.actor(),
                &me.scope,
                doc.id,
                documents::NewAttachment {
                    file_name: &name,
                    media_type: mime,
                    sha256: &sha,
                    content: bytes,
                },
            )
            .await?
            {
                Ok(_) => saved(&me, "flash-saved", format!("/quan-tri/van-ban/{id}")).await,
                Err(Refused::NotFound) => Err(AppError::NotFound),
                Err(Refused::NotDraft) => Err(AppError::Conflict("err-doc-not-draft")),
            }
        }
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
        Ok(()) => saved(&me, "flash-saved", format!("/quan-tri/van-ban/{id}")).await,
        Err(_) => Err(AppError::Conflict("err-doc-not-draft")),
    }
}

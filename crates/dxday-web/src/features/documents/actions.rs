//! Issue, receipt, recall, reminders and the downloads of a document.

use super::*;
use crate::paths;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct IssueForm {
    issued_on: String,
    number: String,
}

/// `POST /quan-tri/van-ban/{id}/ban-hanh`: numbers, dates and delivers the draft.
pub async fn issue(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<DocumentId>,
    CsrfForm(form): CsrfForm<IssueForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let doc = visible(&app, &me, id).await?;
    let lang = me.ctx.lang;
    let mut e = FieldErrors::default();
    let on = e.check(
        "issued_on",
        document::parse_issue_date(&form.issued_on, today()),
    );
    let number = match form.number.trim() {
        "" => None,
        n => match n.parse::<i64>() {
            Ok(n) if (1..=99_999).contains(&n) => Some(n),
            _ => {
                e.add("number", "err-doc-number");
                None
            }
        },
    };
    let errors = match on.filter(|_| e.is_empty()) {
        None => Errors::from_fields(lang, &e),
        Some(on) => match documents::issue(&app.db, me.actor(), &me.scope, id, on, number).await {
            Ok(Ok(issued)) => {
                tracing::info!(
                    document = id.0,
                    number = issued.number,
                    delivered = issued.delivered,
                    "document issued"
                );
                notify(&app, id, false);
                return saved(&me, "flash-doc-issued", paths::DOCUMENT.with(id)).await;
            }
            Ok(Err(Refused::NotFound)) => return Err(AppError::NotFound),
            Ok(Err(Refused::NotDraft)) => return Err(AppError::Conflict("err-doc-not-draft")),
            Err(err) => field_error(lang, err)?,
        },
    };
    let page = show_page(&app, me, doc, errors, form.issued_on, form.number).await?;
    render(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

/// `POST /quan-tri/van-ban/{id}/da-nhan`: the unit confirms receipt.
pub async fn acknowledge(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<DocumentId>,
    CsrfForm(_): CsrfForm<crate::forms::ArchiveForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_act_for_unit)?;
    let doc = visible(&app, &me, id).await?;
    let unit = me.own_unit().ok_or(AppError::NotFound)?;
    documents::acknowledge(&app.db, me.actor(), doc.id, unit).await?;
    saved(&me, "flash-doc-received", paths::DOCUMENT.with(id)).await
}

/// `POST /quan-tri/van-ban/{id}/thu-hoi`: recalls an issued document; its number
/// stays taken.
pub async fn recall(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<DocumentId>,
    CsrfForm(_): CsrfForm<crate::forms::ArchiveForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let doc = visible(&app, &me, id).await?;
    match documents::recall(&app.db, me.actor(), &me.scope, doc.id).await? {
        Ok(()) => saved(&me, "flash-doc-recalled", paths::DOCUMENT.with(id)).await,
        Err(Refused::NotFound) => Err(AppError::NotFound),
        Err(Refused::NotDraft) => Err(AppError::Conflict("err-doc-not-issued")),
    }
}

/// `POST /quan-tri/van-ban/{id}/nhac`: reminds the units that have not confirmed.
pub async fn remind(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<DocumentId>,
    CsrfForm(_): CsrfForm<crate::forms::ArchiveForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let doc = visible(&app, &me, id).await?;
    if doc.status != DocumentStatus::Issued {
        return Err(AppError::Conflict("err-doc-not-issued"));
    }
    documents::remind(&app.db, me.actor(), &me.scope, doc.id).await?;
    notify(&app, doc.id, true);
    saved(&me, "flash-doc-reminded", paths::DOCUMENT.with(id)).await
}

/// `{id}.docx` and `{id}.pdf`.
pub(super) async fn download(
    app: AppState,
    me: CurrentUser,
    file: String,
) -> Result<Response, AppError> {
    let (id, ext) = file.rsplit_once('.').ok_or(AppError::NotFound)?;
    let id: DocumentId = id.parse().map_err(|_| AppError::NotFound)?;
    let doc = visible(&app, &me, id).await?;
    let printed = dxday_app::honours::printed_for(&app.db, &doc).await?;
    let docx = app
        .pool
        .run("err-busy-work", move |_| {
            dxday_media::docx::render(&printed)
        })
        .await??;
    let (bytes, mime) = match ext {
        "docx" => (docx, crate::download::DOCX),
        "pdf" => {
            let pdf = app.config.pdf.clone();
            let bytes = tokio::task::spawn_blocking(move || pdf.convert(&docx, "docx"))
                .await
                .map_err(AppError::internal)??;
            (bytes, "application/pdf")
        }
        _ => return Err(AppError::NotFound),
    };
    let name = file_name(&doc, ext);
    crate::download::attachment(&name, mime, bytes)
}

//! A document's page: its printed texts, its recipients and what they did.

use super::*;
use dxday_media::docx::Block;

#[derive(Template)]
#[template(path = "admin/document.html")]
pub(super) struct ShowPage {
    ctx: Ctx,
    doc: Document,
    printed: OfficialDocument,
    kind: String,
    deliveries: Vec<Delivery>,
    /// The office (or the issuer) sees who received it.
    sees_deliveries: bool,
    can_manage: bool,
    /// This unit's own receipt: Some(acknowledged?) when it is a recipient.
    my_receipt: Option<bool>,
    pdf: bool,
    issue_errors: Errors,
    issue_date: String,
    issue_number: String,
    attachments: Vec<documents::Attachment>,
}

impl ShowPage {
    /// The QR code of a link as inline SVG (generated here, so safe to embed), or
    /// nothing when it cannot be encoded.
    fn qr_svg(&self, link: &str) -> String {
        dxday_media::qr::svg(link, dxday_media::qr::Correction::Medium)
            .map(|svg| {
                let start = svg.find("<svg").unwrap_or(0);
                svg[start..].replacen(
                    "<svg",
                    "<svg role=\"img\" class=\"doc-qr\" aria-label=\"QR\"",
                    1,
                )
            })
            .unwrap_or_default()
    }

    fn kb(&self, a: &documents::Attachment) -> String {
        self.ctx.num(&((a.size + 1023) / 1024))
    }
    fn is_draft(&self) -> bool {
        self.doc.status == DocumentStatus::Draft
    }
    fn is_issued(&self) -> bool {
        self.doc.status == DocumentStatus::Issued
    }
    fn pending(&self) -> usize {
        self.deliveries
            .iter()
            .filter(|d| d.acknowledged_at.is_none())
            .count()
    }
    fn when(&self, at: &Option<time::OffsetDateTime>) -> String {
        dxday_app::format::stamp(*at)
    }
}

pub(super) async fn show_page(
    app: &AppState,
    me: CurrentUser,
    doc: Document,
    issue_errors: Errors,
    issue_date: String,
    issue_number: String,
) -> Result<ShowPage, AppError> {
    let deliveries = documents::deliveries(&app.db, doc.id).await?;
    let attachments = documents::attachments(&app.db, doc.id).await?;
    let mine = me.user.data.unit_id;
    let can_manage = me.user.data.role.can_manage_setup();
    let sees_deliveries = me.scope.sees_all() || mine == Some(doc.data.issuer_unit_id);
    let my_receipt = mine.and_then(|u| {
        deliveries
            .iter()
            .find(|d| d.unit_id == u && d.delivered_at.is_some())
            .map(|d| d.acknowledged_at.is_some())
    });
    Ok(ShowPage {
        printed: printed(&doc),
        kind: me.ctx.t(doc.data.kind.label_key()),
        ctx: me.ctx,
        deliveries: if sees_deliveries {
            deliveries
        } else {
            Vec::new()
        },
        sees_deliveries,
        can_manage,
        my_receipt,
        pdf: dxday_media::pdf::available(),
        doc,
        issue_errors,
        issue_date,
        issue_number,
        attachments,
    })
}

/// `GET /quan-tri/van-ban/{item}`: `{id}` is the document's page, `{id}.docx` and
/// `{id}.pdf` its files.
pub async fn item(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(item): Path<String>,
) -> Result<Response, AppError> {
    match item.parse::<DocumentId>() {
        Ok(id) => show(app, me, id).await,
        Err(_) => download(app, me, item).await,
    }
}

/// The document, its status, who received it.
pub(super) async fn show(
    app: AppState,
    me: CurrentUser,
    id: DocumentId,
) -> Result<Response, AppError> {
    let doc = visible(&app, &me, id).await?;
    let page = show_page(
        &app,
        me,
        doc,
        Errors::default(),
        dates::format_dmy(today()),
        String::new(),
    )
    .await?;
    render(StatusCode::OK, &page)
}

//! Documents: the register and inbox, the draft form, a document's page, issue,
//! receipt, reminders and downloads; the printed form is the use-case layer's
//! ([`dxday_app::documents`]).

use dxday_app::documents::{docx_of, file_name, printed};
use dxday_media::docx::OfficialDocument;

// ---------------------------------------------------------------------------------
// Pages: the register and inbox, the draft form, a document's page, issue, receipt,
// reminders and downloads.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use dxday_domain::document::{
    self, Circulation, DocumentForm, DocumentStatus, SigningAuthority, Urgency,
};
use dxday_domain::{DocumentId, FieldErrors, Role, UnitId, dates};
use dxday_store::documents::{self, Delivery, Document, Refused};
use dxday_store::units;
use serde::Deserialize;
use time::OffsetDateTime;

use crate::csrf::{CsrfForm, CsrfFormPairs};
use crate::forms::{Errors, Opt, field_error, options, saved};
use crate::middleware::render;
use crate::{AppError, AppState, Ctx, CurrentUser};

/// Largest document form (a long body with its tables); beyond it 413.
pub const FORM_LIMIT: usize = 2 * 1024 * 1024;

/// One line of the list.
pub struct DocRow {
    pub id: i64,
    pub number: String,
    pub date: String,
    pub kind: String,
    pub subject: String,
    pub status_key: &'static str,
    /// For the office: "acknowledged / delivered"; for a unit: whether it acknowledged.
    pub receipt: String,
    pub pending: bool,
}

#[derive(Template)]
#[template(path = "admin/documents.html")]
struct ListPage {
    ctx: Ctx,
    rows: Vec<DocRow>,
    can_draft: bool,
    years: Vec<i64>,
    issuers: Vec<Opt>,
}

fn today() -> time::Date {
    dates::today_in_vietnam(OffsetDateTime::now_utc())
}

/// `GET /quan-tri/van-ban`: the office's documents; a unit's inbox and own documents.
pub async fn list(State(app): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    let docs = documents::list(&app.db, &me.scope).await?;
    let mine = me.user.data.unit_id;
    let ids: Vec<DocumentId> = docs.iter().map(|d| d.id).collect();
    let all_deliveries = documents::deliveries_of(&app.db, &ids).await?;
    let mut rows = Vec::with_capacity(docs.len());
    for d in docs {
        let deliveries: Vec<&Delivery> = all_deliveries
            .iter()
            .filter(|(doc, _)| *doc == d.id.0)
            .map(|(_, x)| x)
            .collect();
        let (receipt, pending) = match mine.filter(|u| *u != d.data.issuer_unit_id) {
            Some(u) if !me.scope.sees_all() => {
                let acked = deliveries
                    .iter()
                    .any(|x| x.unit_id == u.0 && x.acknowledged_at.is_some());
                (
                    me.ctx.t(if acked {
                        "doc-received"
                    } else {
                        "doc-not-received"
                    }),
                    !acked,
                )
            }
            _ => {
                let delivered = deliveries
                    .iter()
                    .filter(|x| x.delivered_at.is_some())
                    .count();
                let acked = deliveries
                    .iter()
                    .filter(|x| x.acknowledged_at.is_some())
                    .count();
                (format!("{acked}/{delivered}"), false)
            }
        };
        rows.push(DocRow {
            id: d.id.0,
            number: d.number_symbol(),
            date: d.issued_on.map(dates::format_dmy).unwrap_or_default(),
            kind: me.ctx.t(&d.data.kind.label_key()),
            subject: d.data.subject.lines().collect::<Vec<_>>().join(" "),
            status_key: d.status.label_key(),
            receipt,
            pending,
        });
    }
    let year = i64::from(today().year());
    let issuers = if me.user.data.role.can_manage_setup() {
        units::directory(&app.db)
            .await?
            .into_iter()
            .filter(|u| !u.archived)
            .map(|u| Opt {
                selected: Some(u.id) == mine,
                value: u.id.0.to_string(),
                label: u.data.name,
            })
            .collect()
    } else {
        Vec::new()
    };
    render(
        StatusCode::OK,
        &ListPage {
            can_draft: me.user.data.role.can_manage_setup(),
            ctx: me.ctx,
            rows,
            years: (2020..=year).rev().collect(),
            issuers,
        },
    )
}

#[derive(Template)]
#[template(path = "admin/document_form.html")]
struct FormPage {
    ctx: Ctx,
    id: Option<i64>,
    form: DocumentForm,
    errors: Errors,
    kinds: Vec<Opt>,
    authorities: Vec<Opt>,
    urgencies: Vec<Opt>,
    circulations: Vec<Opt>,
    issuers: Vec<Opt>,
    groups: Vec<crate::unit_picker::GroupChoice>,
}

async fn form_page(
    app: &AppState,
    me: CurrentUser,
    id: Option<i64>,
    form: DocumentForm,
    issuer: String,
    chosen: &[UnitId],
    errors: Errors,
) -> Result<FormPage, AppError> {
    let lang = me.ctx.lang;
    let all = crate::unit_picker::offered(app).await?;
    let groups = crate::unit_picker::groups(lang, &all, chosen);
    Ok(FormPage {
        kinds: options(
            &dxday_domain::document::DocumentType::ALL,
            |t| t.as_str().to_string(),
            |t| lang.t(&t.label_key()),
            &form.kind,
        ),
        authorities: options(
            &SigningAuthority::ALL,
            |a| a.prefix().to_string(),
            |a| {
                if a.prefix().is_empty() {
                    lang.t("doc-authority-head")
                } else {
                    a.prefix().to_string()
                }
            },
            &form.authority,
        ),
        urgencies: options(
            &Urgency::ALL,
            |u| u.as_str().to_string(),
            |u| {
                u.mark()
                    .map_or_else(|| lang.t("doc-urgency-normal"), str::to_string)
            },
            &form.urgency,
        ),
        circulations: options(
            &Circulation::ALL,
            |c| c.as_str().to_string(),
            |c| {
                c.mark()
                    .map_or_else(|| lang.t("doc-circulation-open"), str::to_string)
            },
            &form.circulation,
        ),
        issuers: all
            .iter()
            .map(|u| Opt {
                selected: u.id.0.to_string() == issuer,
                value: u.id.0.to_string(),
                label: u.data.name.clone(),
            })
            .collect(),
        groups,
        ctx: me.ctx,
        id,
        form,
        errors,
    })
}

/// `GET /quan-tri/van-ban/moi`: a new draft, prefilled for the account's unit.
pub async fn new_form(State(app): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let issuer = me.user.data.unit_id;
    let unit = match issuer {
        Some(u) => units::entry(&app.db, u).await?,
        None => None,
    };
    let form = DocumentForm {
        kind: "dispatch".into(),
        parent_body: unit
            .as_ref()
            .and_then(|u| u.parent_name.as_ref())
            .map(|p| p.to_uppercase())
            .unwrap_or_default(),
        issuer_name: unit
            .as_ref()
            .map(|u| u.data.name.to_uppercase())
            .unwrap_or_default(),
        symbol: unit
            .as_ref()
            .and_then(|u| u.data.short_name.clone())
            .unwrap_or_default()
            .to_uppercase(),
        place: me.ctx.t("doc-default-place"),
        authority: "KT.".into(),
        ..DocumentForm::default()
    };
    let issuer = issuer.map(|u| u.0.to_string()).unwrap_or_default();
    render(
        StatusCode::OK,
        &form_page(&app, me, None, form, issuer, &[], Errors::default()).await?,
    )
}

/// `POST /quan-tri/van-ban/moi`: saves a draft (no number yet).
pub async fn create(
    State(app): State<AppState>,
    me: CurrentUser,
    CsrfFormPairs(form, pairs): CsrfFormPairs<DocumentForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    save(app, me, None, form, pairs).await
}

async fn save(
    app: AppState,
    me: CurrentUser,
    id: Option<DocumentId>,
    form: DocumentForm,
    pairs: Vec<(String, String)>,
) -> Result<Response, AppError> {
    let lang = me.ctx.lang;
    let issuer_text = pairs
        .iter()
        .find(|(k, _)| k == "issuer_unit_id")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let recipients = crate::unit_picker::chosen(&app, &pairs, "recipient", "group").await?;
    let issuer = issuer_text.parse::<i64>().ok().map(UnitId);
    let parsed = match issuer {
        Some(u) => form.parse(u, recipients.clone()),
        None => {
            let mut e = FieldErrors::default();
            e.add("issuer_unit_id", "err-required");
            Err(e)
        }
    };
    let data = match parsed {
        Ok(d) => d,
        Err(e) => {
            let page = form_page(
                &app,
                me,
                id.map(|i| i.0),
                form,
                issuer_text,
                &recipients,
                Errors::from_fields(lang, &e),
            )
            .await?;
            return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let result = match id {
        None => documents::insert_draft(&app.db, me.actor(), &data)
            .await
            .map(Ok),
        Some(id) => documents::update_draft(&app.db, me.actor(), id, &data)
            .await
            .map(|r| r.map(|()| id)),
    };
    match result {
        Ok(Ok(id)) => saved(&me, "flash-saved", format!("/quan-tri/van-ban/{id}")).await,
        Ok(Err(Refused::NotFound)) => Err(AppError::NotFound),
        Ok(Err(Refused::NotDraft)) => Err(AppError::Conflict("err-doc-not-draft")),
        Err(e) => {
            let errors = field_error(lang, e)?;
            let page = form_page(
                &app,
                me,
                id.map(|i| i.0),
                form,
                issuer_text,
                &recipients,
                errors,
            )
            .await?;
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

async fn visible(app: &AppState, me: &CurrentUser, id: i64) -> Result<Document, AppError> {
    documents::get_in_scope(&app.db, &me.scope, DocumentId(id))
        .await?
        .ok_or(AppError::NotFound)
}

/// `GET /quan-tri/van-ban/{id}/sua`: the draft's form; an issued document is final.
pub async fn edit_form(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let doc = visible(&app, &me, id).await?;
    if doc.status != DocumentStatus::Draft {
        return Err(AppError::Conflict("err-doc-not-draft"));
    }
    let d = &doc.data;
    let form = DocumentForm {
        kind: d.kind.as_str().into(),
        parent_body: d.parent_body.clone(),
        issuer_name: d.issuer_name.clone(),
        symbol: d.symbol.clone(),
        place: d.place.clone(),
        subject: d.subject.clone(),
        legal_basis: d.legal_basis.clone(),
        addressees: d.addressees.clone(),
        body: d.body.clone(),
        authority: d.authority.prefix().into(),
        authority_title: d.authority_title.clone(),
        signer_title: d.signer_title.clone(),
        signer_name: d.signer_name.clone(),
        distribution: d.distribution.clone(),
        drafting_unit: d.drafting_unit.clone(),
        urgency: d.urgency.as_str().into(),
        circulation: d.circulation.as_str().into(),
    };
    let issuer = d.issuer_unit_id.0.to_string();
    let recipients = d.recipient_unit_ids.clone();
    render(
        StatusCode::OK,
        &form_page(
            &app,
            me,
            Some(id),
            form,
            issuer,
            &recipients,
            Errors::default(),
        )
        .await?,
    )
}

/// `POST /quan-tri/van-ban/{id}/sua`: 409 once issued, nothing changed.
pub async fn update(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    CsrfFormPairs(form, pairs): CsrfFormPairs<DocumentForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    visible(&app, &me, id).await?;
    save(app, me, Some(DocumentId(id)), form, pairs).await
}

#[derive(Template)]
#[template(path = "admin/document.html")]
struct ShowPage {
    ctx: Ctx,
    doc: Document,
    printed: OfficialDocument,
    body: Vec<String>,
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
    fn when(&self, at: &Option<String>) -> String {
        at.as_deref().map(vn_time).unwrap_or_default()
    }
}

/// "2024-10-07T03:12:00Z" as "07/10/2024 10:12" on the Vietnam clock (the text itself
/// when it is not a timestamp).
pub fn vn_time(at: &str) -> String {
    dxday_app::format::vn_time(at).unwrap_or_else(|| at.to_string())
}

async fn show_page(
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
            .find(|d| d.unit_id == u.0 && d.delivered_at.is_some())
            .map(|d| d.acknowledged_at.is_some())
    });
    Ok(ShowPage {
        printed: printed(&doc),
        body: document::lines(&doc.data.body)
            .into_iter()
            .map(|l| l.replace("**", ""))
            .collect(),
        kind: me.ctx.t(&doc.data.kind.label_key()),
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
    match item.parse::<i64>() {
        Ok(id) => show(app, me, id).await,
        Err(_) => download(app, me, item).await,
    }
}

/// The document, its status, who received it.
async fn show(app: AppState, me: CurrentUser, id: i64) -> Result<Response, AppError> {
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
    Path(id): Path<i64>,
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
        Some(on) => match documents::issue(&app.db, me.actor(), DocumentId(id), on, number).await {
            Ok(Ok(issued)) => {
                tracing::info!(
                    document = id,
                    number = issued.number,
                    delivered = issued.delivered,
                    "document issued"
                );
                notify(&app, DocumentId(id), false);
                return saved(&me, "flash-doc-issued", format!("/quan-tri/van-ban/{id}")).await;
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
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<crate::forms::ArchiveForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_act_for_unit)?;
    let doc = visible(&app, &me, id).await?;
    let unit = me.user.data.unit_id.ok_or(AppError::NotFound)?;
    documents::acknowledge(&app.db, me.actor(), doc.id, unit).await?;
    saved(&me, "flash-doc-received", format!("/quan-tri/van-ban/{id}")).await
}

/// `POST /quan-tri/van-ban/{id}/thu-hoi`: recalls an issued document; its number
/// stays taken.
pub async fn recall(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<crate::forms::ArchiveForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let doc = visible(&app, &me, id).await?;
    match documents::recall(&app.db, me.actor(), doc.id).await? {
        Ok(()) => saved(&me, "flash-doc-recalled", format!("/quan-tri/van-ban/{id}")).await,
        Err(Refused::NotFound) => Err(AppError::NotFound),
        Err(Refused::NotDraft) => Err(AppError::Conflict("err-doc-not-issued")),
    }
}

/// `POST /quan-tri/van-ban/{id}/nhac`: reminds the units that have not confirmed.
pub async fn remind(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<crate::forms::ArchiveForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let doc = visible(&app, &me, id).await?;
    if doc.status != DocumentStatus::Issued {
        return Err(AppError::Conflict("err-doc-not-issued"));
    }
    documents::remind(&app.db, me.actor(), doc.id).await?;
    notify(&app, doc.id, true);
    saved(&me, "flash-doc-reminded", format!("/quan-tri/van-ban/{id}")).await
}

/// `{id}.docx` and `{id}.pdf`.
async fn download(app: AppState, me: CurrentUser, file: String) -> Result<Response, AppError> {
    let (id, ext) = file.rsplit_once('.').ok_or(AppError::NotFound)?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let doc = visible(&app, &me, id).await?;
    let docx = app
        .pool
        .run("err-busy-work", {
            let doc = doc.clone();
            move |_| docx_of(&doc)
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

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RegisterQuery {
    #[serde(rename = "don-vi")]
    unit: String,
    #[serde(rename = "nam")]
    year: String,
}

/// `GET /quan-tri/van-ban/so-di.xlsx?don-vi=ID&nam=YYYY`: the outgoing register as the
/// decree's table (Phụ lục IV): 10 columns.
pub async fn register_xlsx(
    State(app): State<AppState>,
    me: CurrentUser,
    Query(q): Query<RegisterQuery>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let unit = q
        .unit
        .parse::<i64>()
        .ok()
        .map(UnitId)
        .or(me.user.data.unit_id)
        .ok_or(AppError::BadRequest("err-choice"))?;
    let year = q
        .year
        .parse::<i64>()
        .unwrap_or_else(|_| i64::from(today().year()));
    let docs = documents::register(&app.db, unit, year).await?;
    let ids: Vec<DocumentId> = docs.iter().map(|d| d.id).collect();
    let all_deliveries = documents::deliveries_of(&app.db, &ids).await?;
    let mut rows = Vec::with_capacity(docs.len());
    for d in &docs {
        let names: Vec<String> = all_deliveries
            .iter()
            .filter(|(doc, _)| *doc == d.id.0)
            .map(|(_, x)| x.unit_name.clone())
            .collect();
        use dxday_media::xlsx::Cell;
        rows.push(vec![
            Cell::Text(d.number_symbol()),
            Cell::Text(d.issued_on.map(dates::format_dmy).unwrap_or_default()),
            Cell::Text(format!(
                "{} {}",
                me.ctx.t(&d.data.kind.label_key()),
                d.data.subject.lines().collect::<Vec<_>>().join(" ")
            )),
            Cell::Text(d.data.signer_name.clone()),
            Cell::Text(names.join("; ")),
            Cell::Text(if d.data.drafting_unit.is_empty() {
                "VT".into()
            } else {
                format!("VT, {}", d.data.drafting_unit)
            }),
            Cell::Int(1),
            Cell::Text(d.issued_at.as_deref().map(vn_time).unwrap_or_default()),
            Cell::Empty,
            Cell::Text(me.ctx.t(d.status.label_key())),
        ]);
    }
    let headers: Vec<String> = (1..=10)
        .map(|i| me.ctx.t(&format!("register-col-{i}")))
        .collect();
    let title = me
        .ctx
        .lang
        .t_args("register-title", &[("year", year.to_string())]);
    let bytes = dxday_media::xlsx::table(&format!("{year}"), &title, &headers, &rows)?;
    crate::download::attachment(
        &format!("so-van-ban-di-{year}.xlsx"),
        crate::download::XLSX,
        bytes,
    )
}

/// E-mails the focal points of the recipient units (of those that have not confirmed,
/// for a reminder), in the background, when SMTP is configured. In Vietnamese: the
/// notices go to civil servants' mailboxes.
fn notify(app: &AppState, id: DocumentId, reminder: bool) {
    let Some(mailer) = app.config.mailer.clone() else {
        return;
    };
    let app = app.clone();
    tokio::spawn(async move {
        let result = async {
            let Some(doc) = documents::get(&app.db, id).await? else {
                return Ok::<usize, AppError>(0);
            };
            let to = documents::focal_point_emails(&app.db, id, reminder).await?;
            if to.is_empty() {
                return Ok(0);
            }
            let lang = crate::Lang::Vi;
            let name = format!(
                "{} {}",
                lang.t(&doc.data.kind.label_key()),
                doc.number_symbol()
            );
            let args = |extra: &[(&'static str, String)]| {
                let mut v = vec![("doc", name.clone())];
                v.extend_from_slice(extra);
                v
            };
            let subject = lang.t_args(
                if reminder {
                    "mail-remind-subject"
                } else {
                    "mail-doc-subject"
                },
                &args(&[]),
            );
            let body = lang.t_args(
                "mail-doc-body",
                &args(&[
                    ("issuer", doc.data.issuer_name.clone()),
                    (
                        "subject",
                        doc.data.subject.lines().collect::<Vec<_>>().join(" "),
                    ),
                    (
                        "link",
                        format!("{}/quan-tri/van-ban/{}", app.config.public_url, id),
                    ),
                ]),
            );
            let notice = crate::mail::Notice { to, subject, body };
            Ok(mailer.send(&notice).await)
        }
        .await;
        match result {
            Ok(n) => tracing::info!(document = %id, sent = n, reminder, "e-mail notices"),
            Err(e) => tracing::warn!(document = %id, error = %e, "e-mail notices not sent"),
        }
    });
}

/// Largest file sent with a document.
pub const ATTACHMENT_LIMIT: usize = 10 * 1024 * 1024;

/// `POST /quan-tri/van-ban/{id}/dinh-kem`: adds a file to a draft.
pub async fn attach(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
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
            match documents::add_attachment(&app.db, me.actor(), doc.id, &name, mime, &sha, bytes)
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
    Path((id, file)): Path<(i64, i64)>,
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
    Path((id, file)): Path<(i64, i64)>,
    CsrfForm(_): CsrfForm<crate::forms::ArchiveForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let doc = visible(&app, &me, id).await?;
    match documents::remove_attachment(&app.db, me.actor(), doc.id, file).await? {
        Ok(()) => saved(&me, "flash-saved", format!("/quan-tri/van-ban/{id}")).await,
        Err(_) => Err(AppError::Conflict("err-doc-not-draft")),
    }
}

//! A draft: the form, created and edited by the issuing office.

use super::*;
use crate::paths;

#[derive(Template)]
#[template(path = "admin/document_form.html")]
pub(super) struct FormPage {
    ctx: Ctx,
    id: Option<DocumentId>,
    form: DocumentForm,
    errors: Errors,
    kinds: Vec<Opt>,
    authorities: Vec<Opt>,
    urgencies: Vec<Opt>,
    circulations: Vec<Opt>,
    issuers: Vec<Opt>,
    groups: Vec<crate::unit_picker::GroupChoice>,
}

pub(super) async fn form_page(
    app: &AppState,
    me: CurrentUser,
    id: Option<DocumentId>,
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
            |t| lang.t(t.label_key()),
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

pub(super) async fn save(
    app: AppState,
    me: CurrentUser,
    id: Option<DocumentId>,
    form: DocumentForm,
    pairs: Vec<(String, String)>,
) -> Result<Response, AppError> {
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
    let (actor, scope) = (me.actor(), me.scope);
    let write = async |data| {
        let saved = match id {
            None => Ok(documents::insert_draft(&app.db, actor, &scope, &data).await?),
            Some(id) => documents::update_draft(&app.db, actor, &scope, id, &data)
                .await?
                .map(|()| id),
        };
        match saved {
            Ok(id) => Ok(paths::DOCUMENT.with(id)),
            Err(Refused::NotFound) => Err(AppError::NotFound.into()),
            Err(Refused::NotDraft) => Err(AppError::Conflict("err-doc-not-draft").into()),
        }
    };
    save_form(me, parsed, write, async |me, errors| {
        form_page(&app, me, id, form, issuer_text, &recipients, errors).await
    })
    .await
}

pub(super) async fn visible(
    app: &AppState,
    me: &CurrentUser,
    id: DocumentId,
) -> Result<Document, AppError> {
    documents::get_in_scope(&app.db, &me.scope, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// `GET /quan-tri/van-ban/{id}/sua`: the draft's form; an issued document is final.
pub async fn edit_form(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<DocumentId>,
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
    Path(id): Path<DocumentId>,
    CsrfFormPairs(form, pairs): CsrfFormPairs<DocumentForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    visible(&app, &me, id).await?;
    save(app, me, Some(id), form, pairs).await
}

//! A street's merchants: added, edited and removed by their ward.

use super::*;
use crate::paths;

/// Parses a merchant form against the member list in force.
pub(super) async fn parse_merchant(
    app: &AppState,
    lang: Lang,
    form: &MerchantForm,
) -> Result<Result<dxday_domain::payment::MerchantData, Errors>, AppError> {
    let list = payments::banks(&app.db).await?;
    Ok(form
        .parse(&|bin| list.iter().any(|b| b.bin == bin))
        .map_err(|e| Errors::from_fields(lang, &e)))
}

/// `POST /quan-tri/tuyen-pho/{id}/co-so`: a shop on the ward's street.
pub async fn create_merchant(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<StreetId>,
    CsrfForm(form): CsrfForm<MerchantForm>,
) -> Result<Response, AppError> {
    let unit = ward_of(&app, &me).await?;
    let street = visible_street(&app, &me, id).await?;
    let actor = me.actor();
    let write = async |data| {
        let added = payments::insert_merchant(&app.db, actor, id, unit, &data).await?;
        app.invalidate_public_cache();
        Ok(added
            .map(|_| format!("{}#co-so", paths::STREET.with(id)))
            .ok_or(AppError::NotFound)?)
    };
    let parsed = parse_merchant(&app, me.ctx.lang, &form).await?;
    save_form(me, parsed, write, async |me, errors| {
        let refused = Refused {
            street: None,
            merchant: Some((form, errors)),
        };
        street_page(&app, me, street, refused, Vec::new()).await
    })
    .await
}

#[derive(Template)]
#[template(path = "admin/merchant.html")]
pub(super) struct MerchantPage {
    ctx: Ctx,
    id: MerchantId,
    street_id: StreetId,
    street_name: String,
    form: MerchantForm,
    kinds: Vec<Opt>,
    banks: Vec<Opt>,
    streets: Vec<Opt>,
    errors: Errors,
    vietqr: bool,
}

pub(super) async fn merchant_page(
    app: &AppState,
    me: CurrentUser,
    m: &Merchant,
    refused: Option<(MerchantForm, Errors)>,
) -> Result<MerchantPage, AppError> {
    let lang = me.ctx.lang;
    let list = payments::banks(&app.db).await?;
    let (form, errors) = refused.unwrap_or_else(|| (MerchantForm::of(&m.data), Errors::default()));
    let streets = payments::streets(&app.db, &me.scope)
        .await?
        .into_iter()
        .map(|s| Opt {
            value: s.id.to_string(),
            label: s.data.name.clone(),
            selected: s.id == m.street_id,
        })
        .collect();
    Ok(MerchantPage {
        kinds: kind_options(lang, &form.kind),
        banks: bank_options(lang, &list, &form.bank_bin),
        ctx: me.ctx,
        id: m.id,
        street_id: m.street_id,
        street_name: m.street_name.clone(),
        vietqr: vietqr_of(m).is_some(),
        form,
        streets,
        errors,
    })
}

/// The ward's own merchant (another ward's, or none: 404).
pub(super) async fn own_merchant(
    app: &AppState,
    me: &CurrentUser,
    id: MerchantId,
) -> Result<(UnitId, Merchant), AppError> {
    let unit = ward_of(app, me).await?;
    let m = payments::merchant(&app.db, &me.scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((unit, m))
}

/// `GET /quan-tri/co-so/{id}`: the form of one of the ward's shops.
pub async fn merchant_form(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<MerchantId>,
) -> Result<Response, AppError> {
    let (_, m) = own_merchant(&app, &me, id).await?;
    let page = merchant_page(&app, me, &m, None).await?;
    render(StatusCode::OK, &page)
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct MerchantUpdate {
    street_id: String,
    #[serde(flatten)]
    form: MerchantForm,
}

/// `POST /quan-tri/co-so/{id}`: the ward changes one of its shops (or moves it to
/// another of its streets).
pub async fn update_merchant(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<MerchantId>,
    CsrfForm(up): CsrfForm<MerchantUpdate>,
) -> Result<Response, AppError> {
    let (unit, m) = own_merchant(&app, &me, id).await?;
    let street = up.street_id.trim().parse().unwrap_or(m.street_id);
    let actor = me.actor();
    let write = async |data| {
        let found = payments::update_merchant(&app.db, actor, id, street, unit, &data).await?;
        app.invalidate_public_cache();
        Ok(found
            .then(|| format!("{}#co-so", paths::STREET.with(street)))
            .ok_or(AppError::NotFound)?)
    };
    let parsed = parse_merchant(&app, me.ctx.lang, &up.form).await?;
    save_form(me, parsed, write, async |me, errors| {
        merchant_page(&app, me, &m, Some((up.form, errors))).await
    })
    .await
}

/// `POST /quan-tri/co-so/{id}/xoa`: the ward deletes one of its shops.
pub async fn delete_merchant(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<MerchantId>,
    CsrfForm(_): CsrfForm<crate::forms::Empty>,
) -> Result<Response, AppError> {
    let (unit, m) = own_merchant(&app, &me, id).await?;
    if !payments::delete_merchant(&app.db, me.actor(), id, unit).await? {
        return Err(AppError::NotFound);
    }
    app.invalidate_public_cache();
    saved(
        &me,
        "flash-deleted",
        format!("{}#co-so", paths::STREET.with(m.street_id)),
    )
    .await
}

//! The streets of a ward or of the district, and one street with its merchants.

use super::*;
use crate::paths;

#[derive(Template)]
#[template(path = "admin/streets.html")]
pub(super) struct StreetsPage {
    ctx: Ctx,
    lines: Vec<StreetLine>,
    is_ward: bool,
    form: StreetForm,
    statuses: Vec<Opt>,
    errors: Errors,
    import_errors: Vec<(usize, &'static str, String)>,
}

pub(super) async fn streets_page(
    app: &AppState,
    me: CurrentUser,
    form: StreetForm,
    errors: Errors,
    import_errors: Vec<(usize, &'static str, String)>,
) -> Result<StreetsPage, AppError> {
    let lang = me.ctx.lang;
    let is_ward = !me.user.data.role.is_office();
    if is_ward {
        ward_of(app, &me).await?;
    }
    let lines = payments::streets(&app.db, &me.scope)
        .await?
        .into_iter()
        .map(|s| street_line(lang, s))
        .collect();
    Ok(StreetsPage {
        statuses: status_options(lang, &form.status),
        ctx: me.ctx,
        lines,
        is_ward,
        form,
        errors,
        import_errors,
    })
}

/// `GET /quan-tri/tuyen-pho`: a ward's streets and the forms to add and import; the
/// office's view of every ward's.
pub async fn index(State(app): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    let page = streets_page(
        &app,
        me,
        StreetForm::default(),
        Errors::default(),
        Vec::new(),
    )
    .await?;
    render(StatusCode::OK, &page)
}

/// `POST /quan-tri/tuyen-pho`: a ward's new street.
pub async fn create_street(
    State(app): State<AppState>,
    me: CurrentUser,
    CsrfForm(form): CsrfForm<StreetForm>,
) -> Result<Response, AppError> {
    let unit = ward_of(&app, &me).await?;
    let actor = me.actor();
    let write = async |data| {
        let id = payments::insert_street(&app.db, actor, unit, &data).await?;
        app.invalidate_public_cache();
        Ok(paths::STREET.with(id))
    };
    let parsed = form.parse();
    save_form(me, parsed, write, async |me, errors| {
        streets_page(&app, me, form, errors, Vec::new()).await
    })
    .await
}

pub struct MerchantLine {
    pub m: Merchant,
    pub bank: String,
    pub kind: String,
    /// The VietQR payload, when the shop takes bank transfers.
    pub vietqr: bool,
}

pub(super) fn merchant_line(lang: Lang, list: &[Bank], m: Merchant) -> MerchantLine {
    MerchantLine {
        bank: bank_name(list, &m.data.bank_bin),
        kind: lang.t(m.data.kind.label_key()),
        vietqr: vietqr_of(&m).is_some(),
        m,
    }
}

/// A shop's static VietQR (the payer types the amount), when it takes bank transfers.
pub fn vietqr_of(m: &Merchant) -> Option<VietQr> {
    if !m.data.methods.bank_qr {
        return None;
    }
    VietQr::new(
        m.data.bank_bin.as_deref()?,
        m.data.account_number.as_deref()?,
        None,
        None,
        None,
    )
    .ok()
}

#[derive(Template)]
#[template(path = "admin/street.html")]
pub(super) struct StreetPage {
    ctx: Ctx,
    line: StreetLine,
    merchants: Vec<MerchantLine>,
    paying: Vec<Opt>,
    /// The shops' search (name, address, bank), filter (`thanh-toan`), sort and page.
    shops: Listing,
    /// Some shop takes bank QR (the standee sheet is offered).
    has_vietqr: bool,
    editable: bool,
    can_launch: bool,
    form: StreetForm,
    statuses: Vec<Opt>,
    errors: Errors,
    merchant: MerchantForm,
    kinds: Vec<Opt>,
    banks: Vec<Opt>,
    merchant_errors: Errors,
}

pub(super) struct Refused {
    pub(super) street: Option<(StreetForm, Errors)>,
    pub(super) merchant: Option<(MerchantForm, Errors)>,
}

pub(super) async fn street_page(
    app: &AppState,
    me: CurrentUser,
    street: Street,
    refused: Refused,
    query: Vec<(String, String)>,
) -> Result<StreetPage, AppError> {
    let mut shops = Listing::new(paths::STREET.with(street.id), query, "ten");
    let paying = shops.param("thanh-toan").to_string();
    let lang = me.ctx.lang;
    let list = payments::banks(&app.db).await?;
    let editable = me.user.data.unit_id == Some(street.unit_id) && !me.user.data.role.is_office();
    let (form, errors) = refused
        .street
        .unwrap_or_else(|| (StreetForm::of(&street.data), Errors::default()));
    let (merchant, merchant_errors) = refused.merchant.unwrap_or_default();
    let merchants: Vec<MerchantLine> = payments::merchants(&app.db, &me.scope, street.id)
        .await?
        .into_iter()
        .map(|m| merchant_line(lang, &list, m))
        .filter(|l| match paying.as_str() {
            "co" => l.m.data.methods.any(),
            "chua" => !l.m.data.methods.any(),
            _ => true,
        })
        .collect();
    let merchants = shops.apply(
        merchants,
        |l| {
            format!(
                "{} {} {} {}",
                l.m.data.name, l.m.data.address, l.bank, l.kind
            )
        },
        |column, l| match column {
            "dia-chi" => SortKey::text(&l.m.data.address),
            "ngan-hang" => SortKey::text(&l.bank),
            _ => SortKey::text(&l.m.data.name),
        },
    );
    Ok(StreetPage {
        shops,
        paying: choice(
            lang,
            "audit-filter-any",
            vec![
                ("co".into(), lang.t("merchants-filter-paying")),
                ("chua".into(), lang.t("merchant-cash-only")),
            ],
            &paying,
        ),
        has_vietqr: merchants.iter().any(|l| l.vietqr),
        statuses: status_options(lang, &form.status),
        kinds: kind_options(lang, &merchant.kind),
        banks: bank_options(lang, &list, &merchant.bank_bin),
        can_launch: dxday_domain::payment::can_launch(
            street.accepting,
            street.merchants,
            street.data.target_percent,
        ),
        line: street_line(lang, street),
        ctx: me.ctx,
        merchants,
        editable,
        form,
        errors,
        merchant,
        merchant_errors,
    })
}

/// `GET /quan-tri/tuyen-pho/{id}`: a street, its shops and (for its ward) the forms.
pub async fn show(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<StreetId>,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let street = visible_street(&app, &me, id).await?;
    let page = street_page(
        &app,
        me,
        street,
        Refused {
            street: None,
            merchant: None,
        },
        query,
    )
    .await?;
    render(StatusCode::OK, &page)
}

/// `POST /quan-tri/tuyen-pho/{id}`: the ward changes its street; launching a street
/// below its target is refused (422).
pub async fn update_street(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<StreetId>,
    CsrfForm(form): CsrfForm<StreetForm>,
) -> Result<Response, AppError> {
    let unit = ward_of(&app, &me).await?;
    let street = visible_street(&app, &me, id).await?;
    let actor = me.actor();
    let write = async |data| {
        let found = payments::update_street(&app.db, actor, id, unit, &data).await?;
        app.invalidate_public_cache();
        Ok(found
            .then(|| paths::STREET.with(id))
            .ok_or(AppError::NotFound)?)
    };
    let parsed = form.parse();
    save_form(me, parsed, write, async |me, errors| {
        let refused = Refused {
            street: Some((form, errors)),
            merchant: None,
        };
        street_page(&app, me, street, refused, Vec::new()).await
    })
    .await
}

//! Online-payment streets (tuyến phố thanh toán trực tuyến): a ward keeps its streets
//! and their merchants (by hand or imported from CSV/XLSX, all or nothing), sees each
//! street's share of shops that accept cashless payment, and launches a street when it
//! meets its target; the office sees every ward's and exports them. The public page
//! `/tuyen-pho-so` lists the streets by ward with their shops and VietQR codes.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dxday_domain::banks::{self, Bank};
use dxday_domain::payment::{
    MerchantForm, MerchantKind, StreetForm, StreetStatus, fold_key, parse_merchant_import,
};
use dxday_domain::unit::UnitKind;
use dxday_domain::vietqr::VietQr;
use dxday_domain::{Role, UnitId};
use dxday_media::xlsx::{Cell, Sheet};
use dxday_store::payments::{self, Merchant, Street};

use crate::csrf::CsrfForm;
use crate::download::{XLSX, attachment};
use crate::forms::{Errors, Opt, field_error, options, saved};
use crate::middleware::render;
use crate::{AppError, AppState, Ctx, CurrentUser, Lang};

/// Largest import file (a ward's merchants fit in far less).
pub const IMPORT_LIMIT: usize = 5 * 1024 * 1024;

/// The ward an account keeps streets for: a ward's focal point (others: 403).
async fn ward_of(app: &AppState, me: &CurrentUser) -> Result<UnitId, AppError> {
    let unit = me.user.data.unit_id.ok_or(AppError::Forbidden)?;
    if me.user.data.role.is_office() || me.user.data.role == Role::CommunityTeamMember {
        return Err(AppError::Forbidden);
    }
    let kind = dxday_store::units::entry(&app.db, unit)
        .await?
        .map(|u| u.data.kind);
    if kind == Some(UnitKind::Ward) {
        Ok(unit)
    } else {
        Err(AppError::Forbidden)
    }
}

/// A street the account may see: the office any, a ward its own (others: 404).
async fn visible_street(app: &AppState, me: &CurrentUser, id: i64) -> Result<Street, AppError> {
    let street = payments::street(&app.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    me.visible(street.unit_id)?;
    Ok(street)
}

fn status_options(lang: Lang, selected: &str) -> Vec<Opt> {
    options(
        &StreetStatus::ALL,
        |s| s.as_str().into(),
        |s| lang.t(&s.label_key()),
        selected,
    )
}

fn kind_options(lang: Lang, selected: &str) -> Vec<Opt> {
    options(
        &MerchantKind::ALL,
        |k| k.as_str().into(),
        |k| lang.t(&k.label_key()),
        selected,
    )
}

fn bank_options(lang: Lang, list: &[Bank], selected: &str) -> Vec<Opt> {
    let mut out = vec![Opt {
        value: String::new(),
        label: lang.t("merchant-no-bank"),
        selected: selected.is_empty(),
    }];
    out.extend(list.iter().map(|b| Opt {
        value: b.bin.clone(),
        label: format!("{} ({}) – {}", b.short_name, b.bin, b.name),
        selected: b.bin == selected,
    }));
    out
}

/// A bank's short name from its BIN.
fn bank_name(list: &[Bank], bin: &Option<String>) -> String {
    bin.as_deref()
        .and_then(|b| list.iter().find(|x| x.bin == b))
        .map(|b| b.short_name.clone())
        .unwrap_or_default()
}

/// A street as the lists show it.
pub struct StreetLine {
    pub s: Street,
    pub status: String,
    pub percent: String,
    pub segment: String,
}

fn street_line(lang: Lang, s: Street) -> StreetLine {
    StreetLine {
        status: lang.t(&s.data.status.label_key()),
        percent: s
            .percent()
            .map(|p| format!("{p} %"))
            .unwrap_or_else(|| "—".into()),
        segment: match (&s.data.segment_from, &s.data.segment_to) {
            (Some(a), Some(b)) => format!("{a} – {b}"),
            (Some(a), None) | (None, Some(a)) => a.clone(),
            (None, None) => String::new(),
        },
        s,
    }
}

// ---------------------------------------------------------------------------------
// The streets of a ward, or of the district.

#[derive(Template)]
#[template(path = "admin/streets.html")]
struct StreetsPage {
    ctx: Ctx,
    lines: Vec<StreetLine>,
    is_ward: bool,
    form: StreetForm,
    statuses: Vec<Opt>,
    errors: Errors,
    import_errors: Vec<(usize, &'static str, String)>,
}

async fn streets_page(
    app: &AppState,
    me: CurrentUser,
    form: StreetForm,
    errors: Errors,
    import_errors: Vec<(usize, &'static str, String)>,
) -> Result<StreetsPage, AppError> {
    let lang = me.ctx.lang;
    let (unit, is_ward) = if me.user.data.role.is_office() {
        (None, false)
    } else {
        (Some(ward_of(app, &me).await?), true)
    };
    let lines = payments::streets(&app.db, unit)
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
    let lang = me.ctx.lang;
    let errors = match form.parse() {
        Ok(data) => match payments::insert_street(&app.db, me.actor(), unit, &data).await {
            Ok(id) => {
                app.invalidate_public_cache();
                return saved(&me, "flash-saved", format!("/quan-tri/tuyen-pho/{id}")).await;
            }
            Err(e) => field_error(lang, e)?,
        },
        Err(e) => Errors::from_fields(lang, &e),
    };
    let page = streets_page(&app, me, form, errors, Vec::new()).await?;
    render(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

// ---------------------------------------------------------------------------------
// One street and its merchants.

pub struct MerchantLine {
    pub m: Merchant,
    pub bank: String,
    pub kind: String,
    /// The VietQR payload, when the shop takes bank transfers.
    pub vietqr: bool,
}

fn merchant_line(lang: Lang, list: &[Bank], m: Merchant) -> MerchantLine {
    MerchantLine {
        bank: bank_name(list, &m.data.bank_bin),
        kind: lang.t(&m.data.kind.label_key()),
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
struct StreetPage {
    ctx: Ctx,
    line: StreetLine,
    merchants: Vec<MerchantLine>,
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

struct Refused {
    street: Option<(StreetForm, Errors)>,
    merchant: Option<(MerchantForm, Errors)>,
}

async fn street_page(
    app: &AppState,
    me: CurrentUser,
    street: Street,
    refused: Refused,
) -> Result<StreetPage, AppError> {
    let lang = me.ctx.lang;
    let list = payments::banks(&app.db).await?;
    let editable = me.user.data.unit_id == Some(street.unit_id) && !me.user.data.role.is_office();
    let (form, errors) = refused
        .street
        .unwrap_or_else(|| (StreetForm::of(&street.data), Errors::default()));
    let (merchant, merchant_errors) = refused.merchant.unwrap_or_default();
    let merchants: Vec<MerchantLine> = payments::merchants(&app.db, street.id)
        .await?
        .into_iter()
        .map(|m| merchant_line(lang, &list, m))
        .collect();
    Ok(StreetPage {
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
    Path(id): Path<i64>,
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
    )
    .await?;
    render(StatusCode::OK, &page)
}

/// `POST /quan-tri/tuyen-pho/{id}`: the ward changes its street; launching a street
/// below its target is refused (422).
pub async fn update_street(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<StreetForm>,
) -> Result<Response, AppError> {
    let unit = ward_of(&app, &me).await?;
    let street = visible_street(&app, &me, id).await?;
    let lang = me.ctx.lang;
    let errors = match form.parse() {
        Ok(data) => match payments::update_street(&app.db, me.actor(), id, unit, &data).await {
            Ok(true) => {
                app.invalidate_public_cache();
                return saved(&me, "flash-saved", format!("/quan-tri/tuyen-pho/{id}")).await;
            }
            Ok(false) => return Err(AppError::NotFound),
            Err(e) => field_error(lang, e)?,
        },
        Err(e) => Errors::from_fields(lang, &e),
    };
    let page = street_page(
        &app,
        me,
        street,
        Refused {
            street: Some((form, errors)),
            merchant: None,
        },
    )
    .await?;
    render(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

/// Parses a merchant form against the member list in force.
async fn parse_merchant(
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
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<MerchantForm>,
) -> Result<Response, AppError> {
    let unit = ward_of(&app, &me).await?;
    let street = visible_street(&app, &me, id).await?;
    let lang = me.ctx.lang;
    let errors = match parse_merchant(&app, lang, &form).await? {
        Ok(data) => match payments::insert_merchant(&app.db, me.actor(), id, unit, &data).await {
            Ok(Some(_)) => {
                app.invalidate_public_cache();
                return saved(
                    &me,
                    "flash-saved",
                    format!("/quan-tri/tuyen-pho/{id}#co-so"),
                )
                .await;
            }
            Ok(None) => return Err(AppError::NotFound),
            Err(e) => field_error(lang, e)?,
        },
        Err(errors) => errors,
    };
    let page = street_page(
        &app,
        me,
        street,
        Refused {
            street: None,
            merchant: Some((form, errors)),
        },
    )
    .await?;
    render(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

#[derive(Template)]
#[template(path = "admin/merchant.html")]
struct MerchantPage {
    ctx: Ctx,
    id: i64,
    street_id: i64,
    street_name: String,
    form: MerchantForm,
    kinds: Vec<Opt>,
    banks: Vec<Opt>,
    streets: Vec<Opt>,
    errors: Errors,
    vietqr: bool,
}

async fn merchant_page(
    app: &AppState,
    me: CurrentUser,
    m: &Merchant,
    refused: Option<(MerchantForm, Errors)>,
) -> Result<MerchantPage, AppError> {
    let lang = me.ctx.lang;
    let list = payments::banks(&app.db).await?;
    let (form, errors) = refused.unwrap_or_else(|| (MerchantForm::of(&m.data), Errors::default()));
    let streets = payments::streets(&app.db, Some(m.unit_id))
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
async fn own_merchant(
    app: &AppState,
    me: &CurrentUser,
    id: i64,
) -> Result<(UnitId, Merchant), AppError> {
    let unit = ward_of(app, me).await?;
    let m = payments::merchant(&app.db, id)
        .await?
        .filter(|m| m.unit_id == unit)
        .ok_or(AppError::NotFound)?;
    Ok((unit, m))
}

/// `GET /quan-tri/co-so/{id}`: the form of one of the ward's shops.
pub async fn merchant_form(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
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
    Path(id): Path<i64>,
    CsrfForm(up): CsrfForm<MerchantUpdate>,
) -> Result<Response, AppError> {
    let (unit, m) = own_merchant(&app, &me, id).await?;
    let lang = me.ctx.lang;
    let street: i64 = up.street_id.trim().parse().unwrap_or(m.street_id);
    let errors = match parse_merchant(&app, lang, &up.form).await? {
        Ok(data) => {
            match payments::update_merchant(&app.db, me.actor(), id, street, unit, &data).await {
                Ok(true) => {
                    app.invalidate_public_cache();
                    return saved(
                        &me,
                        "flash-saved",
                        format!("/quan-tri/tuyen-pho/{street}#co-so"),
                    )
                    .await;
                }
                Ok(false) => return Err(AppError::NotFound),
                Err(e) => field_error(lang, e)?,
            }
        }
        Err(errors) => errors,
    };
    let page = merchant_page(&app, me, &m, Some((up.form, errors))).await?;
    render(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

/// `POST /quan-tri/co-so/{id}/xoa`: the ward deletes one of its shops.
pub async fn delete_merchant(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
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
        format!("/quan-tri/tuyen-pho/{}#co-so", m.street_id),
    )
    .await
}

/// `POST /quan-tri/tuyen-pho/nhap`: the ward's merchants from a CSV (UTF-8, UTF-16 or
/// Windows-1258) or XLSX file; all rows or none, every error listed by row and column.
pub async fn import(
    State(app): State<AppState>,
    me: CurrentUser,
    crate::upload::CsrfUpload(up): crate::upload::CsrfUpload,
) -> Result<Response, AppError> {
    let unit = ward_of(&app, &me).await?;
    let lang = me.ctx.lang;
    let problems = match crate::upload::import_rows(&app, &up, "ten_co_so").await? {
        Err(e) => e,
        Ok(rows) => match import_merchant_rows(&app, &me, unit, &rows).await? {
            Ok(()) => {
                app.invalidate_public_cache();
                return saved(
                    &me,
                    "flash-imported-merchants",
                    "/quan-tri/tuyen-pho".into(),
                )
                .await;
            }
            Err(e) => e,
        },
    };
    let import_errors = problems
        .into_iter()
        .map(|e| (e.row, e.column, lang.t(e.key)))
        .collect();
    let page = streets_page(
        &app,
        me,
        StreetForm::default(),
        Errors::default(),
        import_errors,
    )
    .await?;
    render(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

/// Checks an import's rows against the ward's streets, its stored shops and the
/// member list in force, then stores them all, or gives every error.
async fn import_merchant_rows(
    app: &AppState,
    me: &CurrentUser,
    unit: UnitId,
    rows: &[Vec<String>],
) -> Result<Result<(), Vec<dxday_domain::task::CellError>>, AppError> {
    let list = payments::banks(&app.db).await?;
    let streets = payments::street_keys(&app.db, unit).await?;
    let existing = payments::identities(&app.db, unit).await?;
    let parsed = parse_merchant_import(
        rows,
        &|cell| banks::find(&list, cell).map(|b| b.bin.clone()),
        &|name| {
            let key = fold_key(name);
            streets.iter().any(|(k, _)| *k == key)
        },
        &existing,
    );
    Ok(match parsed {
        Err(e) => Err(e),
        Ok(merchants) => payments::import_merchants(&app.db, me.actor(), unit, &merchants)
            .await?
            .map(|_| ()),
    })
}

/// The export's and the import's columns, as headers (Vietnamese: the import folds
/// them back to its keys).
const HEADERS: [&str; 14] = [
    "merchant-col-name",
    "merchant-col-kind",
    "merchant-col-category",
    "merchant-col-address",
    "merchant-col-street",
    "merchant-col-phone",
    "merchant-col-qr",
    "merchant-col-card",
    "merchant-col-ewallet",
    "merchant-col-bank",
    "merchant-col-account",
    "merchant-col-holder",
    "merchant-col-verified-on",
    "merchant-col-verified-by",
];

/// The merchants' sheet of a ward (its header row reads back as an import).
fn merchants_sheet(lang: Lang, name: &str, title: String, list: &[Bank], ms: &[Merchant]) -> Sheet {
    // Import headers are Vietnamese whatever the page's language.
    let headers = HEADERS.iter().map(|k| Lang::Vi.t(k)).collect();
    let tick = |b: bool| Cell::Text(if b { "x".into() } else { String::new() });
    let text = |v: &Option<String>| Cell::Text(v.clone().unwrap_or_default());
    Sheet {
        name: dxday_media::xlsx::sheet_name(name, &[]),
        title,
        headers,
        rows: ms
            .iter()
            .map(|m| {
                let d = &m.data;
                vec![
                    Cell::Text(d.name.clone()),
                    Cell::Text(lang.t(&d.kind.label_key())),
                    text(&d.category),
                    Cell::Text(d.address.clone()),
                    Cell::Text(m.street_name.clone()),
                    text(&d.phone),
                    tick(d.methods.bank_qr),
                    tick(d.methods.card),
                    tick(d.methods.ewallet),
                    Cell::Text(bank_name(list, &d.bank_bin)),
                    text(&d.account_number),
                    text(&d.account_holder),
                    Cell::Text(
                        d.verified_on
                            .map(dxday_domain::dates::format_dmy)
                            .unwrap_or_default(),
                    ),
                    text(&d.verified_by),
                ]
            })
            .collect(),
        bold_rows: Vec::new(),
    }
}

/// `GET /quan-tri/tuyen-pho/xuat.xlsx`: a ward's streets and merchants; for the office
/// the district's (a summary sheet of every street, then a merchants' sheet per ward).
pub async fn export(State(app): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    let lang = me.ctx.lang;
    let unit = if me.user.data.role.is_office() {
        None
    } else {
        Some(ward_of(&app, &me).await?)
    };
    let list = payments::banks(&app.db).await?;
    let streets = payments::streets(&app.db, unit).await?;
    let merchants = payments::merchants_of(&app.db, unit).await?;
    let mut summary = Sheet {
        name: dxday_media::xlsx::sheet_name(&lang.t("streets-title"), &[]),
        title: lang.t("streets-title"),
        headers: [
            "streets-ward",
            "street-name",
            "street-segment",
            "street-status",
            "street-merchants",
            "street-accepting",
            "street-percent",
            "street-target",
            "street-launch-date",
        ]
        .iter()
        .map(|k| lang.t(k))
        .collect(),
        ..Sheet::default()
    };
    for s in &streets {
        let line = street_line(lang, s.clone());
        summary.rows.push(vec![
            Cell::Text(s.unit_name.clone()),
            Cell::Text(s.data.name.clone()),
            Cell::Text(line.segment),
            Cell::Text(line.status),
            Cell::Int(s.merchants),
            Cell::Int(s.accepting),
            match s.percent() {
                Some(p) => Cell::Percent(p as f64 / 100.0),
                None => Cell::Empty,
            },
            Cell::Percent(s.data.target_percent as f64 / 100.0),
            Cell::Text(
                s.data
                    .launch_date
                    .map(dxday_domain::dates::format_dmy)
                    .unwrap_or_default(),
            ),
        ]);
    }
    let mut sheets = vec![summary];
    let mut wards: Vec<(UnitId, String)> = streets
        .iter()
        .map(|s| (s.unit_id, s.unit_name.clone()))
        .collect();
    wards.dedup();
    let mut taken: Vec<String> = vec![sheets[0].name.clone()];
    for (ward, name) in wards {
        let ms: Vec<Merchant> = merchants
            .iter()
            .filter(|m| m.unit_id == ward)
            .cloned()
            .collect();
        let mut sheet = merchants_sheet(
            lang,
            &name,
            format!("{}: {name}", lang.t("merchants-title")),
            &list,
            &ms,
        );
        sheet.name = dxday_media::xlsx::sheet_name(&name, &taken);
        taken.push(sheet.name.clone());
        sheets.push(sheet);
    }
    let bytes = dxday_media::xlsx::workbook(&sheets)?;
    attachment(
        if unit.is_some() {
            "tuyen-pho-phuong.xlsx"
        } else {
            "tuyen-pho-quan.xlsx"
        },
        XLSX,
        bytes,
    )
}

// ---------------------------------------------------------------------------------
// The public page and the shops' codes.

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct PublicQuery {
    /// Search in street and shop names, addresses and categories.
    q: String,
}

pub struct PublicStreet {
    pub line: StreetLine,
    pub merchants: Vec<MerchantLine>,
}

pub struct PublicWard {
    pub name: String,
    pub streets: Vec<PublicStreet>,
}

#[derive(Template)]
#[template(path = "payment_streets.html")]
struct PublicPage {
    ctx: Ctx,
    q: String,
    wards: Vec<PublicWard>,
    streets: usize,
    launched: usize,
    found: usize,
}

/// `GET /tuyen-pho-so[?q=…]`: the streets by ward with their progress, launched ones
/// first; each street's shops with what they accept and their VietQR (no amount).
/// A search keeps the shops (and streets) whose names, addresses or categories match.
pub async fn public(
    State(app): State<AppState>,
    crate::ctx::PageLang(lang): crate::ctx::PageLang,
    Query(q): Query<PublicQuery>,
) -> Result<Response, AppError> {
    let list = payments::banks(&app.db).await?;
    let all_streets = payments::streets(&app.db, None).await?;
    // Each street's shops, taken once from the district's list.
    let mut by_street: std::collections::HashMap<i64, Vec<Merchant>> =
        std::collections::HashMap::new();
    for m in payments::merchants_of(&app.db, None).await? {
        by_street.entry(m.street_id).or_default().push(m);
    }
    let query = fold_key(&q.q);
    let matches = |text: &str| query.is_empty() || fold_key(text).contains(&query);
    let mut wards: Vec<PublicWard> = Vec::new();
    let (mut launched, mut found) = (0, 0);
    let total = all_streets.len();
    let mut sorted = all_streets;
    sorted.sort_by_key(|s| {
        (
            s.unit_name.clone(),
            s.data.status != StreetStatus::Launched,
            s.data.name.clone(),
        )
    });
    for s in sorted {
        if s.data.status == StreetStatus::Launched {
            launched += 1;
        }
        let street_hit = matches(&s.data.name);
        let shops: Vec<MerchantLine> = by_street
            .remove(&s.id)
            .unwrap_or_default()
            .into_iter()
            .filter(|m| {
                street_hit
                    || matches(&m.data.name)
                    || matches(&m.data.address)
                    || m.data.category.as_deref().is_some_and(&matches)
            })
            .map(|m| merchant_line(lang, &list, m))
            .collect();
        if !street_hit && shops.is_empty() {
            continue;
        }
        found += 1;
        let street = PublicStreet {
            line: street_line(lang, s),
            merchants: shops,
        };
        match wards.last_mut() {
            Some(w) if w.name == street.line.s.unit_name => w.streets.push(street),
            _ => wards.push(PublicWard {
                name: street.line.s.unit_name.clone(),
                streets: vec![street],
            }),
        }
    }
    let page = PublicPage {
        ctx: Ctx::public(lang, "/tuyen-pho-so"),
        q: q.q.trim().to_string(),
        wards,
        streets: total,
        launched,
        found,
    };
    let body = page.render().map_err(AppError::internal)?;
    Ok(crate::download::public_html(body.into()))
}

/// `GET /tuyen-pho-so/qr/{id}.svg|png`: a shop's static VietQR (the payer types the
/// amount); 404 for a shop that does not take bank transfers.
pub async fn merchant_qr(
    State(app): State<AppState>,
    Path(name): Path<String>,
) -> Result<Response, AppError> {
    let (id, ext) = name.split_once('.').ok_or(AppError::NotFound)?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let m = payments::merchant(&app.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let payload = vietqr_of(&m).ok_or(AppError::NotFound)?.payload();
    let ec = dxday_media::qr::Correction::Medium;
    let (bytes, mime) = match ext {
        "svg" => (
            dxday_media::qr::svg(&payload, ec)?.into_bytes(),
            "image/svg+xml",
        ),
        "png" => (dxday_media::qr::png(&payload, ec, 512)?, "image/png"),
        _ => return Err(AppError::NotFound),
    };
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(mime)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=300"),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'"),
            ),
        ],
        bytes,
    )
        .into_response())
}

// ---------------------------------------------------------------------------------
// Printable standees.

/// A shop's standee, when it takes bank transfers.
fn standee_of(list: &[Bank], mark: &str, m: &Merchant) -> Option<dxday_media::standee::Standee> {
    let q = vietqr_of(m)?;
    Some(dxday_media::standee::Standee {
        payload: q.payload(),
        shop: m.data.name.clone(),
        bank: bank_name(list, &m.data.bank_bin),
        account: q.account,
        holder: m.data.account_holder.clone().unwrap_or_default(),
        mark: mark.to_string(),
        month: Lang::Vi.t("standee-month"),
        // Printed for Vietnamese customers, whatever the page's language.
        call: Lang::Vi.t("standee-call"),
    })
}

/// The mark on the cards: the current campaign's title.
async fn standee_mark(app: &AppState) -> Result<String, AppError> {
    Ok(dxday_app::campaign::current(&app.db)
        .await?
        .map(|c| c.data.title)
        .unwrap_or_else(|| Lang::Vi.t("standee-day")))
}

/// `GET /quan-tri/co-so/{id}/standee.png`: a shop's A6 standee (300 dpi), to its ward
/// and the office; 404 for a shop without bank QR.
pub async fn standee(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let m = payments::merchant(&app.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    visible_street(&app, &me, m.street_id).await?;
    let list = payments::banks(&app.db).await?;
    let mark = standee_mark(&app).await?;
    let card = standee_of(&list, &mark, &m).ok_or(AppError::NotFound)?;
    let bytes = app
        .pool
        .run("err-busy-print", move |_| dxday_media::standee::png(&card))
        .await??;
    attachment(&format!("standee-{id}.png"), "image/png", bytes)
}

/// `GET /quan-tri/tuyen-pho/{id}/standees.pdf`: every standee of a street, four to an
/// A4 page; 404 with a message when no shop takes bank QR.
pub async fn standees(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let street = visible_street(&app, &me, id).await?;
    let list = payments::banks(&app.db).await?;
    let mark = standee_mark(&app).await?;
    let cards: Vec<_> = payments::merchants(&app.db, street.id)
        .await?
        .iter()
        .filter_map(|m| standee_of(&list, &mark, m))
        .collect();
    if cards.is_empty() {
        return Err(AppError::NotFoundKey("err-standees-none"));
    }
    // A sheet takes one permit of the pool for a second or more (a full pool answers
    // 503 with Retry-After at once) and stops between pages when its request is gone.
    let bytes = app
        .pool
        .run("err-busy-print", move |cancel| {
            dxday_media::standee::sheet_pdf(&cards, &|| cancel.is_cancelled())
        })
        .await??;
    attachment(
        &dxday_domain::kit::download_name(&street.data.name, "pdf"),
        "application/pdf",
        bytes,
    )
}

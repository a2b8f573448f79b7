//! Merchants in and out: the all-or-nothing import and the office's export.

use super::*;

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
pub(super) async fn import_merchant_rows(
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
pub(super) const HEADERS: [&str; 14] = [
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
pub(super) fn merchants_sheet(
    lang: Lang,
    name: &str,
    title: String,
    list: &[Bank],
    ms: &[Merchant],
) -> Sheet {
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
                    Cell::Text(lang.t(d.kind.label_key())),
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
    if !me.user.data.role.is_office() {
        ward_of(&app, &me).await?;
    }
    let list = payments::banks(&app.db).await?;
    let streets = payments::streets(&app.db, &me.scope).await?;
    let merchants = payments::merchants_of(&app.db, &me.scope).await?;
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
        if !me.scope.sees_all() {
            "tuyen-pho-phuong.xlsx"
        } else {
            "tuyen-pho-quan.xlsx"
        },
        XLSX,
        bytes,
    )
}

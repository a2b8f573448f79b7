//! Merchants in and out: the all-or-nothing import and the office's export.

use super::*;
use crate::paths;

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
                return saved(&me, "flash-imported-merchants", paths::STREETS.into()).await;
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

/// `GET /quan-tri/tuyen-pho/xuat.xlsx`: a ward's streets and merchants; for the office
/// the district's (a summary sheet of every street, then a merchants' sheet per ward).
pub async fn export(State(app): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    if !me.user.data.role.is_office() {
        ward_of(&app, &me).await?;
    }
    let bytes = dxday_app::payments::workbook(&app.db, &me.scope, me.ctx.lang).await?;
    let name = if me.scope.sees_all() {
        "tuyen-pho-quan.xlsx"
    } else {
        "tuyen-pho-phuong.xlsx"
    };
    attachment(name, XLSX, bytes)
}

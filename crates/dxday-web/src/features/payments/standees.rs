//! Printable standees: one shop's, and a street's sheet four to a page.

use super::*;

/// A shop's standee, when it takes bank transfers.
pub(super) fn standee_of(
    list: &[Bank],
    mark: &str,
    m: &Merchant,
) -> Option<dxday_media::standee::Standee> {
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
pub(super) async fn standee_mark(app: &AppState) -> Result<String, AppError> {
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
    Path(id): Path<MerchantId>,
) -> Result<Response, AppError> {
    let m = payments::merchant(&app.db, &me.scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
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
    Path(id): Path<StreetId>,
) -> Result<Response, AppError> {
    let street = visible_street(&app, &me, id).await?;
    let list = payments::banks(&app.db).await?;
    let mark = standee_mark(&app).await?;
    let cards: Vec<_> = payments::merchants(&app.db, &me.scope, street.id)
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

//! The digital consumption month's offers: the office records enterprises' offers
//! (sector, offer, link, period within the month); `/thang-tieu-dung-so` lists them
//! by sector for everyone.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use dxday_domain::offer::OfferForm;
use dxday_domain::{OfferId, Role};
use dxday_store::campaigns::Campaign;
use dxday_store::offers::{self, Offer};
use time::Date;

use crate::csrf::CsrfForm;
use crate::forms::{Errors, saved};
use crate::middleware::render;
use crate::paths;
use crate::share::Preview;
use crate::{AppError, AppState, Ctx, CurrentUser};

/// The month's days: the campaign's consumption month, else October of its year.
fn month_of(c: &Campaign) -> (Date, Date) {
    let october = |day| {
        Date::from_calendar_date(c.data.year, time::Month::October, day).unwrap_or(c.data.starts_on)
    };
    (
        c.data.consumption_from.unwrap_or_else(|| october(1)),
        c.data.consumption_to.unwrap_or_else(|| october(31)),
    )
}

fn period(o: &Offer) -> String {
    format!(
        "{} – {}",
        dxday_domain::dates::format_dmy(o.data.valid_from),
        dxday_domain::dates::format_dmy(o.data.valid_to)
    )
}

/// Offers grouped by sector.
pub struct Sector {
    pub name: String,
    pub offers: Vec<(Offer, String)>,
}

fn by_sector(all: Vec<Offer>) -> Vec<Sector> {
    let mut out: Vec<Sector> = Vec::new();
    for o in all {
        let p = period(&o);
        match out.last_mut() {
            Some(s) if s.name == o.data.sector => s.offers.push((o, p)),
            _ => out.push(Sector {
                name: o.data.sector.clone(),
                offers: vec![(o, p)],
            }),
        }
    }
    out
}

#[derive(Template)]
#[template(path = "offers.html")]
struct PublicPage {
    ctx: Ctx,
    month: String,
    sectors: Vec<Sector>,
    preview: Preview,
}

/// `GET /thang-tieu-dung-so`: the current campaign's offers by sector.
pub async fn public(
    State(app): State<AppState>,
    crate::ctx::PageLang(lang): crate::ctx::PageLang,
) -> Result<Response, AppError> {
    let campaign = dxday_app::campaign::current(&app.db).await?;
    let (month, all) = match &campaign {
        Some(c) => {
            let (a, b) = month_of(c);
            (
                format!(
                    "{} – {}",
                    dxday_domain::dates::format_dmy(a),
                    dxday_domain::dates::format_dmy(b)
                ),
                offers::list(&app.db, c.id).await?,
            )
        }
        None => (String::new(), Vec::new()),
    };
    let subject = lang.t("offers-title");
    let path = paths::PUBLIC_OFFERS.pattern();
    let preview = Preview::new(&app, lang, campaign.as_ref(), Some(&subject), path);
    let page = PublicPage {
        preview,
        ctx: Ctx::public(lang, paths::PUBLIC_OFFERS.pattern()),
        month,
        sectors: by_sector(all),
    };
    let body = page.render().map_err(AppError::internal)?;
    Ok(crate::download::public_html(body.into()))
}

#[derive(Template)]
#[template(path = "admin/offers.html")]
struct AdminPage {
    ctx: Ctx,
    sectors: Vec<Sector>,
    form: OfferForm,
    errors: Errors,
}

async fn admin_page(
    app: &AppState,
    me: CurrentUser,
    form: OfferForm,
    errors: Errors,
) -> Result<AdminPage, AppError> {
    let campaign = dxday_app::campaign::current(&app.db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(AdminPage {
        ctx: me.ctx,
        sectors: by_sector(offers::list(&app.db, campaign.id).await?),
        form,
        errors,
    })
}

/// `GET /quan-tri/uu-dai` (office): the offers and the form.
pub async fn admin(State(app): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let page = admin_page(&app, me, OfferForm::default(), Errors::default()).await?;
    render(StatusCode::OK, &page)
}

/// `POST /quan-tri/uu-dai`: a new offer; a period outside the month is refused (422).
pub async fn create(
    State(app): State<AppState>,
    me: CurrentUser,
    CsrfForm(form): CsrfForm<OfferForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let campaign = dxday_app::campaign::current(&app.db)
        .await?
        .ok_or(AppError::NotFound)?;
    match form.parse(month_of(&campaign)) {
        Ok(data) => {
            offers::insert(&app.db, me.actor(), campaign.id, &data).await?;
            saved(&me, "flash-saved", paths::OFFERS.into()).await
        }
        Err(e) => {
            let errors = Errors::from_fields(me.ctx.lang, &e);
            let page = admin_page(&app, me, form, errors).await?;
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

/// `POST /quan-tri/uu-dai/{id}/xoa`: deletes an offer.
pub async fn delete(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<OfferId>,
    CsrfForm(_): CsrfForm<crate::forms::Empty>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    if !offers::delete(&app.db, me.actor(), id).await? {
        return Err(AppError::NotFound);
    }
    saved(&me, "flash-deleted", paths::OFFERS.into()).await
}

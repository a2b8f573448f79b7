//! The public page of the streets and the shops' codes.

use super::*;
use crate::paths;
use crate::share::Preview;

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
pub(super) struct PublicPage {
    ctx: Ctx,
    q: String,
    wards: Vec<PublicWard>,
    streets: usize,
    launched: usize,
    found: usize,
    preview: Preview,
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
    let all_streets = payments::public_streets(&app.db).await?;
    // Each street's shops, taken once from the district's list.
    let mut by_street: std::collections::HashMap<StreetId, Vec<Merchant>> =
        std::collections::HashMap::new();
    for m in payments::public_merchants(&app.db).await? {
        by_street.entry(m.street_id).or_default().push(m);
    }
    let total = all_streets.len();
    let launched = all_streets
        .iter()
        .filter(|s| s.data.status == StreetStatus::Launched)
        .count();
    let wards = search(lang, &list, all_streets, by_street, &fold_key(&q.q));
    let found = wards.iter().map(|w| w.streets.len()).sum();
    let campaign = dxday_app::campaign::current(&app.db).await?;
    let subject = lang.t("pay-title");
    let path = paths::PUBLIC_STREETS.pattern();
    let preview = Preview::new(&app, lang, campaign.as_ref(), Some(&subject), path);
    let page = PublicPage {
        preview,
        ctx: Ctx::public(lang, paths::PUBLIC_STREETS.pattern()),
        q: q.q.trim().to_string(),
        wards,
        streets: total,
        launched,
        found,
    };
    let body = page.render().map_err(AppError::internal)?;
    Ok(crate::download::public_html(body.into()))
}

/// The streets whose name, or some shop's name, address or category, holds `query`
/// (folded: no accents, any case), by ward; a street found by its name shows all its
/// shops, one found by its shops only those.
fn search(
    lang: Lang,
    list: &[Bank],
    mut streets: Vec<Street>,
    mut by_street: std::collections::HashMap<StreetId, Vec<Merchant>>,
    query: &str,
) -> Vec<PublicWard> {
    let matches = |text: &str| query.is_empty() || fold_key(text).contains(query);
    streets.sort_by(|a, b| {
        let later = |s: &Street| s.data.status != StreetStatus::Launched;
        dxday_domain::collation::compare(&a.unit_name, &b.unit_name)
            .then_with(|| later(a).cmp(&later(b)))
            .then_with(|| dxday_domain::collation::compare(&a.data.name, &b.data.name))
    });
    let mut wards: Vec<PublicWard> = Vec::new();
    for s in streets {
        let street_hit = matches(&s.data.name);
        let shops: Vec<MerchantLine> = by_street
            .remove(&s.id)
            .unwrap_or_default()
            .into_iter()
            .filter(|m| {
                let d = &m.data;
                street_hit
                    || matches(&d.name)
                    || matches(&d.address)
                    || d.category.as_deref().is_some_and(&matches)
            })
            .map(|m| merchant_line(lang, list, m))
            .collect();
        if !street_hit && shops.is_empty() {
            continue;
        }
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
    wards
}

/// `GET /tuyen-pho-so/qr/{id}.svg|png`: a shop's static VietQR (the payer types the
/// amount); 404 for a shop that does not take bank transfers.
pub async fn merchant_qr(
    State(app): State<AppState>,
    Path(name): Path<String>,
) -> Result<Response, AppError> {
    let (id, ext) = name.split_once('.').ok_or(AppError::NotFound)?;
    let id: MerchantId = id.parse().map_err(|_| AppError::NotFound)?;
    let m = payments::public_merchant(&app.db, id)
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

//! Online-payment streets in and out: the workbook of a ward's (or the district's)
//! streets and merchants, whose merchants' sheets read back as an import.

use dxday_domain::Scope;
use dxday_domain::UnitId;
use dxday_domain::banks::Bank;
use dxday_domain::payment::StreetData;
use dxday_media::xlsx::{Cell, Sheet, sheet_name};
use dxday_store::Db;
use dxday_store::payments::{self, Merchant};

use crate::{Error, Lang};

/// The export's and the import's columns, as headers (Vietnamese: the import folds
/// them back to its keys).
pub const HEADERS: [&str; 14] = [
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

const STREET_HEADERS: [&str; 9] = [
    "streets-ward",
    "street-name",
    "street-segment",
    "street-status",
    "street-merchants",
    "street-accepting",
    "street-percent",
    "street-target",
    "street-launch-date",
];

/// A bank's short name from its BIN.
pub fn bank_name(list: &[Bank], bin: &Option<String>) -> String {
    bin.as_deref()
        .and_then(|b| list.iter().find(|x| x.bin == b))
        .map(|b| b.short_name.clone())
        .unwrap_or_default()
}

/// The stretch of a street the campaign covers (`from – to`), as written.
pub fn segment(d: &StreetData) -> String {
    match (&d.segment_from, &d.segment_to) {
        (Some(a), Some(b)) => format!("{a} – {b}"),
        (Some(a), None) | (None, Some(a)) => a.clone(),
        (None, None) => String::new(),
    }
}

/// The workbook of the streets the scope reaches: a summary sheet of every street,
/// then a merchants' sheet per ward.
pub async fn workbook(db: &Db, scope: &Scope, lang: Lang) -> Result<Vec<u8>, Error> {
    let list = payments::banks(db).await?;
    let streets = payments::streets(db, scope).await?;
    let merchants = payments::merchants_of(db, scope).await?;
    let pct = |p: i64| Cell::Percent(p as f64 / 100.0);
    let office = crate::campaign::office_heading(db).await?;
    let summary = Sheet {
        name: sheet_name(&lang.t("streets-title"), &[]),
        office: office.clone(),
        title: lang.t("streets-title"),
        headers: STREET_HEADERS.iter().map(|k| lang.t(k)).collect(),
        rows: streets
            .iter()
            .map(|s| {
                vec![
                    Cell::Text(s.unit_name.clone()),
                    Cell::Text(s.data.name.clone()),
                    Cell::Text(segment(&s.data)),
                    Cell::Text(lang.t(s.data.status.label_key())),
                    Cell::Int(s.merchants),
                    Cell::Int(s.accepting),
                    s.percent().map_or(Cell::Empty, pct),
                    pct(s.data.target_percent),
                    s.data.launch_date.map_or(Cell::Empty, Cell::Date),
                ]
            })
            .collect(),
        ..Sheet::default()
    };
    let mut wards: Vec<(UnitId, String)> = streets
        .iter()
        .map(|s| (s.unit_id, s.unit_name.clone()))
        .collect();
    wards.dedup();
    let mut taken = vec![summary.name.clone()];
    let mut sheets = vec![summary];
    for (ward, name) in wards {
        let ms: Vec<Merchant> = merchants
            .iter()
            .filter(|m| m.unit_id == ward)
            .cloned()
            .collect();
        let title = format!("{}: {name}", lang.t("merchants-title"));
        let mut sheet = merchants_sheet(lang, &name, title, &list, &ms);
        sheet.name = sheet_name(&name, &taken);
        sheet.office = office.clone();
        taken.push(sheet.name.clone());
        sheets.push(sheet);
    }
    Ok(dxday_media::xlsx::workbook(&sheets)?)
}

/// The merchants' sheet of a ward (its header row reads back as an import).
pub fn merchants_sheet(
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
        name: sheet_name(name, &[]),
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
                    d.verified_on.map_or(Cell::Empty, Cell::Date),
                    text(&d.verified_by),
                ]
            })
            .collect(),
        ..Sheet::default()
    }
}

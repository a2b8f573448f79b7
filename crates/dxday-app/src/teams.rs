//! The community teams' workbooks: the roll-up of a range of months (a summary sheet
//! per ward, then a sheet per ward of its residential groups' teams), and the register
//! of teams and members (personal data: for the wards and the office only).

use dxday_domain::Scope;
use dxday_domain::team::{Period, Rollup, TEAM_INDICATORS, Tally};
use dxday_media::xlsx::{Cell, Sheet, sheet_name};
use dxday_store::Db;
use dxday_store::teams::{self, Level, RollupLine};

use crate::{Error, Lang};

/// A tally's cells: each indicator (missing stays empty, never 0; the households'
/// share as a percentage), then reports received, due, and the completeness.
fn tally_cells(t: &Tally, activities: i64) -> Vec<Cell> {
    let mut v: Vec<Cell> = TEAM_INDICATORS
        .iter()
        .map(|i| match (i.rollup, t.value(i.code)) {
            (_, None) => Cell::Empty,
            (Rollup::HouseholdShare { .. }, Some(n)) => Cell::Percent(n as f64 / 10_000.0),
            (_, Some(n)) => Cell::Int(n),
        })
        .collect();
    v.push(Cell::Int(activities));
    v.push(Cell::Int(t.received));
    v.push(Cell::Int(t.expected));
    v.push(
        t.completeness()
            .map_or(Cell::Empty, |p| Cell::Percent(p as f64 / 100.0)),
    );
    v
}

fn tally_headers(lang: Lang, first: &str) -> Vec<String> {
    let mut h = vec![lang.t(first)];
    h.extend(
        TEAM_INDICATORS
            .iter()
            .map(|i| format!("{} ({})", lang.t(i.label), lang.t(i.measure))),
    );
    for k in [
        "teams-activities",
        "teams-xlsx-received",
        "teams-xlsx-due",
        "teams-xlsx-completeness",
    ] {
        h.push(lang.t(k));
    }
    h
}

/// The roll-up of the scope over `months` as a workbook: the summary per ward (and the
/// total, bold), then one sheet per ward with a line per residential group.
pub async fn rollup_workbook(
    db: &Db,
    scope: &Scope,
    lang: Lang,
    months: &[Period],
) -> Result<Vec<u8>, Error> {
    let wards = teams::rollup(db, scope, months, Level::Ward).await?;
    let groups = teams::rollup(db, scope, months, Level::Group).await?;
    let range = match (months.first(), months.last()) {
        (Some(f), Some(l)) => format!(
            "{} – {}",
            crate::format::report_period(lang, *f),
            crate::format::report_period(lang, *l)
        ),
        _ => String::new(),
    };
    let line = |l: &RollupLine| {
        let mut row = vec![Cell::Text(l.label.clone())];
        row.extend(tally_cells(&l.tally, l.activities));
        row
    };
    let total = |t: &RollupLine| {
        let mut row = vec![Cell::Text(lang.t("teams-total"))];
        row.extend(tally_cells(&t.tally, t.activities));
        row
    };
    let mut rows: Vec<Vec<Cell>> = wards.lines.iter().map(line).collect();
    rows.push(total(&wards.total));
    let office = crate::campaign::office_for(db, scope).await?;
    let summary = Sheet {
        name: sheet_name(&lang.t("teams-rollup-table"), &[]),
        office: office.clone(),
        title: lang.t("teams-rollup"),
        period: range.clone(),
        headers: tally_headers(lang, "teams-ward"),
        bold_rows: vec![rows.len() - 1],
        rows,
        ..Sheet::default()
    };
    let mut taken = vec![summary.name.clone()];
    let mut sheets = vec![summary];
    for w in &wards.lines {
        let mut rows: Vec<Vec<Cell>> = groups
            .lines
            .iter()
            .filter(|g| g.ward_id == w.ward_id)
            .map(line)
            .collect();
        rows.push(total(w));
        let name = sheet_name(&w.label.replace("Ủy ban nhân dân ", ""), &taken);
        taken.push(name.clone());
        sheets.push(Sheet {
            name,
            office: office.clone(),
            title: format!("{}: {}", lang.t("teams-rollup"), w.label),
            period: range.clone(),
            headers: tally_headers(lang, "teams-group-name"),
            bold_rows: vec![rows.len() - 1],
            rows,
            ..Sheet::default()
        });
    }
    Ok(dxday_media::xlsx::workbook(&sheets)?)
}

/// The reporting periods of a campaign (from its first day's to its last day's).
pub fn campaign_periods(
    c: &dxday_domain::campaign::CampaignData,
    cadence: dxday_domain::team::Cadence,
) -> Vec<Period> {
    Period::range(c.starts_on, c.ends_on, cadence)
}

/// The register of the scope's teams and their members, as a workbook of two sheets.
pub async fn register_workbook(db: &Db, scope: &Scope, lang: Lang) -> Result<Vec<u8>, Error> {
    let list = teams::teams(db, scope).await?;
    let text = |s: &Option<String>| Cell::Text(s.clone().unwrap_or_default());
    let team_rows = list
        .iter()
        .map(|t| {
            vec![
                Cell::Text(t.ward_name.clone()),
                Cell::Text(format!("{} – {}", t.group_code, t.group_name)),
                Cell::Text(t.data.name.clone()),
                Cell::Text(lang.t(t.data.status.label_key())),
                text(&t.data.decision_number),
                t.data.decision_date.map_or(Cell::Empty, Cell::Date),
                text(&t.data.contact_name),
                text(&t.data.contact_phone),
                Cell::Int(t.members),
            ]
        })
        .collect();
    let team_headers = [
        "teams-ward",
        "teams-group-name",
        "teams-team-name",
        "teams-status",
        "teams-decision-number",
        "teams-decision-date",
        "field-contact_name",
        "field-contact_phone",
        "teams-count-members",
    ];
    let members = teams::members_in(db, scope).await?;
    let mut member_rows = Vec::new();
    for t in &list {
        for m in members.iter().filter(|m| m.team_id == t.id) {
            let d = &m.data;
            member_rows.push(vec![
                Cell::Text(t.ward_name.clone()),
                Cell::Text(t.data.name.clone()),
                Cell::Text(d.name.clone()),
                Cell::Text(lang.t(d.role.label_key())),
                text(&d.organisation),
                text(&d.phone),
                d.joined_on.map_or(Cell::Empty, Cell::Date),
                d.left_on.map_or(Cell::Empty, Cell::Date),
                Cell::Text(
                    d.platform
                        .map(|p| lang.t(p.label_key()))
                        .unwrap_or_default(),
                ),
                text(&d.certificate_ref),
            ]);
        }
    }
    let member_headers = [
        "teams-ward",
        "teams-team-name",
        "teams-member-name",
        "field-member-role",
        "field-organisation",
        "teams-phone",
        "field-joined_on",
        "field-left_on",
        "field-platform",
        "field-certificate_ref",
    ];
    let office = crate::campaign::office_for(db, scope).await?;
    let teams_sheet = Sheet {
        name: sheet_name(&lang.t("teams-title"), &[]),
        office: office.clone(),
        title: lang.t("teams-title"),
        headers: team_headers.iter().map(|k| lang.t(k)).collect(),
        rows: team_rows,
        ..Sheet::default()
    };
    let members_sheet = Sheet {
        name: sheet_name(
            &lang.t("teams-members"),
            std::slice::from_ref(&teams_sheet.name),
        ),
        title: lang.t("teams-members"),
        period: lang.t("teams-members-private"),
        office,
        headers: member_headers.iter().map(|k| lang.t(k)).collect(),
        rows: member_rows,
        ..Sheet::default()
    };
    Ok(dxday_media::xlsx::workbook(&[teams_sheet, members_sheet])?)
}

//! A request's consolidated results: the workbook (a summary sheet, a sheet a request)
//! and the Decree 30 báo cáo the office sends upward (DOCX).

use dxday_domain::indicator::ResultsReportData;
use dxday_domain::report::{IndicatorKind, ReportStatus};
use dxday_domain::{RequestId, dates};
use dxday_media::docx::{Block, OfficialDocument};
use dxday_media::xlsx::{Cell, Sheet};
use dxday_store::Db;
use dxday_store::reports::{self, Consolidated, UnitRequest};

use crate::format::{dmy, period};
use crate::{Error, Lang};

/// A request in a unit's list.
pub struct UnitRow {
    pub r: UnitRequest,
    pub kind: String,
    pub due: String,
    pub status_key: String,
    pub late: bool,
}

/// The unit's requests, as its dashboard and its list show them.
pub async fn unit_rows(
    db: &Db,
    lang: Lang,
    unit: dxday_domain::ScopedUnit,
) -> Result<Vec<UnitRow>, Error> {
    let Some(campaign) = crate::campaign::current(db).await? else {
        return Ok(Vec::new());
    };
    let today = dates::today_in_vietnam(time::OffsetDateTime::now_utc());
    Ok(reports::for_unit(db, campaign.id, unit)
        .await?
        .into_iter()
        .map(|r| UnitRow {
            kind: lang.t(r.request.data.kind.label_key()),
            due: dates::format_dmy(r.request.data.due_on),
            status_key: ReportStatus::label_key(r.status),
            late: r.request.data.due_on < today && !r.status.is_some_and(ReportStatus::received),
            r,
        })
        .collect())
}

/// The workbook of the given requests, headed by `office`: a summary sheet (one line
/// per request: received, missing, approved), a sheet of the number indicators (the
/// district's figure, how it is summed, how many units gave one), then one sheet per
/// request (target units × indicators, the totals last). Empty numbers stay empty.
pub fn consolidated_xlsx(lang: Lang, all: &[Consolidated], office: &str) -> Result<Vec<u8>, Error> {
    let mut sheets = Vec::with_capacity(all.len() + 2);
    let mut summary = Sheet {
        name: dxday_media::xlsx::sheet_name(&lang.t("report-xlsx-summary"), &[]),
        office: office.into(),
        title: lang.t("report-xlsx-summary-title"),
        headers: [
            "report-xlsx-request",
            "report-kind",
            "report-period",
            "report-due-header",
            "report-targets",
            "report-received",
            "report-missing",
            "report-approved",
        ]
        .iter()
        .map(|k| lang.t(k))
        .collect(),
        ..Sheet::default()
    };
    let mut figures = Sheet {
        name: dxday_media::xlsx::sheet_name(
            &lang.t("report-xlsx-figures"),
            &[summary.name.clone()],
        ),
        office: office.into(),
        title: lang.t("report-xlsx-figures-title"),
        headers: [
            "report-xlsx-request",
            "indicators-name",
            "indicators-measure",
            "report-aggregation",
            "report-xlsx-answered",
            "report-total",
        ]
        .iter()
        .map(|k| lang.t(k))
        .collect(),
        ..Sheet::default()
    };
    let mut names = vec![summary.name.clone(), figures.name.clone()];
    for c in all {
        let d = &c.request.data;
        summary.rows.push(vec![
            Cell::Text(d.title.clone()),
            Cell::Text(lang.t(d.kind.label_key())),
            Cell::Text(period(lang, d.period_from, d.period_to)),
            Cell::Date(d.due_on),
            Cell::Int(c.lines.len() as i64),
            Cell::Int(c.received() as i64),
            Cell::Int(c.missing().len() as i64),
            Cell::Int(
                c.lines
                    .iter()
                    .filter(|l| l.status == Some(ReportStatus::Approved))
                    .count() as i64,
            ),
        ]);
        for (i, s) in c.indicators.iter().enumerate() {
            if s.indicator.kind == IndicatorKind::Number {
                figures.rows.push(vec![
                    Cell::Text(d.title.clone()),
                    Cell::Text(s.indicator.label.clone()),
                    Cell::Text(s.indicator.measure.clone()),
                    Cell::Text(lang.t(s.indicator.aggregation.label_key())),
                    Cell::Int(c.answered.get(i).copied().unwrap_or(0) as i64),
                    c.totals[i].map_or(Cell::Empty, Cell::Int),
                ]);
            }
        }
        let name = dxday_media::xlsx::sheet_name(&format!("{} {}", c.request.id, d.title), &names);
        names.push(name.clone());
        let mut headers: Vec<String> = vec![
            lang.t("doc-unit"),
            lang.t("report-unit-code"),
            lang.t("report-status"),
            lang.t("report-submitted-at"),
        ];
        headers.extend(c.indicators.iter().map(|s| {
            if s.indicator.measure.is_empty() {
                s.indicator.label.clone()
            } else {
                format!("{} ({})", s.indicator.label, s.indicator.measure)
            }
        }));
        let mut rows: Vec<Vec<Cell>> =
            c.lines
                .iter()
                .map(|l| {
                    let mut row = vec![
                        Cell::Text(l.unit_name.clone()),
                        Cell::Text(l.unit_code.clone()),
                        Cell::Text(lang.t(&ReportStatus::label_key(l.status))),
                        l.submitted_at.map_or(Cell::Empty, crate::format::time_cell),
                    ];
                    row.extend(c.indicators.iter().enumerate().map(
                        |(i, s)| match s.indicator.kind {
                            IndicatorKind::Number => l.numbers[i].map_or(Cell::Empty, Cell::Int),
                            _ => l.texts[i].clone().map_or(Cell::Empty, Cell::Text),
                        },
                    ));
                    row
                })
                .collect();
        let mut total = vec![
            Cell::Text(lang.t("report-total")),
            Cell::Empty,
            Cell::Text(lang.t_args(
                "report-received-of",
                &[
                    ("received", c.received().to_string()),
                    ("targets", c.lines.len().to_string()),
                ],
            )),
            Cell::Empty,
        ];
        total.extend(c.totals.iter().map(|t| t.map_or(Cell::Empty, Cell::Int)));
        rows.push(total);
        sheets.push(Sheet {
            name,
            office: office.into(),
            title: d.title.clone(),
            period: period(lang, d.period_from, d.period_to),
            headers,
            bold_rows: vec![rows.len() - 1],
            rows,
            ..Sheet::default()
        });
    }
    if figures.rows.is_empty() {
        sheets.insert(0, summary);
    } else {
        sheets.splice(0..0, [summary, figures]);
    }
    Ok(dxday_media::xlsx::workbook(&sheets)?)
}

/// The letterhead and signer of the office's báo cáo: those of the latest document the
/// campaign's issuing unit issued (the seed dispatch in the demo); and the unit's name
/// as the body names it ("Phòng Văn hóa và Thông tin").
pub async fn letterhead(
    db: &dxday_store::Db,
    campaign: dxday_domain::CampaignId,
) -> Result<(Option<dxday_store::documents::Document>, String), Error> {
    let issuer = dxday_store::campaigns::get(db, campaign)
        .await?
        .and_then(|c| c.data.issuer_unit_id);
    let Some(issuer) = issuer else {
        return Ok((None, "cơ quan".into()));
    };
    let name = dxday_store::units::name(db, issuer)
        .await?
        .unwrap_or_else(|| "cơ quan".to_string());
    Ok((
        dxday_store::documents::latest_issued_by(db, issuer).await?,
        name,
    ))
}

/// The consolidated báo cáo in the Decree 30 form: the office's letterhead, "BÁO CÁO"
/// and the request's title, how many units reported, the table of results (number
/// indicators: the district's figure and how many units gave one), the units still
/// missing, the text answers by unit; an unnumbered draft for the leader to sign.
pub fn consolidated_report(
    c: &Consolidated,
    head: Option<&dxday_store::documents::Document>,
    office_name: &str,
    today: time::Date,
    to: &ResultsReportData,
) -> OfficialDocument {
    let lang = Lang::Vi;
    let d = &c.request.data;
    let (parent_body, issuer_name, symbol, place) = match head {
        Some(doc) => (
            doc.data.parent_body.clone(),
            doc.data.issuer_name.clone(),
            doc.data.symbol.clone(),
            doc.data.place.clone(),
        ),
        None => (String::new(), String::new(), String::new(), String::new()),
    };
    // Addressed to the level above and signed as the office's results report is: the
    // addressees, copies and signer the office set for its campaign.
    let addressees = dxday_domain::document::addressee_lines(&to.addressees);
    let distribution =
        dxday_domain::document::distribution_lines(&to.copies, !addressees.is_empty(), &symbol);
    let symbol = if symbol.is_empty() {
        "BC".to_string()
    } else {
        format!("BC-{symbol}")
    };
    let mut body = Vec::new();
    body.push(Block::text(format!(
        "Thực hiện yêu cầu báo cáo “{}”{}, hạn gửi ngày {}, {} tổng hợp kết quả báo cáo của các đơn vị như sau:",
        d.title,
        match (d.period_from, d.period_to) {
            (None, None) => String::new(),
            (a, b) => format!(" (số liệu từ ngày {} đến ngày {})", dmy(a), dmy(b)),
        },
        dates::format_dmy(d.due_on),
        office_name,
    )));
    body.push(Block::Heading("1. Tình hình gửi báo cáo".into()));
    let missing = c.missing();
    body.push(Block::text(format!(
        "Số đơn vị được yêu cầu báo cáo: {}; đã gửi: {}; chưa gửi: {}.",
        c.lines.len(),
        c.received(),
        missing.len()
    )));
    if !missing.is_empty() {
        body.push(Block::text(format!(
            "Các đơn vị chưa gửi báo cáo: {}.",
            missing
                .iter()
                .map(|l| l.unit_name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    body.push(Block::Heading("2. Kết quả thực hiện các chỉ tiêu".into()));
    let mut table = vec![
        [
            "STT",
            "Chỉ tiêu",
            "Đơn vị tính",
            "Kết quả",
            "Số đơn vị có số liệu",
        ]
        .map(String::from)
        .to_vec(),
    ];
    let mut n = 0;
    for (i, s) in c.indicators.iter().enumerate() {
        if s.indicator.kind != IndicatorKind::Number {
            continue;
        }
        n += 1;
        table.push(vec![
            n.to_string(),
            s.indicator.label.clone(),
            s.indicator.measure.clone(),
            c.totals[i].map_or_else(|| "—".to_string(), |v| lang.number(v)),
            c.answered[i].to_string(),
        ]);
    }
    body.push(Block::table(table));
    let mut part = 3;
    for (i, s) in c.indicators.iter().enumerate() {
        if s.indicator.kind != IndicatorKind::Text {
            continue;
        }
        let answers: Vec<Block> = c
            .lines
            .iter()
            .filter(|l| l.received())
            .filter_map(|l| {
                l.texts[i]
                    .as_ref()
                    .map(|t| Block::text(format!("- {}: {}", l.unit_name, t.replace('\n', " "))))
            })
            .collect();
        if answers.is_empty() {
            continue;
        }
        body.push(Block::Heading(format!("{part}. {}", s.indicator.label)));
        body.extend(answers);
        part += 1;
    }
    body.push(Block::text(format!(
        "Trên đây là báo cáo tổng hợp kết quả của {office_name}./."
    )));
    OfficialDocument {
        parent_body,
        issuer_name,
        number_line: dxday_domain::document::number_line(None, &symbol),
        subject_lines: Vec::new(),
        date_line: dxday_domain::document::date_line(&place, Some(today)),
        type_title: Some("BÁO CÁO".into()),
        type_subject: Some(subject_of(&d.title)),
        urgency: None,
        circulation: None,
        legal_basis: Vec::new(),
        addressees,
        body,
        authority_line: to.authority_line.clone(),
        signer_title: to.signer_title.clone(),
        signer_name: to.signer_name.clone(),
        distribution,
        ..OfficialDocument::default()
    }
}

/// The line under "BÁO CÁO": the request's title without its own leading "Báo cáo"
/// (so the report does not read "BÁO CÁO / Báo cáo …"), capitalised.
fn subject_of(title: &str) -> String {
    const WORDS: &str = "báo cáo";
    let t = title.trim();
    let rest = match t.get(..WORDS.len()) {
        Some(head) if head.to_lowercase() == WORDS => t[WORDS.len()..].trim_start(),
        _ => t,
    };
    let rest = if rest.is_empty() { t } else { rest };
    let mut chars = rest.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The consolidated báo cáo of a request as DOCX (also used by the CLI).
pub async fn consolidated_docx(
    db: &dxday_store::Db,
    request: RequestId,
) -> Result<Option<Vec<u8>>, Error> {
    let Some(c) = reports::consolidated(db, request).await? else {
        return Ok(None);
    };
    let (head, office) = letterhead(db, c.request.campaign_id).await?;
    let to = crate::indicators::report::data_of(db, c.request.campaign_id).await?;
    let today = dates::today_in_vietnam(time::OffsetDateTime::now_utc());
    let doc = consolidated_report(&c, head.as_ref(), &office, today, &to);
    Ok(Some(dxday_media::docx::render(&doc)?))
}

#[cfg(test)]
mod tests {
    use dxday_domain::report::{Aggregation, Indicator, ReportKind, RequestData};
    use dxday_domain::{CampaignId, UnitId};
    use dxday_media::docx::{Block, Span};
    use dxday_store::reports::{Line, Request, StoredIndicator};
    use time::macros::date;

    use super::*;

    fn indicator(code: &str, label: &str, kind: IndicatorKind) -> StoredIndicator {
        StoredIndicator {
            id: 1,
            indicator: Indicator {
                code: code.into(),
                label: label.into(),
                kind,
                measure: "người".into(),
                aggregation: Aggregation::Sum,
            },
        }
    }

    /// What a unit typed stays its text: a `|` or `**` in an answer or an indicator's
    /// name is not read as a table or as bold, since the report is built as blocks.
    #[test]
    fn the_report_is_built_as_blocks_and_typed_answers_stay_text() {
        let c = Consolidated {
            request: Request {
                id: RequestId(1),
                campaign_id: CampaignId(1),
                data: RequestData {
                    title: "Kết quả Ngày Chuyển đổi số".into(),
                    kind: ReportKind::Thematic,
                    period_from: None,
                    period_to: None,
                    due_on: date!(2024 - 10 - 15),
                    note: None,
                },
                created_at: time::OffsetDateTime::UNIX_EPOCH,
                sent_at: Some(time::OffsetDateTime::UNIX_EPOCH),
            },
            indicators: vec![
                indicator("people", "Người **được** hướng dẫn", IndicatorKind::Number),
                indicator("notes", "Ghi chú", IndicatorKind::Text),
            ],
            lines: vec![Line {
                unit_id: UnitId(7),
                unit_code: "p-may-chai".into(),
                unit_name: "UBND phường Máy Chai".into(),
                unit_kind: "ward".into(),
                status: Some(ReportStatus::Approved),
                submitted_at: None,
                numbers: vec![Some(1250), None],
                texts: vec![None, Some("| a | b |\n**x**".into())],
            }],
            totals: vec![Some(1250), None],
            answered: vec![1, 1],
        };
        let to = ResultsReportData {
            addressees: vec!["Ủy ban nhân dân quận Ngô Quyền".into()],
            signer_title: "TRƯỞNG PHÒNG".into(),
            signer_name: "Nguyễn Văn A".into(),
            ..ResultsReportData::default()
        };
        let doc = consolidated_report(
            &c,
            None,
            "Phòng Văn hóa và Thông tin",
            date!(2024 - 10 - 20),
            &to,
        );
        assert_eq!(
            doc.addressees,
            ["Kính gửi: Ủy ban nhân dân quận Ngô Quyền."]
        );
        assert_eq!(doc.distribution, ["- Như trên;", "- Lưu: VT."]);
        assert_eq!(doc.signer_name, "Nguyễn Văn A");
        assert_eq!(
            subject_of("Báo cáo nhanh tuần lễ Chuyển đổi số"),
            "Nhanh tuần lễ Chuyển đổi số"
        );
        assert_eq!(subject_of("Kết quả tuần lễ"), "Kết quả tuần lễ");
        assert_eq!(
            doc.body[1],
            Block::Heading("1. Tình hình gửi báo cáo".into())
        );
        let table = doc
            .body
            .iter()
            .find_map(|b| match b {
                Block::Table(rows) => Some(rows),
                _ => None,
            })
            .expect("the results table");
        assert_eq!(table.len(), 2, "header and one indicator");
        assert_eq!(table[1][1], Span::plain("Người **được** hướng dẫn"));
        assert_eq!(table[1][3], Span::plain("1.250"));
        assert!(doc.body.contains(&Block::Heading("3. Ghi chú".into())));
        assert!(
            doc.body
                .contains(&Block::text("- UBND phường Máy Chai: | a | b | **x**")),
            "{:?}",
            doc.body
        );
    }
}

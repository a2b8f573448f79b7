//! The results report the office sends upward after the day ("Báo cáo kết quả tổ chức
//! Ngày Chuyển đổi số quốc gia năm YYYY"): a Decree 30 báo cáo addressed to the level
//! above, its figures taken from the indicators (the whole with targets, a table by
//! ward, the plan's tasks by activity, who has not reported), the office's own words on
//! difficulties and proposals, and a signer with a name; as DOCX, PDF and, with every
//! indicator by unit, XLSX.

use std::collections::BTreeMap;

use dxday_domain::indicator::{Figure, ResultsReportData, reached};
use dxday_domain::task::ActivityType;
use dxday_domain::unit::UnitKind;
use dxday_domain::{CampaignId, Scope, TaskId, dates};
use dxday_media::docx::{Block, OfficialDocument};
use dxday_media::xlsx::{self, Cell, Sheet};
use dxday_store::indicators::{self, Board, IndicatorFigures};
use dxday_store::{Db, tasks};

use super::{name_of, unit_label, written, written_milli};
use crate::{Error, Lang};

/// How the plan's tasks of one activity stand: (activity, tasks with their share of
/// units done, as "title: done/assigned").
pub struct ActivityLine {
    pub activity: ActivityType,
    pub tasks: Vec<(String, usize, usize)>,
}

/// The plan's top-level tasks by activity, each with how many of its assigned units
/// (lead and support) finished it.
async fn activities(db: &Db, campaign: CampaignId) -> Result<Vec<ActivityLine>, Error> {
    let all = tasks::for_campaign(db, campaign).await?;
    let cells = tasks::matrix(db, campaign).await?;
    let mut counts: BTreeMap<TaskId, (usize, usize)> = BTreeMap::new();
    for c in cells.iter().filter(|c| c.role != "watch") {
        let e = counts.entry(c.task_id).or_default();
        e.1 += 1;
        if c.progress >= 100 {
            e.0 += 1;
        }
    }
    let mut out: Vec<ActivityLine> = Vec::new();
    for a in ActivityType::ALL {
        let lines: Vec<(String, usize, usize)> = all
            .iter()
            .filter(|t| t.data.activity == a && t.data.parent_id.is_none())
            .map(|t| {
                let (done, assigned) = counts.get(&t.id).copied().unwrap_or((0, 0));
                (t.data.title.clone(), done, assigned)
            })
            .collect();
        if !lines.is_empty() {
            out.push(ActivityLine {
                activity: a,
                tasks: lines,
            });
        }
    }
    Ok(out)
}

/// What the office has not written yet, proposed: the level above (the issuer's
/// parent unit), the head of the office as signer (from its latest issued document).
pub async fn defaults(db: &Db, campaign: CampaignId) -> Result<ResultsReportData, Error> {
    let c = dxday_store::campaigns::get(db, campaign)
        .await?
        .ok_or(Error::NotFound)?;
    let issuer = match c.data.issuer_unit_id {
        Some(u) => dxday_store::units::entry(db, u).await?,
        None => None,
    };
    let parent = match issuer.as_ref().and_then(|u| u.data.parent_id) {
        Some(p) => dxday_store::units::entry(db, p).await?,
        None => None,
    };
    // Addressed and copied as the office's report of an earlier year was, each body by
    // its name on this campaign's first day (a renamed one by its new name, an ended
    // one left out).
    let earlier = earlier_words(db, &c).await?;
    // Signed as the office's latest document was: the same authority, title and person
    // (a report goes out with a named signer; the office changes it on its page).
    let (head, _) = crate::reports::letterhead(db, campaign).await?;
    let (authority_line, signer_title, signer_name) = match &head {
        Some(d) => (
            d.data.authority_line(),
            d.data.signer_title.clone(),
            d.data.signer_name.clone(),
        ),
        None => (None, "TRƯỞNG PHÒNG".into(), String::new()),
    };
    let (addressees, copies) = match &earlier {
        Some(e) => {
            let names = dxday_store::body_names::all(db).await?;
            let on = |lines: &[String]| {
                dxday_domain::document::names_on(&names, lines, c.data.starts_on)
            };
            (on(&e.addressees), on(&e.copies))
        }
        None => (
            parent.map(|p| p.data.name).into_iter().collect(),
            Vec::new(),
        ),
    };
    Ok(ResultsReportData {
        addressees,
        copies,
        authority_line,
        signer_title,
        signer_name,
        highlights: Vec::new(),
        difficulties: Vec::new(),
        proposals: Vec::new(),
    })
}

/// The results report the office wrote for its latest earlier campaign, if any.
async fn earlier_words(
    db: &Db,
    c: &dxday_store::campaigns::Campaign,
) -> Result<Option<ResultsReportData>, Error> {
    let mut earlier: Vec<_> = dxday_store::campaigns::list(db)
        .await?
        .into_iter()
        .filter(|e| e.data.year < c.data.year)
        .collect();
    earlier.sort_by_key(|e| std::cmp::Reverse(e.data.year));
    for e in earlier {
        if let Some(words) = indicators::results_report(db, e.id).await? {
            return Ok(Some(words));
        }
    }
    Ok(None)
}

/// What the office wrote, or the proposal when it has not.
pub async fn data_of(db: &Db, campaign: CampaignId) -> Result<ResultsReportData, Error> {
    match indicators::results_report(db, campaign).await? {
        Some(d) => Ok(d),
        None => defaults(db, campaign).await,
    }
}

/// The report's title line under "BÁO CÁO".
pub fn title(year: i32) -> String {
    format!("Kết quả tổ chức Ngày Chuyển đổi số quốc gia năm {year}")
}

fn target_text(lang: Lang, r: &IndicatorFigures) -> (String, String) {
    let i = &r.indicator;
    match (&r.target_whole, r.whole.and_then(Figure::milli)) {
        (Some(t), Some(a)) => (
            written_milli(lang, i, t.milli),
            if reached(i.data.direction, a, t.milli) {
                "Đạt".into()
            } else {
                "Chưa đạt".into()
            },
        ),
        (Some(t), None) => (written_milli(lang, i, t.milli), "Chưa có số liệu".into()),
        _ => ("—".into(), "—".into()),
    }
}

/// The columns of the table by ward: the unit-level indicators with a figure for some
/// ward, at most `max` (a page's width).
fn ward_columns(board: &Board, max: usize) -> Vec<&IndicatorFigures> {
    board
        .rows
        .iter()
        .filter(|r| !r.indicator.data.source.whole_only() && r.indicator.data.public)
        .filter(|r| {
            board
                .units
                .iter()
                .any(|u| u.data.kind == UnitKind::Ward && r.by_unit.contains_key(&u.id))
        })
        .take(max)
        .collect()
}

/// The báo cáo as a Decree 30 document.
pub fn results_document(
    board: &Board,
    data: &ResultsReportData,
    acts: &[ActivityLine],
    head: Option<&dxday_store::documents::Document>,
    office: &str,
    today: time::Date,
) -> OfficialDocument {
    let lang = Lang::Vi;
    let c = &board.campaign.data;
    let mut body = Vec::new();
    let basis = c.legal_refs().into_iter().next().map(str::to_string);
    body.push(Block::text(format!(
        "{}{} báo cáo kết quả tổ chức Ngày Chuyển đổi số quốc gia năm {} (từ ngày {} đến ngày {}) như sau:",
        basis.map(|b| format!("Thực hiện {}, ", b.trim_end_matches(['.', ';']))).unwrap_or_default(),
        office,
        c.year,
        dates::format_dmy(c.starts_on),
        dates::format_dmy(c.ends_on),
    )));
    body.push(Block::Heading("I. KẾT QUẢ THỰC HIỆN".into()));
    body.push(Block::Heading("1. Kết quả theo bộ chỉ số".into()));
    if !data.highlights.is_empty() {
        body.extend(data.highlights.iter().map(Block::text));
    }
    let mut table = vec![
        [
            "STT",
            "Chỉ số",
            "Đơn vị tính",
            "Kết quả",
            "Chỉ tiêu",
            "Đánh giá",
            "Đơn vị có số liệu",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for (n, r) in board.rows.iter().enumerate() {
        let i = &r.indicator;
        let (target, verdict) = target_text(lang, r);
        let value = r
            .whole
            .map(|f| written(lang, f))
            .unwrap_or_else(|| "—".into());
        let value = match r.whole {
            Some(Figure::Share { part, whole }) => {
                format!("{value} ({}/{})", lang.number(part), lang.number(whole))
            }
            _ => value,
        };
        table.push(vec![
            (n + 1).to_string(),
            i.data.name.clone(),
            if i.is_share() {
                "%".into()
            } else {
                i.data.measure.clone()
            },
            value,
            target,
            verdict,
            if r.reported && r.completeness.expected > 0 {
                format!("{}/{}", r.completeness.reported, r.completeness.expected)
            } else {
                "—".into()
            },
        ]);
    }
    body.push(Block::table(table));
    let columns = ward_columns(board, 5);
    let wards: Vec<_> = board
        .units
        .iter()
        .filter(|u| u.data.kind == UnitKind::Ward)
        .collect();
    if !columns.is_empty() && !wards.is_empty() {
        body.push(Block::Heading("2. Kết quả theo phường".into()));
        let mut t = vec![
            ["STT".to_string(), "Phường".to_string()]
                .into_iter()
                .chain(columns.iter().map(|r| r.indicator.data.name.clone()))
                .collect::<Vec<_>>(),
        ];
        for (n, u) in wards.iter().enumerate() {
            t.push(
                [(n + 1).to_string(), ward_name(u)]
                    .into_iter()
                    .chain(columns.iter().map(|r| {
                        r.by_unit
                            .get(&u.id)
                            .map(|f| written(lang, *f))
                            .unwrap_or_else(|| "—".into())
                    }))
                    .collect(),
            );
        }
        body.push(Block::table(t));
        body.push(Block::text(
            "Ô “—”: đơn vị chưa có số liệu được duyệt (không tính là 0).",
        ));
    }
    if !acts.is_empty() {
        body.push(Block::Heading(
            "3. Kết quả thực hiện các nhiệm vụ của Kế hoạch".into(),
        ));
        for (k, a) in acts.iter().enumerate() {
            body.push(Block::text(format!(
                "{}.{}. {}:",
                3,
                k + 1,
                lang.t(a.activity.label_key())
            )));
            for (title, done, assigned) in &a.tasks {
                body.push(Block::text(if *assigned == 0 {
                    format!("- {title}: chưa giao đơn vị thực hiện.")
                } else {
                    format!(
                        "- {title}: {}/{} đơn vị được giao đã hoàn thành.",
                        lang.number(*done as i64),
                        lang.number(*assigned as i64)
                    )
                }));
            }
        }
    }
    if let Some(r) = board
        .rows
        .iter()
        .find(|r| r.indicator.data.code == "REPORTS_SENT")
    {
        let missing: Vec<String> = board
            .units
            .iter()
            .filter(|u| {
                matches!(r.by_unit.get(&u.id), Some(Figure::Share { part, whole }) if part < whole)
            })
            .map(|u| u.data.name.clone())
            .collect();
        body.push(Block::Heading(
            "4. Tình hình gửi báo cáo của các đơn vị".into(),
        ));
        body.push(Block::text(if missing.is_empty() {
            "Các đơn vị được yêu cầu đã gửi đủ báo cáo.".to_string()
        } else {
            format!(
                "Còn {} đơn vị chưa gửi báo cáo: {}.",
                lang.number(missing.len() as i64),
                missing.join(", ")
            )
        }));
    }
    body.push(Block::Heading("II. KHÓ KHĂN, VƯỚNG MẮC".into()));
    body.extend(paragraphs_or(&data.difficulties, "Không có."));
    body.push(Block::Heading("III. ĐỀ XUẤT, KIẾN NGHỊ".into()));
    body.extend(paragraphs_or(&data.proposals, "Không có."));
    body.push(Block::text(format!(
        "Trên đây là báo cáo kết quả tổ chức Ngày Chuyển đổi số quốc gia năm {} của {}./.",
        c.year, office
    )));
    let (parent_body, issuer_name, symbol, place) = match head {
        Some(d) => (
            d.data.parent_body.clone(),
            d.data.issuer_name.clone(),
            format!("BC-{}", d.data.symbol),
            d.data.place.clone(),
        ),
        None => (
            String::new(),
            office.to_uppercase(),
            "BC".into(),
            String::new(),
        ),
    };
    // The decree's Kính gửi and Nơi nhận, worded as every document's are.
    let addressees = dxday_domain::document::addressee_lines(&data.addressees);
    let drafting = head.map(|d| d.data.symbol.as_str()).unwrap_or("");
    let distribution =
        dxday_domain::document::distribution_lines(&data.copies, !addressees.is_empty(), drafting);
    OfficialDocument {
        parent_body,
        issuer_name,
        number_line: dxday_domain::document::number_line(None, &symbol),
        date_line: dxday_domain::document::date_line(&place, Some(today)),
        type_title: Some("BÁO CÁO".into()),
        type_subject: Some(title(c.year)),
        addressees,
        body,
        authority_line: data.authority_line.clone(),
        signer_title: data.signer_title.clone(),
        signer_name: data.signer_name.clone(),
        distribution,
        ..OfficialDocument::default()
    }
}

/// A ward's name under the column "Phường": without the word.
fn ward_name(u: &dxday_store::units::Unit) -> String {
    let label = unit_label(u);
    label
        .strip_prefix("Phường ")
        .map(str::to_string)
        .unwrap_or(label)
}

fn paragraphs_or(lines: &[String], none: &str) -> Vec<Block> {
    if lines.is_empty() {
        vec![Block::text(none)]
    } else {
        lines.iter().map(Block::text).collect()
    }
}

/// The report of `campaign` as printed: its board within `scope`, what the office
/// wrote, its tasks and the office's letterhead.
pub async fn results_printed(
    db: &Db,
    scope: &Scope,
    campaign: CampaignId,
) -> Result<OfficialDocument, Error> {
    let board = indicators::board(db, scope, campaign)
        .await?
        .ok_or(Error::NotFound)?;
    let data = data_of(db, campaign).await?;
    let acts = activities(db, campaign).await?;
    let (head, office) = crate::reports::letterhead(db, campaign).await?;
    let today = dates::today_in_vietnam(time::OffsetDateTime::now_utc());
    Ok(results_document(
        &board,
        &data,
        &acts,
        head.as_ref(),
        &office,
        today,
    ))
}

/// The report as DOCX.
pub async fn results_docx(db: &Db, scope: &Scope, campaign: CampaignId) -> Result<Vec<u8>, Error> {
    let doc = results_printed(db, scope, campaign).await?;
    Ok(dxday_media::docx::render(&doc)?)
}

/// Every indicator of the campaign as XLSX: the whole (result, target, units with a
/// figure, source) and each unit's figure.
pub async fn results_xlsx(
    db: &Db,
    scope: &Scope,
    lang: Lang,
    campaign: CampaignId,
) -> Result<Vec<u8>, Error> {
    let board = indicators::board(db, scope, campaign)
        .await?
        .ok_or(Error::NotFound)?;
    let office = crate::campaign::office_for(db, scope).await?;
    Ok(workbook(lang, &board, &office)?)
}

fn cell(f: Option<Figure>) -> Cell {
    match f {
        Some(Figure::Count(n)) => Cell::Int(n),
        Some(s @ Figure::Share { .. }) => s
            .milli()
            .map_or(Cell::Empty, |m| Cell::Percent(m as f64 / 100_000.0)),
        Some(Figure::Score(m)) => Cell::Decimal(m as f64 / 1000.0),
        None => Cell::Empty,
    }
}

fn target_cell(r: &IndicatorFigures, milli: i64) -> Cell {
    if r.indicator.is_share() {
        Cell::Percent(milli as f64 / 100_000.0)
    } else {
        Cell::Decimal(milli as f64 / 1000.0)
    }
}

/// The workbook of a board, headed by `office`.
pub fn workbook(
    lang: Lang,
    board: &Board,
    office: &str,
) -> Result<Vec<u8>, dxday_media::MediaError> {
    let t = |k: &str| lang.t(k);
    let year = board.campaign.data.year;
    let whole = Sheet {
        name: t("report-xlsx-whole"),
        office: office.into(),
        title: format!("{} — {}", title(year), t("results-whole")),
        headers: vec![
            t("indicators-name"),
            t("indicators-code"),
            t("indicators-measure"),
            t("dash-value"),
            t("indicators-target-whole"),
            t("dash-reported"),
            t("indicators-source"),
        ],
        rows: board
            .rows
            .iter()
            .map(|r| {
                let i = &r.indicator;
                vec![
                    Cell::Text(name_of(lang, i)),
                    Cell::Text(i.data.code.clone()),
                    Cell::Text(if i.is_share() {
                        "%".into()
                    } else {
                        i.data.measure.clone()
                    }),
                    cell(r.whole),
                    r.target_whole
                        .as_ref()
                        .map_or(Cell::Empty, |tg| target_cell(r, tg.milli)),
                    if r.reported && r.completeness.expected > 0 {
                        Cell::Text(format!(
                            "{}/{}",
                            r.completeness.reported, r.completeness.expected
                        ))
                    } else {
                        Cell::Empty
                    },
                    Cell::Text(t(i.data.source.label_key())),
                ]
            })
            .collect(),
        ..Sheet::default()
    };
    let by_unit = Sheet {
        name: t("report-xlsx-units"),
        office: office.into(),
        title: format!("{} — {}", title(year), t("report-xlsx-units")),
        headers: std::iter::once(t("dash-unit"))
            .chain(board.rows.iter().map(|r| name_of(lang, &r.indicator)))
            .collect(),
        rows: board
            .units
            .iter()
            .map(|u| {
                std::iter::once(Cell::Text(u.data.name.clone()))
                    .chain(
                        board
                            .rows
                            .iter()
                            .map(|r| cell(r.by_unit.get(&u.id).copied())),
                    )
                    .collect()
            })
            .collect(),
        ..Sheet::default()
    };
    xlsx::workbook(&[whole, by_unit])
}

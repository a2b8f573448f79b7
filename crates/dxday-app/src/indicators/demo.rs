//! The demo's indicator figures for the seed campaign: the units' reports on the
//! 2024 request (most approved, one waiting for review, a few never sent, so the
//! completeness shows), the year's targets, and the service index imported as
//! published.

use dxday_domain::Scope;
use dxday_domain::indicator::{ImportRow, ResultsReportData, TargetLevel};
use dxday_domain::unit::UnitKind;
use dxday_store::campaigns::Campaign;
use dxday_store::reports::{self, Submission, Value};
use dxday_store::{Db, indicators, units};

use crate::Error;

fn corrupt(what: impl std::fmt::Display) -> Error {
    Error::Store(dxday_store::StoreError::Corrupt(format!(
        "demo indicators: {what}"
    )))
}

/// The basis of the demo's targets: the seed dispatch.
const BASIS: &str = "Công văn số 01/VHTT ngày 07/10/2024";

/// Targets of the seed year: (code, level, thousandths).
const TARGETS: [(&str, TargetLevel, i64); 9] = [
    ("KIT_DISPLAY", TargetLevel::Unit, 100_000),
    ("KIT_DISPLAY", TargetLevel::Whole, 100_000),
    ("AVATAR", TargetLevel::Unit, 80_000),
    ("AVATAR", TargetLevel::Whole, 80_000),
    ("DOCS_CONFIRMED", TargetLevel::Whole, 100_000),
    ("REPORTS_SENT", TargetLevel::Whole, 100_000),
    ("TASKS_DONE", TargetLevel::Whole, 100_000),
    ("CASHLESS_MERCH", TargetLevel::Whole, 80_000),
    ("MEDIA", TargetLevel::Whole, 150_000),
];

/// Loads the seed campaign's reports, targets and import.
pub async fn load(db: &Db, system: &Scope, seed: &Campaign) -> Result<(), Error> {
    let request = reports::for_campaign(db, seed.id)
        .await?
        .into_iter()
        .last()
        .ok_or_else(|| corrupt("no report request"))?
        .request;
    let fields = reports::indicators(db, request.id).await?;
    let id_of = |code: &str| {
        fields
            .iter()
            .find(|f| f.indicator.code == code)
            .map(|f| f.id)
    };
    let (media, events, attendance) = (
        id_of("media_items").ok_or_else(|| corrupt("media_items"))?,
        id_of("events_held").ok_or_else(|| corrupt("events_held"))?,
        id_of("event_attendance").ok_or_else(|| corrupt("event_attendance"))?,
    );
    let mut k = 0i64;
    for u in units::directory(db).await? {
        if matches!(u.data.kind, UnitKind::Office | UnitKind::PeoplesCommittee) {
            continue;
        }
        k += 1;
        // Three units never send their report.
        if k % 11 == 5 {
            continue;
        }
        let Some(unit) = system.unit(u.id) else {
            continue;
        };
        let ward = u.data.kind == UnitKind::Ward;
        let number = |indicator_id, n: i64| Value {
            indicator_id,
            number: Some(n),
            text: None,
        };
        let s = Submission {
            values: vec![
                number(media, if ward { 4 + k % 6 } else { 2 + k % 4 }),
                number(events, if ward { 2 + k % 3 } else { 1 + k % 2 }),
                number(
                    attendance,
                    if ward {
                        120 + (k * 37) % 260
                    } else {
                        30 + (k * 13) % 60
                    },
                ),
            ],
            submit: true,
            ..Submission::default()
        };
        if reports::save(db, None, request.id, unit, s).await?.is_err() {
            continue;
        }
        // One waits for the office's review.
        if k % 11 != 7 {
            reports::review(db, None, request.id, unit, true, None)
                .await?
                .map_err(|r| corrupt(format!("{r:?}")))?;
        }
    }
    let registry = indicators::list(db).await?;
    let find = |code: &str| registry.iter().find(|i| i.data.code == code);
    for (code, level, milli) in TARGETS {
        let i = find(code).ok_or_else(|| corrupt(code))?;
        indicators::set_target(
            db,
            None,
            i.id,
            seed.data.year,
            level,
            Some(milli),
            Some(BASIS.into()),
        )
        .await?;
    }
    let index = find("SVC_INDEX").ok_or_else(|| corrupt("SVC_INDEX"))?;
    let snapshot_on = time::Date::from_calendar_date(seed.data.year, time::Month::September, 30)
        .map_err(corrupt)?;
    let row = ImportRow {
        unit: None,
        milli: 87_530,
        snapshot_on,
        source_url: "https://dichvucong.gov.vn/p/home/dvc-index-tinhtp-tonghop.html".into(),
    };
    indicators::import(db, None, index.id, seed.id, &row).await?;
    indicators::save_results_report(db, None, seed.id, &results_words()).await?;
    Ok(())
}

/// What the office writes on the seed campaign's results report (sample words).
fn results_words() -> ResultsReportData {
    let lines = |l: &[&str]| l.iter().map(|s| s.to_string()).collect();
    ResultsReportData {
        addressees: lines(&[
            "Ủy ban nhân dân quận Ngô Quyền",
            "Sở Thông tin và Truyền thông thành phố Hải Phòng",
        ]),
        copies: lines(&[
            "Lãnh đạo UBND quận",
            "Trung tâm Văn hóa - Thông tin và Thể thao quận",
        ]),
        authority_line: Some("KT. TRƯỞNG PHÒNG".into()),
        signer_title: "PHÓ TRƯỞNG PHÒNG".into(),
        signer_name: "Nguyễn Hồng Đại".into(),
        highlights: lines(&[
            "Bộ nhận diện Ngày Chuyển đổi số quốc gia được hiển thị tại trụ sở, cổng thông tin và màn hình công cộng của các đơn vị; cán bộ, công chức, viên chức thay ảnh đại diện có khung hưởng ứng (số liệu mẫu).",
        ]),
        difficulties: lines(&[
            "Một số đơn vị gửi báo cáo chậm so với thời hạn; số liệu về tin, bài tuyên truyền chưa thống nhất cách đếm giữa các phường (số liệu mẫu).",
        ]),
        proposals: lines(&[
            "Đề nghị Sở Thông tin và Truyền thông ban hành mẫu báo cáo kết quả Ngày Chuyển đổi số quốc gia với bộ chỉ số thống nhất để các địa phương tổng hợp (số liệu mẫu).",
        ]),
    }
}

//! The campaign's indicators on both databases: a value from each kind of source
//! (dxday's own records, a unit's approved report, an import), empty is not 0, shares
//! are ratios of sums, a ward sees itself and the average only; the dashboard's tiles
//! and charts, the public results page and the office's registry.

use dxday_domain::indicator::{Figure, ImportRow, RollUp, TargetLevel, roll_up};
use dxday_domain::{CampaignId, IndicatorId, UnitId};
use dxday_store::indicators::{self, Board, IndicatorFigures};
use dxday_store::reports::{self, Submission, Value};
use time::macros::date;

use crate::helpers::{TestApp, scoped, system};
use crate::on_both_backends;

fn row<'a>(b: &'a Board, code: &str) -> &'a IndicatorFigures {
    b.rows
        .iter()
        .find(|r| r.indicator.data.code == code)
        .unwrap_or_else(|| panic!("{code} on the board"))
}

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar::<sqlx::Any, i64>(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(app.db.pool())
        .await
        .expect(sql)
}

/// A unit's report on the seed request: its figure for `media_items`, sent, and
/// approved when `approve`.
async fn report(app: &TestApp, unit: i64, media: i64, approve: bool) {
    let request = reports::for_campaign(&app.db, CampaignId(1))
        .await
        .expect("requests")
        .into_iter()
        .last()
        .expect("the seed request")
        .request;
    let fields = reports::indicators(&app.db, request.id)
        .await
        .expect("fields");
    let media_id = fields
        .iter()
        .find(|f| f.indicator.code == "media_items")
        .expect("media_items on the form")
        .id;
    let unit = scoped(UnitId(unit));
    let s = Submission {
        values: vec![Value {
            indicator_id: media_id,
            number: Some(media),
            text: None,
        }],
        submit: true,
        ..Submission::default()
    };
    reports::save(&app.db, None, request.id, unit, s)
        .await
        .expect("db")
        .expect("saved");
    if approve {
        reports::review(&app.db, None, request.id, unit, true, None)
            .await
            .expect("db")
            .expect("approved");
    }
}

async fn values_come_from_each_source(app: TestApp) {
    let may_chai = app.unit_id("p-may-chai").await;
    let lac_vien = app.unit_id("p-lac-vien").await;
    let le_loi = app.unit_id("p-le-loi").await;
    // Own records: frame downloads through a ward's link, against its staff.
    let frame = scalar(&app, "SELECT MIN(id) FROM frames WHERE campaign_id = 1").await;
    dxday_store::frames::count_downloads(
        &app.db,
        dxday_domain::FrameId(frame),
        date!(2024 - 10 - 03),
        may_chai,
        5,
    )
    .await
    .expect("count");
    let staff = scalar(
        &app,
        &format!("SELECT staff_count FROM units WHERE id = {may_chai}"),
    )
    .await;
    // Kit downloads, counted per day: an asset of the campaign fetched 4 times on 03/10
    // and twice on 04/10 (its total moves too).
    let kit_before = indicators::board(&app.db, system(), CampaignId(1))
        .await
        .expect("db")
        .expect("the seed campaign")
        .daily_kit_downloads;
    let video = dxday_domain::kit::AssetData {
        title: "Video Ngày Chuyển đổi số 2024".into(),
        category: dxday_domain::kit::AssetCategory::Video,
        usage_notes: None,
        display_from: date!(2024 - 10 - 01),
        display_to: date!(2024 - 10 - 10),
        external_url: Some("https://dx.gov.vn/video-2024".into()),
    };
    let asset = dxday_store::kit::insert(&app.db, None, CampaignId(1), &video, None)
        .await
        .expect("asset");
    for (day, n) in [(date!(2024 - 10 - 03), 4), (date!(2024 - 10 - 04), 2)] {
        dxday_store::kit::add_downloads(&app.db, &[(asset.0, n)], day)
            .await
            .expect("count");
    }
    dxday_store::kit::add_downloads(&app.db, &[(asset.0, 1)], date!(2024 - 10 - 03))
        .await
        .expect("count");
    // A ward confirms the seed dispatch.
    let seed = dxday_store::documents::find_by_number(&app.db, 1, "VHTT", 2024)
        .await
        .expect("db")
        .expect("seed dispatch");
    assert!(
        dxday_store::documents::acknowledge(&app.db, None, seed.id, scoped(UnitId(may_chai)))
            .await
            .expect("db")
    );
    // Reports: Máy Chai's approved, Lạc Viên's only sent, Lê Lợi's approved with 0.
    report(&app, may_chai, 7, true).await;
    report(&app, lac_vien, 9, false).await;
    report(&app, le_loi, 0, true).await;
    // An index imported for the whole.
    let registry = indicators::list(&app.db).await.expect("registry");
    let svc = registry
        .iter()
        .find(|i| i.data.code == "SVC_INDEX")
        .expect("built in");
    let imported = ImportRow {
        unit: None,
        milli: 87_530,
        snapshot_on: date!(2024 - 09 - 30),
        source_url: "https://dichvucong.gov.vn/p/home/dvc-index-tinhtp-tonghop.html".into(),
    };
    assert!(
        indicators::import(&app.db, None, svc.id, CampaignId(1), &imported)
            .await
            .expect("db")
    );

    let b = indicators::board(&app.db, system(), CampaignId(1))
        .await
        .expect("db")
        .expect("the seed campaign");
    let added: Vec<(time::Date, i64)> = b
        .daily_kit_downloads
        .iter()
        .zip(&kit_before)
        .map(|((d, after), (_, before))| (*d, after - before))
        .filter(|(_, n)| *n != 0)
        .collect();
    assert_eq!(
        added,
        [(date!(2024 - 10 - 03), 5), (date!(2024 - 10 - 04), 2)],
        "kit downloads by day"
    );
    assert_eq!(b.daily_kit_downloads.len(), 10, "every day of the window");
    assert_eq!(
        scalar(
            &app,
            &format!("SELECT downloads FROM kit_assets WHERE id = {}", asset.0)
        )
        .await,
        7
    );
    let avatar = row(&b, "AVATAR");
    assert_eq!(
        avatar.by_unit.get(&UnitId(may_chai)),
        Some(&Figure::Share {
            part: 5,
            whole: staff
        })
    );
    // A share is the ratio of the summed parts and wholes, never a mean of ratios.
    for code in ["AVATAR", "DOCS_CONFIRMED", "REPORTS_SENT", "TASKS_DONE"] {
        let r = row(&b, code);
        assert_eq!(r.indicator.data.rollup, RollUp::Ratio, "{code}");
        assert_eq!(
            r.whole,
            roll_up(RollUp::Ratio, r.by_unit.values().copied()),
            "{code}"
        );
    }
    let docs = row(&b, "DOCS_CONFIRMED");
    let delivered = scalar(
        &app,
        &format!(
            "SELECT COUNT(*) FROM document_recipients WHERE document_id = {} AND delivered_at IS NOT NULL",
            seed.id
        ),
    )
    .await;
    assert_eq!(
        docs.whole,
        Some(Figure::Share {
            part: 1,
            whole: delivered
        })
    );
    // A unit's report counts once approved; a figure not given stays empty, not 0.
    let media = row(&b, "MEDIA");
    assert_eq!(
        media.by_unit.get(&UnitId(may_chai)),
        Some(&Figure::Count(7))
    );
    assert_eq!(media.by_unit.get(&UnitId(le_loi)), Some(&Figure::Count(0)));
    assert_eq!(
        media.by_unit.get(&UnitId(lac_vien)),
        None,
        "sent, not approved"
    );
    assert_eq!(media.whole, Some(Figure::Count(7)));
    assert_eq!(media.completeness.reported, 2);
    assert!(media.completeness.expected > 20, "{:?}", media.completeness);
    let activity = row(&b, "ACTIVITY");
    assert_eq!(activity.whole, None, "nobody gave it: empty, not 0");
    // dxday's own counts are 0 where it holds no record.
    let streets = row(&b, "PAY_STREETS");
    assert_eq!(
        streets.by_unit.get(&UnitId(may_chai)),
        Some(&Figure::Count(0))
    );
    // The import, with where it was read.
    let svc_row = row(&b, "SVC_INDEX");
    assert_eq!(svc_row.whole, Some(Figure::Score(87_530)));
    assert_eq!(
        svc_row.import.as_ref().map(|n| n.snapshot_on),
        Some(date!(2024 - 09 - 30))
    );
    // The honours: every entry of a decision issued in 2024, not revoked.
    dxday_app::honours::demo::load(&app.db, system())
        .await
        .expect("honours demo");
    let awarded = scalar(
        &app,
        "SELECT COUNT(*) FROM award_entries e JOIN award_decisions a ON a.id = e.decision_id
         JOIN documents d ON d.id = a.document_id WHERE d.status = 'issued' AND e.revoked_at IS NULL",
    )
    .await;
    assert!(awarded > 0);
    let b = indicators::board(&app.db, system(), CampaignId(1))
        .await
        .expect("db")
        .expect("campaign");
    assert_eq!(row(&b, "AWARDS").whole, Some(Figure::Count(awarded)));

    // A ward sees its own figures and the wards' average, no other ward's.
    let ward_scope = dxday_domain::Scope::unit_only(scoped(UnitId(may_chai)));
    let w = indicators::board(&app.db, &ward_scope, CampaignId(1))
        .await
        .expect("db")
        .expect("campaign");
    assert_eq!(w.units.len(), 1);
    for r in &w.rows {
        assert!(
            r.by_unit.keys().all(|u| *u == UnitId(may_chai)),
            "{}",
            r.indicator.data.code
        );
        let office_row = row(&b, &r.indicator.data.code);
        assert_eq!(r.ward_average, office_row.ward_average);
    }
    assert_eq!(row(&w, "MEDIA").whole, Some(Figure::Count(7)));
    assert_eq!(
        row(&w, "SVC_INDEX").import,
        None,
        "the whole's import is the office's"
    );
    // The average of a count is over the wards that gave it: (7 + 0) / 2.
    assert_eq!(row(&w, "MEDIA").ward_average, Some(3_500));
}
on_both_backends!(values_come_from_each_source, app);

/// The dashboard's tiles and charts for the office and for a ward; the public page;
/// the registry's forms and their refusals.
async fn the_dashboard_the_public_page_and_the_registry(app: TestApp) {
    report(&app, app.unit_id("p-may-chai").await, 12, true).await;
    report(&app, app.unit_id("p-lac-vien").await, 30, true).await;
    let office = app.office().await;
    let (status, html) = app.get(&office, "/quan-tri?nam=2024&chi-so=MEDIA").await;
    assert_eq!(status, 200);
    assert!(html.contains("id=\"indicator-tiles\""));
    assert!(html.contains("data-code=\"MEDIA\""));
    // The chart by ward, with the same figures in its table.
    let chart = html
        .split("id=\"chart-units\"")
        .nth(1)
        .expect("chart by unit");
    assert!(chart.contains("<svg") && chart.contains("<table>"));
    assert!(chart.contains("<th scope=\"row\">Phường Lạc Viên</th><td class=\"num\">30</td>"));
    assert!(html.contains("id=\"chart-daily\""));
    assert!(
        !html.contains(" style=\""),
        "the CSP allows no inline style"
    );

    // A ward: itself against the average, no other ward's name.
    let ward = app.ward().await;
    let (status, mine) = app.get(&ward, "/quan-tri?nam=2024").await;
    assert_eq!(status, 200);
    assert!(mine.contains("id=\"chart-own\""));
    assert!(!mine.contains("chart-units"));
    assert!(!mine.contains("Lạc Viên"), "no other ward's detail");
    assert!(
        mine.contains("12 / 21"),
        "its 12 beside the average of 12 and 30"
    );
    let (status, _) = app.get(&ward, "/quan-tri/chi-so").await;
    assert_eq!(status, 403);
    let (status, _) = app.get(&ward, "/quan-tri/chi-so/day-du").await;
    assert_eq!(status, 403);

    // The public results: every ward, aggregates only.
    let anon = crate::helpers::client();
    let (status, public) = app.get(&anon, "/ket-qua?nam=2024&chi-so=MEDIA").await;
    assert_eq!(status, 200);
    assert!(public.contains("id=\"results-table\""));
    assert!(public.contains("Phường Máy Chai"));
    assert!(!public.contains("@"), "no e-mail, no account");
    assert!(
        !public.contains("DOCS_CONFIRMED"),
        "internal indicators stay inside"
    );
    let (status, _) = app.get(&anon, "/ket-qua?nam=1999").await;
    assert_eq!(status, 404);

    // The registry: an indicator of the office's own; a bad code is refused with its
    // message and nothing is written.
    let (status, _) = app.get(&office, "/quan-tri/chi-so").await;
    assert_eq!(status, 200);
    let before = indicators::list(&app.db).await.expect("list").len();
    let fields = [
        ("code", "1 sai"),
        ("name", "Lớp học kỹ năng số"),
        ("measure", "lớp"),
        ("definition", "Lớp đã mở"),
        ("level", "unit"),
        ("rollup", "sum"),
        ("counting", "events"),
        ("direction", "higher"),
        ("source", "unit_report"),
        ("source_code", "classes"),
    ];
    let res = app
        .post_form(
            &office,
            "/quan-tri/chi-so/moi",
            "/quan-tri/chi-so/moi",
            &fields,
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(res.text().await.expect("body").contains("Mã chỉ số gồm"));
    assert_eq!(indicators::list(&app.db).await.expect("list").len(), before);
    let mut good = fields;
    good[0] = ("code", "CLASSES");
    let res = app
        .post_form(
            &office,
            "/quan-tri/chi-so/moi",
            "/quan-tri/chi-so/moi",
            &good,
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let added = indicators::list(&app.db)
        .await
        .expect("list")
        .into_iter()
        .find(|i| i.data.code == "CLASSES")
        .expect("added");
    assert!(!added.built_in);

    // A target for the whole: the tile shows it and whether it is reached.
    let media: IndicatorId = indicators::list(&app.db)
        .await
        .expect("list")
        .into_iter()
        .find(|i| i.data.code == "MEDIA")
        .expect("MEDIA")
        .id;
    let page = format!("/quan-tri/chi-so/{media}");
    let res = app
        .post_form(
            &office,
            &page,
            &format!("{page}/chi-tieu"),
            &[
                ("year", "2024"),
                ("level", "whole"),
                ("value", "40"),
                ("basis", "Kế hoạch năm 2024"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let targets = indicators::targets(&app.db, 2024).await.expect("targets");
    assert!(
        targets
            .iter()
            .any(|t| t.indicator == media && t.level == TargetLevel::Whole && t.milli == 40_000)
    );
    let (_, html) = app.get(&office, "/quan-tri?nam=2024").await;
    let tile = html.split("data-code=\"MEDIA\"").nth(1).expect("tile");
    let tile = &tile[..tile.find("</li>").expect("end")];
    assert!(
        tile.contains("42") && tile.contains("Chỉ tiêu: 40") && tile.contains("Đạt"),
        "{tile}"
    );
    // A bad target value: 422 with its message.
    let res = app
        .post_form(
            &office,
            &page,
            &format!("{page}/chi-tieu"),
            &[("year", "2024"), ("level", "whole"), ("value", "bốn mươi")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    // An import needs its source; an import on a counted indicator is not found.
    let res = app
        .post_form(
            &office,
            &page,
            &format!("{page}/nhap"),
            &[
                ("value", "87,5"),
                ("snapshot_on", "30/09/2024"),
                ("source_url", "https://dichvucong.gov.vn/"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 404);
}
on_both_backends!(the_dashboard_the_public_page_and_the_registry, app);

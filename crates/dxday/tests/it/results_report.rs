//! The results report upward on both databases: a Decree 30 báo cáo with a real Kính
//! gửi and Nơi nhận and a signer with a name, its figures equal to the indicators; the
//! office's page (a missing signer's name refused, nothing saved; a ward 403), its
//! files (DOCX, PDF through LibreOffice, XLSX), and the CLI.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use dxday_domain::CampaignId;
use dxday_store::indicators::{self, Board};

use crate::documents_docx::{W, find, paragraphs, part};
use crate::helpers::{TestApp, dxday, fails_with, in_ci, succeeds, system};
use crate::on_both_backends;

/// The demo's indicator figures and the office's words for 2024.
async fn with_demo_figures(app: &TestApp) -> Board {
    let seed = dxday_store::campaigns::get(&app.db, CampaignId(1))
        .await
        .expect("db")
        .expect("seed campaign");
    dxday_app::indicators::demo::load(&app.db, system(), &seed)
        .await
        .expect("demo figures");
    indicators::board(&app.db, system(), seed.id)
        .await
        .expect("db")
        .expect("board")
}

/// Each table row of a DOCX body as its cells' texts.
fn table_rows(xml: &str) -> Vec<Vec<String>> {
    let doc = roxmltree::Document::parse(xml).expect("xml");
    doc.descendants()
        .filter(|n| n.has_tag_name((W, "tr")))
        .map(|tr| {
            tr.children()
                .filter(|c| c.has_tag_name((W, "tc")))
                .map(|tc| {
                    tc.descendants()
                        .filter(|t| t.has_tag_name((W, "t")))
                        .filter_map(|t| t.text())
                        .collect::<String>()
                })
                .collect()
        })
        .collect()
}

async fn the_report_is_a_decree_30_baocao_of_the_indicators(app: TestApp) {
    let board = with_demo_figures(&app).await;
    let docx = dxday_app::indicators::report::results_docx(&app.db, system(), CampaignId(1))
        .await
        .expect("docx");
    let mut zip = zip::ZipArchive::new(Cursor::new(docx)).expect("a zip");
    let xml = part(&mut zip, "word/document.xml");
    let paras = paragraphs(&xml);
    let title = find(&paras, "BÁO CÁO");
    assert_eq!(title.jc.as_deref(), Some("center"));
    assert!(
        title
            .runs
            .iter()
            .all(|r| r.bold || r.text.trim().is_empty())
    );
    let subject = find(
        &paras,
        "Kết quả tổ chức Ngày Chuyển đổi số quốc gia năm 2024",
    );
    assert_eq!(subject.jc.as_deref(), Some("center"));
    // A real addressee, so that "Như trên" names someone.
    find(&paras, "Kính gửi:");
    find(&paras, "- Ủy ban nhân dân quận Ngô Quyền;");
    find(
        &paras,
        "- Sở Thông tin và Truyền thông thành phố Hải Phòng.",
    );
    let to = find(&paras, "Nơi nhận:");
    assert!(to.runs.iter().any(|r| r.bold && r.italic));
    find(&paras, "- Như trên;");
    find(&paras, "- Lưu: VT, VHTT.");
    find(&paras, "KT. TRƯỞNG PHÒNG");
    let name = find(&paras, "Nguyễn Hồng Đại");
    assert!(name.runs.iter().any(|r| r.bold));
    for heading in [
        "I. KẾT QUẢ THỰC HIỆN",
        "II. KHÓ KHĂN, VƯỚNG MẮC",
        "III. ĐỀ XUẤT, KIẾN NGHỊ",
    ] {
        assert!(
            find(&paras, heading).runs.iter().any(|r| r.bold),
            "{heading}"
        );
    }
    find(&paras, "Một số đơn vị gửi báo cáo chậm");
    // Every indicator's row carries the board's figure.
    let rows = table_rows(&xml);
    let lang = dxday_app::Lang::Vi;
    for r in &board.rows {
        let row = rows
            .iter()
            .find(|cells| cells.get(1) == Some(&r.indicator.data.name))
            .unwrap_or_else(|| panic!("{} in the table", r.indicator.data.code));
        let expected = r
            .whole
            .map(|f| dxday_app::indicators::written(lang, f))
            .unwrap_or_else(|| "—".into());
        assert!(
            row[3].starts_with(&expected),
            "{}: {:?} vs {expected}",
            r.indicator.data.code,
            row
        );
    }
    let media = board
        .rows
        .iter()
        .find(|r| r.indicator.data.code == "MEDIA")
        .expect("MEDIA");
    assert!(media.whole.is_some(), "the demo's reports give it");
    // The table by ward: each ward's approved figure, or "—" when it gave none.
    let may_chai = dxday_domain::UnitId(app.unit_id("p-may-chai").await);
    let ward_row = rows
        .iter()
        .find(|cells| cells.get(1).map(String::as_str) == Some("Máy Chai"))
        .expect("Máy Chai's row");
    let expected = media
        .by_unit
        .get(&may_chai)
        .map(|f| dxday_app::indicators::written(lang, *f))
        .unwrap_or_else(|| "—".into());
    assert!(ward_row.contains(&expected), "{ward_row:?}");
}
on_both_backends!(the_report_is_a_decree_30_baocao_of_the_indicators, app);

async fn the_office_writes_its_words_and_downloads_the_files(app: TestApp) {
    let board = with_demo_figures(&app).await;
    sqlx::query::<sqlx::Any>("DELETE FROM results_reports")
        .execute(app.db.pool())
        .await
        .expect("clear");
    let office = app.office().await;
    let page = "/quan-tri/chi-so/bao-cao?nam=2024";
    let (status, html) = app.get(&office, page).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Ủy ban nhân dân quận Ngô Quyền"),
        "the level above is proposed"
    );
    // No signer's name: refused with its message, nothing saved.
    let fields = [
        ("addressees", "Ủy ban nhân dân quận Ngô Quyền"),
        ("signer_title", "TRƯỞNG PHÒNG"),
        ("signer_name", ""),
    ];
    let res = app.post_form(&office, page, page, &fields).await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(
        indicators::results_report(&app.db, CampaignId(1))
            .await
            .expect("db")
            .is_none()
    );
    let mut named = fields;
    named[2] = ("signer_name", "Trần Thị Mai");
    let res = app.post_form(&office, page, page, &named).await;
    assert_eq!(res.status().as_u16(), 303);
    let saved = indicators::results_report(&app.db, CampaignId(1))
        .await
        .expect("db")
        .expect("saved");
    assert_eq!(saved.signer_name, "Trần Thị Mai");

    let get = |path: &'static str| {
        let c = office.clone();
        let url = app.url(path);
        async move { c.get(url).send().await.expect("request") }
    };
    let res = get("/quan-tri/chi-so/bao-cao/2024.docx").await;
    assert_eq!(res.status().as_u16(), 200);
    let docx = res.bytes().await.expect("body").to_vec();
    let mut zip = zip::ZipArchive::new(Cursor::new(docx)).expect("a zip");
    assert!(part(&mut zip, "word/document.xml").contains("Trần Thị Mai"));
    let res = get("/quan-tri/chi-so/bao-cao/2024.xlsx").await;
    assert_eq!(res.status().as_u16(), 200);
    let bytes = res.bytes().await.expect("body").to_vec();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("xlsx");
    let sheet = book.worksheet_range("Toàn địa bàn").expect("the whole");
    let media = board
        .rows
        .iter()
        .find(|r| r.indicator.data.code == "MEDIA")
        .expect("MEDIA");
    let row = sheet
        .rows()
        .find(|r| r.get(1) == Some(&Data::String("MEDIA".into())))
        .expect("MEDIA's row");
    let Some(dxday_domain::indicator::Figure::Count(n)) = media.whole else {
        panic!("a count");
    };
    assert_eq!(row.get(3), Some(&Data::Float(n as f64)));
    assert!(book.worksheet_range("Theo đơn vị").is_ok());
    if dxday_media::pdf::available() {
        let res = get("/quan-tri/chi-so/bao-cao/2024.pdf").await;
        assert_eq!(res.status().as_u16(), 200);
        assert!(res.bytes().await.expect("body").starts_with(b"%PDF"));
    } else {
        assert!(!in_ci(), "CI installs LibreOffice");
    }
    let (status, _) = get_status(&app, "/quan-tri/chi-so/bao-cao/1999.docx", &office).await;
    assert_eq!(status, 404);
    let ward = app.ward().await;
    let (status, _) = app.get(&ward, page).await;
    assert_eq!(status, 403);
    let (status, _) = get_status(&app, "/quan-tri/chi-so/bao-cao/2024.xlsx", &ward).await;
    assert_eq!(status, 403);
}
on_both_backends!(the_office_writes_its_words_and_downloads_the_files, app);

async fn get_status(app: &TestApp, path: &str, c: &reqwest::Client) -> (u16, Vec<u8>) {
    let res = c.get(app.url(path)).send().await.expect("request");
    (
        res.status().as_u16(),
        res.bytes().await.expect("body").to_vec(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_writes_the_report_and_refuses_a_year_without_campaign_in_one_line() {
    let Some(app) = crate::helpers::spawn_app(crate::helpers::Backend::Sqlite).await else {
        return;
    };
    with_demo_figures(&app).await;
    let dir = tempfile::tempdir().expect("dir");
    for format in ["docx", "xlsx"] {
        let out = dir.path().join(format!("bc.{format}"));
        succeeds(dxday().args([
            "campaign",
            "report",
            "--year",
            "2024",
            "--format",
            format,
            "--out",
            out.to_str().expect("utf-8"),
            "--database-url",
            &app.db_url,
        ]));
        assert!(std::fs::read(&out).expect("written").starts_with(b"PK"));
    }
    fails_with(
        dxday().args([
            "campaign",
            "report",
            "--year",
            "1999",
            "--format",
            "docx",
            "--out",
            "/dev/null",
            "--database-url",
            &app.db_url,
        ]),
        "no campaign of 1999",
    );
}

//! The office's cockpit in a real browser, on a phone (360 × 780) and on a desktop
//! (1366 × 900): the dashboard's tiles and charts with their tables, the public results
//! (in Zalo's browser too), the registry and the completeness grid pass axe-core, and
//! no admin page scrolls sideways. Screenshots are kept.

use dxday_domain::Role;
use fantoccini::Locator;

use super::{assert_fits_360, axe_violations, browse, browse_on, log_in, screenshot_dir};

/// Every admin list and form of the office (the addresses with no parameter).
const ADMIN_PAGES: [&str; 28] = [
    "/quan-tri",
    "/quan-tri/bao-cao",
    "/quan-tri/bao-cao/moi",
    "/quan-tri/bo-nhan-dien",
    "/quan-tri/chi-so",
    "/quan-tri/chi-so/day-du",
    "/quan-tri/chi-so/moi",
    "/quan-tri/chien-dich",
    "/quan-tri/chien-dich/moi",
    "/quan-tri/don-vi",
    "/quan-tri/don-vi/moi",
    "/quan-tri/ghep-khung-hang-loat",
    "/quan-tri/hien-thi",
    "/quan-tri/khung-anh",
    "/quan-tri/mat-khau",
    "/quan-tri/nhat-ky",
    "/quan-tri/nhiem-vu",
    "/quan-tri/nhiem-vu/moi",
    "/quan-tri/nhiem-vu/tong-hop",
    "/quan-tri/thi-dua",
    "/quan-tri/to-cong-nghe-so",
    "/quan-tri/to-cong-nghe-so/hoat-dong",
    "/quan-tri/to-cong-nghe-so/tong-hop",
    "/quan-tri/tuyen-pho",
    "/quan-tri/uu-dai",
    "/quan-tri/van-ban",
    "/quan-tri/van-ban/moi",
    "/quan-tri/nguoi-dung",
];

/// `[viewport width, page width]` of the page the browser shows.
async fn widths(b: &fantoccini::Client) -> Result<serde_json::Value, fantoccini::error::CmdError> {
    b.execute(
        "return [document.documentElement.clientWidth, document.documentElement.scrollWidth];",
        vec![],
    )
    .await
}

/// The chart `id` is drawn, with a table of as many rows as it has bars or columns.
async fn assert_chart(b: &fantoccini::Client, id: &str) -> Result<(), fantoccini::error::CmdError> {
    let counts = b
        .execute(
            "const f = document.getElementById(arguments[0]);
             return f ? [f.querySelectorAll('svg g').length, f.querySelectorAll('table tbody tr').length] : null;",
            vec![serde_json::json!(id)],
        )
        .await?;
    let n = counts[0].as_u64().unwrap_or(0);
    assert!(n > 0, "{id}: drawn");
    assert_eq!(counts[0], counts[1], "{id}: a table row per bar");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cockpit_reads_on_a_phone_and_passes_axe() {
    let axe = super::pages::axe_script();
    let Some(s) = browse(Some(super::studio::ZALO_UA)).await else {
        return;
    };
    let (app, b) = (&s.app, &s.b);
    app.add_user("lan@vhtt.gov.vn", Role::OfficeStaff, Some("vhtt"))
        .await;
    let result = async {
        let mut found = Vec::new();
        let shot = |name: &str| screenshot_dir().join(format!("{name}-360.png"));
        b.goto(&app.url("/ket-qua?nam=2024")).await?;
        assert_fits_360(b).await?;
        assert_chart(b, "chart-units").await?;
        assert_chart(b, "chart-daily").await?;
        assert_chart(b, "chart-kit-daily").await?;
        found.extend(axe_violations(b, axe.as_deref()).await?);
        std::fs::write(shot("results"), b.screenshot().await?).expect("screenshot");

        b.goto(&app.url("/dang-nhap?next=/quan-tri")).await?;
        log_in(b, "lan@vhtt.gov.vn").await?;
        b.wait().for_element(Locator::Id("indicator-tiles")).await?;
        b.goto(&app.url("/quan-tri?nam=2024")).await?;
        assert_fits_360(b).await?;
        assert_chart(b, "chart-units").await?;
        found.extend(axe_violations(b, axe.as_deref()).await?);
        std::fs::write(shot("dashboard"), b.screenshot().await?).expect("screenshot");
        for page in [
            "/quan-tri/chi-so",
            "/quan-tri/chi-so/day-du",
            "/quan-tri/chi-so/1",
        ] {
            b.goto(&app.url(page)).await?;
            assert_fits_360(b).await?;
            found.extend(axe_violations(b, axe.as_deref()).await?);
        }
        for page in ADMIN_PAGES {
            b.goto(&app.url(page)).await?;
            assert_eq!(
                widths(b).await?,
                serde_json::json!([360, 360]),
                "{page} at 360 px"
            );
        }
        Ok(found)
    }
    .await;
    let found = s.finish(result).await;
    assert!(found.is_empty(), "{found:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cockpit_fits_a_desktop() {
    let axe = super::pages::axe_script();
    let Some(s) = browse_on((1366, 900), None).await else {
        return;
    };
    let (app, b) = (&s.app, &s.b);
    app.add_user("lan@vhtt.gov.vn", Role::OfficeStaff, Some("vhtt"))
        .await;
    let result = async {
        let mut found = Vec::new();
        b.goto(&app.url("/dang-nhap?next=/quan-tri")).await?;
        log_in(b, "lan@vhtt.gov.vn").await?;
        b.wait().for_element(Locator::Id("indicator-tiles")).await?;
        b.goto(&app.url("/quan-tri?nam=2024")).await?;
        assert_chart(b, "chart-units").await?;
        assert_chart(b, "chart-daily").await?;
        assert_chart(b, "chart-kit-daily").await?;
        found.extend(axe_violations(b, axe.as_deref()).await?);
        std::fs::write(
            screenshot_dir().join("dashboard-1366.png"),
            b.screenshot().await?,
        )
        .expect("screenshot");
        for page in ADMIN_PAGES {
            b.goto(&app.url(page)).await?;
            let w = widths(b).await?;
            assert_eq!(w[0], w[1], "{page} at 1366 px: {w}");
        }
        // The tasks overview of the demo's 40 units: three desktop screens at most, its
        // columns named by task, late work grouped by unit; the tree's progress column
        // is not clipped.
        b.goto(&app.url("/quan-tri/nhiem-vu/tong-hop")).await?;
        let height = b
            .execute("return document.documentElement.scrollHeight;", vec![])
            .await?
            .as_u64()
            .unwrap_or(u64::MAX);
        assert!(height <= 3 * 900, "the overview is {height} px tall");
        let named = b
            .execute(
                "return [...document.querySelectorAll('#matrix thead th.task-col')].every(th => th.textContent.trim().length > 3);",
                vec![],
            )
            .await?;
        assert_eq!(named, serde_json::json!(true), "columns named, not numbered");
        let groups = b
            .execute("return document.querySelectorAll('#late > li').length;", vec![])
            .await?;
        assert!(groups.as_u64().unwrap_or(0) > 0, "late work grouped by unit");
        found.extend(axe_violations(b, axe.as_deref()).await?);
        std::fs::write(
            screenshot_dir().join("tasks-overview-1366.png"),
            b.screenshot().await?,
        )
        .expect("screenshot");
        b.goto(&app.url("/quan-tri/nhiem-vu")).await?;
        let clipped = b
            .execute(
                "const t = document.getElementById('task-tree'); const w = t.closest('.table-scroll');
                 return [t.getBoundingClientRect().right, w.getBoundingClientRect().right, w.scrollWidth, w.clientWidth];",
                vec![],
            )
            .await?;
        assert!(
            clipped[2].as_u64() <= clipped[3].as_u64(),
            "the plan's table, with its progress column, fits: {clipped}"
        );
        Ok(found)
    }
    .await;
    let found = s.finish(result).await;
    assert!(found.is_empty(), "{found:#?}");
}

//! The honours pages in a real browser on a phone: the public roll (in Zalo's browser
//! too), a ward's nomination form with a missing name, the office's session with the
//! vote counts and the decision with its certificates. Every page fits 360 px and
//! passes axe-core; screenshots are kept.

use dxday_domain::Role;
use fantoccini::Locator;

use super::{assert_fits_360, axe_violations, browse, log_in, screenshot_dir};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_honour_pages_read_on_a_phone_and_pass_axe() {
    let axe = super::pages::axe_script();
    let Some(s) = browse(Some(super::studio::ZALO_UA)).await else {
        return;
    };
    let (app, b) = (&s.app, &s.b);
    dxday_app::honours::demo::load(&app.db, crate::helpers::system())
        .await
        .expect("honours demo");
    app.add_user(
        "dau-moi@maychai.vn",
        Role::UnitFocalPoint,
        Some("p-may-chai"),
    )
    .await;
    app.add_user("lanh-dao@vhtt.gov.vn", Role::OfficeLeader, Some("vhtt"))
        .await;
    let result = async {
        let mut found = Vec::new();
        let shot = |name: &str| screenshot_dir().join(format!("{name}-360.png"));
        b.goto(&app.url("/vinh-danh")).await?;
        let main = b.find(Locator::Css("main")).await?.text().await?;
        assert!(
            main.contains("Nguyễn Thị Thu Hà") && main.contains("01/QĐ-UBND"),
            "{main}"
        );
        assert_fits_360(b).await?;
        found.extend(axe_violations(b, axe.as_deref()).await?);
        std::fs::write(shot("honours-roll"), b.screenshot().await?).expect("screenshot");
        // The filter form, as a visitor uses it.
        b.find(Locator::Id("don-vi"))
            .await?
            .select_by_label("Ủy ban nhân dân phường Lạch Tray")
            .await?;
        b.find(Locator::Css("form.search button"))
            .await?
            .click()
            .await?;
        b.wait()
            .for_url(&url::Url::parse(&app.url("/vinh-danh?don-vi=p-lach-tray")).expect("url"))
            .await?;
        let main = b.find(Locator::Css("main")).await?.text().await?;
        assert!(main.contains("Trần Văn Minh") && !main.contains("Nguyễn Thị Thu Hà"));

        // A ward's focal point: the movement lists its own nominations only.
        b.goto(&app.url("/dang-nhap?next=/quan-tri/thi-dua"))
            .await?;
        log_in(b, "dau-moi@maychai.vn").await?;
        b.wait().for_element(Locator::Css("ul.task-list")).await?;
        b.goto(&app.url("/quan-tri/thi-dua/1")).await?;
        let main = b.find(Locator::Css("main")).await?.text().await?;
        assert!(main.contains("Nguyễn Thị Thu Hà"), "{main}");
        assert!(
            !main.contains("Trần Văn Minh"),
            "another ward's nomination is not listed"
        );
        assert_fits_360(b).await?;
        found.extend(axe_violations(b, axe.as_deref()).await?);
        std::fs::write(shot("honours-movement-ward"), b.screenshot().await?).expect("screenshot");
        let link = b
            .find(Locator::LinkText("Nguyễn Thị Thu Hà"))
            .await?
            .attr("href")
            .await?
            .expect("href");
        b.goto(&app.url(&link)).await?;
        let main = b.find(Locator::Css("main")).await?.text().await?;
        assert!(main.contains("Đã khen thưởng"), "{main}");
        found.extend(axe_violations(b, axe.as_deref()).await?);
        assert_fits_360(b).await?;

        // The office's leader: the session with its counts, then the decision.
        b.delete_all_cookies().await?;
        b.goto(&app.url("/dang-nhap?next=/quan-tri/thi-dua/hoi-dong/1"))
            .await?;
        log_in(b, "lanh-dao@vhtt.gov.vn").await?;
        b.wait().for_element(Locator::Css("table tbody")).await?;
        let table = b.find(Locator::Css("table")).await?.text().await?;
        assert!(
            table.contains("Lê Thị Hồng Nhung") && table.contains("77,77%"),
            "{table}"
        );
        found.extend(axe_violations(b, axe.as_deref()).await?);
        std::fs::write(shot("honours-session"), b.screenshot().await?).expect("screenshot");
        b.goto(&app.url("/quan-tri/thi-dua/quyet-dinh/1")).await?;
        let main = b.find(Locator::Css("main")).await?.text().await?;
        assert!(
            main.contains("Số vào sổ") && main.contains("05/2024"),
            "{main}"
        );
        assert_fits_360(b).await?;
        found.extend(axe_violations(b, axe.as_deref()).await?);
        std::fs::write(shot("honours-decision"), b.screenshot().await?).expect("screenshot");
        Ok(found)
    }
    .await;
    let found = s.finish(result).await;
    assert!(found.is_empty(), "{found:#?}");
}

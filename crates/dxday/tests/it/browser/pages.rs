use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_reads_the_theme_then_an_official_logs_in_and_sees_the_admin_page() {
    let Some(s) = browse(None).await else {
        return;
    };
    let (app, b) = (&s.app, &s.b);
    app.add_user("lan@vhtt.gov.vn", Role::OfficeStaff, Some("vhtt"))
        .await;
    let result = async {
        b.goto(&app.url("/")).await?;
        let theme = b
            .find(Locator::Css("blockquote.theme"))
            .await?
            .text()
            .await?;
        assert!(
            theme.contains("Phổ cập hạ tầng số và sáng tạo ứng dụng số"),
            "{theme}"
        );
        std::fs::write(screenshot_dir().join("home-360.png"), b.screenshot().await?)
            .expect("write screenshot");
        // The page fits a 360-px phone: nothing scrolls sideways.
        let overflow = b
            .execute(
                "return document.documentElement.scrollWidth > window.innerWidth;",
                vec![],
            )
            .await?;
        assert_eq!(
            overflow,
            serde_json::Value::Bool(false),
            "no horizontal scrolling at 360 px"
        );
        b.find(Locator::LinkText("Đăng nhập"))
            .await?
            .click()
            .await?;
        log_in(b, "lan@vhtt.gov.vn").await?;
        b.wait().for_element(Locator::Css("ul.tiles")).await?;
        let h1 = b.find(Locator::Css("main h1")).await?.text().await?;
        assert_eq!(h1, "Quản trị");
        assert!(b.current_url().await?.path().ends_with("/quan-tri"));
        std::fs::write(
            screenshot_dir().join("admin-360.png"),
            b.screenshot().await?,
        )
        .expect("write screenshot");
        b.goto(&app.url("/quan-tri/don-vi")).await?;
        b.wait().for_element(Locator::Css("table")).await?;
        let body = b.find(Locator::Css("main")).await?.text().await?;
        assert!(body.contains("Đổng Quốc Bình"));
        // The document form: every field fits a phone.
        b.goto(&app.url("/quan-tri/van-ban/moi")).await?;
        b.wait().for_element(Locator::Id("f-symbol")).await?;
        assert_fits_360(b).await?;
        std::fs::write(
            screenshot_dir().join("document-form-360.png"),
            b.screenshot().await?,
        )
        .expect("write screenshot");
        Ok::<(), fantoccini::error::CmdError>(())
    }
    .await;
    s.finish(result).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ward_reads_the_dispatch_on_a_phone_and_confirms_receipt() {
    let Some(s) = browse(None).await else {
        return;
    };
    let (app, b) = (&s.app, &s.b);
    app.add_user(
        "dau-moi@lacvien.vn",
        Role::UnitFocalPoint,
        Some("p-lac-vien"),
    )
    .await;
    let seed = dxday_store::documents::find_by_number(&app.db, 1, "VHTT", 2024)
        .await
        .expect("find")
        .expect("seed dispatch");
    let result = async {
        b.goto(&app.url("/dang-nhap?next=/quan-tri/van-ban"))
            .await?;
        log_in(b, "dau-moi@lacvien.vn").await?;
        b.wait()
            .for_element(Locator::LinkText("01/VHTT"))
            .await?
            .click()
            .await?;
        b.wait().for_element(Locator::Css("section.paper")).await?;
        let text = b.find(Locator::Css("section.paper")).await?.text().await?;
        assert!(
            text.contains("Số: 01/VHTT") && text.contains("Nguyễn Hồng Đại"),
            "{text}"
        );
        assert_fits_360(b).await?;
        std::fs::write(
            screenshot_dir().join("document-360.png"),
            b.screenshot().await?,
        )
        .expect("write screenshot");
        b.find(Locator::Css("form[action$='/da-nhan'] button"))
            .await?
            .click()
            .await?;
        let flash = b
            .wait()
            .for_element(Locator::Css("p.flash"))
            .await?
            .text()
            .await?;
        assert!(flash.contains("Đã xác nhận"), "{flash}");
        Ok::<(), fantoccini::error::CmdError>(())
    }
    .await;
    s.finish(result).await;
    let lac_vien = app.unit_id("p-lac-vien").await;
    let d = dxday_store::documents::deliveries(&app.db, seed.id)
        .await
        .expect("deliveries");
    assert!(
        d.iter()
            .any(|x| x.unit_id.0 == lac_vien && x.acknowledged_at.is_some()),
        "the receipt is recorded"
    );
}

/// The height of the first screen of a 360 × 740 phone.
const FIRST_SCREEN: f64 = 740.0;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_zalo_the_start_page_offers_the_frame_on_the_first_screen() {
    let Some(s) = browse(Some(super::studio::ZALO_UA)).await else {
        return;
    };
    let (app, b) = (&s.app, &s.b);
    let result = async {
        b.goto(&app.url("/")).await?;
        // The campaign, its theme, the sample frame and the one action, without scrolling.
        for id in ["campaign-title", "frame-cta"] {
            let (_, y, _, h) = b.find(Locator::Id(id)).await?.rectangle().await?;
            assert!(y >= 0.0 && y + h <= FIRST_SCREEN, "#{id} ends at {}", y + h);
        }
        let (_, y, _, h) = b.find(Locator::Css(".cta img")).await?.rectangle().await?;
        assert!(y + h <= FIRST_SCREEN, "the sample frame ends at {}", y + h);
        let loaded = b
            .execute(
                "const i = document.querySelector('.cta img'); return i.complete && i.naturalWidth;",
                vec![],
            )
            .await?;
        assert_eq!(loaded, serde_json::json!(240), "the sample picture loads");
        let (_, y, _, h) = b.find(Locator::Css("blockquote.theme")).await?.rectangle().await?;
        assert!(y + h <= FIRST_SCREEN, "the theme ends at {}", y + h);
        // The long texts are there, folded.
        let folded = b
            .execute(
                "return [...document.querySelectorAll('details.more')].map(d => d.open);",
                vec![],
            )
            .await?;
        assert_eq!(folded, serde_json::json!([false, false, false]));
        assert_fits_360(b).await?;
        let inert = super::inert_controls(b).await?;
        assert!(inert.is_empty(), "visible controls that do nothing: {inert:?}");
        std::fs::write(screenshot_dir().join("home-zalo-360.png"), b.screenshot().await?)
            .expect("write screenshot");
        // The action leads to the studio.
        b.find(Locator::Id("frame-cta")).await?.click().await?;
        b.wait().for_element(Locator::Id("stage")).await?;
        Ok(())
    }
    .await;
    s.finish(result).await;
}

/// axe-core's script (npm), or `None` outside CI when it is not installed.
pub(super) fn axe_script() -> Option<String> {
    let path = std::env::var("AXE_JS")
        .unwrap_or_else(|_| "/var/cache/dxday-npm/node_modules/axe-core/axe.min.js".into());
    match std::fs::read_to_string(&path) {
        Ok(js) => Some(js),
        Err(_) => {
            assert!(
                !crate::helpers::in_ci(),
                "CI must install axe-core ({path}): the accessibility test may not be skipped in CI"
            );
            eprintln!("accessibility test skipped: {path} not found (npm install axe-core)");
            None
        }
    }
}

/// The public pages, as the Zalo in-app browser shows them on a phone, pass axe-core's
/// WCAG 2.2 A and AA rules.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_public_pages_pass_axe_core_wcag_22_aa() {
    let Some(axe) = axe_script() else {
        return;
    };
    let Some(s) = browse(Some(super::studio::ZALO_UA)).await else {
        return;
    };
    let (app, b) = (&s.app, &s.b);
    let result = async {
        // A team, so its public page shows one.
        super::lach_tray_team(app, 1, "Trần Văn Bình").await;
        let mut found = Vec::new();
        for path in [
            "/",
            "/khung-anh",
            "/bo-nhan-dien",
            "/tuyen-pho-so",
            "/thang-tieu-dung-so",
            "/to-cong-nghe-so",
            "/dang-nhap",
        ] {
            b.goto(&app.url(path)).await?;
            found.extend(super::axe_violations(b, Some(&axe)).await?);
        }
        Ok(found)
    }
    .await;
    let found = s.finish(result).await;
    assert!(found.is_empty(), "{found:#?}");
}

//! A community team's month in a real browser on a phone: a team member records an
//! activity, sends the month's report; its ward approves it; the roll-up and the public
//! page show the team. The admin pages pass axe-core on the way.

use dxday_domain::Role;
use dxday_domain::dates::today_in_vietnam;
use dxday_domain::team::Period;
use fantoccini::Locator;

use super::{assert_fits_360, axe_violations, browse, log_in, screenshot_dir};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_team_member_records_on_a_phone_the_ward_approves_and_the_public_sees_the_team() {
    let axe = super::pages::axe_script();
    let Some(s) = browse(None).await else {
        return;
    };
    let (app, b) = (&s.app, &s.b);
    let ward = crate::helpers::unit_of(&app.db, "p-lach-tray").await;
    let team = super::lach_tray_team(app, 5, "Phạm Thị Thu").await;
    let member = app
        .add_user(
            "to5@lachtray.vn",
            Role::CommunityTeamMember,
            Some("p-lach-tray"),
        )
        .await;
    assert!(
        dxday_store::teams::set_account_team(&app.db, None, ward, member, Some(team))
            .await
            .expect("put on the team")
    );
    app.add_user(
        "dau-moi@lachtray.vn",
        Role::UnitFocalPoint,
        Some("p-lach-tray"),
    )
    .await;
    let month = Period::month_of(today_in_vietnam(time::OffsetDateTime::now_utc())).key();
    let report = format!("/quan-tri/to-cong-nghe-so/{team}/bao-cao/{month}");
    let result = async {
        let mut found = Vec::new();
        // The member logs in and lands on its team's activities.
        b.goto(&app.url("/dang-nhap?next=/quan-tri/to-cong-nghe-so"))
            .await?;
        log_in(b, "to5@lachtray.vn").await?;
        b.wait()
            .for_element(Locator::Id("record"))
            .await?
            .click()
            .await?;
        b.wait().for_element(Locator::Id("f-n_attendance")).await?;
        assert_fits_360(b).await?;
        found.extend(axe_violations(b, axe.as_deref()).await?);
        b.find(Locator::Id("f-n_attendance"))
            .await?
            .send_keys("24")
            .await?;
        b.find(Locator::Id("f-n_vneid_activated"))
            .await?
            .send_keys("6")
            .await?;
        std::fs::write(
            screenshot_dir().join("team-activity-360.png"),
            b.screenshot().await?,
        )
        .expect("write screenshot");
        b.find(Locator::Css("form.form button[type=submit]"))
            .await?
            .click()
            .await?;
        b.wait().for_element(Locator::Css("p.flash")).await?;
        let log = b.find(Locator::Id("activities")).await?.text().await?;
        assert!(
            log.contains("24") && log.contains("VNeID mức 2: 6"),
            "{log}"
        );
        assert_fits_360(b).await?;
        found.extend(axe_violations(b, axe.as_deref()).await?);

        // The month's report starts from it; the member sends it.
        b.goto(&app.url(&report)).await?;
        let value = b
            .find(Locator::Id("f-n_attendance"))
            .await?
            .prop("value")
            .await?;
        assert_eq!(value.as_deref(), Some("24"));
        found.extend(axe_violations(b, axe.as_deref()).await?);
        b.find(Locator::Id("send")).await?.click().await?;
        b.wait().for_element(Locator::Css("p.flash")).await?;

        // The ward approves it.
        b.delete_all_cookies().await?;
        b.goto(&app.url(&format!("/dang-nhap?next={report}")))
            .await?;
        log_in(b, "dau-moi@lachtray.vn").await?;
        b.wait()
            .for_element(Locator::Id("approve"))
            .await?
            .click()
            .await?;
        b.wait().for_element(Locator::Css("p.flash")).await?;
        let status = b.find(Locator::Id("report-status")).await?.text().await?;
        assert_eq!(status, "Đã duyệt");
        assert_fits_360(b).await?;

        // The ward's roll-up shows it.
        b.goto(&app.url(&format!(
            "/quan-tri/to-cong-nghe-so/tong-hop?tu={month}&den={month}&chi=vneid_activated"
        )))
        .await?;
        let total = b.find(Locator::Id("rollup-total")).await?.text().await?;
        assert!(
            total.contains("24") && total.contains("1/1 (100 %)"),
            "{total}"
        );
        assert_fits_360(b).await?;
        found.extend(axe_violations(b, axe.as_deref()).await?);
        std::fs::write(
            screenshot_dir().join("team-rollup-360.png"),
            b.screenshot().await?,
        )
        .expect("write screenshot");

        // The public page shows the team and its published contact.
        b.delete_all_cookies().await?;
        b.goto(&app.url("/to-cong-nghe-so?q=to+dan+pho+so+5"))
            .await?;
        let text = b.find(Locator::Css("main")).await?.text().await?;
        assert!(
            text.contains("Tổ công nghệ số cộng đồng số 5") && text.contains("Phạm Thị Thu"),
            "{text}"
        );
        Ok(found)
    }
    .await;
    let found = s.finish(result).await;
    assert!(found.is_empty(), "{found:#?}");
}

//! A demo that lives: loaded on any date, it has a campaign that has not ended, a kit
//! drawn by dxday, payment streets with shops and VietQR codes in three wards, the
//! consumption month's offers and participation counts; the seed's 2024 campaign is
//! kept as the dispatch has it.

use dxday_domain::campaign::{CampaignStatus, pick_current};
use dxday_domain::kit::AssetCategory;
use dxday_store::{campaigns, frames, kit, offers, payments};
use time::Date;
use time::macros::date;

use dxday_domain::dates::today_in_vietnam;

use crate::helpers::{Backend, TestApp, spawn_on, test_config, test_db};

/// The whole demo loaded as of `today` into a fresh database of `backend`.
async fn demo_on(backend: Backend, today: Date) -> Option<TestApp> {
    let t = test_db(backend).await?;
    let config = test_config(&t.url, t.dir.path());
    let db = dxday::app::open_db(&config).await.expect("database opens");
    let files = dxday_store::files::Files::from_url(&config.files_url()).expect("files");
    dxday::demo::load_on(&db, &files, today)
        .await
        .expect("the demo loads");
    Some(spawn_on(t.url.clone(), t.dir, false).await)
}

async fn check_demo_on(app: &TestApp, today: Date) {
    let all = campaigns::list(&app.db).await.expect("campaigns");
    assert_eq!(all.len(), 2, "the seed's and the one prepared from it");
    let seed = all.iter().find(|c| c.data.year == 2024).expect("2024 kept");
    assert_eq!(
        seed.data.title, "Ngày Chuyển đổi số quốc gia năm 2024",
        "the seed verbatim"
    );
    let datas: Vec<_> = all.iter().map(|c| c.data.clone()).collect();
    let current = &all[pick_current(&datas, today).expect("a campaign")];
    assert_ne!(
        current.data.status_on(today),
        CampaignStatus::Ended,
        "on {today} the demo's campaign is live or about to start"
    );
    assert!(current.data.year >= today.year());
    // Its kit: every piece drawn by dxday, stored as a file with a preview.
    let assets = kit::list(&app.db, current.id, false).await.expect("kit");
    let categories: Vec<_> = assets.iter().map(|a| a.data.category).collect();
    for c in [
        AssetCategory::Logo,
        AssetCategory::PortalBanner,
        AssetCategory::ScreenSlide,
        AssetCategory::SocialImage,
        AssetCategory::Poster,
        AssetCategory::AvatarFrame,
    ] {
        assert!(categories.contains(&c), "{c:?} in the kit");
    }
    assert!(
        assets
            .iter()
            .all(|a| a.file.as_ref().is_some_and(|f| f.preview_key.is_some()))
    );
    assert!(
        assets
            .iter()
            .all(|a| a.data.title.contains(&current.data.year.to_string()))
    );
    // Offers of its consumption month, each marked as sample data.
    let o = offers::list(&app.db, current.id).await.expect("offers");
    assert!(o.len() >= 5 && o.iter().all(|o| o.data.enterprise.contains("(mẫu)")));
    // Streets in three wards, launched, with shops that take VietQR.
    let streets = payments::public_streets(&app.db).await.expect("streets");
    let mut wards: Vec<_> = streets.iter().map(|s| s.unit_id).collect();
    wards.dedup();
    assert_eq!(wards.len(), 3);
    let shops = payments::public_merchants(&app.db).await.expect("shops");
    assert!(shops.len() >= 9);
    assert!(
        shops
            .iter()
            .all(|m| m.data.name.contains("(mẫu)") && m.data.account_number.is_some())
    );
    // Community teams in three wards, with members marked as samples.
    let teams = dxday_store::teams::public_teams(&app.db, &[])
        .await
        .expect("teams");
    let mut team_wards: Vec<_> = teams.iter().map(|t| t.ward_name.clone()).collect();
    team_wards.dedup();
    assert_eq!(team_wards.len(), 3);
    assert!(app.count("team_members WHERE name LIKE '%(mẫu)'").await >= 12);
    // Last month's work: eight activities a team, four reports approved, one waiting,
    // one never sent; the roll-up shows it with its completeness.
    let last = dxday_domain::team::Period::month_of(today).previous();
    let r = dxday_store::teams::rollup(
        &app.db,
        &dxday_domain::Scope::system(),
        &[last],
        dxday_store::teams::Level::Team,
    )
    .await
    .expect("rollup");
    assert_eq!((r.total.tally.received, r.total.tally.expected), (4, 6));
    assert!(r.total.tally.value("attendance").is_some_and(|n| n > 100));
    assert_eq!(r.lines.len(), 6, "a line per team");
    assert_eq!(r.lines.iter().filter(|l| l.tally.received == 1).count(), 4);
    assert_eq!(
        app.count("team_reports WHERE status = 'submitted'").await,
        1
    );
    assert!(app.count("team_activities").await >= 48);
    // Participation counts for the days already past.
    let frame = frames::for_campaign(&app.db, seed.id, false)
        .await
        .expect("frames")[0]
        .id;
    let seed_downloads = frames::total_downloads(&app.db, seed.id)
        .await
        .expect("count");
    assert!(
        seed_downloads > 1000,
        "{seed_downloads} downloads in 2024 ({frame:?})"
    );
    // Today, the public pages show it all.
    if today == today_in_vietnam(time::OffsetDateTime::now_utc()) {
        let c = crate::helpers::client();
        let (_, home) = app.get(&c, "/").await;
        assert!(home.contains(&current.data.title));
        assert!(!home.contains("Đã kết thúc"), "not ended");
        let (_, kit) = app.get(&c, "/bo-nhan-dien").await;
        assert!(!kit.contains("Chưa có tài liệu nào") && kit.contains("Biểu trưng"));
        let (_, streets) = app.get(&c, "/tuyen-pho-so").await;
        assert!(streets.contains("Đường Lạch Tray") && streets.contains("(mẫu)"));
        let (_, month) = app.get(&c, "/thang-tieu-dung-so").await;
        assert!(month.contains("Ngân hàng B (mẫu)"));
        let (_, teams) = app.get(&c, "/to-cong-nghe-so").await;
        assert!(teams.contains("Tổ dân phố số 1") && !teams.contains("Lê Thị Mai"));
    }
}

/// Several dates: before the month, during it, after it, years later.
async fn a_fresh_demo_at_any_date_has_a_live_campaign_a_kit_streets_and_offers(backend: Backend) {
    let dates: &[Date] = match backend {
        Backend::Sqlite => &[
            date!(2025 - 01 - 15),
            date!(2026 - 10 - 05),
            date!(2031 - 10 - 31),
        ],
        Backend::Postgres => &[],
    };
    // Today too, with the public pages.
    let now = today_in_vietnam(time::OffsetDateTime::now_utc());
    for &today in dates.iter().chain([&now]) {
        let Some(app) = demo_on(backend, today).await else {
            return;
        };
        check_demo_on(&app, today).await;
    }
}
crate::on_both_backends!(a_fresh_demo_at_any_date_has_a_live_campaign_a_kit_streets_and_offers);

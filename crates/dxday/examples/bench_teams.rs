//! Benchmark of the community teams at province scale: 120 wards, 3 000 residential
//! groups with a team each, 15 000 members, 200 000 activities over the campaign's
//! three months (August to October 2026, five counts each) and the teams' monthly
//! reports (nine in ten approved, the rest never sent). Times: the whole-office roll-up
//! for one month and for the campaign period (the store's function, and the office's
//! page over HTTP on loopback), the public page (the index of wards, one ward, a
//! search), the activity log's first page and one report's starting figures. On SQLite
//! and, when given, PostgreSQL.
//!
//!   cargo run --release -p dxday --example bench_teams [-- POSTGRES_URL]
//!
//! Run by `scripts/bench-teams.sh`, which prints the table.

use std::time::Instant;

mod common;

use dxday_domain::team::Period;
use dxday_domain::unit::UnitForm;
use dxday_domain::{Scope, TeamId, UnitId};
use dxday_store::{Db, teams, units};
use time::macros::date;

const WARDS: usize = 120;
const GROUPS_PER_WARD: usize = 25;
const MEMBERS_PER_TEAM: usize = 5;
const ACTIVITIES: usize = 200_000;
const RUNS: usize = 30;
/// Ids of the bulk rows start here, clear of anything the demo made.
const BASE: i64 = 1_000_000;

const NOW: &str = "'2026-10-31T00:00:00Z'";

/// The province: wards, groups, teams, members, activities and reports; the wards' ids.
async fn seed(db: &Db) -> anyhow::Result<Vec<UnitId>> {
    db.migrate().await?;
    dxday_store::demo::load_if_empty(db, &Scope::system()).await?;
    let mut wards = Vec::new();
    for i in 0..WARDS {
        let form = UnitForm {
            code: format!("p-tai-{i:03}"),
            name: format!("Ủy ban nhân dân phường Thử Tải {i:03}"),
            kind: "ward".into(),
            gso_code: format!("{}", 90_000 + i),
            valid_from: "2025-07-01".into(),
            ..UnitForm::default()
        };
        let data = form.parse().map_err(|e| anyhow::anyhow!("{e:?}"))?;
        wards.push(units::insert(db, None, &data).await?);
    }
    let (mut groups, mut team_rows, mut members) = (Vec::new(), Vec::new(), Vec::new());
    let mut team_ids = Vec::new();
    for (w, ward) in wards.iter().enumerate() {
        for g in 0..GROUPS_PER_WARD {
            let id = BASE + (w * GROUPS_PER_WARD + g) as i64;
            groups.push(format!(
                "({id}, {}, 'tdp-{g:02}', 'Tổ dân phố số {g}', {}, {}, NULL, {NOW}, {NOW})",
                ward.0,
                150 + (id % 200),
                600 + (id % 900)
            ));
            team_rows.push(format!(
                "({id}, {}, {id}, 'Tổ công nghệ số cộng đồng tổ dân phố số {g}', 'to cong nghe so cong dong to dan pho so {g} vneid', 'active',
                  '{g}/QĐ-UBND', '2025-08-08', NULL, NULL, NULL, 'Tổ trưởng {g}', '0912{:06}', 'Cài VNeID, dịch vụ công trực tuyến', 1, {NOW}, {NOW})",
                ward.0,
                id % 1_000_000
            ));
            for m in 0..MEMBERS_PER_TEAM {
                let mid = BASE + ((w * GROUPS_PER_WARD + g) * MEMBERS_PER_TEAM + m) as i64;
                let role = if m == 0 { "leader" } else { "member" };
                members.push(format!(
                    "({mid}, {id}, {}, 'Thành viên {m} (mẫu)', '{role}', 'Đoàn thanh niên', NULL, '2025-08-08', NULL, 'onetouch', NULL, {NOW}, {NOW})",
                    ward.0
                ));
            }
            team_ids.push((TeamId(id), *ward));
        }
    }
    common::insert_rows(db, "residential_groups (id, ward_id, code, name, households, population, archived_at, created_at, updated_at)", &groups).await?;
    common::insert_rows(db, "community_teams (id, ward_id, group_id, name, search_key, status, decision_number, decision_date, decision_issuer, decision_file_key, successor_id, contact_name, contact_phone, help_line, network_member, created_at, updated_at)", &team_rows).await?;
    common::insert_rows(db, "team_members (id, team_id, ward_id, name, role, organisation, phone, joined_on, left_on, platform, certificate_ref, created_at, updated_at)", &members).await?;

    let months = Period::months(date!(2026 - 08 - 01), date!(2026 - 10 - 31));
    let kinds = [
        "door_to_door",
        "guidance_session",
        "training_class",
        "help_desk",
    ];
    let (mut activities, mut counts) = (Vec::new(), Vec::new());
    for a in 0..ACTIVITIES {
        let (team, ward) = team_ids[a % team_ids.len()];
        let month = months[(a / team_ids.len()) % months.len()];
        let day = 1 + (a % 28) as u8;
        let id = BASE + a as i64;
        activities.push(format!(
            "({id}, {}, {}, {}, '{}', '{}', NULL, NULL, NULL, {NOW}, {NOW})",
            team.0,
            ward.0,
            team.0,
            dxday_domain::dates::format_iso(month.start.replace_day(day)?),
            kinds[a % kinds.len()]
        ));
        let reached = 10 + (a % 40) as i64;
        for (code, v) in [
            ("attendance", reached),
            ("people_guided", reached / 2),
            ("vneid_activated", (a % 6) as i64),
            ("online_dossiers", (a % 5) as i64),
            ("cashless_started", (a % 3) as i64),
        ] {
            counts.push(format!("({id}, '{code}', {v})"));
        }
    }
    common::insert_rows(db, "team_activities (id, team_id, ward_id, group_id, held_on, kind, place, note, recorded_by, created_at, updated_at)", &activities).await?;
    common::insert_rows(
        db,
        "team_activity_counts (activity_id, indicator, value)",
        &counts,
    )
    .await?;

    let (mut reports, mut values) = (Vec::new(), Vec::new());
    let mut rid = BASE;
    for (i, (team, ward)) in team_ids.iter().enumerate() {
        for (m, month) in months.iter().enumerate() {
            // One report in ten never sent: the roll-up's completeness is 90 %.
            if (i + m) % 10 == 9 {
                continue;
            }
            reports.push(format!(
                "({rid}, {}, {}, '{}', '{}', 'approved', NULL, {NOW}, NULL, {NOW}, NULL, {NOW}, {NOW})",
                ward.0,
                team.0,
                dxday_domain::dates::format_iso(month.start),
                dxday_domain::dates::format_iso(month.end)
            ));
            for i in dxday_domain::team::TeamIndicator::reported() {
                let v = match i.code {
                    "ecommerce_accounts" => "NULL".to_string(),
                    "households_reached" => (30 * (m as i64 + 1) + (rid % 50)).to_string(),
                    _ => (rid % 97 + 3).to_string(),
                };
                values.push(format!("({rid}, '{}', {v})", i.code));
            }
            rid += 1;
        }
    }
    common::insert_rows(db, "team_reports (id, ward_id, team_id, period_start, period_end, status, return_note, submitted_at, submitted_by, reviewed_at, reviewed_by, created_at, updated_at)", &reports).await?;
    common::insert_rows(
        db,
        "team_report_values (report_id, indicator, value)",
        &values,
    )
    .await?;
    Ok(wards)
}

async fn bench(db_url: &str, label: &str) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let config = dxday::config::Config::loopback(dir.path(), Some(db_url.to_string()));
    let db = dxday::app::open_db(&config).await?;
    let t = Instant::now();
    let wards = seed(&db).await?;
    let seeded = t.elapsed().as_secs_f64();
    sqlx::query::<sqlx::Any>("ANALYZE")
        .execute(db.pool())
        .await?;
    let counts: (i64, i64, i64) = sqlx::query_as::<sqlx::Any, (i64, i64, i64)>(
        "SELECT (SELECT COUNT(*) FROM community_teams), (SELECT COUNT(*) FROM team_members), (SELECT COUNT(*) FROM team_activities)",
    )
    .fetch_one(db.pool())
    .await?;
    anyhow::ensure!(
        counts.0 >= 3000 && counts.1 >= 15_000 && counts.2 >= 200_000,
        "{counts:?}"
    );

    // The roll-up itself (the store's function the pages call).
    let october = Period::month_of(date!(2026 - 10 - 01));
    let period = Period::months(date!(2026 - 08 - 01), date!(2026 - 10 - 31));
    let times = |months: Vec<Period>| {
        let db = db.clone();
        async move {
            let mut v = Vec::with_capacity(RUNS);
            for _ in 0..RUNS {
                let t = Instant::now();
                let r = teams::rollup(&db, &Scope::system(), &months, teams::Level::Ward).await?;
                v.push(t.elapsed().as_secs_f64() * 1e3);
                anyhow::ensure!(
                    r.lines.len() >= WARDS && r.total.tally.received > 0,
                    "rolled up"
                );
            }
            Ok::<_, anyhow::Error>(common::percentiles(v))
        }
    };
    let (m50, m95) = times(vec![october]).await?;
    let (p50, p95) = times(period.clone()).await?;

    // The pages over HTTP: the office logged in, the public without a session.
    let (base, client) = common::serve_as_office(&config, &db).await?;
    let page = |path: String| {
        let client = client.clone();
        let url = format!("{base}{path}");
        async move { common::http_times(|| client.get(&url), RUNS).await }
    };
    let (hm50, hm95, hmb) =
        page("/quan-tri/to-cong-nghe-so/tong-hop?tu=2026-10&den=2026-10".into()).await?;
    let (hp50, hp95, _) =
        page("/quan-tri/to-cong-nghe-so/tong-hop?tu=2026-08&den=2026-10".into()).await?;
    let (lg50, lg95, _) = page("/quan-tri/to-cong-nghe-so/hoat-dong".into()).await?;
    let public = reqwest::Client::new();
    let pub_page = |path: String| {
        let public = public.clone();
        let url = format!("{base}{path}");
        async move { common::http_times(|| public.get(&url), RUNS).await }
    };
    let (pi50, pi95, pib) = pub_page("/to-cong-nghe-so".into()).await?;
    let (pw50, pw95, pwb) = pub_page(format!("/to-cong-nghe-so?phuong={}", wards[7].0)).await?;
    let (ps50, ps95, _) = pub_page("/to-cong-nghe-so?q=thu+tai+007+so+12".into()).await?;

    // One report's starting figures: a team's month of activities summed.
    let mut prefill = Vec::with_capacity(RUNS);
    for i in 0..RUNS {
        let t = Instant::now();
        let f = teams::activity_figures(&db, TeamId(BASE + i as i64 * 97), october).await?;
        prefill.push(t.elapsed().as_secs_f64() * 1e3);
        anyhow::ensure!(f.get("attendance").is_some_and(Option::is_some), "figures");
    }
    let (f50, f95) = common::percentiles(prefill);

    println!(
        "| {label} | {seeded:.0} | {m50:.1} / {m95:.1} | {p50:.1} / {p95:.1} | {hm50:.1} / {hm95:.1} ({} KB) | {hp50:.1} / {hp95:.1} | {pi50:.1} / {pi95:.1} ({} KB) | {pw50:.1} / {pw95:.1} ({} KB) | {ps50:.1} / {ps95:.1} | {lg50:.1} / {lg95:.1} | {f50:.2} / {f95:.2} |",
        hmb / 1024,
        pib / 1024,
        pwb / 1024
    );
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    println!(
        "| database | seed s | roll-up, 1 month, median / p95 ms ({RUNS} runs) | roll-up, 3 months | office roll-up page, 1 month (HTTP) | office page, 3 months | public page: wards | public page: one ward | public search | activity log, page 1 | a report's figures from activities |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let dir = tempfile::tempdir()?;
    bench(
        &format!("sqlite://{}/bench.db", dir.path().display()),
        "SQLite (file, WAL)",
    )
    .await?;
    if let Some(url) = std::env::args().nth(1) {
        bench(&url, "PostgreSQL (loopback)").await?;
    }
    Ok(())
}

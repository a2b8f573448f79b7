//! Benchmark of the office's dashboard (`GET /quan-tri?nam=2024`: the waiting work,
//! the 18 indicators' tiles from every source, the chart by ward and the daily
//! downloads) and of the indicators' board alone, for an office of 40 units and for a
//! province of 3 000 units, each with a campaign's worth of data: frame downloads on
//! each of the ten display days, display evidence, the directive delivered to every
//! unit (a third confirmed), 20 tasks assigned to every unit (a quarter done), an
//! approved report of three figures from nine units in ten, a payment street of ten
//! shops in every other unit. Over HTTP on loopback, SQLite (file, WAL) and, when two
//! empty schemas are given, PostgreSQL.
//!
//!   cargo run --release -p dxday --example bench_dashboard [-- PG_URL_40 PG_URL_3000]
//!
//! Run by `scripts/bench-dashboard.sh`, which prints the table.

use std::time::Instant;

mod common;

use dxday_domain::{CampaignId, Scope};
use dxday_store::Db;

const RUNS: usize = 30;

/// Runs one statement.
async fn exec(db: &Db, sql: String) -> anyhow::Result<()> {
    sqlx::query::<sqlx::Any>(sqlx::AssertSqlSafe(sql))
        .execute(db.pool())
        .await?;
    Ok(())
}

async fn scalar(db: &Db, sql: &str) -> anyhow::Result<i64> {
    Ok(
        sqlx::query_scalar::<sqlx::Any, i64>(sqlx::AssertSqlSafe(sql.to_string()))
            .fetch_one(db.pool())
            .await?,
    )
}

/// The demo's seed, grown to `units` units (wards, schools, departments) with a
/// campaign's worth of data each.
async fn seed(db: &Db, units: usize) -> anyhow::Result<()> {
    db.migrate().await?;
    dxday_app::demo::load_seed_if_empty(db, &Scope::system()).await?;
    let have = scalar(db, "SELECT COUNT(*) FROM units").await? as usize;
    let now = "2024-10-01T00:00:00Z";
    let kinds = ["ward", "ward", "school", "department", "ward"];
    let rows: Vec<String> = (have..units)
        .map(|i| {
            format!(
                "('bench-{i}', 'Ủy ban nhân dân phường Thử Tải {i}', '{}', {}, '2024-01-01', '{now}', '{now}')",
                kinds[i % kinds.len()],
                20 + i % 40
            )
        })
        .collect();
    common::insert_rows(
        db,
        "units (code, name, kind, staff_count, valid_from, created_at, updated_at)",
        &rows,
    )
    .await?;
    let ids: Vec<i64> = sqlx::query_scalar::<sqlx::Any, i64>(
        "SELECT id FROM units WHERE kind NOT IN ('office', 'peoples_committee') ORDER BY id",
    )
    .fetch_all(db.pool())
    .await?;
    let frame = scalar(db, "SELECT MIN(id) FROM frames WHERE campaign_id = 1").await?;
    let mut downloads = Vec::new();
    let mut evidence = Vec::new();
    let mut merchants = Vec::new();
    for (k, u) in ids.iter().enumerate() {
        for day in 1..=10 {
            downloads.push(format!(
                "({frame}, '2024-10-{day:02}', {u}, {})",
                1 + (k + day) % 9
            ));
        }
        for c in 0..2 {
            let to = if (k + c) % 3 == 0 {
                "2024-10-08"
            } else {
                "2024-10-10"
            };
            evidence.push(format!(
                "(1, {u}, 'portal', 'Cổng thông tin {c}', '2024-10-01', '{to}', 'k', 'p', 'png', 1, '{now}', '{now}')"
            ));
        }
    }
    common::insert_rows(
        db,
        "frame_downloads (frame_id, day, unit_key, downloads)",
        &downloads,
    )
    .await?;
    common::insert_rows(
        db,
        "display_evidence (campaign_id, unit_id, channel, place, shown_from, shown_to, photo_key, preview_key, photo_format, photo_size, created_at, updated_at)",
        &evidence,
    )
    .await?;
    // The directive to every unit, a third confirmed.
    let doc = scalar(db, "SELECT MIN(id) FROM documents WHERE status = 'issued'").await?;
    exec(
        db,
        format!("DELETE FROM document_recipients WHERE document_id = {doc}"),
    )
    .await?;
    common::insert_rows(
        db,
        "document_recipients (document_id, unit_id, delivered_at, acknowledged_at)",
        &ids.iter()
            .enumerate()
            .map(|(k, u)| {
                let ack = if k % 3 == 0 {
                    format!("'{now}'")
                } else {
                    "NULL".into()
                };
                format!("({doc}, {u}, '{now}', {ack})")
            })
            .collect::<Vec<_>>(),
    )
    .await?;
    // 20 tasks assigned to every unit, a quarter done.
    let mut assignments = Vec::new();
    for t in 0..20 {
        let task = sqlx::query_scalar::<sqlx::Any, i64>(sqlx::AssertSqlSafe(format!(
            "INSERT INTO tasks (campaign_id, activity, title, progress, due_on, created_at, updated_at)
             VALUES (1, 'plan_task', 'Nhiệm vụ thử tải {t}', 0, '2024-10-20', '{now}', '{now}') RETURNING id"
        )))
        .fetch_one(db.pool())
        .await?;
        for (k, u) in ids.iter().enumerate() {
            let p = if (k + t) % 4 == 0 {
                100
            } else {
                (k * 7 + t) % 90
            };
            assignments.push(format!("({task}, {u}, 'lead', {p}, '{now}')"));
        }
    }
    common::insert_rows(
        db,
        "task_assignments (task_id, unit_id, role, progress, updated_at)",
        &assignments,
    )
    .await?;
    // The seed request asked of every unit; nine in ten approved with three figures.
    let request = scalar(db, "SELECT MIN(id) FROM report_requests").await?;
    exec(
        db,
        format!("DELETE FROM report_targets WHERE request_id = {request}"),
    )
    .await?;
    common::insert_rows(
        db,
        "report_targets (request_id, unit_id)",
        &ids.iter()
            .map(|u| format!("({request}, {u})"))
            .collect::<Vec<_>>(),
    )
    .await?;
    common::insert_rows(
        db,
        "unit_reports (request_id, unit_id, status, updated_at)",
        &ids.iter()
            .enumerate()
            .filter(|(k, _)| k % 10 != 3)
            .map(|(_, u)| format!("({request}, {u}, 'approved', '{now}')"))
            .collect::<Vec<_>>(),
    )
    .await?;
    for code in ["media_items", "events_held", "event_attendance"] {
        exec(
            db,
            format!(
                "INSERT INTO report_values (report_id, indicator_id, number)
                 SELECT r.id, i.id, 3 + r.unit_id % 17 FROM unit_reports r
                 JOIN report_indicators i ON i.request_id = r.request_id AND i.code = '{code}'
                 WHERE r.request_id = {request}"
            ),
        )
        .await?;
    }
    // A payment street with ten shops in every other ward.
    for (k, u) in ids.iter().enumerate().filter(|(k, _)| k % 2 == 0) {
        let street = sqlx::query_scalar::<sqlx::Any, i64>(sqlx::AssertSqlSafe(format!(
            "INSERT INTO payment_streets (unit_id, name, name_key, status, launch_date, created_at, updated_at)
             VALUES ({u}, 'Phố thử {k}', 'pho thu {k}', 'launched', '2024-10-01', '{now}', '{now}') RETURNING id"
        )))
        .fetch_one(db.pool())
        .await?;
        for m in 0..10 {
            merchants.push(format!(
                "({street}, {u}, 'Cửa hàng {m}', 'id-{k}-{m}', 'household', 'Số {m}', {}, '{now}', '{now}')",
                i64::from(m % 4 != 0)
            ));
        }
    }
    common::insert_rows(
        db,
        "merchants (street_id, unit_id, name, identity, kind, address, accepts_qr, created_at, updated_at)",
        &merchants,
    )
    .await?;
    Ok(())
}

async fn bench(db_url: &str, label: &str, units: usize) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let config = dxday::config::Config::loopback(dir.path(), Some(db_url.to_string()));
    let db = dxday::app::open_db(&config).await?;
    let t = Instant::now();
    seed(&db, units).await?;
    let seeded = t.elapsed().as_secs_f64();
    let n = scalar(&db, "SELECT COUNT(*) FROM units").await?;
    let rows = scalar(&db, "SELECT COUNT(*) FROM task_assignments").await?
        + scalar(&db, "SELECT COUNT(*) FROM frame_downloads").await?
        + scalar(&db, "SELECT COUNT(*) FROM display_evidence").await?
        + scalar(&db, "SELECT COUNT(*) FROM merchants").await?;
    let mut board = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let t = Instant::now();
        let b = dxday_store::indicators::board(&db, &Scope::system(), CampaignId(1))
            .await?
            .ok_or_else(|| anyhow::anyhow!("no campaign"))?;
        anyhow::ensure!(b.rows.len() >= 18, "{} indicators", b.rows.len());
        board.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let (b50, b95) = common::percentiles(board);
    let (base, client) = common::serve_as_office(&config, &db).await?;
    let url = format!("{base}/quan-tri?nam=2024");
    let (d50, d95, size) = common::http_times(|| client.get(&url), RUNS).await?;
    let public = format!("{base}/ket-qua?nam=2024&chi-so=MEDIA");
    // The public page is kept a few seconds: its first answer is the cost.
    let anon = reqwest::Client::new();
    let t = Instant::now();
    let res = anon.get(&public).send().await?;
    anyhow::ensure!(res.status() == 200, "public page: {}", res.status());
    let psize = res.bytes().await?.len();
    let p1 = t.elapsed().as_secs_f64() * 1e3;
    println!(
        "| {label} | {n} | {rows} | {seeded:.1} | {b50:.1} / {b95:.1} | {d50:.1} / {d95:.1} ({} KB) | {p1:.1} ({} KB) |",
        size / 1024,
        psize / 1024
    );
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    println!(
        "| database | units | rows of activity | seed s | indicators' board, median / p95 ms ({RUNS} runs) | dashboard GET /quan-tri, median / p95 ms ({RUNS} runs) | public /ket-qua, first (uncached) ms |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let pg: Vec<String> = std::env::args().skip(1).collect();
    for (k, units) in [40usize, 3000].into_iter().enumerate() {
        let dir = tempfile::tempdir()?;
        bench(
            &format!("sqlite://{}/bench.db", dir.path().display()),
            "SQLite (file, WAL)",
            units,
        )
        .await?;
        if let Some(url) = pg.get(k) {
            bench(url, "PostgreSQL (loopback)", units).await?;
        }
    }
    Ok(())
}

//! Benchmark of tasks and reports at district scale: 40 units × 200 tasks (20 parents
//! with 9 sub-tasks each, every sub-task assigned to the 40 units: 7 200 assignments)
//! and one report request with 12 number indicators answered by the 40 units. Times:
//! the office's overview page (units × tasks matrix, late list, reports received) and
//! the request's results page over HTTP on loopback; one unit's progress change with
//! its recomputation up the tree; the consolidated XLSX of the request. On SQLite and,
//! when given, PostgreSQL.
//!
//!   cargo run --release -p dxday --example bench_reports [-- POSTGRES_URL]
//!
//! Run by `scripts/bench-reports.sh`, which prints the table.

use dxday_domain::RequestId;
use dxday_domain::TaskId;
use std::time::Instant;

mod common;

use dxday_domain::UnitId;
use dxday_domain::report::{Aggregation, Indicator, IndicatorKind, RequestForm};
use dxday_domain::task::{AssignmentRole, TaskForm};
use dxday_domain::unit::UnitForm;
use dxday_store::reports::{Submission, Value};
use dxday_store::{Db, campaigns, reports, tasks, units};

const PAGE_RUNS: usize = 30;
const CHANGE_RUNS: usize = 100;
const XLSX_RUNS: usize = 30;

async fn seed(db: &Db) -> anyhow::Result<(Vec<UnitId>, Vec<TaskId>, i64)> {
    db.migrate().await?;
    dxday_store::demo::load_if_empty(db, &dxday_domain::Scope::system()).await?;
    let campaign = campaigns::list(db).await?[0].id;
    let mut all: Vec<UnitId> = units::directory(db)
        .await?
        .into_iter()
        .filter(|u| !matches!(u.data.kind.as_str(), "office" | "peoples_committee"))
        .map(|u| u.id)
        .collect();
    for i in 0..(40usize.saturating_sub(all.len())) {
        let form = UnitForm {
            code: format!("truong-bench-{i}"),
            name: format!("Trường Tiểu học thử {i}"),
            kind: "school".into(),
            valid_from: "2024-01-01".into(),
            ..UnitForm::default()
        };
        let data = form.parse().map_err(|e| anyhow::anyhow!("{e:?}"))?;
        all.push(units::insert(db, None, &data).await?);
    }
    all.truncate(40);
    let leads: Vec<(UnitId, AssignmentRole)> =
        all.iter().map(|u| (*u, AssignmentRole::Lead)).collect();
    let mut leaves = Vec::new();
    for p in 0..20 {
        let parent = tasks::insert(
            db,
            None,
            campaign,
            &task(&format!("Nhóm nhiệm vụ {p}"), None)?,
            &[],
        )
        .await?;
        for c in 0..9 {
            leaves.push(
                tasks::insert(
                    db,
                    None,
                    campaign,
                    &task(&format!("Nhiệm vụ {p}.{c}"), Some(parent.0))?,
                    &leads,
                )
                .await?,
            );
        }
    }
    // A quarter of the assignments under way.
    for (i, t) in leaves.iter().enumerate() {
        for (j, u) in all.iter().enumerate() {
            if (i + j) % 4 == 0 {
                tasks::report(
                    db,
                    None,
                    *t,
                    dxday_domain::Scope::system().unit(*u).expect("in scope"),
                    None,
                    Some(((i * 7 + j * 13) % 101) as i64),
                )
                .await?;
            }
        }
    }
    let indicators: Vec<Indicator> = (0..12)
        .map(|i| Indicator {
            code: format!("chi_tieu_{i}"),
            label: format!("Chỉ tiêu số {i}"),
            kind: IndicatorKind::Number,
            measure: "người".into(),
            aggregation: if i % 3 == 0 {
                Aggregation::Max
            } else {
                Aggregation::Sum
            },
        })
        .collect();
    let data = RequestForm {
        title: "Báo cáo kết quả (thử tải)".into(),
        kind: "periodic".into(),
        due_on: "05/11/2024".into(),
        ..RequestForm::default()
    }
    .parse()
    .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let request = reports::insert(db, None, campaign, &data, &indicators, &all).await?;
    let ids: Vec<i64> = reports::indicators(db, request)
        .await?
        .iter()
        .map(|s| s.id)
        .collect();
    for (j, u) in all.iter().enumerate() {
        let values = ids
            .iter()
            .enumerate()
            // Every seventh answer left empty: missing, not zero.
            .map(|(i, id)| Value {
                indicator_id: *id,
                number: ((i + j) % 7 != 0).then_some((i * 31 + j * 17) as i64),
                text: None,
            })
            .collect();
        reports::save(
            db,
            None,
            request,
            dxday_domain::Scope::system().unit(*u).expect("in scope"),
            Submission {
                values,
                submit: true,
                ..Submission::default()
            },
        )
        .await?
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    }
    Ok((all, leaves, request.0))
}

fn task(title: &str, parent: Option<i64>) -> anyhow::Result<dxday_domain::task::TaskData> {
    TaskForm {
        title: title.into(),
        activity: "plan_task".into(),
        parent_id: parent.map(|p| p.to_string()).unwrap_or_default(),
        starts_on: "01/10/2024".into(),
        due_on: "31/10/2024".into(),
        ..TaskForm::default()
    }
    .parse()
    .map_err(|e| anyhow::anyhow!("{e:?}"))
}

async fn page_times(client: &reqwest::Client, url: &str) -> anyhow::Result<(f64, f64, usize)> {
    common::http_times(|| client.get(url), PAGE_RUNS).await
}

async fn bench(db_url: &str, label: &str) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let config = dxday::config::Config::loopback(dir.path(), Some(db_url.to_string()));
    let db = dxday::app::open_db(&config).await?;
    let t = Instant::now();
    let (all, leaves, request) = seed(&db).await?;
    let seeded = t.elapsed().as_secs_f64();
    // Statistics as a database in use has them (PostgreSQL's autovacuum analyses
    // tables that grew; a fresh schema has none and its plans are blind).
    sqlx::query::<sqlx::Any>("ANALYZE")
        .execute(db.pool())
        .await?;

    // The office's pages over HTTP, logged in as office staff.
    let (base, client) = common::serve_as_office(&config, &db).await?;
    let (o50, o95, okb) =
        page_times(&client, &format!("{base}/quan-tri/nhiem-vu/tong-hop")).await?;
    let (r50, r95, _) = page_times(&client, &format!("{base}/quan-tri/bao-cao/{request}")).await?;
    // Of the overview, the query of its 7 200 cells alone.
    let campaign = campaigns::list(&db).await?[0].id;
    let mut query = Vec::with_capacity(PAGE_RUNS);
    for _ in 0..PAGE_RUNS {
        let t = Instant::now();
        let cells = tasks::matrix(&db, campaign).await?;
        query.push(t.elapsed().as_secs_f64() * 1e3);
        anyhow::ensure!(cells.len() >= 7200, "{} cells", cells.len());
    }
    let (q50, _) = common::percentiles(query);

    // One unit changes its progress on one task: the assignment, the task and its
    // parent are recomputed in the same transaction.
    let mut change = Vec::with_capacity(CHANGE_RUNS);
    for i in 0..CHANGE_RUNS {
        let t = Instant::now();
        let ok = tasks::report(
            &db,
            None,
            TaskId((leaves[i % leaves.len()]).0),
            dxday_domain::Scope::system()
                .unit(all[i % all.len()])
                .expect("in scope"),
            None,
            Some((i % 100) as i64),
        )
        .await?;
        change.push(t.elapsed().as_secs_f64() * 1e3);
        anyhow::ensure!(ok, "assignment exists");
    }
    let (c50, c95) = common::percentiles(change);

    // The consolidated XLSX: read the 40 reports, total them, write the workbook.
    let mut xlsx = Vec::with_capacity(XLSX_RUNS);
    let mut size = 0;
    for _ in 0..XLSX_RUNS {
        let t = Instant::now();
        let c = reports::consolidated(&db, RequestId(request))
            .await?
            .ok_or_else(|| anyhow::anyhow!("request"))?;
        let bytes = dxday_app::reports::consolidated_xlsx(
            dxday_app::Lang::Vi,
            &[c],
            "Phòng Văn hóa và Thông tin",
        )
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        xlsx.push(t.elapsed().as_secs_f64() * 1e3);
        size = bytes.len();
    }
    let (x50, x95) = common::percentiles(xlsx);
    println!(
        "| {label} | {seeded:.1} | {o50:.1} / {o95:.1} ({} KB; cells query {q50:.1}) | {r50:.1} / {r95:.1} | {c50:.2} / {c95:.2} | {x50:.1} / {x95:.1} ({} KB) |",
        okb / 1024,
        size / 1024
    );
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    println!(
        "| database | seed s | overview page, median / p95 ms ({PAGE_RUNS} runs) | results page, median / p95 ms | one progress change + recompute, median / p95 ms ({CHANGE_RUNS} runs) | consolidated XLSX, median / p95 ms ({XLSX_RUNS} runs) |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
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

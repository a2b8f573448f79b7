//! Benchmark of the directives path: render the seed dispatch to DOCX (many times, the
//! median), and issue one document to 40 units (numbering, dating, 40 deliveries and
//! the audit entry in one transaction), on SQLite and, when given, PostgreSQL.
//!
//!   cargo run --release -p dxday --example bench_documents [-- POSTGRES_URL]
//!
//! Run by `scripts/bench-documents.sh`, which prints the table.

use std::time::Instant;

use dxday_domain::UnitId;
use dxday_domain::document::DocumentForm;
use dxday_domain::unit::UnitForm;
use dxday_store::{Db, documents, units};
use time::macros::date;

const DOCX_RUNS: usize = 300;
const ISSUE_RUNS: usize = 60;

fn median_ms(mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    let p = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    (p(0.5), p(0.95))
}

async fn bench(db: &Db, label: &str) -> anyhow::Result<()> {
    db.migrate().await?;
    dxday_store::demo::load_if_empty(db, &dxday_domain::Scope::system()).await?;
    // The demo has 32 recipient units; 8 more schools make 40.
    let mut recipients: Vec<UnitId> = units::directory(db)
        .await?
        .into_iter()
        .filter(|u| !matches!(u.data.kind.as_str(), "office" | "peoples_committee"))
        .map(|u| u.id)
        .collect();
    for i in 0..(40usize.saturating_sub(recipients.len())) {
        let form = UnitForm {
            code: format!("truong-bench-{i}"),
            name: format!("Trường Tiểu học thử {i}"),
            kind: "school".into(),
            valid_from: "2024-01-01".into(),
            ..UnitForm::default()
        };
        let data = form.parse().map_err(|e| anyhow::anyhow!("{e:?}"))?;
        recipients.push(units::insert(db, None, &data).await?);
    }
    recipients.truncate(40);
    let office = units::find_by_code(db, "vhtt")
        .await?
        .ok_or_else(|| anyhow::anyhow!("no office"))?
        .id;

    let seed = documents::find_by_number(db, 1, "VHTT", 2024)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no seed dispatch"))?;
    let mut docx_times = Vec::with_capacity(DOCX_RUNS);
    let mut size = 0;
    for _ in 0..DOCX_RUNS {
        let t = Instant::now();
        let bytes = dxday_app::documents::docx_of(&seed)?;
        docx_times.push(t.elapsed().as_secs_f64() * 1e3);
        size = bytes.len();
    }
    let mut issue_times = Vec::with_capacity(ISSUE_RUNS);
    for i in 0..ISSUE_RUNS {
        let form = DocumentForm {
            kind: "dispatch".into(),
            parent_body: "UBND QUẬN NGÔ QUYỀN".into(),
            issuer_name: "PHÒNG VĂN HÓA VÀ THÔNG TIN".into(),
            symbol: "VHTT".into(),
            place: "Quận Ngô Quyền".into(),
            subject: format!("đôn đốc lần {i}"),
            addressees: "Các đơn vị".into(),
            body: seed.data.body.clone(),
            authority: "KT.".into(),
            authority_title: "TRƯỞNG PHÒNG".into(),
            signer_title: "PHÓ TRƯỞNG PHÒNG".into(),
            signer_name: "Nguyễn Hồng Đại".into(),
            ..DocumentForm::default()
        };
        let data = form
            .parse(office, recipients.clone())
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let id = documents::insert_draft(db, None, &dxday_domain::Scope::system(), &data).await?;
        let t = Instant::now();
        let issued = documents::issue(
            db,
            None,
            &dxday_domain::Scope::system(),
            id,
            date!(2025 - 10 - 07),
            None,
        )
        .await?
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        issue_times.push(t.elapsed().as_secs_f64() * 1e3);
        assert_eq!(issued.delivered, 40);
    }
    let (d50, d95) = median_ms(docx_times);
    let (i50, i95) = median_ms(issue_times);
    println!(
        "| {label} | {d50:.2} | {d95:.2} | {} | {i50:.2} | {i95:.2} |",
        size / 1024
    );
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    println!(
        "| database | DOCX of the seed dispatch, median ms ({DOCX_RUNS} runs) | p95 ms | DOCX KB | issue to 40 units, median ms ({ISSUE_RUNS} runs) | p95 ms |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    let dir = tempfile::tempdir()?;
    let sqlite = Db::connect(&format!("sqlite://{}/bench.db", dir.path().display())).await?;
    bench(&sqlite, "SQLite (file, WAL)").await?;
    if let Some(url) = std::env::args().nth(1) {
        let db = Db::connect(&url).await?;
        bench(&db, "PostgreSQL (loopback)").await?;
    }
    Ok(())
}

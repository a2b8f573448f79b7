//! Timing shared by the benchmarks (`mod common;` in each example; not every example
//! uses every function).
#![allow(dead_code)]

use std::time::Instant;

pub mod phone;

/// Median and p95 of times in ms.
pub fn percentiles(mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    let p = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    (p(0.5), p(0.95))
}

/// Runs `f` `runs` times: median and p95 in ms, and the bytes its last run made.
pub fn time(runs: usize, mut f: impl FnMut() -> usize) -> (f64, f64, usize) {
    let mut t = Vec::with_capacity(runs);
    let mut size = 0;
    for _ in 0..runs {
        let start = Instant::now();
        size = f();
        t.push(start.elapsed().as_secs_f64() * 1e3);
    }
    let (p50, p95) = percentiles(t);
    (p50, p95, size)
}

/// Sends the request `runs` times, each answered 200 and read whole: median and p95 in
/// ms, and the body's bytes as sent.
pub async fn http_times(
    request: impl Fn() -> reqwest::RequestBuilder,
    runs: usize,
) -> anyhow::Result<(f64, f64, usize)> {
    let mut t = Vec::with_capacity(runs);
    let mut size = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let res = request().send().await?;
        anyhow::ensure!(res.status() == 200, "{}: {}", res.url(), res.status());
        size = res.bytes().await?.len();
        t.push(start.elapsed().as_secs_f64() * 1e3);
    }
    let (p50, p95) = percentiles(t);
    Ok((p50, p95, size))
}

/// Adds an office staff account of the culture office and serves dxday on loopback:
/// the base URL and a client logged in as that account.
pub async fn serve_as_office(
    config: &dxday::config::Config,
    db: &dxday_store::Db,
) -> anyhow::Result<(String, reqwest::Client)> {
    use dxday_domain::user::{Email, UserData};
    let office = dxday_store::units::find_by_code(db, "vhtt")
        .await?
        .map(|u| u.id);
    let pass = "Mật khẩu đo tải 2024";
    dxday_store::users::insert(
        db,
        None,
        &UserData {
            email: Email::parse("do-tai@vhtt.gov.vn").map_err(|e| anyhow::anyhow!("{e}"))?,
            full_name: "Đo tải".into(),
            role: dxday_domain::Role::OfficeStaff,
            unit_id: office,
        },
        &dxday_store::password::hash(pass)?,
    )
    .await?;
    let app = dxday::app::App::build(config, db.clone()).await?;
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let login = client
        .get(format!("{base}/dang-nhap"))
        .send()
        .await?
        .text()
        .await?;
    let token = login
        .split("name=\"_csrf\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_default()
        .to_string();
    let res = client
        .post(format!("{base}/dang-nhap"))
        .form(&[
            ("_csrf", token.as_str()),
            ("email", "do-tai@vhtt.gov.vn"),
            ("password", pass),
        ])
        .send()
        .await?;
    anyhow::ensure!(res.status() == 303, "login: {}", res.status());
    Ok((base, client))
}

/// Inserts `rows` (each a parenthesised list of values the benchmark made) into
/// `table (columns)`, 500 to a statement, in one transaction.
pub async fn insert_rows(db: &dxday_store::Db, table: &str, rows: &[String]) -> anyhow::Result<()> {
    let mut tx = db.begin().await?;
    for chunk in rows.chunks(500) {
        let sql = format!("INSERT INTO {table} VALUES {}", chunk.join(", "));
        sqlx::query::<sqlx::Any>(sqlx::AssertSqlSafe(sql))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

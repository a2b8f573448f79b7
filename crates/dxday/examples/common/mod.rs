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

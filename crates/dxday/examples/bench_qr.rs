//! QR generation time per code, in process: SVG, PNG (512 and 1024 px) and the A4
//! sheet, for a kit link at levels M and H (median and p95 of many runs).
//!
//!   cargo run --release -p dxday --example bench_qr

use std::time::Instant;

use dxday_media::qr::{self, Correction};

fn percentiles(mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    let p = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    (p(0.5), p(0.95))
}

fn time(runs: usize, mut f: impl FnMut() -> usize) -> (f64, f64, usize) {
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

/// A measured code: its name, how many runs, and the work (returns the bytes made).
type Row = (&'static str, usize, Box<dyn Fn() -> usize>);

fn main() -> anyhow::Result<()> {
    let url = "https://cds.ngoquyen.haiphong.gov.vn/bo-nhan-dien?nam=2024";
    println!("| code | level | median ms | p95 ms | bytes |");
    println!("|---|---|---:|---:|---:|");
    for (ec, name) in [(Correction::Medium, "M"), (Correction::High, "H")] {
        let rows: [Row; 4] = [
            (
                "SVG",
                2000,
                Box::new(move || qr::svg(url, ec).map(|s| s.len()).unwrap_or(0)),
            ),
            (
                "PNG 512 px",
                1000,
                Box::new(move || qr::png(url, ec, 512).map(|b| b.len()).unwrap_or(0)),
            ),
            (
                "PNG 1024 px",
                500,
                Box::new(move || qr::png(url, ec, 1024).map(|b| b.len()).unwrap_or(0)),
            ),
            (
                "A4 sheet, 300 dpi PNG",
                10,
                Box::new(move || {
                    qr::poster_png(
                        url,
                        "Ngày Chuyển đổi số quốc gia năm 2024",
                        "Quét mã QR để mở",
                        ec,
                    )
                    .map(|b| b.len())
                    .unwrap_or(0)
                }),
            ),
        ];
        for (label, runs, f) in rows {
            let (p50, p95, bytes) = time(runs, f);
            anyhow::ensure!(bytes > 0, "{label} failed");
            println!("| {label} | {name} | {p50:.3} | {p95:.3} | {bytes} |");
        }
    }
    Ok(())
}
